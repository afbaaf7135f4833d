/**
 * The pending delayed adds of one work queue: at most one deadline per key, all served by a single
 * unref'd timer armed for the earliest deadline. One timer per key cost ~450 B per object (a
 * Timeout with its closure, and a TimersList per distinct delay) across ~10,000 periodic resyncs.
 *
 * Deadlines sit in a min-heap (tinyqueue) ordered by time, then by when they were set. Replacing or cancelling
 * a key's deadline leaves its old heap entry in place, stale (the key now points elsewhere or
 * nowhere); stale entries are skipped when popped, and the heap is rebuilt from the live ones when
 * they outnumber them, so it never holds more than about twice the pending keys.
 */
import TinyQueue from 'tinyqueue';
import type { QueuePriority } from './workqueue.js';

export interface DelayedAdd {
  readonly key: string;
  readonly at: number;
  priority: QueuePriority;
  /** Tie-break: of two equal deadlines, the one set first fires first. */
  readonly seq: number;
}

/** Below this many stale entries a rebuild is not worth its cost. */
const MIN_STALE_TO_COMPACT = 64;

export class DelayedAdds {
  private readonly pending = new Map<string, DelayedAdd>();
  private heap = new TinyQueue<DelayedAdd>([], byDeadline);
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private armedAt = Infinity;

  /** `fire` receives each key whose deadline passed, in deadline order. */
  constructor(private readonly fire: (key: string, priority: QueuePriority) => void) {}

  get(key: string): DelayedAdd | undefined {
    return this.pending.get(key);
  }

  /** Sets the key's deadline, replacing any pending one (the caller decides which wins). */
  set(key: string, at: number, priority: QueuePriority): void {
    const entry: DelayedAdd = { key, at, priority, seq: this.seq++ };
    this.pending.set(key, entry);
    this.heap.push(entry);
    this.compactIfStale();
    if (at < this.armedAt) this.arm();
  }

  delete(key: string): void {
    if (!this.pending.delete(key)) return;
    if (this.pending.size === 0) this.clear();
    else this.compactIfStale();
  }

  clear(): void {
    this.pending.clear();
    this.heap = new TinyQueue<DelayedAdd>([], byDeadline);
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedAt = Infinity;
  }

  private onTimer(): void {
    this.timer = undefined;
    this.armedAt = Infinity;
    const now = Date.now();
    for (let top = this.liveTop(); top && top.at <= now; top = this.liveTop()) {
      this.heap.pop();
      this.pending.delete(top.key);
      this.fire(top.key, top.priority);
    }
    // `fire` may have set new deadlines (arming for them) or cleared everything.
    this.arm();
  }

  /** (Re)arms the timer for the earliest live deadline, or leaves it off when none is pending. */
  private arm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedAt = Infinity;
    const top = this.liveTop();
    if (!top) return;
    // Timers run on the loop's clock, which may lag Date.now() by a little: a timer that fires
    // before the deadline by that clock is armed again for the rest.
    this.timer = setTimeout(() => this.onTimer(), Math.max(0, top.at - Date.now()));
    this.timer.unref();
    this.armedAt = top.at;
  }

  /** The earliest entry still pending, after dropping stale ones from the top. */
  private liveTop(): DelayedAdd | undefined {
    for (let top = this.heap.peek(); top; top = this.heap.peek()) {
      if (this.pending.get(top.key) === top) return top;
      this.heap.pop();
    }
    return undefined;
  }

  private compactIfStale(): void {
    const stale = this.heap.length - this.pending.size;
    if (stale < MIN_STALE_TO_COMPACT || stale <= this.pending.size) return;
    this.heap = new TinyQueue([...this.pending.values()], byDeadline);
  }
}

function byDeadline(a: DelayedAdd, b: DelayedAdd): number {
  return a.at - b.at || a.seq - b.seq;
}
