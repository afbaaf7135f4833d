/**
 * What notification objects depend on: the receivers and time intervals they name, which the
 * contact points and mute timings provide. Grafana refuses a policy tree (docs/grafana-api.md §8.5),
 * or an alert rule whose notification_settings name one it lacks (§8.2, "Names a rule's
 * notification settings refer to"), so they wait for them (DependencyNotReady); and the objects
 * that provide them are references of the waiting object, so their changes (e.g. once synced to
 * Grafana) requeue it.
 */
import { isNotFound } from '../runtime/kube/errors.js';
import type { ResourceType } from '../runtime/kube/types.js';
import { ReferenceTracker } from '../runtime/references.js';
import { ObjectError } from '../lib/object-error.js';
import { kindList, type ListView } from '../sync/kind-list.js';
import type { AnyObject, KindContext, Provides } from '../sync/object-kind.js';
import type { InstanceTarget } from '../sync/targets.js';

/** The receivers and time intervals (mute or active) an object names, each once. */
export interface NotificationNames {
  receivers: readonly string[];
  timeIntervals: readonly string[];
}

/**
 * A kind whose objects put into Grafana a name others refer to (ObjectKind.provides: contact
 * points give receivers, mute timings time intervals), with its objects in the namespace.
 */
interface NameProvider {
  resource: ResourceType;
  provides: Provides<AnyObject>;
  objects: AnyObject[];
}

/** Records an object's references to the objects that provide the names it uses. */
export class ProviderReferences {
  // Objects of the providing kinds, listed once per reconcile (desired runs once per instance).
  private readonly listed = new WeakMap<object, Promise<NameProvider[]>>();

  /**
   * References to the objects that provide `names`: those named like the receiver or time
   * interval (one created later too), and those whose spec names it.
   */
  async add(context: KindContext<unknown>, names: NotificationNames): Promise<void> {
    if (!names.receivers.length && !names.timeIntervals.length) return;
    let pending = this.listed.get(context.object as object);
    if (!pending) this.listed.set(context.object as object, (pending = listProviders(context)));
    for (const { resource, provides, objects } of await pending) {
      const used = provides.name === 'receiver' ? names.receivers : names.timeIntervals;
      const add = (name: string) =>
        context.references.add(ReferenceTracker.key(resource.kind, context.namespace, name));
      used.forEach(add);
      for (const object of objects) {
        if (used.includes(provides.nameOf(object))) add(object.metadata?.name ?? '');
      }
    }
  }
}

async function listProviders(context: KindContext<unknown>): Promise<NameProvider[]> {
  return Promise.all(
    context.kinds.flatMap(({ resource, provides }) =>
      provides ? [listProvider(context, resource, provides)] : [],
    ),
  );
}

async function listProvider(
  context: KindContext<unknown>,
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
      context.logger.warn(
        { err, kind: resource.kind },
        'cannot list the objects a notification name may come from',
      );
    return { resource, provides, objects: [] };
  }
}

/** The names of the receivers on an instance (`GET /contact-points`), for the waits only. */
const receiverNames = kindList<string>({
  name: 'notification/receiver-names',
  load: async (target) => (await target.api.contactPoints.list()).map((cp) => cp.name),
  key: (name) => name,
});

/** The names of the time intervals on an instance (`GET /mute-timings`), for the waits only. */
const timeIntervalNames = kindList<string>({
  name: 'notification/time-interval-names',
  load: async (target) => (await target.api.muteTimings.list()).map((mt) => mt.name),
  key: (name) => name,
});

/**
 * Every receiver and time interval in `names` must exist in Grafana (it refuses the write
 * otherwise). Read from per-instance lists; a name missing from them is looked for once more in
 * fresh lists before the object waits (DependencyNotReady naming what is missing).
 */
export async function waitForDependencies(target: InstanceTarget, names: NotificationNames): Promise<void> {
  if (!names.receivers.length && !names.timeIntervals.length) return;
  const receivers = receiverNames.on(target);
  const intervals = timeIntervalNames.on(target);
  const missing = async (fresh: boolean) => {
    const [receiverMap, intervalMap] = await Promise.all([
      names.receivers.length ? itemsOf(receivers, fresh) : new Map<string, string>(),
      names.timeIntervals.length ? itemsOf(intervals, fresh) : new Map<string, string>(),
    ]);
    return {
      receivers: names.receivers.filter((name) => !receiverMap.has(name)),
      timeIntervals: names.timeIntervals.filter((name) => !intervalMap.has(name)),
    };
  };
  let absent = await missing(false);
  if (absent.receivers.length || absent.timeIntervals.length) absent = await missing(true);
  if (!absent.receivers.length && !absent.timeIntervals.length) return;
  throw missingDependencies(absent.receivers, absent.timeIntervals);
}

/**
 * For an object that names receivers and time intervals only where it writes (an alert rule's
 * notification_settings): waits for them, and while it waits records the references that requeue
 * it once they come. Once written it needs none: Grafana keeps a receiver or time interval a rule
 * uses from being deleted, and a rename in Grafana carries the rule along (drift, written back
 * through this wait).
 */
export async function waitForNamedProviders(
  providers: ProviderReferences,
  context: KindContext<unknown>,
  target: InstanceTarget,
  names: NotificationNames,
): Promise<void> {
  try {
    await waitForDependencies(target, names);
  } catch (err) {
    if (err instanceof ObjectError && err.reason === 'DependencyNotReady')
      await providers.add(context, names);
    throw err;
  }
}

function itemsOf(names: ListView<string>, fresh: boolean): Promise<Map<string, string>> {
  return fresh ? names.itemsListedNow() : names.items();
}

/** The DependencyNotReady for receivers and time intervals an object names that Grafana lacks. */
export function missingDependencies(
  receivers: readonly string[],
  timeIntervals: readonly string[],
): ObjectError {
  const parts = [
    ...(receivers.length
      ? [`${receivers.length === 1 ? 'contact point' : 'contact points'} ${quoted(receivers)}`]
      : []),
    ...(timeIntervals.length
      ? [`${timeIntervals.length === 1 ? 'mute timing' : 'mute timings'} ${quoted(timeIntervals)}`]
      : []),
  ];
  return new ObjectError(
    'DependencyNotReady',
    `waiting for ${parts.join(' and ')} to exist in Grafana (e.g. as GrafanaContactPoint / GrafanaMuteTiming objects in this namespace)`,
  );
}

function quoted(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}
