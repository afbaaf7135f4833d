/**
 * Who a GrafanaInstance acts as, for the kinds that act on the Grafana server rather than in one
 * org (GrafanaOrganization): a Grafana server admin, as only one may (contract §19.1).
 */
import type { GrafanaCurrentUser } from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import type { InstanceTarget } from '../sync/targets.js';

/** Users change rarely: who the instance acts as is read once a minute per instance. */
const SELF_MAX_AGE_MS = 60_000;

/** The user the instance acts as (`GET /api/user`), who must be a Grafana server admin (§19.1). */
export async function actingUser(target: InstanceTarget): Promise<GrafanaCurrentUser> {
  const users = await target.snapshots.get<GrafanaCurrentUser>(
    `current-user ${target.key}`,
    async () => [['self', await target.api.health.currentUser()]],
    SELF_MAX_AGE_MS,
  );
  const self = users.get('self');
  if (!self?.isGrafanaAdmin)
    throw new ObjectError(
      'InvalidSpec',
      `GrafanaInstance ${target.name} does not act as a Grafana server admin${self ? ` (user "${self.login}")` : ''}: orgs are managed only with a server admin's basic auth (a service account cannot be one)`,
    );
  return self;
}
