/**
 * The two schemas a GrafanaDashboard can hold, side by side: classic dashboard JSON (through the
 * classic API, dashboard-sharing.ts) and a v2 dashboard (through the app-platform API,
 * v2-dashboard.ts). The content decides which (v2-content.ts); the functions here send each
 * object to its own, and a dashboard Grafana holds in the other schema is replaced.
 */
import type { Applied, InstanceRecord, Written } from '../sync/object-kind.js';
import type { InstanceTarget } from '../sync/targets.js';
import type { ListedDashboard } from './dashboard-reads.js';
import {
  describeDashboardState,
  diffDashboardState,
  writeDashboardState,
  type DesiredDashboardState,
  type ObservedDashboardState,
} from './dashboard-sharing.js';
import {
  describeV2,
  diffV2,
  isV2Desired,
  isV2Observed,
  writeV2,
  type DesiredV2Dashboard,
  type ObservedV2Dashboard,
} from './v2-dashboard.js';

export type DesiredAnyDashboard = DesiredDashboardState | DesiredV2Dashboard;
export type ObservedAnyDashboard = ObservedDashboardState | ObservedV2Dashboard;

/** What the applied hash covers: the uid in the JSON, as it is sent. */
export function hashableDashboard(desired: DesiredAnyDashboard, uid: string): unknown {
  if (isV2Desired(desired)) {
    const { place, spec, folderUid } = desired;
    return { v2: { version: place.version, spec, uid }, folderUid };
  }
  const { dashboard, folderUid, permissions, sharing } = desired;
  return {
    dashboard: { ...dashboard, uid },
    folderUid,
    ...(permissions ? { permissions } : {}),
    ...(sharing ? { sharing } : {}),
  };
}

/** The drift of either schema; a dashboard held in the other schema differs as a whole. */
export function diffAnyDashboard(desired: DesiredAnyDashboard, observed: ObservedAnyDashboard): string[] {
  if (isV2Desired(desired)) return isV2Observed(observed) ? diffV2(desired, observed) : ['apiVersion'];
  return isV2Observed(observed) ? ['apiVersion'] : diffDashboardState(desired, observed);
}

/** Writes through the API of the desired schema. */
export function writeAnyDashboard(
  target: InstanceTarget,
  write: {
    uid: string;
    desired: DesiredAnyDashboard;
    observed: ObservedAnyDashboard | undefined;
    driftOnly: boolean;
    record: InstanceRecord | undefined;
  },
): Promise<Written<ListedDashboard>> {
  const { desired, observed } = write;
  if (isV2Desired(desired)) {
    return writeV2(target, {
      ...write,
      desired,
      observed: observed && isV2Observed(observed) ? observed : undefined,
    });
  }
  const classic = observed && !isV2Observed(observed) ? observed : undefined;
  return writeDashboardState(target, { ...write, desired, observed: classic });
}

export function describeAnyDashboard(observed: ObservedAnyDashboard): Applied {
  return isV2Observed(observed) ? describeV2(observed) : describeDashboardState(observed);
}

export function dashboardTitle(desired: DesiredAnyDashboard): string {
  return String(isV2Desired(desired) ? desired.spec.title : desired.dashboard.title);
}
