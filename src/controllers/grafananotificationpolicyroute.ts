import {
  GrafanaNotificationPolicyResource,
  GrafanaNotificationPolicyRouteResource,
  grafanaNotificationPolicyRouteSpecSchema,
  type GrafanaNotificationPolicy,
  type GrafanaNotificationPolicyRoute,
  type GrafanaNotificationPolicyRouteSpec,
  type GrafanaNotificationPolicyRouteStatus,
} from '../api/generated/index.js';
import { mergeRoutes, notHeldBecause, policiesHolding, selectsRoute } from '../alerting/policy-routes.js';
import { nestedRouteFromSpec } from '../alerting/policy-tree.js';
import { ObjectError } from '../lib/object-error.js';
import type { KindAdapter, Outcome, ReconcileContext } from '../runtime/reconciler.js';

type Status = GrafanaNotificationPolicyRouteStatus;
type Context = ReconcileContext<GrafanaNotificationPolicyRoute>;

/** In sync, a route is looked at again this often (its policies' changes requeue it anyway). */
const RESYNC_MS = 5 * 60_000;

/**
 * GrafanaNotificationPolicyRoute: a nested policy that the GrafanaNotificationPolicy objects
 * selecting it (spec.routeSelector) merge into the trees they write. Nothing is written to
 * Grafana through the route itself, so it has no finalizer, instances, drift or deletionPolicy:
 * the policy writes, reverts and resets the tree. The route reports what the policies make of it,
 * computing the same merge (policy-routes.ts): Ready when every policy that selects it applied
 * its tree with this generation of the route; InvalidSpec or Conflict (shadowing, naming the other
 * route) when they leave it out; DependencyNotReady while no policy selects it or one has not
 * applied it yet.
 */
export function grafanaNotificationPolicyRouteAdapter(): KindAdapter<
  GrafanaNotificationPolicyRouteSpec,
  Status,
  GrafanaNotificationPolicyRoute
> {
  return {
    resource: GrafanaNotificationPolicyRouteResource,
    specSchema: grafanaNotificationPolicyRouteSpecSchema,
    finalizes: false,
    // What the policies make of the route is in their status: any change of one may change it.
    requeuedBy: [GrafanaNotificationPolicyResource],
    reconcile: reportRoute,
    classifyError: (error) =>
      error instanceof ObjectError
        ? {
            ready: { status: 'False', reason: error.reason, message: error.message },
            status: {},
            // Only a change of the route or of a policy (both requeue it) can fix it.
            retry: false,
            requeueAfterMs: RESYNC_MS,
          }
        : undefined,
  };
}

async function reportRoute(context: Context): Promise<Outcome<Status>> {
  const { object, namespace } = context;
  nestedRouteFromSpec(object.spec.route, 'spec.route');
  const policies = (
    await context.kube.list<GrafanaNotificationPolicy>(GrafanaNotificationPolicyResource, namespace)
  ).items.filter((policy) => !policy.metadata?.deletionTimestamp && selectsRoute(policy, object));
  if (policies.length === 0) {
    throw new ObjectError(
      'DependencyNotReady',
      `no GrafanaNotificationPolicy in this namespace selects this route (labels ${JSON.stringify(object.metadata?.labels ?? {})}): set a policy's spec.routeSelector to match them`,
    );
  }
  const routes = (
    await context.kube.list<GrafanaNotificationPolicyRoute>(GrafanaNotificationPolicyRouteResource, namespace)
  ).items;
  for (const policy of policies) {
    const leftOut = mergeRoutes(policy, routes).leftOut.get(object.metadata?.name ?? '');
    if (leftOut) throw leftOut;
  }
  const holding = policiesHolding(object, policies);
  const status = { policies: holding.join(',') };
  const waitingFor = policies.find((policy) => !holding.includes(policy.metadata?.name ?? ''));
  if (waitingFor) {
    return {
      ready: {
        status: 'False',
        reason: 'DependencyNotReady',
        message: `waiting: ${notHeldBecause(waitingFor)}`,
      },
      status,
    };
  }
  return {
    ready: {
      status: 'True',
      reason: 'Synced',
      message: `In the tree of GrafanaNotificationPolicy ${holding.join(', ')}`,
    },
    status,
    requeueAfterMs: RESYNC_MS,
  };
}
