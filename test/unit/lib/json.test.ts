import fc from 'fast-check';
import { contentHash } from '../../../src/sync/hash.js';
import { canonicalJson, isObject, sameJsonText, sameJsonValue, sortKeys } from '../../../src/lib/json.js';

/** What the walks were before they became iterative: the output must not change (stored hashes). */
function recursiveSortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(recursiveSortKeys);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value as Record<string, unknown>)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => [key, recursiveSortKeys((value as Record<string, unknown>)[key])]),
  );
}

/** JSON values plus what JavaScript objects may hold besides: undefined members and elements. */
const values = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', '')), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;

function nested(levels: number): unknown {
  let value: unknown = { leaf: [1, 'two', null] };
  for (let i = 0; i < levels; i++) value = i % 2 ? { [`k${i}`]: value, z: i } : [value, i];
  return value;
}

describe('canonicalJson and sortKeys', () => {
  it('give what the recursive versions gave, for any value', () => {
    fc.assert(
      fc.property(values, (value) => {
        expect(canonicalJson(value)).toBe(JSON.stringify(recursiveSortKeys(value)));
        expect(JSON.stringify(sortKeys(value))).toBe(JSON.stringify(recursiveSortKeys(value)));
      }),
      { numRuns: 500 },
    );
  });

  it('list array-index keys first, in numeric order, as a JavaScript object does', () => {
    expect(canonicalJson({ b: 1, '10': 2, a: 3, '9': 4, '01': 5 })).toBe('{"9":4,"10":2,"01":5,"a":3,"b":1}');
  });

  it('sort keys and keep __proto__ as an ordinary key', () => {
    const value = JSON.parse('{"b":1,"__proto__":{"x":1},"a":[{"d":1,"c":2}]}') as unknown;
    expect(canonicalJson(value)).toBe('{"__proto__":{"x":1},"a":[{"c":2,"d":1}],"b":1}');
    const sorted = sortKeys(value) as Record<string, unknown>;
    expect(Object.keys(sorted)).toEqual(['__proto__', 'a', 'b']);
    expect(Object.getPrototypeOf(sorted)).toBe(Object.prototype);
  });

  it('walk JSON nested far deeper than the stack allows a recursive walk', () => {
    const deep = nested(20_000);
    expect(() => recursiveSortKeys(deep)).toThrow(RangeError);
    const text = canonicalJson(deep)!;
    expect(text.startsWith('{"k19999":[{"k19997":[')).toBe(true);
    expect(contentHash(deep)).toMatch(/^sha256:[0-9a-f]{32}$/);
    expect(canonicalJson(sortKeys(deep))).toBe(text);
  });
});

describe('isObject', () => {
  it('is true for objects only: not null, arrays or scalars', () => {
    expect(isObject({})).toBe(true);
    expect(isObject({ a: 1 })).toBe(true);
    expect(isObject(Object.create(null))).toBe(true);
    for (const other of [null, undefined, [], [1], 'x', 1, true]) expect(isObject(other)).toBe(false);
  });
});

describe('the same JSON', () => {
  it('sameJsonValue: key order, number spelling and undefined members do not matter; null does', () => {
    expect(sameJsonValue({ a: 1, b: [1, { c: 2, d: 3 }] }, { b: [1.0, { d: 3, c: 2 }], a: 1 })).toBe(true);
    expect(sameJsonValue({ a: 1, gone: undefined }, { a: 1 })).toBe(true);
    expect(sameJsonValue(undefined, undefined)).toBe(true);
    expect(sameJsonValue({ a: null }, { a: undefined })).toBe(false);
    expect(sameJsonValue(null, undefined)).toBe(false);
    expect(sameJsonValue([1, 2], [2, 1])).toBe(false);
  });

  it('sameJsonText: the same text in the same key order; null and undefined alike', () => {
    expect(sameJsonText({ app: 'x', tier: 'web' }, { app: 'x', tier: 'web' })).toBe(true);
    expect(sameJsonText(undefined, null)).toBe(true);
    expect(sameJsonText(undefined, {})).toBe(false);
    expect(sameJsonText({ app: 'x', tier: 'web' }, { tier: 'web', app: 'x' })).toBe(false);
  });
});
