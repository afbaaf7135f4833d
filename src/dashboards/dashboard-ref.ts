import { GrafanaDashboardResource, type GrafanaDashboard } from '../api/generated/index.js';
import { ReferenceTracker } from '../runtime/references.js';
import type { KindContext } from '../sync/object-kind.js';

/** A GrafanaDashboard's uid in Grafana, or why there is none to use yet. */
export type DashboardRef = { uid: string } | { waiting: string };

/**
 * The Grafana uid of the GrafanaDashboard named `dashboardName`, from its status: synced to
 * GrafanaInstance `instance`, or to any instance when `instance` is undefined (an org's home
 * dashboard is made through an instance acting in that org, not through the org's own). The
 * caller is requeued when that dashboard changes.
 */
export async function resolveDashboardRef<T>(
  context: KindContext<T>,
  dashboardName: string,
  instance?: string,
): Promise<DashboardRef> {
  context.references.add(
    ReferenceTracker.key(GrafanaDashboardResource.kind, context.namespace, dashboardName),
  );
  const dashboard = await context.kube.find<GrafanaDashboard>(
    GrafanaDashboardResource,
    context.namespace,
    dashboardName,
  );
  if (!dashboard) return { waiting: `waiting for GrafanaDashboard "${dashboardName}", which does not exist` };
  if (dashboard.metadata?.deletionTimestamp)
    return { waiting: `GrafanaDashboard "${dashboardName}" is being deleted` };
  const entry = dashboard.status?.instances?.find(
    (e) => e.synced && e.uid && (instance === undefined || e.name === instance),
  );
  if (!entry?.uid)
    return {
      waiting: `waiting for GrafanaDashboard "${dashboardName}" to be synced${
        instance === undefined ? '' : ` to GrafanaInstance ${instance}`
      }`,
    };
  return { uid: entry.uid };
}
