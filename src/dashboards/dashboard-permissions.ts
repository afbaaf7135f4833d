/**
 * GrafanaDashboard `spec.permissions`: read and written through the dashboard permissions API
 * (§6.10), which has the folder permissions' shapes, so the same model serves both (access/).
 */
import {
  observedPermissions,
  samePermissions,
  setPermissions,
  type FolderPermission,
} from '../access/permissions.js';
import type { Written } from '../sync/object-kind.js';
import type { InstanceTarget } from '../sync/targets.js';
import type { ListedDashboard, ObservedDashboard } from './dashboard-reads.js';
import { saveDashboard } from './dashboard-write.js';
import type { DesiredDashboard } from './desired.js';
import { diffDashboard } from './drift.js';

/** A dashboard as observed, with its permissions when the spec manages them. */
export type ObservedWithPermissions = ObservedDashboard & { permissions?: FolderPermission[] };

/**
 * Adds the dashboard's own permissions to what was observed; only for a spec that sets them, as
 * there is no list endpoint (one GET per dashboard and resync).
 */
export async function withPermissions(
  target: InstanceTarget,
  observed: ObservedDashboard | undefined,
  permissions: FolderPermission[] | undefined,
): Promise<ObservedWithPermissions | undefined> {
  if (!observed || !permissions) return observed;
  return {
    ...observed,
    permissions: observedPermissions(await target.api.dashboardPermissions.get(observed.uid)),
  };
}

/**
 * The dashboard's drift, and `permissions` when the spec sets them and Grafana's differ. Unlike the
 * JSON, permissions are held even with `editableInGrafana`: that flag is about the content.
 */
export function diffWithPermissions(desired: DesiredDashboard, observed: ObservedWithPermissions): string[] {
  const drift = diffDashboard(desired, observed);
  if (desired.permissions && !samePermissions(desired.permissions, observed.permissions ?? []))
    drift.push('permissions');
  return drift;
}

/**
 * Saves the dashboard unless only its permissions drifted (a save would bump its version), then
 * sets the permissions where the spec manages them and they differ; also right after a create,
 * which gives the dashboard Grafana's default permissions.
 */
export async function writeWithPermissions(
  target: InstanceTarget,
  write: {
    uid: string;
    desired: DesiredDashboard;
    observed: ObservedWithPermissions | undefined;
    driftOnly: boolean;
  },
): Promise<Written<ListedDashboard>> {
  const { uid, desired, observed } = write;
  const contentInSync =
    write.driftOnly && observed !== undefined && diffDashboard(desired, observed).length === 0;
  const applied = contentInSync
    ? { uid: observed.uid, version: observed.version, url: observed.url }
    : await saveDashboard(target, { uid, desired, create: !observed });
  const permissions = desired.permissions;
  if (permissions && !(observed?.permissions && samePermissions(permissions, observed.permissions)))
    await setPermissions(target.api.dashboardPermissions, uid, permissions);
  return applied;
}
