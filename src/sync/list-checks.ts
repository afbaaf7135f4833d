/**
 * How a read of a kind's list is noted in the reconcile's read record (src/lib/read-record.ts), so a
 * resync can check it again against the list as held then: an item, by the fields it had; a whole
 * list, by its fingerprint. A note holds only what its check needs (the list's declaration, the
 * target, the key and a digest), never the view it was read through: thousands of objects keep one
 * each between resyncs.
 */
import { noteAgain, noteRead, unrecorded } from '../lib/read-record.js';
import { shortDigest } from './hash.js';
import type { KindListSpec } from './kind-list.js';
import type { InstanceTarget } from './targets.js';
import { compareCodeUnits } from '../lib/compare.js';

/** The kind's list on `target`, listed again once older than `maxAgeMs` (the snapshots' own by default). */
export function itemsOf<Item>(
  spec: KindListSpec<Item>,
  target: InstanceTarget,
  maxAgeMs?: number,
): Promise<Map<string, Item>> {
  return target.snapshots.get<Item>(spec.name, () => loadList(spec, target), maxAgeMs);
}

/** The list call: the cache's, shared by every reader, so not one reconcile's request. */
export function loadList<Item>(
  spec: KindListSpec<Item>,
  target: InstanceTarget,
): Promise<Array<[string, Item]>> {
  return unrecorded(async () =>
    (await spec.load(target)).map((item) => [spec.key(item), item] as [string, Item]),
  );
}

/** Notes that the reconcile depends on the item `key` of the list being `item` (undefined: absent). */
export function noteItem<Item>(
  spec: KindListSpec<Item>,
  target: InstanceTarget,
  key: string,
  item: Item | undefined,
): void {
  noteRead(new ItemCheck(spec, target, key, item), `${wholeId(spec, target)}/${key}`);
}

/** Notes that the reconcile depends on the whole list as held now. */
export function noteWhole(spec: KindListSpec<unknown>, target: InstanceTarget, maxAgeMs?: number): void {
  noteRead(new WholeCheck(spec, target, maxAgeMs), wholeId(spec, target));
}

/** After the reconcile's own write changed the list: a whole list it read is checked as the write left it. */
export function noteWholeAgain(spec: KindListSpec<unknown>, target: InstanceTarget): void {
  noteAgain(wholeId(spec, target), new WholeCheck(spec, target));
}

/**
 * Notes that the reconcile depends on the items `belongs` picks (`picked`, as held now) and on no
 * other item: in place of the whole list, whose every change (another object's write) would make a
 * resync run in full. A reconcile that reads a group of items, not one by key: the rules of a group.
 */
export function noteSubset<Item>(
  spec: KindListSpec<Item>,
  target: InstanceTarget,
  belongs: (item: Item) => boolean,
  picked: Iterable<[string, Item]>,
): void {
  noteRead(new SubsetCheck(spec, target, belongs, picked), wholeId(spec, target));
}

/** The items of a list a predicate picks, by a digest of their keys and fields. */
class SubsetCheck<Item> {
  private readonly digest: string;

  constructor(
    private readonly spec: KindListSpec<Item>,
    private readonly target: InstanceTarget,
    private readonly belongs: (item: Item) => boolean,
    picked: Iterable<[string, Item]>,
  ) {
    this.digest = subsetDigest(picked);
  }

  async run(): Promise<boolean> {
    const items = await itemsOf(this.spec, this.target);
    return subsetDigest([...items].filter(([, item]) => this.belongs(item))) === this.digest;
  }
}

function subsetDigest<Item>(picked: Iterable<[string, Item]>): string {
  const entries = [...picked].map(([key, item]) => [key, shortDigest(item)] as const);
  entries.sort(([a], [b]) => compareCodeUnits(a, b));
  return shortDigest(entries);
}

/** The whole list, by its fingerprint (SnapshotCache.fingerprint). */
class WholeCheck {
  private readonly seen: string | undefined;

  constructor(
    private readonly spec: KindListSpec<unknown>,
    private readonly target: InstanceTarget,
    private readonly maxAgeMs?: number,
  ) {
    this.seen = target.snapshots.fingerprint(spec.name);
  }

  async run(): Promise<boolean> {
    await itemsOf(this.spec, this.target, this.maxAgeMs);
    return this.seen !== undefined && this.target.snapshots.fingerprint(this.spec.name) === this.seen;
  }
}

/** Names a kind's list on one Grafana org (its snapshot cache). */
const orgIds = new WeakMap<object, number>();
let nextOrgId = 0;
function wholeId(spec: KindListSpec<unknown>, target: InstanceTarget): string {
  let id = orgIds.get(target.snapshots);
  if (id === undefined) orgIds.set(target.snapshots, (id = nextOrgId++));
  return `${spec.name}@${id}`;
}

/**
 * One listed item: a digest of its fields, and which fields it had. An item a write put carries
 * what Grafana stored of the fields the kind writes, without those the list call adds of its own (a
 * datasource's type logo): the item listed again is compared on the fields the one put had, which
 * are those a reconcile's diff reads. A field gone is a change.
 */
class ItemCheck<Item> {
  /** Undefined: the item was no object (a name), compared whole; null: absent. */
  private readonly fields: readonly string[] | undefined | null;
  private readonly digest: string;

  constructor(
    private readonly spec: KindListSpec<Item>,
    private readonly target: InstanceTarget,
    private readonly key: string,
    item: Item | undefined,
  ) {
    if (item === undefined || item === null) {
      this.fields = null;
      this.digest = '';
    } else if (typeof item !== 'object' || Array.isArray(item)) {
      this.fields = undefined;
      this.digest = shortDigest(item);
    } else {
      this.fields = sharedFields(Object.keys(item));
      this.digest = shortDigest(item);
    }
  }

  async run(): Promise<boolean> {
    const now: unknown = (await itemsOf(this.spec, this.target)).get(this.key);
    if (this.fields === null) return now === undefined || now === null;
    if (this.fields === undefined) return shortDigest(now) === this.digest;
    if (typeof now !== 'object' || now === null) return false;
    const record = now as Record<string, unknown>;
    return (
      shortDigest(Object.fromEntries(this.fields.map((field) => [field, record[field]]))) === this.digest
    );
  }
}

/** Field lists shared by the items that have the same fields (most of a list's). */
const fieldLists = new Map<string, readonly string[]>();
const MAX_FIELD_LISTS = 1000;

function sharedFields(fields: string[]): readonly string[] {
  const joined = fields.join('\0');
  const shared = fieldLists.get(joined);
  if (shared) return shared;
  if (fieldLists.size < MAX_FIELD_LISTS) fieldLists.set(joined, fields);
  return fields;
}
