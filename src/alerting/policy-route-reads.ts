/**
 * The GrafanaNotificationPolicyRoute objects a policy tree merges, read once per reconcile of
 * the policy (its desired payload is built once per instance, from the same routes).
 */
import {
  GrafanaNotificationPolicyRouteResource,
  type GrafanaNotificationPolicy,
  type GrafanaNotificationPolicyRoute,
} from '../api/generated/index.js';
import { isNotFound } from '../runtime/kube/errors.js';
import type { ReconcileContext } from '../runtime/reconciler.js';
import { mergeRoutes, type RouteMerge } from './policy-routes.js';

type Context = ReconcileContext<GrafanaNotificationPolicy>;

export class PolicyRouteReads {
  private readonly merges = new WeakMap<object, Promise<RouteMerge>>();

  /** What the policy makes of the routes of its namespace it selects (none without routeSelector). */
  of(context: Context): Promise<RouteMerge> {
    let merge = this.merges.get(context.object);
    if (!merge) this.merges.set(context.object, (merge = readMerge(context)));
    return merge;
  }
}

async function readMerge(context: Context): Promise<RouteMerge> {
  if (context.object.spec.routeSelector === undefined) return { merged: [], leftOut: new Map() };
  const routes = await context.kube
    .list<GrafanaNotificationPolicyRoute>(GrafanaNotificationPolicyRouteResource, context.namespace)
    .then(
      (list) => list.items,
      // The route CRD is not installed: there is nothing to merge.
      (err: unknown) => {
        if (isNotFound(err)) return [];
        throw err;
      },
    );
  return mergeRoutes(context.object, routes);
}
