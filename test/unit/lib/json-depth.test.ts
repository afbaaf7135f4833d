import { MAX_JSON_DEPTH, pathDeeperThan, tooDeepMessage } from '../../../src/lib/json-depth.js';
import { validateSpec } from '../../../src/runtime/validation.js';

/** `levels` objects, each the only member `key` of the one above. */
function chain(levels: number, key = 'a'): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = { [key]: value };
  return value;
}

describe('pathDeeperThan', () => {
  it('counts the value itself as level 1 and objects and arrays alike; scalars are no level', () => {
    expect(pathDeeperThan('text', 'spec', 0)).toBeUndefined();
    expect(pathDeeperThan({}, 'spec', 1)).toBeUndefined();
    expect(pathDeeperThan({ a: [] }, 'spec', 1)).toBe('spec.a');
    expect(pathDeeperThan({ a: [1, 'x', null] }, 'spec', 2)).toBeUndefined();
    expect(pathDeeperThan({ a: [1, { b: {} }] }, 'spec', 2)).toBe('spec.a[1]');
  });

  it('accepts MAX_JSON_DEPTH levels and names the first path past them', () => {
    expect(pathDeeperThan(chain(MAX_JSON_DEPTH), 'spec')).toBeUndefined();
    expect(pathDeeperThan(chain(MAX_JSON_DEPTH + 1), 'spec')).toBe(`spec${'.a'.repeat(MAX_JSON_DEPTH)}`);
    expect(pathDeeperThan({ shallow: { x: 1 }, deep: chain(3) }, '', 3)).toBe('deep.a.a');
  });

  it('quotes keys that are not identifiers, and shortens long keys and long paths', () => {
    expect(pathDeeperThan({ 'a b': { '': {} } }, 'spec.model', 2)).toBe('spec.model["a b"][""]');
    const long = 'k'.repeat(100);
    expect(pathDeeperThan({ [long]: {} }, 'spec', 1)).toBe(`spec["${'k'.repeat(40)}…"]`);
    const shown = pathDeeperThan(chain(3000, 'level'), 'spec')!;
    expect(shown.length).toBeLessThanOrEqual(241);
    expect(shown).toMatch(/^spec\.level\.level.*….*\.level\.level$/);
  });

  it('walks 100 000 levels without overflowing the stack', () => {
    let value: unknown = [];
    for (let i = 0; i < 100_000; i++) value = [value];
    expect(pathDeeperThan(value, 'spec')).toMatch(/^spec(\[0\])+/);
  });
});

describe('validateSpec', () => {
  it('refuses a spec nested deeper than MAX_JSON_DEPTH before validating it against the schema', () => {
    const result = validateSpec({ type: 'object' }, { model: chain(MAX_JSON_DEPTH) });
    expect(result).toEqual({
      valid: false,
      errors: [tooDeepMessage('spec', `spec.model${'.a'.repeat(MAX_JSON_DEPTH - 1)}`)],
    });
    expect(result.errors[0]).toMatch(
      /^spec is nested too deeply: more than 100 levels of objects and arrays at spec\.model\.a/,
    );
    expect(validateSpec({ type: 'object' }, { model: chain(MAX_JSON_DEPTH - 1) }).valid).toBe(true);
  });
});
