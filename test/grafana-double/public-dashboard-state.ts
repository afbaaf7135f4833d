/**
 * Public dashboards (§6.12), one store per org: by dashboard uid, as Grafana keeps at most one per
 * dashboard. Deleting a dashboard deletes its public dashboard (DashboardStore.delete).
 */
import type { GrafanaPublicDashboard } from '../../src/grafana/index.js';
import type { OrgState } from './state.js';

/** Stored as Grafana answers it (`PublicDashboard`), with its timestamps. */
export type PublicDashboardRecord = GrafanaPublicDashboard & { createdAt: string; updatedAt: string };

/** The org's public dashboards by dashboard uid. */
export const publicDashboardsOf = (org: OrgState) =>
  org.extension('publicDashboards', () => new Map<string, PublicDashboardRecord>());
