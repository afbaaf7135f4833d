import type { Logger } from 'pino';
import { stripManagedFields } from './informer.js';
import type { ListPage } from './kube/client.js';
import { isGone } from './kube/errors.js';
import { objectKey, splitKey, type KubeObject } from './kube/types.js';

/** Reads one page of a kind's objects, whole: `limit` at most, from `continueToken` (undefined: the start). */
export type PageReader<T extends KubeObject> = (
  limit: number,
  continueToken: string | undefined,
) => Promise<ListPage<T>>;

/** One list to page through: a namespace's objects, or (namespace undefined) all of them. */
export interface ListSource {
  namespace?: string;
  read: PageReader<KubeObject>;
}

export interface InitialReadsOptions {
  /** Read one after another (a namespace each, when several are watched). */
  sources: readonly ListSource[];
  logger: Logger;
  /** What a page aims at, in bytes of the answer: its limit is this over the objects' average size. */
  pageBytes?: number;
  /** Bytes of listed objects held at most: paging waits there until reconciles take them. */
  heldBytes?: number;
  /** The first page's limit, before any size is known. */
  firstPageLimit?: number;
  /** How many objects the kind's cache holds at the start: none, and there is nothing to read. */
  cached?: () => number;
}

const DEFAULT_PAGE_BYTES = 1024 * 1024;
const DEFAULT_HELD_BYTES = 4 * 1024 * 1024;
const DEFAULT_FIRST_PAGE_LIMIT = 50;
const MIN_PAGE_LIMIT = 10;
const MAX_PAGE_LIMIT = 500;

interface Held {
  object: KubeObject;
  bytes: number;
}

/**
 * A page, or — when its continue token has expired meanwhile (paging waited for room past etcd's
 * compaction) — the page the apiserver's fresh token for the same place gives: the rest of the
 * list at the latest version, which is all a reconcile needs (each copy is judged by its own
 * resourceVersion).
 */
async function readPage(
  read: PageReader<KubeObject>,
  limit: number,
  continueToken: string | undefined,
): Promise<ListPage<KubeObject>> {
  try {
    return await read(limit, continueToken);
  } catch (err) {
    if (continueToken && isGone(err) && err.continueToken) {
      return read(limit, err.continueToken);
    }
    throw err;
  }
}

/** Where paging is: the source it reads and the last key it listed there (keys come in order). */
interface Position {
  source: number;
  lastKey: string | undefined;
}

/**
 * The objects a (re)start must check, read whole a page at a time ahead of the reconciles that
 * need them, instead of one GET each: a metadata cache names them, and every one of them is
 * reconciled once when the operator (or its leadership) starts — the work queue's `initial` tier,
 * in the order the list found them, which is the order pages bring them. At 10,000 dashboards
 * that is ~100 pages where it was 10,000 requests.
 *
 * Bodies stay bounded: at most `heldBytes` are held, and paging waits for reconciles to take
 * them. A reconcile takes its key's copy whether or not it uses it, so a key reconciled before
 * its page came (an edit, served first) is not held when the page brings it. A reconcile whose
 * key paging is about to reach waits for that page rather than read the object alone; any other
 * (paging paused for room, over, failed, or past its key) is read as before, so paging that runs
 * late or fails costs requests, never correctness. Whether a copy is current enough is the
 * client's to judge (GetOptions.listed): not older than the cache's version and our own last write.
 */
export class InitialReads {
  private readonly held = new Map<string, Held>();
  private heldBytes = 0;
  /** Keys taken while paging, before their page came: not to be held when it does. */
  private readonly passed = new Set<string>();
  private paging: AbortController | undefined;
  /** Where paging is while it fetches a page; undefined while it waits for room, or is over. */
  private fetching: Position | undefined;
  private wakePaging: (() => void) | undefined;
  /** Reconciles waiting for the page under way. */
  private pageWaiters: Array<() => void> = [];

  constructor(private readonly options: InitialReadsOptions) {}

  /** Starts reading from the beginning (a start, or a new leadership); drops what an earlier start held. */
  start(): void {
    this.stop();
    if (this.options.cached?.() === 0) return;
    const paging = new AbortController();
    this.paging = paging;
    // From now on: a reconcile that starts before the first request is sent waits for its page too.
    this.fetching = this.options.sources.length > 0 ? { source: 0, lastKey: undefined } : undefined;
    void this.read(paging.signal).finally(() => {
      if (this.paging !== paging) return;
      this.paging = undefined;
      this.fetching = undefined;
      this.passed.clear();
      this.pageLanded();
    });
  }

  stop(): void {
    this.paging?.abort();
    this.paging = undefined;
    this.fetching = undefined;
    this.held.clear();
    this.heldBytes = 0;
    this.passed.clear();
    this.wake();
    this.pageLanded();
  }

  /**
   * The copy listed for `key`, if one is held — or, `waiting`, if the page under way brings it;
   * let go either way, and undefined once the key was taken before. Only a reconcile of what the
   * start found waits: a change is served at once (and its copy is older than the cache anyway).
   */
  async take(key: string, waiting = false): Promise<KubeObject | undefined> {
    while (waiting && !this.held.has(key) && this.comesNext(key)) {
      await new Promise<void>((resolve) => this.pageWaiters.push(resolve));
    }
    const held = this.held.get(key);
    if (!held) {
      if (this.paging) this.passed.add(key);
      return undefined;
    }
    this.held.delete(key);
    this.heldBytes -= held.bytes;
    this.wake();
    return held.object;
  }

  /** Objects held now (for tests and logs). */
  get size(): number {
    return this.held.size;
  }

  /** Whether the page being fetched, or one after it in the same source, may bring `key`. */
  private comesNext(key: string): boolean {
    const at = this.fetching;
    if (!at || this.passed.has(key)) return false;
    const { namespace } = splitKey(key);
    const source = this.options.sources.findIndex(
      (s) => s.namespace === undefined || s.namespace === namespace,
    );
    if (source !== at.source) return false;
    // The apiserver lists in the order of its storage keys, which sorts `namespace/name` as this does.
    return at.lastKey === undefined || key > at.lastKey;
  }

  private async read(signal: AbortSignal): Promise<void> {
    const pageBytes = this.options.pageBytes ?? DEFAULT_PAGE_BYTES;
    let averageBytes: number | undefined;
    let listed = 0;
    let pages = 0;
    const started = Date.now();
    try {
      for (const [index, { read }] of this.options.sources.entries()) {
        let continueToken: string | undefined;
        let lastKey: string | undefined;
        do {
          await this.room(signal);
          if (signal.aborted) return;
          this.fetching = { source: index, lastKey };
          const limit =
            averageBytes === undefined
              ? (this.options.firstPageLimit ?? DEFAULT_FIRST_PAGE_LIMIT)
              : Math.max(MIN_PAGE_LIMIT, Math.min(MAX_PAGE_LIMIT, Math.floor(pageBytes / averageBytes)));
          const page = await readPage(read, limit, continueToken);
          if (signal.aborted) return;
          pages++;
          const each = page.items.length > 0 ? page.bytes / page.items.length : 0;
          if (page.items.length > 0)
            averageBytes = averageBytes === undefined ? each : (averageBytes + each) / 2;
          for (const item of page.items) {
            const key = objectKey(item);
            lastKey = key;
            listed++;
            if (this.passed.delete(key)) continue;
            this.held.set(key, { object: stripManagedFields(item), bytes: each });
            this.heldBytes += each;
          }
          this.fetching = { source: index, lastKey };
          this.pageLanded();
          continueToken = page.continue;
        } while (continueToken);
      }
      this.options.logger.debug(
        { listed, pages, held: this.held.size, seconds: (Date.now() - started) / 1000 },
        'initial reads listed',
      );
    } catch (err) {
      if (signal.aborted) return;
      // Reconciles read what is not held one by one, as they would without this.
      this.options.logger.info(
        { err: err instanceof Error ? err.message : String(err), listed, pages },
        'initial reads stopped; the rest is read one object at a time',
      );
    }
  }

  /** Resolves once fewer than `heldBytes` are held (or paging is stopped). */
  private async room(signal: AbortSignal): Promise<void> {
    const limit = this.options.heldBytes ?? DEFAULT_HELD_BYTES;
    if (this.heldBytes < limit) return;
    // No page is under way while paging waits: a reconcile waiting for one reads its object itself.
    this.fetching = undefined;
    this.pageLanded();
    while (this.heldBytes >= limit && !signal.aborted) {
      await new Promise<void>((resolve) => (this.wakePaging = resolve));
    }
  }

  private wake(): void {
    const wake = this.wakePaging;
    this.wakePaging = undefined;
    wake?.();
  }

  private pageLanded(): void {
    for (const resolve of this.pageWaiters.splice(0)) resolve();
  }
}
