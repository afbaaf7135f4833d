/**
 * A kind's per-instance list of Grafana objects (one list call shared by every object of the kind
 * on an instance, see snapshot.ts), declared once with its key: the kind reads through it, and the
 * sync layer keeps it current after the kind's writes and removes (kind-calls.ts).
 */
import { excused, noteUnrepeatable } from '../lib/read-record.js';
import { itemsOf, loadList, noteItem, noteSubset, noteWhole, noteWholeAgain } from './list-checks.js';
import type { InstanceTarget } from './targets.js';

/**
 * What is done to a kind's list on one instance besides reading it: what the sync layer does
 * around the kind's writes and removes (kind-calls.ts), and what a kind's read past the list shows.
 */
export interface ListUpkeep<Item> {
  /** What a write stored, so the next reader does not see the list from before it. */
  put(item: Item): void;
  remove(key: string): void;
  /** Lets go of the list: the next reader lists again. */
  invalidate(): void;
  /**
   * What `read` (a GET, past the list) finds of the item `key` the list holds, which may show it
   * as it was before someone's write or delete: gone, the key leaves the list; found, `listed` of
   * it goes in (without `listed`, the list keeps what it holds).
   */
  reread<Found>(
    key: string,
    read: () => Promise<Found | undefined>,
    listed?: (found: Found) => Item,
  ): Promise<Found | undefined>;
}

/** One instance's view of a kind's list. */
export interface ListView<Item> extends ListUpkeep<Item> {
  /**
   * Every listed item by key, listed again once older than the operator's SNAPSHOT_MAX_AGE_MS, or
   * than `maxAgeMs` for a reader content with an older list.
   */
  items(maxAgeMs?: number): Promise<Map<string, Item>>;
  /**
   * The items `belongs` picks, from {@link items}: what the reconcile depends on is those alone (a
   * resync checks them, not the whole list, which other objects' writes change).
   */
  subset(belongs: (item: Item) => boolean): Promise<Item[]>;
  /** Whether a list is held, however old (none until the first list call is answered). */
  held(): boolean;
  /**
   * Starts the list call when no list is held or under way, for the readers to come: nobody
   * waits for it, and it is no read of the caller's (a failure is left to the next reader).
   */
  listAhead(): void;
  /** {@link items} after the one held lacked what the reader looked for: at most a few seconds old. */
  itemsAfterMiss(): Promise<Map<string, Item>>;
  /** The item `key` of {@link items} (`maxAgeMs` as there). */
  get(key: string, maxAgeMs?: number): Promise<Item | undefined>;
  /** {@link get}, from a list read again when the one held lacks the key (made since, or gone). */
  getListedNow(key: string): Promise<Item | undefined>;
  /**
   * {@link items} from a list read again now: for a reader that must see what Grafana holds at
   * this moment (an item the list held lacked, a refusal to explain).
   */
  itemsListedNow(): Promise<Map<string, Item>>;
  /**
   * What `read` (a GET, past the list) finds for a key the list lacks, put into the list so the
   * next reader sees it too: the list may be older than the item, or lag behind its write.
   */
  readPast(read: () => Promise<Item | undefined>): Promise<Item | undefined>;
}

/** A list the sync layer keeps for a kind (ObjectKind.list). */
export interface KeptList<Item> {
  on(target: InstanceTarget): ListUpkeep<Item>;
  /** The key of the object with this uid (what `remove` is given). Default: the uid itself. */
  keyOfUid?(uid: string): string;
  /**
   * The key is a name a write may change (a rename): the key the object was found under, or last
   * written under, leaves the list when the write stored it under another.
   */
  renames?: true;
}

export interface KindListSpec<Item> extends Pick<KeptList<Item>, 'keyOfUid' | 'renames'> {
  /** The list's name in the instance's snapshots; unique per list. */
  name: string;
  /** Grafana's list call. */
  load(target: InstanceTarget): Promise<Item[]>;
  /** The key an item is listed under. */
  key(item: Item): string;
}

export interface KindList<Item> extends KindListSpec<Item>, KeptList<Item> {
  /** The list on `target`. */
  on(target: InstanceTarget): ListView<Item>;
}

/** Declares a kind's list (ObjectKind.list). */
export function kindList<Item>(spec: KindListSpec<Item>): KindList<Item> {
  return {
    ...spec,
    on(target) {
      const { snapshots } = target;
      const items = (maxAgeMs?: number) => itemsOf(spec, target, maxAgeMs);
      // Each read is noted in the reconcile's read record, for a resync to check (list-checks.ts).
      const whole = async (read: Promise<Map<string, Item>>, maxAgeMs?: number) => {
        const listed = await read;
        noteWhole(spec, target, maxAgeMs);
        return listed;
      };
      const one = (key: string, item: Item | undefined) => {
        noteItem(spec, target, key, item);
        return item;
      };
      const keep = upkeep<Item>({
        // What a write stored or a read past the list found is what the reconcile now depends
        // on; a whole list it read is checked as that left it.
        put: (item) => {
          snapshots.put(spec.name, spec.key(item), item);
          one(spec.key(item), item);
          noteWholeAgain(spec, target);
        },
        remove: (key) => {
          snapshots.remove(spec.name, key);
          one(key, undefined);
          noteWholeAgain(spec, target);
        },
        invalidate: () => snapshots.invalidate(spec.name),
      });
      return {
        ...keep,
        items: (maxAgeMs) => whole(items(maxAgeMs), maxAgeMs),
        subset: async (belongs) => {
          const picked = [...(await items())].filter(([, item]) => belongs(item));
          noteSubset(spec, target, belongs, picked);
          return picked.map(([, item]) => item);
        },
        held: () => snapshots.holds(spec.name),
        listAhead: () => {
          if (!snapshots.holds(spec.name)) void items().catch(() => undefined);
        },
        itemsAfterMiss: () => whole(snapshots.getAfterMiss<Item>(spec.name, () => loadList(spec, target))),
        get: async (key, maxAgeMs) => {
          const item = (await items(maxAgeMs)).get(key);
          return one(key, item);
        },
        getListedNow: async (key) => {
          const held = (await items()).get(key);
          if (held) return one(key, held);
          snapshots.invalidate(spec.name);
          return one(key, (await items()).get(key));
        },
        itemsListedNow: () => {
          snapshots.invalidate(spec.name);
          return whole(items());
        },
        readPast: async (read) => {
          // Found, it goes into the list (and is checked there); not found, the reader found the
          // key absent from the list already.
          const { result: item } = await excused(read);
          if (item) keep.put(item);
          return item;
        },
      };
    },
  };
}

/**
 * A kind's list held as two lists of its objects under the same keys, from two list calls that
 * each carry a part of what its reads need (a dashboard's search hit, and its version). Each is
 * listed when a reader first asks it, through `first` and `second`; the sync layer keeps them as
 * one: what a write stored is split into both (a part it says nothing of leaves that list as it
 * was), a removed object leaves both, and both are let go together.
 */
export interface ListPair<Item, First, Second> extends KeptList<Item> {
  first: KindList<First>;
  second: KindList<Second>;
}

export function listPair<Item, First, Second>(spec: {
  first: KindList<First>;
  second: KindList<Second>;
  /** The parts of an item; `second` undefined: the item says nothing of that part. */
  split(item: Item): [First, Second | undefined];
}): ListPair<Item, First, Second> {
  const { first, second, split } = spec;
  return {
    first,
    second,
    on(target) {
      const [one, other] = [first.on(target), second.on(target)];
      return upkeep<Item>({
        put: (item) => {
          const [firstPart, secondPart] = split(item);
          one.put(firstPart);
          if (secondPart !== undefined) other.put(secondPart);
        },
        remove: (key) => {
          one.remove(key);
          other.remove(key);
        },
        invalidate: () => {
          one.invalidate();
          other.invalidate();
        },
      });
    },
  };
}

/** The upkeep of a list from its put, remove and invalidate. */
function upkeep<Item>(keep: Omit<ListUpkeep<Item>, 'reread'>): ListUpkeep<Item> {
  return {
    ...keep,
    async reread(key, read, listed) {
      // What the read found goes into the list and is checked there; unless it is not listed.
      const { result: found, unrepeatable } = await excused(read);
      if (found === undefined) keep.remove(key);
      else if (listed) keep.put(listed(found));
      else if (unrepeatable) noteUnrepeatable(unrepeatable);
      return found;
    },
  };
}
