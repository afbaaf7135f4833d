/**
 * The grantees of `spec.permissions` (folders and dashboards) as Grafana's permissions APIs name
 * them: a user's login or e-mail and a team's name resolved to ids, from the org's user and team
 * lists.
 */
import type { Permissions } from '../api/generated/index.js';
import type { FolderPermissionName, GrafanaApi } from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import { sortPermissions, type FolderPermission } from './permissions.js';

type SpecPermission = Permissions[number];

/** Users and teams change rarely; one list each per instance per minute serves every folder and dashboard. */
const DIRECTORY_MAX_AGE_MS = 60_000;

/**
 * What resolving reads on one instance (an InstanceTarget is one): its API, its org (named in
 * messages) and its cache of lists, which keeps the org's users and teams.
 */
export interface Directory {
  api: GrafanaApi;
  orgId: number;
  snapshots: {
    get<T>(name: string, load: () => Promise<Array<[string, T]>>, maxAgeMs?: number): Promise<Map<string, T>>;
    getAfterMiss<T>(name: string, load: () => Promise<Array<[string, T]>>): Promise<Map<string, T>>;
  };
}

/** The spec's permissions for one instance, names resolved; sorted, one entry per grantee. */
export async function resolvePermissions(
  target: Directory,
  permissions: SpecPermission[],
): Promise<FolderPermission[]> {
  const resolved = new Map<string, { permission: FolderPermissionName; from: string }>();
  for (const entry of permissions) {
    const grantee = await granteeOf(target, entry);
    const from = describe(entry);
    const earlier = resolved.get(grantee);
    if (earlier) {
      throw new ObjectError(
        'InvalidSpec',
        earlier.from === from
          ? `spec.permissions lists ${from} twice; list each grantee once`
          : `spec.permissions lists ${earlier.from} and ${from}, which are the same grantee; list each grantee once`,
      );
    }
    resolved.set(grantee, { permission: entry.permission, from });
  }
  return sortPermissions([...resolved].map(([grantee, { permission }]) => ({ grantee, permission })));
}

async function granteeOf(target: Directory, entry: SpecPermission): Promise<string> {
  if (entry.role) return `role:${entry.role}`;
  if (entry.userId) return `user:${entry.userId}`;
  if (entry.teamId) return `team:${entry.teamId}`;
  if (entry.user) {
    const userId = await lookUp(target, 'org-user-ids', entry.user.toLowerCase(), async () => {
      const users = await target.api.orgUsers.list();
      // E-mails first, so that a login equal to somebody's e-mail names that login's user.
      return [
        ...users
          .filter((u) => u.email !== '')
          .map((u): [string, number] => [u.email.toLowerCase(), u.userId]),
        ...users.map((u): [string, number] => [u.login.toLowerCase(), u.userId]),
      ];
    });
    if (userId === undefined) {
      throw new ObjectError(
        'DependencyNotReady',
        `spec.permissions: no user with login or e-mail "${entry.user}" in org ${target.orgId} of this Grafana`,
      );
    }
    return `user:${userId}`;
  }
  if (entry.serviceAccount) {
    const name = entry.serviceAccount;
    const id = await lookUp(target, 'service-account-ids', name, async () =>
      (await target.api.serviceAccounts.list()).map((sa): [string, number] => [sa.name, sa.id]),
    );
    if (id === undefined) {
      throw new ObjectError(
        'DependencyNotReady',
        `spec.permissions: no service account named "${name}" in org ${target.orgId} of this Grafana`,
      );
    }
    // A user grantee to Grafana: the same id in its permission lists.
    return `user:${id}`;
  }
  const teamName = entry.team ?? '';
  const teamId = await lookUp(target, 'team-ids', teamName, async () =>
    (await target.api.teams.list()).map((t): [string, number] => [t.name, t.id]),
  );
  if (teamId === undefined) {
    throw new ObjectError(
      'DependencyNotReady',
      `spec.permissions: no team named "${teamName}" in org ${target.orgId} of this Grafana`,
    );
  }
  return `team:${teamId}`;
}

/** The id listed under `key` (a lower-cased login or e-mail, a team name) in a per-instance index. */
async function lookUp(
  target: Directory,
  index: string,
  key: string,
  load: () => Promise<Array<[string, number]>>,
): Promise<number | undefined> {
  // A name not found may be new: looked up again in a fresher list.
  return (
    (await target.snapshots.get(index, load, DIRECTORY_MAX_AGE_MS)).get(key) ??
    (await target.snapshots.getAfterMiss(index, load)).get(key)
  );
}

function describe(entry: SpecPermission): string {
  if (entry.role) return `role ${entry.role}`;
  if (entry.userId) return `userId ${entry.userId}`;
  if (entry.teamId) return `teamId ${entry.teamId}`;
  if (entry.user) return `user "${entry.user}"`;
  if (entry.serviceAccount) return `service account "${entry.serviceAccount}"`;
  return `team "${entry.team}"`;
}
