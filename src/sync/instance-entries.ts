/**
 * The per-instance entries of an object's status (`status.instances`) and the verdicts the sync
 * layer reads off them: which failures only wait, which are retried at the resync pace, what a
 * write is for the log, how the Ready message lists instances.
 */
import type { GrafanaInstance, GrafanaObjectStatus, InstanceSelector } from '../api/generated/index.js';
import type { SharedInformer } from '../runtime/informer.js';
import { boundedList } from '../lib/messages.js';
import type { ReadyState } from '../runtime/reconciler.js';
import { isWaitingReason } from '../runtime/ready-events.js';
import { ObjectError } from '../lib/object-error.js';
import { readyStateForError } from './grafana-errors.js';
import type { Applied } from './object-kind.js';
import { pageUrl } from './page-url.js';
import { matchesSelector } from './selector.js';
import { deriveUid } from './uid.js';
import { compareCodeUnits } from '../lib/compare.js';

export type InstanceEntry = NonNullable<GrafanaObjectStatus['instances']>[number];

/** The uid derived from the object's name: the default, and the one no other object can hold. */
export function derivedUid(context: { namespace: string; object: { metadata?: { name?: string } } }): string {
  return deriveUid(context.namespace, context.object.metadata?.name ?? '');
}

/** The uid the object's content has in Grafana, from status: undefined while nothing was written. */
export function recordedUid(object: { status?: GrafanaObjectStatus }): string | undefined {
  return object.status?.instances?.find((entry) => entry.uid !== undefined)?.uid;
}

export function selectInstances(
  instances: SharedInformer<GrafanaInstance>,
  namespace: string,
  selector: InstanceSelector,
): GrafanaInstance[] {
  return instances
    .list()
    .filter(
      // An instance being deleted stays selected: the object neither writes to it nor leaves it
      // (see syncToInstance), so the instance keeps waiting for the object.
      (i) => i.metadata?.namespace === namespace && matchesSelector(selector, i.metadata?.labels),
    )
    .sort((a, b) => compareCodeUnits(a.metadata?.name ?? '', b.metadata?.name ?? ''));
}

export function stateFor(error: unknown): ReadyState | undefined {
  if (error instanceof ObjectError) return { status: 'False', reason: error.reason, message: error.message };
  return readyStateForError(error);
}

/** Why a write to one instance happens, for the debug log (observed and drift are logged beside it). */
export function writeDecision(
  observed: boolean,
  driftOnly: boolean,
  writtenBefore: boolean,
): { action: 'create' | 'adopt' | 'update' | 'revert'; why: string } {
  if (!observed)
    return writtenBefore
      ? {
          action: 'create',
          why: 'absent from Grafana although written before (deleted there): creating it again',
        }
      : { action: 'create', why: 'absent from Grafana: creating it' };
  if (driftOnly) return { action: 'revert', why: 'changed in Grafana: writing back what drifted' };
  if (!writtenBefore)
    return {
      action: 'adopt',
      why: 'present in Grafana but not written by this object before: taking it over',
    };
  return {
    action: 'update',
    why: 'the content changed since the last write (spec, Secret or ConfigMap): updating',
  };
}

/**
 * Whether an instance's failure only means "not yet". HasChildren there is a folder that cannot be
 * deleted from Grafana because it holds content no object here manages: only the user can resolve
 * that, so unlike the object's own HasChildren (waiting for its contents' finalizers) it is no
 * waiting state.
 */
export function onlyWaits(entry: { reason?: string }): boolean {
  return entry.reason !== 'HasChildren' && isWaitingReason(entry.reason);
}

/** "instance: why" for each instance not in sync; status.instances keeps every one whole. */
export function perInstance(entries: InstanceEntry[]): string {
  return boundedList(
    entries.map((e) => `${e.name}: ${e.message}`),
    { separator: '; ' },
  );
}

/** Reasons retried at the resync pace: a fix in the spec, or another object's change (watched), ends them. */
export function isSlow(reason: string | undefined): boolean {
  return (
    reason === 'InvalidSpec' ||
    reason === 'Conflict' ||
    reason === 'InstanceDeleting' ||
    reason === 'Cycle' ||
    reason === 'LastOrgAdmin' ||
    reason === 'MainOrgNotDeletable' ||
    reason === 'Unsupported'
  );
}

/**
 * The applied hash of a write that left a part waiting (Written.unfinished): it marks the object
 * as written by this object (recorded) and equals no hash of any content.
 */
export function unfinishedHash(hash: string): string {
  return `unfinished:${hash}`;
}

export function keepApplied(previous: InstanceEntry | undefined): Partial<InstanceEntry> {
  if (!previous) return {};
  const { uid, version, url, lastApplied, appliedHash, publicDashboard } = previous;
  return Object.fromEntries(
    Object.entries({ uid, version, url, lastApplied, appliedHash, publicDashboard }).filter(
      ([, v]) => v !== undefined,
    ),
  );
}

/** The entry's fields from what Grafana said, with the page url made absolute on the instance's URL. */
export function definedApplied(applied: Applied, instance: GrafanaInstance): Partial<InstanceEntry> {
  const url = applied.url ? pageUrl(instance.spec.url, applied.url) : undefined;
  const shared = applied.publicDashboard;
  const publicDashboard = shared?.url ? { ...shared, url: pageUrl(instance.spec.url, shared.url) } : shared;
  return Object.fromEntries(
    Object.entries({ ...applied, url, publicDashboard }).filter(([, v]) => v !== undefined && v !== ''),
  );
}

export function currentStatus(object: {
  status?: GrafanaObjectStatus;
}): Omit<GrafanaObjectStatus, 'conditions' | 'observedGeneration'> {
  const { conditions: _c, observedGeneration: _g, ...rest } = object.status ?? {};
  return rest;
}

/** `uid:abc` → `uid abc`, `name:x` → `name x`: the claim key as a reader would say it. */
export function describeClaimKey(key: string): string {
  const colon = key.indexOf(':');
  return colon < 0 ? key : `${key.slice(0, colon)} ${key.slice(colon + 1)}`;
}

export function describeClash(applied: Applied): string {
  return `an object (uid ${applied.uid})`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
