/**
 * A GrafanaDashboard as the kind observes, compares and writes it: the dashboard with its
 * permissions (dashboard-permissions.ts), and its public dashboard when the spec shares it or the
 * object made one (public-dashboard.ts).
 */
import type { Applied, InstanceRecord, Written } from '../sync/object-kind.js';
import type { InstanceTarget } from '../sync/targets.js';
import type { ListedDashboard } from './dashboard-reads.js';
import {
  diffWithPermissions,
  writeWithPermissions,
  type ObservedWithPermissions,
} from './dashboard-permissions.js';
import type { DesiredDashboard } from './desired.js';
import {
  observeSharing,
  recordOf,
  sharingDrift,
  syncSharing,
  type DesiredSharing,
  type ObservedSharing,
} from './public-dashboard.js';

/** The dashboard as observed, with its public dashboard when it was read. */
export type ObservedDashboardState = ObservedWithPermissions & { sharing?: ObservedSharing };

/** The desired dashboard and the sharing its spec asks for (undefined: Grafana's is left alone). */
export type DesiredDashboardState = DesiredDashboard & { sharing?: DesiredSharing };

/** Adds the public dashboard to an existing dashboard's observation, where it is to be read. */
export async function withSharing(
  target: InstanceTarget,
  observed: ObservedWithPermissions | undefined,
  desired: DesiredDashboardState,
  record: InstanceRecord | undefined,
): Promise<ObservedDashboardState | undefined> {
  if (!observed) return observed;
  const sharing = await observeSharing(target, observed.uid, desired.sharing, record?.publicDashboard);
  return sharing === undefined ? observed : { ...observed, sharing };
}

/** The dashboard's drift, its permissions', and its public dashboard's. */
export function diffDashboardState(
  desired: DesiredDashboardState,
  observed: ObservedDashboardState,
): string[] {
  return [...diffWithPermissions(desired, observed), ...sharingDrift(desired.sharing, observed.sharing)];
}

/**
 * Writes what differs: the dashboard and its permissions (nothing of them when only the public
 * dashboard drifted), then the public dashboard, whose record goes into status.
 */
export async function writeDashboardState(
  target: InstanceTarget,
  write: {
    uid: string;
    desired: DesiredDashboardState;
    observed: ObservedDashboardState | undefined;
    driftOnly: boolean;
    record: InstanceRecord | undefined;
  },
): Promise<Written<ListedDashboard>> {
  const applied = await writeWithPermissions(target, write);
  const { desired, observed, record } = write;
  const publicDashboard = await syncSharing(target, applied.uid, {
    wanted: desired.sharing,
    observed: observed?.sharing,
    recorded: record?.publicDashboard,
    dashboardExisted: observed !== undefined,
  });
  return { ...applied, ...(publicDashboard ? { publicDashboard } : {}) };
}

/** The status fields of an observed dashboard: its public dashboard's, when it was read. */
export function describeDashboardState(observed: ObservedDashboardState): Applied {
  const shared = observed.sharing;
  return {
    uid: observed.uid,
    url: observed.url,
    ...(observed.version !== undefined ? { version: observed.version } : {}),
    ...(shared ? { publicDashboard: recordOf(shared) } : {}),
  };
}
