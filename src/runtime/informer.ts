import type { Logger } from 'pino';
import type { KubeClient } from './kube/client.js';
import { isGone, KubeApiError } from './kube/errors.js';
import { objectKey, type KubeObject, type ResourceType, type WatchEvent } from './kube/types.js';
import { Backoff, sleep, spread } from '../lib/backoff.js';
import { compactMetadataRecord, InternTable } from './compact-metadata.js';

export type InformerEventType = 'add' | 'update' | 'delete';

export interface InformerEvent<T extends KubeObject> {
  type: InformerEventType;
  key: string;
  object: T;
  previous?: T;
  /**
   * An add from the informer's first list: the object was there before this informer (the
   * operator, or its leadership) started, and no change of it asked to reconcile it. Adds of a
   * later relist are objects its watch missed, changes like any other.
   */
  initial?: boolean;
}

/**
 * A local cache of one kind, kept current by list+watch, and the events that change it. Keys are
 * `namespace/name` (`name` for cluster-scoped kinds).
 */
export interface SharedInformer<T extends KubeObject> {
  on(handler: (event: InformerEvent<T>) => void): void;
  get(key: string): T | undefined;
  list(): T[];
  keys(): string[];
  hasSynced(): boolean;
  waitForSync(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

export interface InformerOptions<T extends KubeObject> {
  type: ResourceType;
  /** Undefined watches every namespace. */
  namespace?: string;
  labelSelector?: string;
  /**
   * Cache PartialObjectMetadata only. Reconcilers read the full object when they run, so a
   * cache of thousands of ~1 MiB dashboards stays a cache of small metadata records. Records
   * (and the objects of events) carry no `kind`/`apiVersion`: the informer's type names them.
   */
  metadataOnly?: boolean;
  /** Applied to every object before it is cached; the default drops managedFields. */
  transform?: (object: T) => T;
  /** Server-side watch timeout; the server closes the stream after it and we resume. */
  watchTimeoutSeconds?: number;
  /** A full relist (diffed against the cache) this often, in case a watch went silently stale. */
  relistIntervalMs?: number;
  logger: Logger;
  onWatchError?: (err: unknown) => void;
}

const DEFAULT_WATCH_TIMEOUT_SECONDS = 300;
const DEFAULT_RELIST_INTERVAL_MS = 30 * 60_000;
/** Slack past the server-side timeout before a watch with no bytes at all is declared dead. */
const WATCHDOG_GRACE_MS = 30_000;

export function stripManagedFields<T extends KubeObject>(object: T): T {
  if (object.metadata?.managedFields) delete object.metadata.managedFields;
  const annotations = object.metadata?.annotations;
  if (annotations?.['kubectl.kubernetes.io/last-applied-configuration']) {
    // A second copy of the whole spec: as large as the object and never read by us.
    delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  }
  return object;
}

/**
 * List + watch with a local cache, built to never stop on its own: a watch error backs off and
 * resumes from the last resourceVersion, 410 Gone relists, a watch with no bytes past its
 * timeout is aborted by a watchdog, and a periodic relist is diffed into the cache so only real
 * changes reach handlers (no replay of everything on reconnect).
 */
export class Informer<T extends KubeObject> implements SharedInformer<T> {
  private readonly cache = new Map<string, T>();
  private readonly handlers: Array<(event: InformerEvent<T>) => void> = [];
  private resourceVersion = '';
  private stopped = true;
  private synced = false;
  private syncWaiters: Array<() => void> = [];
  private currentWatch: AbortController | undefined;
  private relistDue = false;
  private relistTimer: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;
  private stopping = new AbortController();
  private readonly backoff = new Backoff(1_000, 30_000);
  /** Shared copies of the strings metadata records repeat; only for metadata-only caches. */
  private readonly interned: InternTable | undefined;

  constructor(
    private readonly client: KubeClient,
    readonly options: InformerOptions<T>,
  ) {
    this.interned = options.metadataOnly ? new InternTable() : undefined;
  }

  on(handler: (event: InformerEvent<T>) => void): void {
    this.handlers.push(handler);
  }

  get(key: string): T | undefined {
    return this.cache.get(key);
  }

  list(): T[] {
    return [...this.cache.values()];
  }

  keys(): string[] {
    return [...this.cache.keys()];
  }

  hasSynced(): boolean {
    return this.synced;
  }

  waitForSync(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = new AbortController();
    const interval = this.options.relistIntervalMs ?? DEFAULT_RELIST_INTERVAL_MS;
    this.relistTimer = setInterval(() => this.requestRelist(), interval);
    this.relistTimer.unref();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    clearInterval(this.relistTimer);
    this.currentWatch?.abort();
    await this.loop;
  }

  /** Forces the next cycle to relist, and ends the current watch so that happens now. */
  requestRelist(): void {
    this.relistDue = true;
    this.currentWatch?.abort();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (!this.resourceVersion || this.relistDue) await this.relist();
        await this.watchOnce();
        this.backoff.reset();
      } catch (err) {
        if (this.stopped) break;
        if (isGone(err)) {
          this.options.logger.info(
            { resource: this.options.type.plural },
            'watch expired (410 Gone); relisting',
          );
          this.resourceVersion = '';
          continue;
        }
        this.options.onWatchError?.(err);
        const delay = this.backoff.next();
        this.options.logger.warn(
          { resource: this.options.type.plural, err: describe(err), retryInMs: delay },
          'list/watch failed; retrying',
        );
        await sleep(delay, this.stopping.signal);
      }
    }
  }

  private async relist(): Promise<void> {
    this.relistDue = false;
    const list = await this.client.list<T>(this.options.type, this.options.namespace, {
      labelSelector: this.options.labelSelector,
      metadataOnly: this.options.metadataOnly,
    });
    const seen = new Set<string>();
    const initial = !this.synced;
    for (const item of list.items) {
      const object = this.prepare(item);
      const key = objectKey(object);
      seen.add(key);
      this.upsert(key, object, initial);
    }
    for (const [key, object] of this.cache) {
      if (!seen.has(key)) {
        this.cache.delete(key);
        this.emit({ type: 'delete', key, object });
      }
    }
    this.resourceVersion = list.metadata?.resourceVersion ?? '';
    if (!this.synced) {
      this.synced = true;
      for (const resolve of this.syncWaiters.splice(0)) resolve();
    }
  }

  private async watchOnce(): Promise<void> {
    // stop() during the relist before it aborted no watch (none was open); a watch opened now
    // would hold stop() until its timeout.
    if (this.stopped) return;
    const controller = new AbortController();
    this.currentWatch = controller;
    // Spread so many informers don't renew their watches in lockstep.
    const timeoutSeconds = spread(this.options.watchTimeoutSeconds ?? DEFAULT_WATCH_TIMEOUT_SECONDS);
    const idleLimitMs = timeoutSeconds * 1000 + WATCHDOG_GRACE_MS;
    let watchdog = setTimeout(() => controller.abort(), idleLimitMs);
    const feedWatchdog = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        this.options.logger.warn(
          { resource: this.options.type.plural },
          'watch silent past its timeout; restarting',
        );
        controller.abort();
      }, idleLimitMs);
    };
    try {
      await this.client.watch(
        this.options.type,
        this.options.namespace,
        {
          resourceVersion: this.resourceVersion,
          timeoutSeconds,
          labelSelector: this.options.labelSelector,
          metadataOnly: this.options.metadataOnly,
          signal: controller.signal,
          onActivity: feedWatchdog,
        },
        (event) => this.apply(event),
      );
    } catch (err) {
      // Our own abort (relist requested, watchdog, stop) surfaces as whatever error the socket
      // raised; it is not a failure to back off from.
      if (!controller.signal.aborted) throw err;
    } finally {
      clearTimeout(watchdog);
      this.currentWatch = undefined;
    }
  }

  private apply(event: WatchEvent): void {
    if (event.type === 'ERROR') {
      const status = event.object;
      throw new KubeApiError(
        'WATCH',
        this.options.type.plural,
        status.code ?? 500,
        status.reason,
        status.message ?? '',
      );
    }
    const object = this.prepare(event.object as T);
    const rv = object.metadata?.resourceVersion;
    if (event.type === 'BOOKMARK') {
      if (rv) this.resourceVersion = rv;
      return;
    }
    const key = objectKey(object);
    if (event.type === 'DELETED') {
      const previous = this.cache.get(key);
      this.cache.delete(key);
      this.emit({ type: 'delete', key, object: previous ?? object });
    } else {
      this.upsert(key, object);
    }
    if (rv) this.resourceVersion = rv;
  }

  private upsert(key: string, object: T, initial = false): void {
    const previous = this.cache.get(key);
    if (previous?.metadata?.resourceVersion === object.metadata?.resourceVersion && previous) return;
    this.cache.set(key, object);
    this.emit(previous ? { type: 'update', key, object, previous } : { type: 'add', key, object, initial });
  }

  private prepare(object: T): T {
    const prepared = (this.options.transform ?? stripManagedFields)(object);
    return this.interned ? compactMetadataRecord(prepared, this.interned) : prepared;
  }

  private emit(event: InformerEvent<T>): void {
    for (const handler of this.handlers) {
      try {
        handler(event);
      } catch (err) {
        this.options.logger.error({ err: describe(err) }, 'informer handler failed');
      }
    }
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
