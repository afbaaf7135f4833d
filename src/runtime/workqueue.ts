/**
 * A keyed work queue with client-go's semantics: a key is queued at most once (dirty set), is
 * never handed to two workers at once (processing set; a key added while it is processed is
 * queued again when `done` is called), and can be re-added after a delay or with a per-key
 * exponential backoff.
 *
 * Keys are handed out in two tiers, as in controller-runtime's priority queue: a change of an
 * object (`event`) before periodic resyncs (`resync`) and what a (re)start's first list found
 * (`initial`), so an edit does not wait behind thousands of routine checks. A key already queued
 * keeps its place unless it is added again as an event, which moves it up.
 */
import { exponentialMs } from '../lib/backoff.js';
import { DelayedAdds } from './delayed-adds.js';

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

/**
 * Why a key is queued: `event` a change (or a retry, a requeue), `resync` its periodic check alone,
 * `initial` what the informer's first list found when the operator (or its leadership) started.
 * The last two wait behind events; the reconcile is told which it was (its trigger).
 */
export type QueuePriority = 'event' | 'resync' | 'initial';

type Tier = 'first' | 'behind';

const tierOf = (priority: QueuePriority): Tier => (priority === 'event' ? 'first' : 'behind');

export class WorkQueue {
  private readonly queues: Record<Tier, string[]> = { first: [], behind: [] };
  /** Keys waiting to be processed (queued, or to be queued on `done`), with their priority. */
  private readonly dirty = new Map<string, QueuePriority>();
  private readonly processing = new Map<string, number>();
  /** The priority each key being processed was handed out with. */
  private readonly takenAs = new Map<string, QueuePriority>();
  private readonly addedAt = new Map<string, number>();
  private readonly delayed = new DelayedAdds((key, priority) => this.add(key, priority));
  /** Workers waiting for a key; `changesOnly` ones take first-tier keys alone. */
  private readonly waiters: Array<{ resolve: (key: string | undefined) => void; changesOnly: boolean }> = [];
  private shuttingDown = false;
  private drainWaiters: Array<() => void> = [];

  constructor(
    readonly rateLimiter: ItemExponentialRateLimiter,
    private readonly observer: QueueObserver = {},
  ) {}

  add(key: string, priority: QueuePriority = 'event'): void {
    if (this.shuttingDown) return;
    const queued = this.dirty.get(key);
    if (queued !== undefined) {
      if (queued !== 'event' && priority === 'event') this.raise(key);
      return;
    }
    this.dirty.set(key, priority);
    this.observer.onAdd?.(key);
    if (this.processing.has(key)) return;
    this.push(key);
  }

  /**
   * Adds the key after `delayMs`; an earlier pending deadline for the same key wins (keeping the
   * higher of the two priorities).
   */
  addAfter(key: string, delayMs: number, priority: QueuePriority = 'event'): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) return this.add(key, priority);
    const at = Date.now() + delayMs;
    const pending = this.delayed.get(key);
    if (pending && pending.at <= at) {
      if (priority === 'event') pending.priority = 'event';
      return;
    }
    this.delayed.set(key, at, pending?.priority === 'event' ? 'event' : priority);
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
    this.delayed.delete(key);
  }

  /**
   * Resolves with the next key, or undefined once the queue is shut down and empty. `changesOnly`:
   * a key of the first tier only (an event), never a resync or a start's check.
   */
  get(changesOnly = false): Promise<string | undefined> {
    const key = this.queues.first.shift() ?? (changesOnly ? undefined : this.queues.behind.shift());
    if (key !== undefined) return Promise.resolve(this.take(key));
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push({ resolve, changesOnly }));
  }

  done(key: string): void {
    const started = this.processing.get(key);
    this.processing.delete(key);
    this.takenAs.delete(key);
    if (started !== undefined) this.observer.onDone?.(key, (Date.now() - started) / 1000);
    if (this.dirty.has(key) && !this.shuttingDown) this.push(key);
    if (this.processing.size === 0) for (const resolve of this.drainWaiters.splice(0)) resolve();
  }

  /**
   * Why a key being processed was handed out: `resync` when only its periodic requeue asked for
   * it, `initial` when only a (re)start's first list did, `event` when a change, a retry or
   * anything else did. Undefined when it is not processed.
   */
  priorityOf(key: string): QueuePriority | undefined {
    return this.takenAs.get(key);
  }

  len(): number {
    return this.queues.first.length + this.queues.behind.length;
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
    this.delayed.clear();
    this.queues.first.length = 0;
    this.queues.behind.length = 0;
    this.dirty.clear();
    this.observer.onDepth?.(0);
    for (const { resolve } of this.waiters.splice(0)) resolve(undefined);
    if (this.processing.size === 0) return;
    await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
  }

  /** Moves a waiting resync (or initial check) up to an event; one in flight is re-queued as an event on `done`. */
  private raise(key: string): void {
    this.dirty.set(key, 'event');
    const index = this.queues.behind.indexOf(key);
    if (index === -1) return;
    this.queues.behind.splice(index, 1);
    this.offer(key);
  }

  private push(key: string): void {
    this.addedAt.set(key, Date.now());
    this.offer(key);
  }

  /**
   * Hands the key to a waiting worker that takes its tier — for a change, one that takes changes
   * only, if one waits, so the others stay free for the rest — or queues it in its tier.
   */
  private offer(key: string): void {
    const tier = tierOf(this.dirty.get(key) ?? 'event');
    let index = this.waiters.findIndex((w) => w.changesOnly === (tier === 'first'));
    if (index === -1 && tier === 'first' && this.waiters.length > 0) index = 0;
    if (index !== -1) {
      const [waiter] = this.waiters.splice(index, 1);
      waiter!.resolve(this.take(key));
      return;
    }
    this.queues[tier].push(key);
    this.observer.onDepth?.(this.len());
  }

  private take(key: string): string {
    this.takenAs.set(key, this.dirty.get(key) ?? 'event');
    this.dirty.delete(key);
    this.processing.set(key, Date.now());
    const added = this.addedAt.get(key);
    this.addedAt.delete(key);
    this.observer.onGet?.(key, added === undefined ? 0 : (Date.now() - added) / 1000);
    this.observer.onDepth?.(this.len());
    return key;
  }
}
