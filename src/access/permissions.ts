/**
 * `spec.permissions` of a GrafanaFolder or GrafanaDashboard in the one form both sides are reduced
 * to (one sorted entry per grantee), so comparing them is a string comparison; and how that form
 * is written to Grafana's folder or dashboard permissions API, which share one shape (§4.4, §6.10).
 */
import {
  FOLDER_PERMISSION_LEVELS,
  GrafanaApiError,
  type BasicRole,
  type FolderPermissionEntry,
  type FolderPermissionItem,
  type FolderPermissionName,
  type FolderPermissionsApi,
} from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';

/** One grantee (`role:Viewer`, `user:12`, `team:3`) and its level, as Grafana stores it. */
export interface FolderPermission {
  grantee: string;
  permission: FolderPermissionName;
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

/**
 * Replaces the folder's or dashboard's permissions (`api`: the folder or the dashboard
 * permissions API). Grafana reports an unknown user or team id only as a 500 ("Failed to create
 * permission" for a folder, "Failed to update permissions" for a dashboard). Names are checked
 * before this, so with numeric ids in the list that 500 most likely means one of them.
 */
export async function setPermissions(
  api: FolderPermissionsApi,
  uid: string,
  permissions: FolderPermission[],
): Promise<void> {
  try {
    await api.set(uid, permissionItems(permissions));
  } catch (err) {
    const numericIds = permissions.some((p) => !p.grantee.startsWith('role:'));
    if (err instanceof GrafanaApiError && err.status === 500 && numericIds) {
      throw new ObjectError(
        'InvalidSpec',
        `Grafana refused spec.permissions (${err.grafanaMessage || 'status 500'}); the usual cause is a userId or teamId that does not exist in this Grafana`,
      );
    }
    throw err;
  }
}

/** By grantee, the order both sides are compared in. */
export function sortPermissions(permissions: FolderPermission[]): FolderPermission[] {
  return permissions.sort((a, b) => (a.grantee < b.grantee ? -1 : a.grantee > b.grantee ? 1 : 0));
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
