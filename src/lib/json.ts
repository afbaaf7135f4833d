/**
 * JSON values as the operator handles them: the object test, canonical serialisation (sorted keys,
 * for hashing and comparing content) and the two notions of "the same JSON" in use.
 */

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/** A JSON object: not null, not an array. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Equal as JSON values: key order and how a number was spelt (1.0) do not matter, and an
 * undefined member equals an absent one; null is a value of its own.
 */
export function sameJsonValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * The same JSON text, key order included, with null and undefined alike: cheap, for values that
 * come from one source in a stable order (an API server's labels, say).
 */
export function sameJsonText(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/*
 * Both walks below are iterative, not recursive: they also run on what Grafana returns, which no
 * spec limit bounds, and a recursive walk of a few thousand levels overflows the stack.
 */

type Piece = { text: string } | { value: unknown };

/**
 * JSON with object keys sorted, so equal content always serialises (and hashes) the same. The
 * same text as `JSON.stringify(sortKeys(value))`: undefined members dropped, undefined array
 * elements written as null, and undefined for a value JSON cannot hold at all.
 */
export function canonicalJson(value: unknown): string | undefined {
  if (omitted(value)) return undefined;
  const out: string[] = [];
  const stack: Piece[] = [{ value }];
  while (stack.length > 0) {
    const piece = stack.pop()!;
    if ('text' in piece) {
      out.push(piece.text);
      continue;
    }
    const current = piece.value;
    if (Array.isArray(current)) {
      // Pushed in reverse: the stack hands them back in order.
      stack.push({ text: ']' });
      for (let i = current.length - 1; i >= 0; i--) {
        stack.push(omitted(current[i]) ? { text: 'null' } : { value: current[i] });
        if (i > 0) stack.push({ text: ',' });
      }
      stack.push({ text: '[' });
    } else if (current !== null && typeof current === 'object') {
      const record = current as Record<string, unknown>;
      const keys = jsonKeyOrder(Object.keys(record).filter((key) => !omitted(record[key])));
      stack.push({ text: '}' });
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push({ value: record[keys[i]!] });
        stack.push({ text: `${JSON.stringify(keys[i])}:` });
        if (i > 0) stack.push({ text: ',' });
      }
      stack.push({ text: '{' });
    } else {
      out.push(JSON.stringify(current));
    }
  }
  return out.join('');
}

/** Object keys sorted at every level; undefined members dropped, as JSON would. */
export function sortKeys(value: unknown): unknown {
  const root: { value?: unknown } = {};
  const stack: Array<{ source: unknown; target: Record<string | number, unknown>; key: string | number }> = [
    { source: value, target: root, key: 'value' },
  ];
  while (stack.length > 0) {
    const { source, target, key } = stack.pop()!;
    let copy: unknown = source;
    if (Array.isArray(source)) {
      const items: unknown[] = new Array(source.length);
      source.forEach((item, index) =>
        stack.push({ source: item, target: items as unknown as Record<number, unknown>, key: index }),
      );
      copy = items;
    } else if (source && typeof source === 'object') {
      const record = source as Record<string, unknown>;
      const sorted: Record<string, unknown> = {};
      for (const name of Object.keys(record).sort()) {
        if (record[name] === undefined) continue;
        // Defined now, filled later: keeps the sorted order, and `__proto__` stays an own key.
        Object.defineProperty(sorted, name, {
          value: null,
          writable: true,
          enumerable: true,
          configurable: true,
        });
        stack.push({ source: record[name], target: sorted, key: name });
      }
      copy = sorted;
    }
    target[key] = copy;
  }
  return root.value;
}

/**
 * Sorted, in the order a JavaScript object built with sorted keys lists them (what sortKeys makes):
 * array-index keys ("0", "17") first in numeric order, then the others as sorted.
 */
function jsonKeyOrder(keys: string[]): string[] {
  const indices = keys.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
  return [...indices, ...keys.filter((key) => !isArrayIndex(key)).sort()];
}

function isArrayIndex(key: string): boolean {
  return /^(0|[1-9][0-9]{0,9})$/.test(key) && Number(key) < 2 ** 32 - 1;
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** The JSON type of a parsed value, as a message names it: `number`, `array`, `null`, …. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
