import {
  GrafanaContactPointResource,
  GrafanaMuteTimingResource,
  GrafanaNotificationPolicyResource,
  grafanaNotificationPolicySpecSchema,
  type GrafanaNotificationPolicy,
  type GrafanaNotificationPolicySpec,
} from '../api/generated/index.js';
import {
  desiredPolicyTree,
  diffPolicyTree,
  missingDependencies,
  normaliseRoute,
  ownsPolicyTree,
  provisionedConflict,
  type DesiredPolicyTree,
  type ObservedPolicyTree,
} from '../alerting/policy-tree.js';
import { isForeignManaged, switchesToNone } from '../alerting/provenance.js';
import {
  GrafanaProvenanceConflictError,
  provenanceOf,
  undefinedIfNotFound,
  type NotificationPolicy,
} from '../grafana/index.js';
import { isNotFound } from '../runtime/kube/errors.js';
import type { ResourceType } from '../runtime/kube/types.js';
import { ReferenceTracker } from '../runtime/references.js';
import type { AnyObject, Applied, KindContext, ObjectKind, Provides } from '../sync/object-kind.js';
import type { InstanceTarget } from '../sync/targets.js';

/**
 * A kind whose objects put into Grafana a name the tree refers to (ObjectKind.provides: contact
 * points give receivers, mute timings time intervals), with its objects in the namespace.
 */
interface NameProvider {
  resource: ResourceType;
  provides: Provides<AnyObject>;
  objects: AnyObject[];
}

/** The tree has no uid in Grafana: this fixed identity stands for it in status and claims. */
export const POLICY_TREE_ID = 'policy-tree';
const POLICY_TREE_URL = '/alerting/routes';

const RECEIVERS_SNAPSHOT = 'notification-policy/receiver-names';
const TIME_INTERVALS_SNAPSHOT = 'notification-policy/time-interval-names';

/**
 * GrafanaNotificationPolicy: the org's whole notification policy tree, written with one
 * `PUT /api/v1/provisioning/policies` (contract §8.5). Grafana keeps one tree per org, so the
 * object claims the key `policy-tree` per instance (the older object holds it; a second one is
 * Ready=False/Conflict naming the holder).
 *
 * Reads: one `GET /policies` per reconcile; the contact point and mute timing lists (shared per
 * instance through snapshots, re-read once when a name is missing) only before a write, to wait
 * (DependencyNotReady) for the receivers and time intervals the tree names instead of sending
 * Grafana a tree it would refuse.
 *
 * Compared (contract §12), on a normal form applied to both sides: durations in Prometheus' form
 * (`60s` → `1m`), object matchers sorted and unquoted as Grafana stores them, empty lists and
 * `continue: false` dropped; `provenance` is judged on its own. group_by, time intervals and the
 * order of nested routes are kept as given (they are ordered in Grafana too).
 *
 * Provenance (§8.9, relaxed rule): a tree written with provenance `api` cannot be rewritten with
 * none in place, so switching to editableInGrafana writes the tree (checking it), resets it and
 * writes it again with `X-Disable-Provenance`. A tree provisioned from files is never managed.
 * PUT /policies takes no version (the provisioning handler passes none), so writes are
 * last-writer-wins; they run one at a time per instance with the other notification resources.
 *
 * The contact points and mute timings that provide the names it uses are recorded as references,
 * so their changes (e.g. once synced to Grafana) requeue the tree.
 */
export function grafanaNotificationPolicyKind(): ObjectKind<
  GrafanaNotificationPolicySpec,
  GrafanaNotificationPolicy,
  DesiredPolicyTree,
  ObservedPolicyTree
> {
  // Objects of the providing kinds, listed once per reconcile (desired runs once per instance).
  const listed = new WeakMap<object, Promise<NameProvider[]>>();

  return {
    resource: GrafanaNotificationPolicyResource,
    specSchema: grafanaNotificationPolicySpecSchema,
    watches: [GrafanaContactPointResource, GrafanaMuteTimingResource],

    async desired(context) {
      const desired = desiredPolicyTree(context.object.spec);
      let pending = listed.get(context.object);
      if (!pending) listed.set(context.object, (pending = listProviders(context)));
      for (const provider of await pending) {
        const names = provider.provides.name === 'receiver' ? desired.receivers : desired.timeIntervals;
        addDependencyReferences(context, provider, names);
      }
      return desired;
    },

    hashable: ({ tree, editable }) => ({ tree, editable }),

    // One tree per org: whichever object is older holds it on an instance.
    claims: () => [POLICY_TREE_ID],

    async observe({ target }) {
      // In turn with writes: an object taking over from one being deleted reads the reset tree.
      const current = await target.exclusive(() =>
        undefinedIfNotFound(target.api.notificationPolicies.get()),
      );
      if (!current) return undefined;
      const provenance = provenanceOf(current);
      // Checked here, before adopt is considered: no setting makes such a tree ours.
      if (isForeignManaged(provenance)) throw provisionedConflict(target.name, provenance);
      return { tree: normaliseRoute(current, true), provenance, instance: target.name };
    },

    diff: diffPolicyTree,

    owns: (observed, { record }) => ownsPolicyTree(observed, record?.appliedHash),

    async write({ target, desired, observed }) {
      await waitForDependencies(target, desired);
      const policies = target.api.notificationPolicies;
      await target.exclusive(async () => {
        if (switchesToNone(observed?.provenance, desired.editable)) {
          await unlock(target, desired.tree);
          return;
        }
        try {
          await policies.put(desired.tree, { disableProvenance: desired.editable });
        } catch (err) {
          // Provisioned by someone since we read it: take it to provenance none the long way.
          if (!(err instanceof GrafanaProvenanceConflictError) || !desired.editable) throw err;
          await unlock(target, desired.tree);
        }
      });
      return describe();
    },

    async remove(target) {
      const policies = target.api.notificationPolicies;
      await target.exclusive(async () => {
        const current = await undefinedIfNotFound(policies.get());
        if (!current) return;
        const provenance = provenanceOf(current);
        // Provisioned from files since: not ours to reset.
        if (isForeignManaged(provenance)) return;
        // The reset must name the stored provenance (relaxed rule, §8.9).
        await policies.reset({ disableProvenance: provenance === '' });
      });
    },

    describe,
  };
}

/**
 * From provenance `api` to none: Grafana refuses that change in place (403, §8.9) but a reset
 * clears the provenance. The tree is first written as it is (provenance api), so an invalid
 * tree fails before the reset and the old tree stays; then reset, then written without provenance.
 */
async function unlock(target: InstanceTarget, tree: NotificationPolicy): Promise<void> {
  const policies = target.api.notificationPolicies;
  await policies.put(tree);
  await policies.reset();
  await policies.put(tree, { disableProvenance: true });
}

function describe(): Applied {
  return { uid: POLICY_TREE_ID, url: POLICY_TREE_URL };
}

// -------------------------------------------------------------------------------------------------
// Dependencies

async function listProviders(context: KindContext<GrafanaNotificationPolicy>): Promise<NameProvider[]> {
  return Promise.all(
    context.kinds.flatMap(({ resource, provides }) =>
      provides ? [listProvider(context, resource, provides)] : [],
    ),
  );
}

async function listProvider(
  context: KindContext<GrafanaNotificationPolicy>,
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

/**
 * References to the objects that provide the names the tree uses: those named like the receiver
 * or mute timing (the default, and one created later), and those whose spec names it.
 */
function addDependencyReferences(
  context: KindContext<GrafanaNotificationPolicy>,
  { resource, provides, objects }: NameProvider,
  names: readonly string[],
): void {
  const add = (name: string) =>
    context.references.add(ReferenceTracker.key(resource.kind, context.namespace, name));
  names.forEach(add);
  for (const object of objects) {
    if (names.includes(provides.nameOf(object))) add(object.metadata?.name ?? '');
  }
}

/**
 * Every receiver and time interval the tree names must exist in Grafana (it refuses the tree
 * otherwise). Read from per-instance lists; a name missing from them is looked for once more in
 * fresh lists before the tree waits.
 */
async function waitForDependencies(target: InstanceTarget, desired: DesiredPolicyTree): Promise<void> {
  const missing = async (fresh: boolean) => {
    if (fresh) {
      target.snapshots.invalidate(RECEIVERS_SNAPSHOT);
      target.snapshots.invalidate(TIME_INTERVALS_SNAPSHOT);
    }
    const [receivers, intervals] = await Promise.all([
      desired.receivers.length ? receiverNames(target) : new Map<string, true>(),
      desired.timeIntervals.length ? timeIntervalNames(target) : new Map<string, true>(),
    ]);
    return {
      receivers: desired.receivers.filter((name) => !receivers.has(name)),
      timeIntervals: desired.timeIntervals.filter((name) => !intervals.has(name)),
    };
  };
  let absent = await missing(false);
  if (absent.receivers.length || absent.timeIntervals.length) absent = await missing(true);
  if (!absent.receivers.length && !absent.timeIntervals.length) return;
  throw missingDependencies(absent.receivers, absent.timeIntervals);
}

function receiverNames(target: InstanceTarget): Promise<Map<string, true>> {
  return target.snapshots.get(RECEIVERS_SNAPSHOT, async () =>
    (await target.api.contactPoints.list()).map((cp) => [cp.name, true] as [string, true]),
  );
}

function timeIntervalNames(target: InstanceTarget): Promise<Map<string, true>> {
  return target.snapshots.get(TIME_INTERVALS_SNAPSHOT, async () =>
    (await target.api.muteTimings.list()).map((mt) => [mt.name, true] as [string, true]),
  );
}
