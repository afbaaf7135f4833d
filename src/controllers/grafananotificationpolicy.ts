import {
  GrafanaContactPointResource,
  GrafanaMuteTimingResource,
  GrafanaNotificationPolicyResource,
  GrafanaNotificationPolicyRouteResource,
  grafanaNotificationPolicySpecSchema,
  type GrafanaNotificationPolicy,
  type GrafanaNotificationPolicySpec,
} from '../api/generated/index.js';
import { ProviderReferences, waitForDependencies } from '../alerting/notification-dependencies.js';
import {
  desiredPolicyTree,
  diffPolicyTree,
  observedPolicyTree,
  ownsPolicyTree,
  type DesiredPolicyTree,
  type ObservedPolicyTree,
} from '../alerting/policy-tree.js';
import { putPolicyTree, resetPolicyTree } from '../alerting/policy-tree-write.js';
import { PolicyRouteReads } from '../alerting/policy-route-reads.js';
import { undefinedIfNotFound } from '../grafana/index.js';
import type { Applied, ObjectKind } from '../sync/object-kind.js';

type MergedRouteStatus = NonNullable<NonNullable<GrafanaNotificationPolicy['status']>['routes']>[number];

/** The tree has no uid in Grafana: this fixed identity stands for it in status and claims. */
export const POLICY_TREE_ID = 'policy-tree';
const POLICY_TREE_URL = '/alerting/routes';

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
 *
 * spec.routeSelector merges the GrafanaNotificationPolicyRoute objects it selects after
 * spec.routes, ordered and checked for shadowing (policy-routes.ts); status.routes names those
 * merged, at their generation, for each route to report whether it is in the applied tree.
 */
export function grafanaNotificationPolicyKind(): ObjectKind<
  GrafanaNotificationPolicySpec,
  GrafanaNotificationPolicy,
  DesiredPolicyTree & { routes: MergedRouteStatus[] },
  ObservedPolicyTree
> {
  const providers = new ProviderReferences();
  const routeReads = new PolicyRouteReads();

  return {
    resource: GrafanaNotificationPolicyResource,
    specSchema: grafanaNotificationPolicySpecSchema,
    watches: [GrafanaContactPointResource, GrafanaMuteTimingResource],
    selects: [GrafanaNotificationPolicyRouteResource],

    async desired(context) {
      const { merged } = await routeReads.of(context);
      const desired = desiredPolicyTree(
        context.object.spec,
        merged.map(({ route }) => route),
      );
      await providers.add(context, desired);
      return { ...desired, routes: merged.map(({ name, generation }) => ({ name, generation })) };
    },

    statusOf: (_instances, desired) => ({ routes: desired?.routes ?? [] }),

    hashable: ({ tree, editable }) => ({ tree, editable }),

    // One tree per org: whichever object is older holds it on an instance.
    claims: () => [POLICY_TREE_ID],

    // One tree per org, replaced in place: in turn with writes, so an object taking over from one
    // being deleted reads the reset tree.
    serialise: true,
    serialiseObserve: true,

    async observe({ target }) {
      const current = await undefinedIfNotFound(target.api.notificationPolicies.get());
      return current && observedPolicyTree(current, target.name);
    },

    diff: diffPolicyTree,

    owns: (observed, { record }) => ownsPolicyTree(observed, record?.appliedHash),

    async write({ target, desired, observed }) {
      await waitForDependencies(target, desired);
      await putPolicyTree(target.api, desired, observed);
      return describe();
    },

    remove: (target) => resetPolicyTree(target.api),

    describe,
  };
}

function describe(): Applied {
  return { uid: POLICY_TREE_ID, url: POLICY_TREE_URL };
}
