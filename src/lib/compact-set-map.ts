/**
 * Values held for one key: most keys hold one value, some a few, a few many. One value is the
 * string itself, a few a small array (a Set costs ~150 bytes even for one value), more a Set.
 */
type Held = string | readonly string[] | Set<string>;

/** Up to this many values are kept in an array, whose lookups are then as quick as a Set's. */
const ARRAY_LIMIT = 8;

/**
 * A map from a key to a set of strings, for thousands of keys that each hold one or two values.
 * Values keep the order they were first added in, as a Set's do.
 */
export class CompactSetMap {
  private readonly map = new Map<string, Held>();

  get size(): number {
    return this.map.size;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  hasValue(key: string, value: string): boolean {
    const held = this.map.get(key);
    if (held === undefined) return false;
    if (typeof held === 'string') return held === value;
    return held instanceof Set ? held.has(value) : held.includes(value);
  }

  values(key: string): string[] {
    const held = this.map.get(key);
    if (held === undefined) return [];
    return typeof held === 'string' ? [held] : [...held];
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  /** Adds `value` under `key`; false when it was there already. */
  add(key: string, value: string): boolean {
    const held = this.map.get(key);
    if (held === undefined) {
      this.map.set(key, value);
      return true;
    }
    if (typeof held === 'string') {
      if (held === value) return false;
      this.map.set(key, [held, value]);
      return true;
    }
    if (held instanceof Set) {
      if (held.has(value)) return false;
      held.add(value);
      return true;
    }
    if (held.includes(value)) return false;
    // A new array of exactly the right length: push would reserve room for ~16 more.
    this.map.set(key, held.length < ARRAY_LIMIT ? [...held, value] : new Set([...held, value]));
    return true;
  }

  /** Removes `value` from `key`, and `key` once it holds nothing; false when it was not there. */
  delete(key: string, value: string): boolean {
    const held = this.map.get(key);
    if (held === undefined) return false;
    if (typeof held === 'string') {
      if (held !== value) return false;
      this.map.delete(key);
      return true;
    }
    if (held instanceof Set) {
      if (!held.delete(value)) return false;
      if (held.size === 1) this.map.set(key, held.values().next().value as string);
      return true;
    }
    if (!held.includes(value)) return false;
    const rest = held.filter((v) => v !== value);
    this.map.set(key, rest.length === 1 ? rest[0]! : rest);
    return true;
  }

  /** Removes `key` and returns the values it held. */
  deleteKey(key: string): string[] {
    const values = this.values(key);
    this.map.delete(key);
    return values;
  }
}
