/**
 * GrafanaFolder `spec.permissions`: names resolved to the ids Grafana's folder permissions API
 * takes, and both sides reduced to one sorted form so comparing them is a string comparison.
 */
import type { GrafanaFolderSpec } from '../api/generated/index.js';
import {
  FOLDER_PERMISSION_LEVELS,
  type BasicRole,
  type FolderPermissionEntry,
  type FolderPermissionItem,
  type FolderPermissionName,
} from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import type { InstanceTarget } from '../sync/targets.js';

type SpecPermission = NonNullable<GrafanaFolderSpec['permissions']>[number];

/** One grantee (`role:Viewer`, `user:12`, `team:3`) and its level, as Grafana stores it. */
export interface FolderPermission {
  grantee: string;
  permission: FolderPermissionName;
}

/** Users and teams change rarely; one list each per instance per minute serves every folder. */
const DIRECTORY_MAX_AGE_MS = 60_000;
/** A name not found may be new: look again with a list at most this old. */
const DIRECTORY_MISS_MAX_AGE_MS = 5_000;

/** The spec's permissions for one instance, names resolved; sorted, one entry per grantee. */
export async function resolvePermissions(
  target: InstanceTarget,
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

/** What Grafana holds, in the same form; entries without a named level are no permission at all. */
export function observedPermissions(entries: FolderPermissionEntry[]): FolderPermission[] {
  const out: FolderPermission[] = [];
  for (const entry of entries) {
    if (entry.inherited) continue;
    const grantee = entry.role
      ? `role:${entry.role}`
      : entry.teamId > 0
        ? `team:${entry.teamId}`
        : entry.userId > 0
          ? `user:${entry.userId}`
          : undefined;
    const permission = levelName(entry.permission);
    if (grantee && permission) out.push({ grantee, permission });
  }
  return sortPermissions(out);
}

export function samePermissions(a: FolderPermission[], b: FolderPermission[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => p.grantee === b[i]!.grantee && p.permission === b[i]!.permission)
  );
}

/** The POST body items for a resolved list. */
export function permissionItems(permissions: FolderPermission[]): FolderPermissionItem[] {
  return permissions.map(({ grantee, permission }) => {
    const level = FOLDER_PERMISSION_LEVELS[permission];
    const [type, id] = splitGrantee(grantee);
    if (type === 'role') return { role: id as BasicRole, permission: level };
    if (type === 'team') return { teamId: Number(id), permission: level };
    return { userId: Number(id), permission: level };
  });
}

async function granteeOf(target: InstanceTarget, entry: SpecPermission): Promise<string> {
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
  target: InstanceTarget,
  index: string,
  key: string,
  load: () => Promise<Array<[string, number]>>,
): Promise<number | undefined> {
  const find = async (maxAgeMs: number) => (await target.snapshots.get(index, load, maxAgeMs)).get(key);
  return (await find(DIRECTORY_MAX_AGE_MS)) ?? find(DIRECTORY_MISS_MAX_AGE_MS);
}

function describe(entry: SpecPermission): string {
  if (entry.role) return `role ${entry.role}`;
  if (entry.userId) return `userId ${entry.userId}`;
  if (entry.teamId) return `teamId ${entry.teamId}`;
  if (entry.user) return `user "${entry.user}"`;
  return `team "${entry.team}"`;
}

function levelName(level: number): FolderPermissionName | undefined {
  return (Object.keys(FOLDER_PERMISSION_LEVELS) as FolderPermissionName[]).find(
    (name) => FOLDER_PERMISSION_LEVELS[name] === level,
  );
}

function splitGrantee(grantee: string): [string, string] {
  const at = grantee.indexOf(':');
  return [grantee.slice(0, at), grantee.slice(at + 1)];
}

function sortPermissions(permissions: FolderPermission[]): FolderPermission[] {
  return permissions.sort((a, b) => (a.grantee < b.grantee ? -1 : a.grantee > b.grantee ? 1 : 0));
}
