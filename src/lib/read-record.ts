/**
 * What one reconcile read, kept so that a periodic resync can tell cheaply whether anything it
 * depended on changed. A read from a cache that can be repeated without a request of its own (an
 * item of a list snapshot) leaves a check: "is it still what it was?". A request made on the
 * object's behalf (a GET past the lists, a download, any write) cannot be repeated that cheaply,
 * so it marks the record: such an object is looked at in full at every resync.
 *
 * The record follows the reconcile through its awaits (AsyncLocalStorage), so the code that reads
 * needs no parameter for it. Loads shared by many reconciles (a list call) run `unrecorded`:
 * they are the cache's work, not the reader's.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** Whether what was read is still what it was; false when it changed or cannot be told. */
export type RepeatCheck = { run(): Promise<boolean> } | (() => Promise<boolean>);

export class ReadRecord {
  /**
   * By what was read (a list item), so a later read of the same thing replaces the earlier; once
   * the reconcile is over only the checks are kept (`seal`), held by thousands of objects.
   */
  private checks: Map<string, RepeatCheck> | RepeatCheck[] = new Map();
  /** The first request that cannot be repeated cheaply, for the debug log; undefined: none. */
  unrepeatable: string | undefined;

  /** `parent`: a record whose reads these are too (see {@link excused}). */
  constructor(private readonly parent?: ReadRecord) {}

  note(check: RepeatCheck, what?: string): void {
    if (this.parent) return this.parent.note(check, what);
    if (this.checks instanceof Map) this.checks.set(what ?? `#${this.checks.size}`, check);
  }

  /** Whether a check of `what` was noted (here or in the record these reads are part of). */
  has(what: string): boolean {
    if (this.parent) return this.parent.has(what);
    return this.checks instanceof Map && this.checks.has(what);
  }

  /** Whether every read can be checked again without a request of its own. */
  get repeatable(): boolean {
    return this.unrepeatable === undefined;
  }

  /** Takes on another record's checks and marks. */
  merge(other: ReadRecord): void {
    if (other.checks instanceof Map) for (const [what, check] of other.checks) this.note(check, what);
    if (other.unrepeatable !== undefined && this.unrepeatable === undefined)
      this.unrepeatable = other.unrepeatable;
  }

  /** The reconcile is over: nothing is noted any more, and what was read needs no names. */
  seal(): void {
    if (this.checks instanceof Map) this.checks = [...this.checks.values()];
  }

  /** Runs every check; true when all found what was read before. */
  async unchanged(): Promise<boolean> {
    for (const check of this.checks.values()) {
      if (!(await (typeof check === 'function' ? check() : check.run()))) return false;
    }
    return true;
  }
}

const current = new AsyncLocalStorage<ReadRecord>();

/** Runs `run` recording its reads into a new record. */
export async function recordReads<T>(run: () => Promise<T>): Promise<{ result: T; record: ReadRecord }> {
  const record = new ReadRecord();
  try {
    return { result: await current.run(record, run), record };
  } finally {
    record.seal();
  }
}

/**
 * A cached read the current reconcile depends on, and how to check it again; `what` names what
 * was read, so that a later read of it (after the reconcile's own write put it) replaces this one.
 */
export function noteRead(check: RepeatCheck, what?: string): void {
  current.getStore()?.note(check, what);
}

/**
 * Replaces the check of `what` when the current reconcile noted one: a read it made is now to be
 * checked against what its own write left (a whole list, after the write put its item in).
 */
export function noteAgain(what: string, check: RepeatCheck): void {
  const record = current.getStore();
  if (record?.has(what)) record.note(check, what);
}

/** A request (or a read with no cheap check) made for the current reconcile: `what` names it. */
export function noteUnrepeatable(what: string): void {
  const record = current.getStore();
  if (record && record.unrepeatable === undefined) record.unrepeatable = what;
}

/** Runs `run` outside any record: shared loads, and reads whose changes arrive as events. */
export function unrecorded<T>(run: () => T): T {
  return current.exit(run);
}

/**
 * Runs `run`, whose requests are not marked on the current record: a read or write whose outcome
 * the caller puts into a list (noting it there), so the list item, not the request, is what a
 * resync checks. Returns what would have been marked, for the caller to mark when it put nothing.
 */
export async function excused<T>(run: () => Promise<T>): Promise<{ result: T; unrepeatable?: string }> {
  const parent = current.getStore();
  if (!parent) return { result: await run() };
  const inner = new ReadRecord(parent);
  const result = await current.run(inner, run);
  return { result, ...(inner.unrepeatable !== undefined ? { unrepeatable: inner.unrepeatable } : {}) };
}

/**
 * Runs `run` on a record of its own, whose reads count for the current reconcile only when `keep`
 * says so of the result: reads that decide nothing once a write follows (a search for another
 * object with our name, which found none: the create that follows settles it).
 */
export async function readsIf<T>(run: () => Promise<T>, keep: (result: T) => boolean): Promise<T> {
  const parent = current.getStore();
  if (!parent) return run();
  const own = new ReadRecord();
  const result = await current.run(own, run);
  if (keep(result)) parent.merge(own);
  return result;
}
