/**
 * Folders and dashboards name teams and service accounts in `spec.permissions` by their names in
 * Grafana, which a GrafanaTeam or GrafanaServiceAccount of the namespace may be about to make. An
 * object whose grantee is missing waits (DependencyNotReady); these references requeue it when any
 * object of the making kind in its namespace changes (e.g. becomes Ready), instead of leaving it to
 * its retry backoff, which may by then be minutes.
 */
import { GrafanaServiceAccountResource, GrafanaTeamResource } from '../api/generated/index.js';
import { ReferenceTracker } from '../runtime/references.js';
import type { KindContext } from '../sync/object-kind.js';
import type { MadeGrantee, OnGranteeMiss } from './grantees.js';

const MAKERS = { team: GrafanaTeamResource, serviceAccount: GrafanaServiceAccountResource } as const;

/** The kinds whose changes requeue an object with `spec.permissions` (ObjectKind.watches). */
export const GRANTEE_MAKERS = Object.values(MAKERS);

/** For resolvePermissions: a missed grantee makes the object a reader of every maker of its kind. */
export function watchGranteeMakers(
  context: Pick<KindContext<unknown>, 'references' | 'namespace'>,
): OnGranteeMiss {
  return (grantee: MadeGrantee) =>
    context.references.add(ReferenceTracker.anyKey(MAKERS[grantee].kind, context.namespace));
}
