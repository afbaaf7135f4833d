/**
 * The pending delayed adds of one work queue: at most one deadline per key, all served by a single
 * unref'd timer armed for the earliest deadline. One timer per key cost ~450 B per object (a
 * Timeout with its closure, and a TimersList per distinct delay) across ~10,000 periodic resyncs.
 *
 * Deadlines sit in a min-heap ordered by time, then by when they were set. Replacing or cancelling
 * a key's deadline leaves its old heap entry in place, stale (the key now points elsewhere or
 * nowhere); stale entries are skipped when popped, and the heap is rebuilt from the live ones when
 * they outnumber them, so it never holds more than about twice the pending keys.
 */
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
  private heap: DelayedAdd[] = [];
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
    this.push(entry);
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
    this.heap = [];
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedAt = Infinity;
  }

  private onTimer(): void {
    this.timer = undefined;
    this.armedAt = Infinity;
    const now = Date.now();
    for (let top = this.liveTop(); top && top.at <= now; top = this.liveTop()) {
      this.pop();
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
    while (this.heap.length > 0) {
      const top = this.heap[0]!;
      if (this.pending.get(top.key) === top) return top;
      this.pop();
    }
    return undefined;
  }

  private compactIfStale(): void {
    const stale = this.heap.length - this.pending.size;
    if (stale < MIN_STALE_TO_COMPACT || stale <= this.pending.size) return;
    this.heap = [...this.pending.values()];
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private push(entry: DelayedAdd): void {
    this.heap.push(entry);
    let i = this.heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!earlier(this.heap[i]!, this.heap[parent]!)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private pop(): void {
    const last = this.heap.pop()!;
    if (this.heap.length === 0) return;
    this.heap[0] = last;
    this.siftDown(0);
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < heap.length && earlier(heap[left]!, heap[least]!)) least = left;
      if (right < heap.length && earlier(heap[right]!, heap[least]!)) least = right;
      if (least === i) return;
      this.swap(i, least);
      i = least;
    }
  }

  private swap(a: number, b: number): void {
    const held = this.heap[a]!;
    this.heap[a] = this.heap[b]!;
    this.heap[b] = held;
  }
}

function earlier(a: DelayedAdd, b: DelayedAdd): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
