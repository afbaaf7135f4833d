/**
 * The grantees of `spec.permissions` (folders and dashboards) as Grafana's permissions APIs name
 * them: a user's login or e-mail, a team's or service account's name resolved to ids, from the
 * org's lists of users, teams and service accounts.
 */
import type { Permissions } from '../api/generated/index.js';
import type { FolderPermissionName } from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import type { ListView } from '../sync/kind-list.js';
import type { InstanceTarget } from '../sync/targets.js';
import { serviceAccountList, teamList } from './grantee-lists.js';
import { sortPermissions, type FolderPermission } from './permissions.js';

type SpecPermission = Permissions[number];

/** Users and teams change rarely; one list each per instance per minute serves every folder and dashboard. */
const DIRECTORY_MAX_AGE_MS = 60_000;

/** The grantees an object of this operator may make: a GrafanaTeam, a GrafanaServiceAccount. */
export type MadeGrantee = 'team' | 'serviceAccount';

/**
 * Told of a team or service account not found in Grafana's cached list, before the fresh list is
 * read: the caller starts watching what would make it, so that one made meanwhile is not missed.
 */
export type OnGranteeMiss = (grantee: MadeGrantee) => void;

/** The spec's permissions for one instance, names resolved; sorted, one entry per grantee. */
export async function resolvePermissions(
  target: InstanceTarget,
  permissions: SpecPermission[],
  onMiss: OnGranteeMiss = () => undefined,
): Promise<FolderPermission[]> {
  const resolved = new Map<string, { permission: FolderPermissionName; from: string }>();
  for (const entry of permissions) {
    const grantee = await granteeOf(target, entry, onMiss);
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

async function granteeOf(
  target: InstanceTarget,
  entry: SpecPermission,
  onMiss: OnGranteeMiss,
): Promise<string> {
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
    const id = await findIn(
      serviceAccountList.on(target),
      (sa) => sa.name === name,
      () => onMiss('serviceAccount'),
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
  const teamId = await findIn(
    teamList.on(target),
    (t) => t.name === teamName,
    () => onMiss('team'),
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
  target: InstanceTarget,
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

/**
 * The id of the first item of a kind's list that `matches`. A miss is looked for again in a fresher
 * list, after `onMiss` (the caller starts watching what may make it, so one made meanwhile wakes it).
 */
async function findIn<Item extends { id: number }>(
  list: ListView<Item>,
  matches: (item: Item) => boolean,
  onMiss: () => void,
): Promise<number | undefined> {
  const find = (items: Map<string, Item>) => [...items.values()].find(matches)?.id;
  const listed = find(await list.items(DIRECTORY_MAX_AGE_MS));
  if (listed !== undefined) return listed;
  onMiss();
  return find(await list.itemsAfterMiss());
}

function describe(entry: SpecPermission): string {
  if (entry.role) return `role ${entry.role}`;
  if (entry.userId) return `userId ${entry.userId}`;
  if (entry.teamId) return `teamId ${entry.teamId}`;
  if (entry.user) return `user "${entry.user}"`;
  if (entry.serviceAccount) return `service account "${entry.serviceAccount}"`;
  return `team "${entry.team}"`;
}
