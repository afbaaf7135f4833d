/**
 * The sync layer's reconcile of a Grafana object, for any kind described by an ObjectKind
 * (object-kind.ts): select the instances, and per instance decide the uid, claim its keys, observe,
 * judge ownership, compare by hash and diff, write or skip, and leave the instances no longer
 * selected as deletionPolicy says; then one Ready condition over all of them.
 */
import type { GrafanaInstance, GrafanaObjectStatus } from '../api/generated/index.js';
import { GrafanaInstanceResource } from '../api/generated/index.js';
import { GrafanaNotFoundError } from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import { isTrue } from '../runtime/conditions.js';
import { boundedList } from '../lib/messages.js';
import type { SharedInformer } from '../runtime/informer.js';
import type { KindAdapter, ManagedObject, Outcome, ReadyState } from '../runtime/reconciler.js';
import { ReferenceTracker } from '../runtime/references.js';
import { KeyNotFoundError } from '../runtime/secrets.js';
import type { ClaimRegistry } from './claims.js';
import { holdsContent } from './instance-dependants.js';
import {
  currentStatus,
  definedApplied,
  isSlow,
  keepApplied,
  now,
  onlyWaits,
  perInstance,
  plural,
  selectInstances,
  stateFor,
  unfinishedHash,
  type InstanceEntry,
} from './instance-entries.js';
import { claimScope, claimScopePrefix, instanceVerdict } from './instance-verdict.js';
import { madeMeanwhile, removeThrough, writeThrough } from './kind-calls.js';
import {
  type AnyObjectKind,
  type CommonSpec,
  type FolderReader,
  type KindContext,
  type ObjectKind,
  type Shown,
  type Written,
  resyncPeriodMs,
} from './object-kind.js';
import type { InstanceAddress, InstanceTargets } from './targets.js';
import { deriveUid } from './uid.js';

export interface GrafanaObjectDeps {
  instances: SharedInformer<GrafanaInstance>;
  targets: InstanceTargets;
  claims: ClaimRegistry;
  /** Every kind the operator runs (KindContext.kinds). */
  kinds: readonly AnyObjectKind[];
  /** KindContext.folders. */
  folders: FolderReader;
}

/** Adapts an ObjectKind to the runtime's reconcile skeleton. */
export function grafanaObjectAdapter<
  Spec extends CommonSpec,
  T extends ManagedObject<Spec, GrafanaObjectStatus>,
  Desired,
  Observed,
  Listed,
>(
  kind: ObjectKind<Spec, T, Desired, Observed, Listed>,
  deps: GrafanaObjectDeps,
): KindAdapter<Spec, GrafanaObjectStatus, T> {
  const scopeOf = (instance: GrafanaInstance) => claimScope(kind, instance);
  const judge = instanceVerdict(kind, deps);

  return {
    resource: kind.resource,
    specSchema: kind.specSchema,
    finalizes: true,
    forget: (key, requeue) => requeue(deps.claims.release(key)),

    async reconcile(context) {
      const { object, namespace } = context;
      const spec = object.spec;
      // Kinds whose content names their uid decide it per instance, once `desired` is built.
      const uid = spec.uid ?? deriveUid(namespace, object.metadata?.name ?? '');
      const previous = new Map((object.status?.instances ?? []).map((entry) => [entry.name, entry]));
      const selected = selectInstances(deps.instances, namespace, spec.instanceSelector);
      const kindContext: KindContext<T> = {
        ...context,
        uid,
        kinds: deps.kinds,
        folders: deps.folders,
        selected: selected.map((instance) => instance.metadata?.name ?? ''),
      };
      for (const instance of selected) {
        context.references.add(
          ReferenceTracker.key(GrafanaInstanceResource.kind, namespace, instance.metadata?.name ?? ''),
        );
      }

      const entries: InstanceEntry[] = [];
      let slowRetry = false;
      let firstDesired: Desired | undefined;
      let decided: { uid: string; note?: string } | undefined;
      let recheckAt = Infinity;
      // What the first instance holds, when a check found it in sync (statusOf).
      let firstInSync: Observed | undefined;
      for (const instance of selected) {
        const entry = await syncToInstance(
          kindContext,
          instance,
          previous.get(instance.metadata?.name ?? ''),
          (desired) => (firstDesired ??= desired),
          (choice) => (decided ??= choice),
          (at) => (recheckAt = Math.min(recheckAt, at)),
          (observed) => (firstInSync ??= observed),
        );
        if (!entry.synced && isSlow(entry.reason)) slowRetry = true;
        entries.push(entry);
      }

      // Claims on orgs this object no longer targets are let go (waiting objects requeued).
      context.requeue(
        deps.claims.releaseOtherScopes(context.key, claimScopePrefix(kind), new Set(selected.map(scopeOf))),
      );

      // Instances no longer selected: the object leaves them, as deletionPolicy says.
      const selectedNames = new Set(selected.map((i) => i.metadata?.name));
      for (const [name, entry] of previous) {
        if (selectedNames.has(name)) continue;
        const kept = await leaveInstance(kindContext, name, entry);
        if (kept) entries.push(kept);
      }

      const synced = entries.filter((e) => e.synced && selectedNames.has(e.name)).length;
      // Until some instance got as far as reading the content, its uid is the one shown before.
      const shownUid = kind.contentUid ? (decided?.uid ?? object.status?.uid) : uid;
      const status = {
        ...(shownUid !== undefined ? { uid: shownUid } : {}),
        ...shownStatus(object, firstDesired),
        instancesSummary: `${synced}/${selected.length}`,
        instances: entries,
        ...kind.statusOf?.(entries, firstDesired, firstInSync),
      };
      const resync = resyncPeriodMs(spec);
      // Nothing in sync and nothing written on the way (an unfinished write keeps its hash).
      const nothingWritten = entries.every((e) => !e.synced && e.appliedHash === undefined);
      if (selected.length === 0) {
        return {
          ready: {
            status: 'False',
            reason: 'NoMatchingInstance',
            message: 'spec.instanceSelector matches no GrafanaInstance in this namespace',
          },
          status,
          nothingWritten,
        };
      }
      const failing = entries.filter((e) => !e.synced);
      if (failing.length === 0) {
        return {
          ready: {
            status: 'True',
            reason: 'Synced',
            message: `In sync on ${plural(selected.length, 'instance')}${decided?.note ? `; ${decided.note}` : ''}`,
          },
          status,
          // Not sooner than a second: a time already past must not make a hot loop.
          requeueAfterMs: Math.min(resync, Math.max(1000, recheckAt - Date.now())),
          ...(recheckAt < Infinity || kind.clockBound ? { clockBound: true } : {}),
        };
      }
      const reasons = new Set(failing.map((e) => e.reason));
      return {
        ready: {
          status: 'False',
          // Every failing entry has a reason; one without would be a bug.
          reason: reasons.size === 1 ? (failing[0]!.reason ?? 'InternalError') : 'PartiallySynced',
          message: perInstance(failing),
        },
        status,
        waiting: failing.every(onlyWaits),
        nothingWritten,
        // Spec problems and conflicts come back at the resync pace: no hot loop against Grafana.
        ...(slowRetry && failing.every((e) => isSlow(e.reason))
          ? { requeueAfterMs: resync }
          : { retry: true }),
      };
    },

    async finalize(context) {
      const { object, namespace } = context;
      const uid = object.status?.uid ?? object.spec.uid ?? deriveUid(namespace, object.metadata?.name ?? '');
      const kindContext: KindContext<T> = {
        ...context,
        uid,
        kinds: deps.kinds,
        folders: deps.folders,
        selected: [],
      };
      const policy = object.spec.deletionPolicy ?? 'Delete';
      if (policy === 'Delete' && kind.beforeRemove) {
        try {
          await kind.beforeRemove(kindContext);
        } catch (err) {
          if (err instanceof ObjectError)
            return {
              ready: { status: 'False', reason: err.reason, message: err.message },
              status: currentStatus(object),
            };
          throw err;
        }
      }
      const remaining: InstanceEntry[] = [];
      for (const entry of object.status?.instances ?? []) {
        const kept = await leaveInstance(kindContext, entry.name, entry);
        if (kept) remaining.push(kept);
      }
      context.requeue(deps.claims.release(context.key));
      if (remaining.length > 0) {
        return {
          ready: {
            status: 'False',
            reason: 'DeletionBlocked',
            message: `${perInstance(remaining)}. Retried until it succeeds; to let the object go and leave its content in Grafana, set spec.deletionPolicy: Orphan`,
          },
          status: { ...currentStatus(object), instances: remaining },
          retry: true,
          waiting: remaining.every(onlyWaits),
        };
      }
      return { ready: { status: 'True', reason: 'Deleted', message: 'Removed from Grafana' } };
    },

    classifyError(error) {
      const ready = stateFor(error);
      return ready && { ready, status: {} };
    },
  };

  /** The status fields of {@link ObjectKind.shown}; what it leaves undefined keeps its value. */
  function shownStatus(object: T, desired: Desired | undefined): Shown {
    const shown = kind.shown?.(object, desired) ?? {};
    const name = shown.name ?? object.status?.name;
    const title = shown.title ?? object.status?.title;
    return { ...(name !== undefined ? { name } : {}), ...(title !== undefined ? { title } : {}) };
  }

  async function syncToInstance(
    context: KindContext<T>,
    instance: GrafanaInstance,
    previous: InstanceEntry | undefined,
    onDesired: (desired: Desired) => void,
    onUid: (choice: { uid: string; note?: string }) => void,
    onRecheckAt: (at: number) => void,
    onInSync: (observed: Observed) => void,
    recheck = true,
  ): Promise<InstanceEntry> {
    const name = instance.metadata?.name ?? '';
    const fail = (state: ReadyState): InstanceEntry => {
      const action = onlyWaits(state) ? 'wait' : 'fail';
      context.logger.debug({ instance: name, action, reason: state.reason }, state.message);
      return { ...keepApplied(previous), name, synced: false, reason: state.reason, message: state.message };
    };
    if (instance.metadata?.deletionTimestamp) {
      // Nothing new is written to an instance being deleted; the record stays, so the instance
      // keeps waiting for this object and its deletion can still remove the content.
      const held = holdsContent(previous, context.object.spec.deletionPolicy);
      return fail({
        status: 'False',
        reason: 'InstanceDeleting',
        message: held
          ? `GrafanaInstance ${name} is being deleted and waits for this object to be deleted or to stop selecting it; nothing new is written to it`
          : `GrafanaInstance ${name} is being deleted; nothing is written to it`,
      });
    }
    const instanceReady = instance.status?.conditions?.find((c) => c.type === 'Ready');
    if (!isTrue(instance.status?.conditions, 'Ready')) {
      return fail({
        status: 'False',
        reason: 'InstanceNotReady',
        message: `GrafanaInstance ${name} is not ready (${instanceReady?.reason ?? 'not checked yet'})`,
      });
    }
    try {
      const verdict = await judge(context, instance, previous, { onDesired, onUid });
      const { observed, drift, driftOnly } = verdict;
      const seen = { instance: name, observed: observed ? 'present' : 'absent', drift };
      const recheckAt = (before: Observed | undefined) => {
        const at = kind.recheckAt?.(verdict.op.desired, before, Date.now());
        if (at !== undefined) onRecheckAt(at);
      };
      if (verdict.action === 'skip' && observed) {
        context.logger.debug({ ...seen, action: 'skip' }, verdict.why);
        recheckAt(observed);
        onInSync(observed);
        return {
          ...keepApplied(previous),
          name,
          synced: true,
          ...definedApplied(kind.describe(observed), instance),
        };
      }
      // act
      context.logger.debug({ ...seen, action: verdict.action }, verdict.why);
      if (driftOnly) {
        await context.event(
          'Warning',
          'DriftReverted',
          boundedList(drift, {
            frame: (fields) => `${name}: reverting changes made in Grafana to ${fields}`,
          }),
        );
      }
      let written: Omit<Written<Listed, Observed>, 'listed' | 'listStale'>;
      try {
        written = await writeThrough(kind, { ...verdict.op, observed, driftOnly });
      } catch (err) {
        // Made in Grafana after the list the kind observed through was read: a create refused as
        // a duplicate, or what the kind's write found in a fresh read. Observed again, it gets the
        // same verdict (Conflict, or adopt) as an object that was there all along, instead of
        // being overwritten unasked. The stale list was let go first.
        if (recheck && madeMeanwhile(err, observed))
          return syncToInstance(context, instance, previous, onDesired, onUid, onRecheckAt, onInSync, false);
        throw err;
      }
      const { unfinished, held, ...applied } = written;
      if (held !== undefined) onInSync(held);
      recheckAt(observed);
      const entry: InstanceEntry = {
        name,
        synced: true,
        ...definedApplied(applied, instance),
        lastApplied: now(),
        appliedHash: verdict.hash,
      };
      if (!unfinished) return entry;
      context.logger.debug({ instance: name, action: 'wait', reason: unfinished.reason }, unfinished.message);
      // Recorded as this object's, under a hash no content has: the next reconcile writes again
      // instead of taking what is still missing for a change made in Grafana.
      return {
        ...entry,
        synced: false,
        reason: unfinished.reason,
        message: unfinished.message,
        appliedHash: unfinishedHash(verdict.hash),
      };
    } catch (err) {
      const state = stateFor(err);
      if (!state) throw err;
      return fail(state);
    }
  }

  /**
   * Removes the object from an instance it no longer targets; returns the entry if that failed.
   * An instance being deleted still serves this (it waits for its dependants). Where the content
   * cannot be removed at all (the instance is gone, or is being deleted with no usable
   * connection) the record is dropped, and the content left behind is reported.
   */
  async function leaveInstance(
    context: KindContext<T>,
    name: string,
    entry: InstanceEntry,
  ): Promise<InstanceEntry | undefined> {
    const key = `${context.namespace}/${name}`;
    if (!holdsContent(entry, context.object.spec.deletionPolicy)) return undefined;
    const instance = deps.instances.get(key);
    if (!instance) {
      await reportOrphaned(context, name, entry.uid, deps.targets.address(key), 'no longer exists');
      return undefined;
    }
    const deleting = Boolean(instance.metadata?.deletionTimestamp);
    if (!deleting && !isTrue(instance.status?.conditions, 'Ready')) {
      return {
        ...entry,
        synced: false,
        reason: 'InstanceNotReady',
        message: `cannot remove from GrafanaInstance ${name} while it is not ready`,
      };
    }
    try {
      // Credentials gone while the instance is being deleted, with no connection kept from
      // before: nothing can reach that Grafana any more.
      const target = await deps.targets.get(instance).catch((err: unknown) => {
        if (deleting && err instanceof KeyNotFoundError) return err;
        throw err;
      });
      if (target instanceof KeyNotFoundError) {
        const address = deps.targets.address(key) ?? {
          url: instance.spec.url,
          orgId: instance.status?.orgId ?? 1,
        };
        const why = `is being deleted and its credentials are gone (${target.message})`;
        await reportOrphaned(context, name, entry.uid, address, why);
        return undefined;
      }
      await removeThrough(kind, target, entry.uid, context.object);
      return undefined;
    } catch (err) {
      if (err instanceof GrafanaNotFoundError) return undefined;
      const state = stateFor(err);
      if (!state) throw err;
      return { ...entry, synced: false, reason: state.reason, message: state.message };
    }
  }

  /** Content that can no longer be removed: said in a Warning Event and a warn log line. */
  async function reportOrphaned(
    context: KindContext<T>,
    instance: string,
    uid: string,
    address: InstanceAddress | undefined,
    why: string,
  ): Promise<void> {
    const where = address
      ? `Grafana ${address.url} (org ${address.orgId})`
      : `the Grafana of GrafanaInstance ${instance} (its address is no longer known)`;
    const message = `uid ${uid} is left in ${where}: GrafanaInstance ${instance} ${why}, so it cannot be removed; delete it there by hand if it is not wanted`;
    // The log line first: an Event cannot be created in a namespace being deleted.
    context.logger.warn(
      { event: 'OrphanedInGrafana', instance, uid, grafana: address?.url, orgId: address?.orgId },
      message,
    );
    await context.event('Warning', 'OrphanedInGrafana', message);
  }
}

export type { Outcome };
