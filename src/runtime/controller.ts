import type { Logger } from 'pino';
import { nextWave, spread } from '../lib/backoff.js';
import { sameJsonText } from '../lib/json.js';
import type { InformerEvent, SharedInformer } from './informer.js';
import type { KubeObject } from './kube/types.js';
import type { OperatorMetrics } from './metrics.js';
import {
  ItemExponentialRateLimiter,
  WorkQueue,
  type QueuePriority,
  type RateLimiterOptions,
} from './workqueue.js';

export interface ReconcileResult {
  /**
   * Run again after this long (periodic drift check); jittered by the controller. With `retry`:
   * at the latest then, if the backoff would wait longer (not jittered).
   */
  requeueAfterMs?: number;
  /**
   * `requeueAfterMs` is the object's resync period, not a time anything is due: the controller
   * runs it in the wave of that period (nextWave), with the other objects of the same period.
   */
  periodic?: boolean;
  /** The reconciler handled and reported a failure; retry with the per-key backoff. */
  retry?: boolean;
  /**
   * The failure was unexpected (reported as Ready=False/InternalError): counted in
   * controller_runtime_reconcile_errors_total like a thrown error, so alerts on it still fire.
   */
  error?: boolean;
}

/**
 * Reconciles one key. `requeue` adds keys to this controller's queue: a reconcile may let go of
 * something other objects of its kind were waiting for (a claim, a name).
 */
export type ReconcileFn = (
  key: string,
  requeue: Requeue,
  /** `resync`: only the periodic requeue asked for this run, no change of the object or what it reads. */
  trigger: QueuePriority,
) => Promise<ReconcileResult | void>;

export type Requeue = (keys: Iterable<string>) => void;

export interface ControllerOptions {
  name: string;
  concurrency: number;
  reconcile: ReconcileFn;
  logger: Logger;
  metrics: OperatorMetrics;
  rateLimiter?: RateLimiterOptions;
}

/**
 * Spec-relevant changes only: our own status and finalizer writes bump resourceVersion but not
 * generation, and must not trigger another reconcile of the same object (which could repeat a
 * failing write to Grafana at once). Deletion sets deletionTimestamp, which does count.
 */
export function specOrMetadataChanged<T extends KubeObject>(event: InformerEvent<T>): boolean {
  if (event.type !== 'update' || !event.previous) return true;
  const now = event.object.metadata ?? {};
  const before = event.previous.metadata ?? {};
  return (
    now.generation !== before.generation ||
    now.deletionTimestamp !== before.deletionTimestamp ||
    !sameJsonText(now.labels, before.labels) ||
    !sameJsonText(now.annotations, before.annotations)
  );
}

const DEFAULT_RATE_LIMIT: RateLimiterOptions = { baseDelayMs: 1_000, maxDelayMs: 5 * 60_000 };

/** Informer events → keyed queue → a bounded pool of workers calling `reconcile`. */
export class Controller {
  readonly queue: WorkQueue;
  private workers: Promise<void>[] = [];
  private active = 0;
  private readonly requeue: Requeue = (keys) => {
    for (const key of keys) this.queue.add(key);
  };

  constructor(readonly options: ControllerOptions) {
    this.queue = new WorkQueue(
      new ItemExponentialRateLimiter(options.rateLimiter ?? DEFAULT_RATE_LIMIT),
      options.metrics.queueObserver(options.name),
    );
  }

  get name(): string {
    return this.options.name;
  }

  /** Enqueues the object itself on its own events. */
  watchPrimary<T extends KubeObject>(
    informer: SharedInformer<T>,
    predicate: (event: InformerEvent<T>) => boolean = specOrMetadataChanged,
  ): void {
    informer.on((event) => {
      if (event.type === 'delete') this.queue.cancelDelayed(event.key);
      // What a (re)start finds is checked behind changes, as controller-runtime's priority queue
      // does its initial list: an edit made while thousands are checked goes first.
      if (predicate(event)) this.queue.add(event.key, event.initial ? 'initial' : 'event');
    });
  }

  /** Enqueues whatever keys `map` derives from an event of another resource. */
  watchMapped<T extends KubeObject>(
    informer: SharedInformer<T>,
    map: (event: InformerEvent<T>) => Iterable<string>,
  ): void {
    informer.on((event) => {
      // A start's first list of what they read (an instance, say, naming every object of its
      // namespace) is no change to them either: it must not lift them ahead of an edit.
      const priority = event.initial ? 'initial' : 'event';
      for (const key of map(event)) this.queue.add(key, priority);
    });
  }

  enqueue(key: string): void {
    this.queue.add(key);
  }

  start(): void {
    const { name, concurrency, metrics } = this.options;
    metrics.maxConcurrentReconciles.set({ controller: name }, concurrency);
    // One worker of several serves changes only: an edit never waits until a worker is free of
    // checks (a start's thousands, all waiting on Grafana's first lists, say).
    for (let i = 0; i < concurrency; i++) this.workers.push(this.work(concurrency > 1 && i === 0));
  }

  /** Finishes in-flight reconciles, then stops. */
  async stop(): Promise<void> {
    await this.queue.shutDownWithDrain();
    await Promise.all(this.workers);
    this.workers = [];
  }

  private async work(changesOnly: boolean): Promise<void> {
    for (;;) {
      const key = await this.queue.get(changesOnly);
      if (key === undefined) return;
      await this.process(key);
    }
  }

  private async process(key: string): Promise<void> {
    const { name, metrics, logger } = this.options;
    const labels = { controller: name };
    this.active++;
    metrics.activeWorkers.set(labels, this.active);
    const end = metrics.reconcileTime.startTimer(labels);
    // This run is what an earlier run's pending time (a retry's backoff, a recheck) asked for, and
    // its result says when the key is due next: left, that time would run the key again for nothing.
    this.queue.cancelDelayed(key);
    try {
      const trigger = this.queue.priorityOf(key) ?? 'event';
      const result = (await this.options.reconcile(key, this.requeue, trigger)) ?? {};
      if (result.retry) {
        metrics.reconcileTotal.inc({ ...labels, result: result.error ? 'error' : 'requeue' });
        if (result.error) metrics.reconcileErrors.inc(labels);
        this.queue.addRateLimited(key);
        // With a retry, a time something is due (a waiting state to write or announce) bounds the
        // backoff: whichever comes first runs it.
        if (result.requeueAfterMs !== undefined) this.queue.addAfter(key, result.requeueAfterMs);
      } else {
        this.queue.forget(key);
        if (result.requeueAfterMs !== undefined) {
          metrics.reconcileTotal.inc({ ...labels, result: 'requeue_after' });
          // A resync goes to its period's wave: a wave's objects share one list per kind and
          // instance, and an unchanged one costs only its checks against it (reconciler.ts).
          // Anything else due at a time is ±10 %. At resync priority: changes are served first.
          const delay = result.periodic ? nextWave(result.requeueAfterMs) : spread(result.requeueAfterMs);
          this.queue.addAfter(key, delay, 'resync');
        } else {
          metrics.reconcileTotal.inc({ ...labels, result: 'success' });
        }
      }
    } catch (err) {
      metrics.reconcileTotal.inc({ ...labels, result: 'error' });
      metrics.reconcileErrors.inc(labels);
      const delay = this.queue.addRateLimited(key);
      logger.error(
        { key, err: err instanceof Error ? err.message : String(err), retryInMs: delay },
        'reconcile failed',
      );
    } finally {
      end();
      this.queue.done(key);
      this.active--;
      metrics.activeWorkers.set(labels, this.active);
      metrics.longestRunning.set({ name, controller: name }, this.queue.longestRunningSeconds());
    }
  }
}
