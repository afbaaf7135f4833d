/**
 * A keyed work queue with client-go's semantics: a key is queued at most once (dirty set), is
 * never handed to two workers at once (processing set; a key added while it is processed is
 * queued again when `done` is called), and can be re-added after a delay or with a per-key
 * exponential backoff.
 */
import { exponentialMs } from '../lib/backoff.js';

export interface QueueObserver {
  onAdd?(key: string): void;
  onDepth?(depth: number): void;
  onGet?(key: string, waitedSeconds: number): void;
  onDone?(key: string, workSeconds: number): void;
  onRetry?(key: string): void;
}

export interface RateLimiterOptions {
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Per-key exponential delay: base · 2^failures, capped; `forget` resets a key after success. */
export class ItemExponentialRateLimiter {
  private readonly failures = new Map<string, number>();

  constructor(private readonly options: RateLimiterOptions) {}

  when(key: string): number {
    const count = this.failures.get(key) ?? 0;
    this.failures.set(key, count + 1);
    return exponentialMs(count, this.options.baseDelayMs, this.options.maxDelayMs);
  }

  retries(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  forget(key: string): void {
    this.failures.delete(key);
  }
}

export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Map<string, number>();
  private readonly addedAt = new Map<string, number>();
  private readonly delayed = new Map<string, { timer: NodeJS.Timeout; at: number }>();
  private readonly waiters: Array<(key: string | undefined) => void> = [];
  private shuttingDown = false;
  private drainWaiters: Array<() => void> = [];

  constructor(
    readonly rateLimiter: ItemExponentialRateLimiter,
    private readonly observer: QueueObserver = {},
  ) {}

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    this.observer.onAdd?.(key);
    if (this.processing.has(key)) return;
    this.push(key);
  }

  /** Adds the key after `delayMs`; an earlier pending deadline for the same key wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) return this.add(key);
    const at = Date.now() + delayMs;
    const pending = this.delayed.get(key);
    if (pending && pending.at <= at) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, delayMs);
    timer.unref();
    this.delayed.set(key, { timer, at });
  }

  addRateLimited(key: string): number {
    const delay = this.rateLimiter.when(key);
    this.observer.onRetry?.(key);
    this.addAfter(key, delay);
    return delay;
  }

  forget(key: string): void {
    this.rateLimiter.forget(key);
  }

  /** Drops a pending delayed add (e.g. the object was deleted). */
  cancelDelayed(key: string): void {
    const pending = this.delayed.get(key);
    if (pending) clearTimeout(pending.timer);
    this.delayed.delete(key);
  }

  /** Resolves with the next key, or undefined once the queue is shut down and empty. */
  get(): Promise<string | undefined> {
    const key = this.queue.shift();
    if (key !== undefined) return Promise.resolve(this.take(key));
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  done(key: string): void {
    const started = this.processing.get(key);
    this.processing.delete(key);
    if (started !== undefined) this.observer.onDone?.(key, (Date.now() - started) / 1000);
    if (this.dirty.has(key) && !this.shuttingDown) this.push(key);
    if (this.processing.size === 0) for (const resolve of this.drainWaiters.splice(0)) resolve();
  }

  len(): number {
    return this.queue.length;
  }

  inFlight(): number {
    return this.processing.size;
  }

  /** Oldest running item's age, for workqueue_longest_running_processor_seconds. */
  longestRunningSeconds(): number {
    let oldest = Infinity;
    for (const started of this.processing.values()) oldest = Math.min(oldest, started);
    return oldest === Infinity ? 0 : (Date.now() - oldest) / 1000;
  }

  /** Stops handing out keys and waits for the ones being processed. */
  async shutDownWithDrain(): Promise<void> {
    this.shuttingDown = true;
    for (const { timer } of this.delayed.values()) clearTimeout(timer);
    this.delayed.clear();
    this.queue.length = 0;
    this.dirty.clear();
    this.observer.onDepth?.(0);
    for (const resolve of this.waiters.splice(0)) resolve(undefined);
    if (this.processing.size === 0) return;
    await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
  }

  private push(key: string): void {
    this.addedAt.set(key, Date.now());
    const waiter = this.waiters.shift();
    if (waiter) {
      waiter(this.take(key));
      return;
    }
    this.queue.push(key);
    this.observer.onDepth?.(this.queue.length);
  }

  private take(key: string): string {
    this.dirty.delete(key);
    this.processing.set(key, Date.now());
    const added = this.addedAt.get(key);
    this.addedAt.delete(key);
    this.observer.onGet?.(key, added === undefined ? 0 : (Date.now() - added) / 1000);
    this.observer.onDepth?.(this.queue.length);
    return key;
  }
}
