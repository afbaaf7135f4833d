import type { Logger } from 'pino';
import { validateSpec } from './validation.js';
import { findCondition, setCondition, type Condition } from './conditions.js';
import type { ReconcileResult, Requeue } from './controller.js';
import type { EventRecorder } from './events.js';
import { addFinalizer, addFinalizerFromCache, hasFinalizer, removeFinalizer } from './finalizers.js';
import { internalErrorState, loggableError } from './internal-error.js';
import type { KubeClient } from './kube/client.js';
import { isConflict } from './kube/errors.js';
import { CoreTypes, splitKey, type KubeObject, type ResourceType } from './kube/types.js';
import { HeldWaits } from './held-waits.js';
import type { InitialReads } from './initial-reads.js';
import { isWaitingReason, ReadyNotices } from './ready-events.js';
import { RecordingSet, ReferenceTracker } from './references.js';
import { ConfigMapReader, SecretReader } from './secrets.js';
import { updateStatus } from './status.js';
import type { QueuePriority } from './workqueue.js';
import { recordReads, unrecorded, type ReadRecord } from '../lib/read-record.js';

export interface ObjectStatus {
  observedGeneration?: number;
  conditions?: Condition[];
}

export interface ManagedObject<Spec, Status extends ObjectStatus> extends KubeObject {
  spec: Spec;
  status?: Status;
}

export interface ReadyState {
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
}

/** What a kind's adapter found and did, for the skeleton to report. */
export interface Outcome<Status> {
  ready: ReadyState;
  /** Status fields besides conditions/observedGeneration; replaces the previous ones. */
  status?: Omit<Status, 'conditions' | 'observedGeneration'>;
  /** Healthy: come back after this long to check for drift. */
  requeueAfterMs?: number;
  /** Failed in a way that should be retried with backoff. */
  retry?: boolean;
  /**
   * What the object should be changes with the clock alone (a silence's window): a resync must
   * look at it in full even when nothing it read changed.
   */
  clockBound?: boolean;
  /**
   * Ready=False only means "not yet" (see WAITING_REASONS): no Warning until it persists.
   * Default: whether the reason is a waiting one; an adapter that sums up several failures
   * under one reason (PartiallySynced) says it.
   */
  waiting?: boolean;
  /**
   * The run wrote nothing anywhere (Grafana included) that this status would record: a new
   * object's waiting state may then be held back for a moment (HeldWaits).
   */
  nothingWritten?: boolean;
}

export interface ReconcileContext<T> {
  object: T;
  key: string;
  namespace: string;
  kube: KubeClient;
  secrets: SecretReader;
  configMaps: ConfigMapReader;
  logger: Logger;
  /** Objects this one depends on (`Kind/namespace/name`, see ReferenceTracker.key); their changes requeue it. */
  references: Set<string>;
  /** Records an Event on the object (deduplicated). */
  event(type: 'Normal' | 'Warning', reason: string, message: string): Promise<void>;
  /** Requeues other objects of this kind (e.g. ones waiting for something this one let go). */
  requeue: Requeue;
  /**
   * Why this run: `resync` when the work queue handed the key out for its periodic resync alone
   * (then reads must see Grafana as it is now), `initial` as what a (re)start's first list found
   * (read as for a change: the start's lists serve the whole check), `event` for a change, a
   * retry or a requeue.
   */
  trigger: QueuePriority;
}

/** The per-kind part: everything the generic skeleton cannot know. */
export interface KindAdapter<Spec, Status extends ObjectStatus, T extends ManagedObject<Spec, Status>> {
  resource: ResourceType;
  specSchema: object;
  /** Whether deletion must clean something up (adds our finalizer while the object lives). */
  finalizes: boolean;
  reconcile(context: ReconcileContext<T>): Promise<Outcome<Status>>;
  /** Called once the object is being deleted; resolves when it may go. */
  finalize?(context: ReconcileContext<T>): Promise<Outcome<Status> | void>;
  /** Turns an error the adapter threw into a Ready=False outcome; undefined = unexpected. */
  classifyError?(error: unknown): Outcome<Status> | undefined;
  /** Called when the object is gone, to drop per-object state (`requeue`: as in the context). */
  forget?(key: string, requeue: Requeue): void;
  /**
   * Kinds any change of whose objects, status too, requeues every object of this kind in their
   * namespace: for a kind whose objects report what others made of them (a policy route, on the
   * policies that select it). For the operator's wiring (controllers/index.ts).
   */
  requeuedBy?: readonly ResourceType[];
}

/** Any adapter, its types left open: for lists of kinds. */
export type AnyKindAdapter = KindAdapter<unknown, ObjectStatus, ManagedObject<unknown, ObjectStatus>>;

export interface SkeletonDeps {
  kube: KubeClient;
  events: EventRecorder;
  references: ReferenceTracker;
  logger: Logger;
  /** How long a waiting state may last before it is a Warning Event (default 60 s). */
  waitingWarningAfterMs?: number;
  /** How long a new object's first waiting state stays out of its status (HeldWaits; default 0, written at once). */
  firstWaitHeldMs?: number;
  /**
   * Whether a key is still this operator's, when it is one shard of several: an object relabelled
   * into another shard is let go like a deleted one, and never written by two. Undefined: all are.
   */
  inShard?: (key: string) => boolean;
  /**
   * The object as the operator's cache (metadata only) holds it: a resync whose object still has
   * the resourceVersion its last in-sync reconcile left need not GET it (see reconcileWith).
   * Undefined: every run GETs the object.
   */
  cached?: (key: string) => KubeObject | undefined;
  /** Copies a (re)start's list read ahead (InitialReads): a reconcile takes its own instead of a GET. */
  initialReads?: Pick<InitialReads, 'take'>;
}

/** What the last reconcile of an object in sync depended on, for its next resync. */
interface InSync {
  resourceVersion: string;
  requeueAfterMs: number;
  reads: ReadRecord;
}

const DEFAULT_WAITING_WARNING_AFTER_MS = 60_000;

/**
 * The reconcile skeleton every kind shares: get → deletion/finalizer → suspend → validate →
 * adapter (observe, compare, act) → report (status via /status only when changed, an Event when
 * Ready's status, reason or message changes — for a waiting state only once it persists —,
 * references for requeueing). A kind supplies only its adapter.
 *
 * A periodic resync (nothing else asked for the run) of an object the last reconcile left in
 * sync, whose cached resourceVersion is still the one that reconcile left, runs only the checks
 * of what it read (read-record.ts: the list items it observed Grafana through); when they all
 * find what was read, nothing changed and the object is neither read nor written. Any change of
 * the object or of what it references comes as an event and runs in full, as does every object
 * whose reconcile made a request a check cannot repeat (a GET past the lists, a write).
 */
export function reconcileWith<Spec, Status extends ObjectStatus, T extends ManagedObject<Spec, Status>>(
  adapter: KindAdapter<Spec, Status, T>,
  deps: SkeletonDeps,
): (key: string, requeue: Requeue, trigger?: QueuePriority) => Promise<ReconcileResult> {
  const kind = adapter.resource.kind;
  const notices = new ReadyNotices(deps.waitingWarningAfterMs ?? DEFAULT_WAITING_WARNING_AFTER_MS);
  const heldWaits = new HeldWaits(deps.firstWaitHeldMs ?? 0);
  const inSync = new Map<string, InSync>();

  /** For a resync: how long until the next one when nothing changed since the last in-sync reconcile. */
  async function stillInSync(key: string, logger: Logger): Promise<number | undefined> {
    const last = inSync.get(key);
    if (!last || !deps.cached) return undefined;
    const cached = deps.cached(key);
    if (cached?.metadata?.resourceVersion !== last.resourceVersion || cached.metadata.deletionTimestamp) {
      return undefined;
    }
    if (deps.inShard && !deps.inShard(key)) return undefined;
    // A check that cannot be made (a list call failing) leaves it to the full reconcile to report.
    const unchanged = await last.reads.unchanged().catch(() => false);
    logger.debug({ unchanged }, 'resync: checked what the last reconcile read');
    return unchanged ? last.requeueAfterMs : undefined;
  }

  /**
   * A new object (the metadata cache shows it without our finalizer, not being deleted, in this
   * shard) gets the finalizer first, and the PATCH's answer is the object: one request where a
   * GET and then the PATCH were two. Undefined when that does not apply or the cache was stale.
   */
  async function finalizedFromCache(key: string): Promise<T | undefined> {
    if (!adapter.finalizes || !deps.cached) return undefined;
    const cached = deps.cached(key);
    if (!cached || cached.metadata?.deletionTimestamp || hasFinalizer(cached)) return undefined;
    if (deps.inShard && !deps.inShard(key)) return undefined;
    return (await addFinalizerFromCache(deps.kube, adapter.resource, cached)) as T | undefined;
  }

  return async (key, requeue, trigger = 'event') => {
    const { namespace = '', name } = splitKey(key);
    const logger = deps.logger.child({ kind, namespace, name });
    const unchangedFor = trigger === 'resync' ? await stillInSync(key, logger) : undefined;
    if (unchangedFor !== undefined) return { requeueAfterMs: unchangedFor, periodic: true };
    inSync.delete(key);
    const owner = ReferenceTracker.key(kind, namespace, name);
    // Taken first, so a copy listed for this key is let go whichever way the object is read.
    const listed = await deps.initialReads?.take(key, trigger === 'initial');
    // Not older than the cache's version (and our own last write): the apiserver answers from its
    // watch cache, sparing etcd a quorum read per reconcile; a copy a start's list read ahead,
    // if it is that recent, spares the request.
    const object =
      (await finalizedFromCache(key)) ??
      (await deps.kube.find<T>(adapter.resource, namespace, name, {
        notOlderThan: deps.cached?.(key)?.metadata?.resourceVersion,
        listed,
      }));
    if (!object || (deps.inShard && !deps.inShard(key))) {
      if (object) logger.debug('no longer in this shard; let go');
      deps.references.remove(owner);
      notices.forget(key);
      heldWaits.forget(key);
      adapter.forget?.(key, requeue);
      return {};
    }
    // Each reference counts from the moment it is named, before it is read: an event on it
    // while this reconcile still runs requeues the object (ReferenceTracker.add).
    const track = (ref: string) => deps.references.add(owner, ref);
    const secrets = new SecretReader(deps.kube, namespace, (secret) =>
      track(ReferenceTracker.key(CoreTypes.secret.kind, namespace, secret)),
    );
    const configMaps = new ConfigMapReader(deps.kube, namespace, (map) =>
      track(ReferenceTracker.key(CoreTypes.configMap.kind, namespace, map)),
    );
    const references = new RecordingSet(track);
    const apiVersion = `${adapter.resource.group}/${adapter.resource.version}`;
    /** Set when the adapter threw something its classifyError did not know. */
    let unexpected = false;
    const context: ReconcileContext<T> = {
      object,
      key,
      namespace,
      kube: deps.kube,
      secrets,
      configMaps,
      logger,
      references,
      // An Event reports; nothing the reconcile decides depends on it (read-record.ts).
      event: (type, reason, message) =>
        unrecorded(() => deps.events.record({ ...object, apiVersion, kind }, type, reason, message)),
      requeue,
      trigger,
    };

    if (object.metadata?.deletionTimestamp) {
      if (!hasFinalizer(object)) return {};
      const outcome = adapter.finalize ? await runAdapter(() => adapter.finalize!(context)) : undefined;
      if (outcome && (outcome.retry || outcome.ready.status !== 'True')) {
        await report(object, outcome);
        return { retry: true, ...(unexpected ? { error: true } : {}) };
      }
      try {
        await removeFinalizer(deps.kube, adapter.resource, object);
      } catch (err) {
        if (isConflict(err)) return { retry: true };
        throw err;
      }
      // References stay until the object is gone, so handlers of its delete event can still
      // see what it depended on (a folder waiting for its children).
      adapter.forget?.(key, requeue);
      logger.info('finalized');
      return {};
    }

    if (adapter.finalizes && !hasFinalizer(object)) {
      try {
        await addFinalizer(deps.kube, adapter.resource, object);
      } catch (err) {
        if (isConflict(err)) return { retry: true };
        throw err;
      }
    }

    if ((object.spec as { suspend?: boolean }).suspend) {
      await report(object, {
        ready: {
          status: 'False',
          reason: 'Suspended',
          message: 'Reconciliation is suspended (spec.suspend is true)',
        },
        status: statusFields(object.status),
      });
      return {};
    }

    const validation = validateSpec(adapter.specSchema, object.spec);
    if (!validation.valid) {
      await report(object, {
        ready: { status: 'False', reason: 'InvalidSpec', message: validation.errors.join('; ') },
        status: statusFields(object.status),
      });
      return {};
    }

    let outcome: Outcome<Status>;
    let reads: ReadRecord | undefined;
    try {
      ({ result: outcome, record: reads } = await recordReads(() =>
        runAdapter(() => adapter.reconcile(context)),
      ));
    } finally {
      deps.references.set(owner, [
        ...[...secrets.referenced].map((secret) =>
          ReferenceTracker.key(CoreTypes.secret.kind, namespace, secret),
        ),
        ...[...configMaps.referenced].map((map) =>
          ReferenceTracker.key(CoreTypes.configMap.kind, namespace, map),
        ),
        ...references,
      ]);
    }
    const recheckInMs = await report(object, outcome);
    if (outcome.retry) {
      return {
        retry: true,
        ...(recheckInMs !== undefined ? { requeueAfterMs: recheckInMs } : {}),
        ...(unexpected ? { error: true } : {}),
      };
    }
    // A waiting state not announced yet is looked at again when it would have persisted.
    const after = Math.min(outcome.requeueAfterMs || Infinity, recheckInMs ?? Infinity);
    if (after === Infinity) return {};
    // The adapter's resync period, not a time something is due: the controller's wave for it.
    const periodic = recheckInMs === undefined && !outcome.clockBound;
    const resourceVersion = object.metadata?.resourceVersion;
    if (outcome.ready.status === 'True' && periodic && resourceVersion && reads.repeatable) {
      inSync.set(key, { resourceVersion, requeueAfterMs: after, reads });
    } else if (reads.unrepeatable !== undefined) {
      logger.trace({ unrepeatable: reads.unrepeatable }, 'the next resync reads the object in full');
    }
    return { requeueAfterMs: after, ...(periodic ? { periodic } : {}) };

    async function runAdapter<O extends Outcome<Status> | void>(
      run: () => Promise<O>,
    ): Promise<O | Outcome<Status>> {
      try {
        return await run();
      } catch (err) {
        const known = adapter.classifyError?.(err);
        if (known) return { ...known, retry: known.retry ?? true };
        // Every failure reaches status: what no adapter foresaw is InternalError, with its message
        // there and its stack here. Only failures to talk to the apiserver itself stay log-only.
        logger.error(
          { error: loggableError(err) },
          'unexpected error, reported as Ready=False/InternalError',
        );
        unexpected = true;
        return { ready: internalErrorState(err), status: statusFields(context.object.status), retry: true };
      }
    }

    /** Writes status and tells what changed; returns when to look again at a waiting state. */
    async function report(target: T, result: Outcome<Status>): Promise<number | undefined> {
      const waiting = result.waiting ?? isWaitingReason(result.ready.reason);
      if (
        target.status === undefined &&
        result.nothingWritten &&
        result.ready.status === 'False' &&
        waiting
      ) {
        const heldForMs = heldWaits.hold(key);
        if (heldForMs !== undefined) {
          logger.debug(
            { ready: 'False', reason: result.ready.reason, heldForMs },
            'waiting; status held back',
          );
          return heldForMs;
        }
      } else {
        heldWaits.forget(key);
      }
      const generation = target.metadata?.generation;
      const previous = findCondition(target.status?.conditions, 'Ready');
      const conditions = setCondition(target.status?.conditions, {
        type: 'Ready',
        ...result.ready,
        ...(generation !== undefined ? { observedGeneration: generation } : {}),
      });
      const status = {
        ...(result.status ?? {}),
        ...(generation !== undefined ? { observedGeneration: generation } : {}),
        conditions,
      } as unknown as Status;
      const statusWritten = await updateStatus(deps.kube, adapter.resource, target, status);
      const ready = findCondition(conditions, 'Ready')!;
      const notice = notices.decide(key, previous, ready, waiting);
      if (notice.log) logger[notice.log]({ ready: ready.status, reason: ready.reason }, ready.message);
      if (notice.event) await context.event(notice.event.type, notice.event.reason, notice.event.message);
      logger.debug(
        {
          ready: ready.status,
          reason: ready.reason,
          statusWritten,
          event: notice.event?.type ?? (notice.recheckInMs !== undefined ? 'deferred' : 'none'),
          ...(notice.recheckInMs !== undefined ? { recheckInMs: notice.recheckInMs } : {}),
        },
        'reconciled',
      );
      return notice.recheckInMs;
    }
  };
}

/** The status an object already has, minus what the skeleton recomputes. */
function statusFields<Status extends ObjectStatus>(
  status: Status | undefined,
): Omit<Status, 'conditions' | 'observedGeneration'> {
  const { conditions: _c, observedGeneration: _g, ...rest } = (status ?? {}) as Status;
  return rest;
}
