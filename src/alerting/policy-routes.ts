/**
 * GrafanaNotificationPolicyRoute objects merged into a policy tree: which routes a policy
 * selects, their order, which of them cannot both hold, and what each route's status says. Pure:
 * the policy (to build its tree) and each route (to report on itself) compute the same merge
 * from the same objects.
 *
 * Order: the policy's own spec.routes first, then the selected routes by spec.priority, higher
 * first, then by metadata.name (names are unique in a namespace, so the order is total: two
 * routes can never tie on priority and name).
 *
 * Conflicts: a route R is shadowed by a route S before it in the tree when S does not continue and
 * S's object_matchers are a subset of R's (S matches every alert R matches, a route without
 * matchers matching all): Alertmanager stops at S, so R is never reached. Two selected routes in
 * that relation are both left out of the tree and both say why; a selected route shadowed by one of
 * the policy's own spec.routes is left out and says why (the policy's own routes always hold).
 */
import type { GrafanaNotificationPolicy, GrafanaNotificationPolicyRoute } from '../api/generated/index.js';
import type { NotificationPolicy, ObjectMatcher } from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import { matchesSelector } from '../sync/selector.js';
import { matchersOf, nestedRouteFromSpec, normaliseRoute } from './policy-tree.js';

/** A selected route, checked and in normal form. */
export interface MergedRoute {
  name: string;
  generation: number;
  priority: number;
  route: NotificationPolicy;
}

/** What a policy makes of the routes it selects. */
export interface RouteMerge {
  /** The routes that go into the tree, in their order after the policy's own routes. */
  merged: MergedRoute[];
  /** Routes left out, by name, with the error their status reports (InvalidSpec, Conflict). */
  leftOut: Map<string, ObjectError>;
}

function nameOf(object: { metadata?: { name?: string } }): string {
  return object.metadata?.name ?? '';
}

/** Whether the policy selects the route (no spec.routeSelector: it selects none). */
export function selectsRoute(
  policy: GrafanaNotificationPolicy,
  route: GrafanaNotificationPolicyRoute,
): boolean {
  const selector = policy.spec.routeSelector;
  return selector !== undefined && matchesSelector(selector, route.metadata?.labels ?? {});
}

/** By spec.priority, higher first, then by name. */
export function routeOrder(a: MergedRoute, b: MergedRoute): number {
  return b.priority - a.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** The routes `policy` selects among `routes` (its namespace's), ordered, conflicts left out. */
export function mergeRoutes(
  policy: GrafanaNotificationPolicy,
  routes: readonly GrafanaNotificationPolicyRoute[],
): RouteMerge {
  const leftOut = new Map<string, ObjectError>();
  const candidates: MergedRoute[] = [];
  for (const object of routes) {
    // A suspended route is out of the tree, as a deleted one.
    if (object.metadata?.deletionTimestamp || object.spec.suspend || !selectsRoute(policy, object)) continue;
    try {
      candidates.push({
        name: nameOf(object),
        generation: object.metadata?.generation ?? 0,
        priority: object.spec.priority ?? 0,
        route: nestedRouteFromSpec(object.spec.route, 'spec.route'),
      });
    } catch (err) {
      if (!(err instanceof ObjectError)) throw err;
      leftOut.set(nameOf(object), err);
    }
  }
  candidates.sort(routeOrder);
  const policyName = nameOf(policy);

  (policy.spec.routes ?? []).forEach((own, i) => {
    const ownRoute = normaliseRoute(own as NotificationPolicy);
    for (const later of candidates) {
      if (leftOut.has(later.name) || !shadows(ownRoute, later.route)) continue;
      leftOut.set(
        later.name,
        conflict(
          `spec.routes[${i}] of GrafanaNotificationPolicy ${policyName} (matching ${matchersOf(ownRoute)}) comes before this route, matches every alert it matches and does not continue, so this route would never be reached; it is left out of the tree. Make the matchers differ, or set continue: true on that route`,
        ),
      );
    }
  });

  candidates.forEach((earlier, i) => {
    for (const later of candidates.slice(i + 1)) {
      if (!shadows(earlier.route, later.route)) continue;
      const why = `in the tree of GrafanaNotificationPolicy ${policyName}, GrafanaNotificationPolicyRoute ${earlier.name} (priority ${earlier.priority}, matching ${matchersOf(earlier.route)}) comes before GrafanaNotificationPolicyRoute ${later.name} (priority ${later.priority}, matching ${matchersOf(later.route)}), matches every alert it matches and does not continue, so ${later.name} would never be reached; both are left out of the tree. Make the matchers differ, or set continue: true on ${earlier.name}`;
      for (const name of [earlier.name, later.name]) if (!leftOut.has(name)) leftOut.set(name, conflict(why));
    }
  });

  return { merged: candidates.filter((route) => !leftOut.has(route.name)), leftOut };
}

/**
 * Whether `earlier`, before `later` among siblings, takes every alert `later` would match and
 * keeps it: it does not continue, and each of its matchers is one of `later`'s.
 */
export function shadows(earlier: NotificationPolicy, later: NotificationPolicy): boolean {
  if (earlier.continue === true || hasLegacyMatchers(earlier) || hasLegacyMatchers(later)) return false;
  const key = ([label, op, value]: ObjectMatcher) => JSON.stringify([label, op, value]);
  const laterMatchers = new Set((later.object_matchers ?? []).map(key));
  return (earlier.object_matchers ?? []).every((matcher) => laterMatchers.has(key(matcher)));
}

/** Legacy matcher forms cannot be compared here: such routes are never judged as shadowing. */
function hasLegacyMatchers(route: NotificationPolicy): boolean {
  return Boolean(route.matchers?.length || route.match || route.match_re);
}

function conflict(message: string): ObjectError {
  return new ObjectError('Conflict', message);
}

/** The policies that applied the tree with `route` at its current generation (Ready at theirs). */
export function policiesHolding(
  route: GrafanaNotificationPolicyRoute,
  policies: readonly GrafanaNotificationPolicy[],
): string[] {
  return policies.filter((policy) => holds(policy, route)).map(nameOf);
}

function holds(policy: GrafanaNotificationPolicy, route: GrafanaNotificationPolicyRoute): boolean {
  const status = policy.status;
  const ready = status?.conditions?.find((condition) => condition.type === 'Ready');
  return (
    ready?.status === 'True' &&
    status?.observedGeneration === policy.metadata?.generation &&
    (status?.routes ?? []).some(
      (merged) => merged.name === nameOf(route) && merged.generation === route.metadata?.generation,
    )
  );
}

/** Why a policy that selects the route does not hold it (yet): its own Ready, as it says. */
export function notHeldBecause(policy: GrafanaNotificationPolicy): string {
  const ready = policy.status?.conditions?.find((condition) => condition.type === 'Ready');
  const name = nameOf(policy);
  if (!ready || policy.status?.observedGeneration !== policy.metadata?.generation)
    return `GrafanaNotificationPolicy ${name} has not applied its tree with this route yet`;
  if (ready.status !== 'True')
    return `GrafanaNotificationPolicy ${name} is not Ready (${ready.reason}: ${ready.message})`;
  return `GrafanaNotificationPolicy ${name} has not applied its tree with this route yet`;
}
