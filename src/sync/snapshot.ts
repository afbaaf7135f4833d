/**
 * Per-instance lists of Grafana objects, shared by every object of a kind: a resync wave of N
 * unchanged objects costs one list call per kind (per `maxAgeMs`, the operator's
 * SNAPSHOT_MAX_AGE_MS), not N GETs. Objects we write
 * are put into the snapshot from the write's response, so the next reader does not see stale
 * data and write again — including writes that land while a list is being loaded, which the
 * list may or may not contain.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../lib/json.js';

interface Entry<T> {
  loadedAt: number;
  items: Map<string, T>;
  /**
   * A digest of `items`: the sum of a digest of each, computed when first asked for and kept by
   * every put and remove at the cost of the item changed, so a list of thousands written one item
   * at a time is not hashed whole after each write.
   */
  sum?: bigint;
}

type Change = { id: string; item: unknown } | { id: string; removed: true };

/** How old a list may be when it is read again because a name was missing from it. */
const MISS_MAX_AGE_MS = 5_000;

export class SnapshotCache {
  private readonly entries = new Map<string, Entry<unknown>>();
  private readonly loading = new Map<string, Promise<Entry<unknown>>>();
  /** Our own writes made while a list of that kind is in flight, replayed onto its result. */
  private readonly changesDuringLoad = new Map<string, Change[]>();

  /** `maxAgeMs`: how long a list is served before the next reader loads it again. */
  constructor(private readonly maxAgeMs: number) {}

  /**
   * The list of `kind` again after a name was not found in it: the name may be new (a user made a
   * moment ago), so the list is loaded again when older than 5 s, or than the cache's own max age
   * when that is shorter.
   */
  getAfterMiss<T>(kind: string, load: () => Promise<Array<[string, T]>>): Promise<Map<string, T>> {
    return this.get(kind, load, Math.min(MISS_MAX_AGE_MS, this.maxAgeMs));
  }

  /** The list of `kind`, loaded again when older than `maxAgeMs` (the cache's own unless given). */
  async get<T>(
    kind: string,
    load: () => Promise<Array<[string, T]>>,
    maxAgeMs = this.maxAgeMs,
  ): Promise<Map<string, T>> {
    const entry = this.entries.get(kind) as Entry<T> | undefined;
    if (entry && Date.now() - entry.loadedAt <= maxAgeMs) return entry.items;
    let pending = this.loading.get(kind) as Promise<Entry<T>> | undefined;
    if (!pending) {
      const changes: Change[] = [];
      this.changesDuringLoad.set(kind, changes);
      const startedAt = Date.now();
      pending = load().then((items) => {
        const held = this.entries.get(kind) as Entry<T> | undefined;
        const { kept, allHeld } = keepUnchanged(held?.items, items);
        const loaded: Entry<T> = { loadedAt: startedAt, items: kept };
        // The list as held, item for item, and no write of ours came in meanwhile: its digest holds.
        if (allHeld && changes.length === 0 && held?.sum !== undefined) loaded.sum = held.sum;
        for (const change of changes) {
          if ('removed' in change) loaded.items.delete(change.id);
          else loaded.items.set(change.id, change.item as T);
        }
        return loaded;
      });
      this.loading.set(kind, pending);
      pending
        .then(
          (loaded) => this.entries.set(kind, loaded),
          () => undefined,
        )
        .finally(() => {
          this.loading.delete(kind);
          this.changesDuringLoad.delete(kind);
        });
    }
    return (await pending).items;
  }

  /**
   * A digest of the list of `kind` as held now (what a reader of the whole list depends on);
   * undefined when none is held.
   */
  fingerprint(kind: string): string | undefined {
    const entry = this.entries.get(kind);
    if (!entry) return undefined;
    if (entry.sum === undefined) {
      let sum = 0n;
      for (const [id, item] of entry.items) sum += itemDigest(id, item);
      entry.sum = BigInt.asUintN(64, sum);
    }
    return entry.sum.toString(16);
  }

  put<T>(kind: string, id: string, item: T): void {
    const entry = this.entries.get(kind) as Entry<T> | undefined;
    if (entry) {
      this.adjust(entry, id, item);
      entry.items.set(id, item);
    }
    this.changesDuringLoad.get(kind)?.push({ id, item });
  }

  remove(kind: string, id: string): void {
    const entry = this.entries.get(kind);
    if (entry) {
      this.adjust(entry, id, undefined);
      entry.items.delete(id);
    }
    this.changesDuringLoad.get(kind)?.push({ id, removed: true });
  }

  invalidate(kind: string): void {
    this.entries.delete(kind);
  }

  /** Whether a list of `kind` is held, however old: none is until its first load is done, or after invalidate. */
  holds(kind: string): boolean {
    return this.entries.has(kind);
  }

  /** Keeps a computed digest of the entry: `id`'s item leaves it and `item` (if any) comes in. */
  private adjust(entry: Entry<unknown>, id: string, item: unknown): void {
    if (entry.sum === undefined) return;
    const before = entry.items.get(id);
    let sum = entry.sum;
    if (entry.items.has(id)) sum -= itemDigest(id, before);
    if (item !== undefined) sum += itemDigest(id, item);
    entry.sum = BigInt.asUintN(64, sum);
  }
}

/**
 * The loaded items by key, each one equal to the item held under its key being that held item: an
 * unchanged list loaded again (every resync) then holds no second copy of its items and strings,
 * and the new copies die young. `allHeld`: every item is a held one and none is missing.
 */
function keepUnchanged<T>(
  held: Map<string, T> | undefined,
  items: Array<[string, T]>,
): { kept: Map<string, T>; allHeld: boolean } {
  const kept = new Map<string, T>();
  let anyNew = false;
  for (const [id, item] of items) {
    const before = held?.get(id);
    const same = before !== undefined && sameFlatItem(before, item);
    kept.set(id, same ? before : item);
    if (!same) anyNew = true;
  }
  return { kept, allHeld: held !== undefined && !anyNew && kept.size === held.size };
}

/** Two list items of the same own fields with the same primitive values; nested values never match. */
function sameFlatItem(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const fields = Object.keys(a);
  if (fields.length !== Object.keys(b).length) return false;
  return fields.every((field) => {
    const value = (a as Record<string, unknown>)[field];
    return (typeof value !== 'object' || value === null) && value === (b as Record<string, unknown>)[field];
  });
}

/**
 * 64 bits of a digest of one listed item under its key. Not cached per item: a list is summed once
 * per load, and a write adjusts the sum by two small items; a cache held a digest string per
 * listed item (2 MiB at 10,000 dashboards) to save that.
 */
function itemDigest(id: string, item: unknown): bigint {
  return createHash('sha256')
    .update(id)
    .update('\0')
    .update(canonicalJson(item) ?? '')
    .digest()
    .readBigUInt64BE(0);
}
