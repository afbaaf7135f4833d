/**
 * What the policy tree depends on: the receivers and time intervals it names, which the contact
 * points and mute timings provide. Grafana refuses a tree that names one it lacks, so the tree
 * waits for them (DependencyNotReady); and the objects that provide them are references of the
 * tree, so their changes (e.g. once synced to Grafana) requeue it.
 */
import type { GrafanaNotificationPolicy } from '../api/generated/index.js';
import { isNotFound } from '../runtime/kube/errors.js';
import type { ResourceType } from '../runtime/kube/types.js';
import { ReferenceTracker } from '../runtime/references.js';
import { kindList, type ListView } from '../sync/kind-list.js';
import type { AnyObject, KindContext, Provides } from '../sync/object-kind.js';
import type { InstanceTarget } from '../sync/targets.js';
import { missingDependencies, type DesiredPolicyTree } from './policy-tree.js';

type Context = KindContext<GrafanaNotificationPolicy>;

/**
 * A kind whose objects put into Grafana a name the tree refers to (ObjectKind.provides: contact
 * points give receivers, mute timings time intervals), with its objects in the namespace.
 */
interface NameProvider {
  resource: ResourceType;
  provides: Provides<AnyObject>;
  objects: AnyObject[];
}

/** Records the tree's references to the objects that provide the names it uses. */
export class ProviderReferences {
  // Objects of the providing kinds, listed once per reconcile (desired runs once per instance).
  private readonly listed = new WeakMap<object, Promise<NameProvider[]>>();

  /**
   * References to the objects that provide the names `desired` uses: those named like the
   * receiver or mute timing (the default, and one created later), and those whose spec names it.
   */
  async add(context: Context, desired: DesiredPolicyTree): Promise<void> {
    let pending = this.listed.get(context.object);
    if (!pending) this.listed.set(context.object, (pending = listProviders(context)));
    for (const { resource, provides, objects } of await pending) {
      const names = provides.name === 'receiver' ? desired.receivers : desired.timeIntervals;
      const add = (name: string) =>
        context.references.add(ReferenceTracker.key(resource.kind, context.namespace, name));
      names.forEach(add);
      for (const object of objects) {
        if (names.includes(provides.nameOf(object))) add(object.metadata?.name ?? '');
      }
    }
  }
}

async function listProviders(context: Context): Promise<NameProvider[]> {
  return Promise.all(
    context.kinds.flatMap(({ resource, provides }) =>
      provides ? [listProvider(context, resource, provides)] : [],
    ),
  );
}

async function listProvider(
  context: Context,
  resource: ResourceType,
  provides: NameProvider['provides'],
): Promise<NameProvider> {
  try {
    return {
      resource,
      provides,
      objects: (await context.kube.list<AnyObject>(resource, context.namespace)).items,
    };
  } catch (err) {
    // Only requeueing depends on these references: without the list (that kind's CRD is not
    // installed, or the list failed) the objects named like the receivers still are.
    if (!isNotFound(err))
      context.logger.warn({ err, kind: resource.kind }, 'cannot list the objects the policy tree depends on');
    return { resource, provides, objects: [] };
  }
}

/** The names of the receivers on an instance (`GET /contact-points`), for the tree's wait only. */
const receiverNames = kindList<string>({
  name: 'notification-policy/receiver-names',
  load: async (target) => (await target.api.contactPoints.list()).map((cp) => cp.name),
  key: (name) => name,
});

/** The names of the time intervals on an instance (`GET /mute-timings`), for the tree's wait only. */
const timeIntervalNames = kindList<string>({
  name: 'notification-policy/time-interval-names',
  load: async (target) => (await target.api.muteTimings.list()).map((mt) => mt.name),
  key: (name) => name,
});

/**
 * Every receiver and time interval the tree names must exist in Grafana (it refuses the tree
 * otherwise). Read from per-instance lists; a name missing from them is looked for once more in
 * fresh lists before the tree waits (DependencyNotReady naming what is missing).
 */
export async function waitForDependencies(target: InstanceTarget, desired: DesiredPolicyTree): Promise<void> {
  const receivers = receiverNames.on(target);
  const intervals = timeIntervalNames.on(target);
  const missing = async (fresh: boolean) => {
    const [receiverMap, intervalMap] = await Promise.all([
      desired.receivers.length ? itemsOf(receivers, fresh) : new Map<string, string>(),
      desired.timeIntervals.length ? itemsOf(intervals, fresh) : new Map<string, string>(),
    ]);
    return {
      receivers: desired.receivers.filter((name) => !receiverMap.has(name)),
      timeIntervals: desired.timeIntervals.filter((name) => !intervalMap.has(name)),
    };
  };
  let absent = await missing(false);
  if (absent.receivers.length || absent.timeIntervals.length) absent = await missing(true);
  if (!absent.receivers.length && !absent.timeIntervals.length) return;
  throw missingDependencies(absent.receivers, absent.timeIntervals);
}

function itemsOf(names: ListView<string>, fresh: boolean): Promise<Map<string, string>> {
  return fresh ? names.itemsListedNow() : names.items();
}
