/**
 * The instance's datasources as Grafana lists them, one list call per instance shared by every
 * object that reads it: GrafanaDatasources are observed there, and dashboards resolve the
 * datasource names their inputs map with it.
 */
import type { GrafanaDataSourceListItem } from '../grafana/index.js';
import type { InstanceTarget } from '../sync/targets.js';

/** The per-instance snapshot of `GET /api/datasources`, by uid. */
export const DATASOURCES_SNAPSHOT = 'datasources';

/** The instance's datasources by uid, from the list shared by every object. */
export async function datasourceSnapshot(
  target: InstanceTarget,
): Promise<Map<string, GrafanaDataSourceListItem>> {
  return target.snapshots.get(DATASOURCES_SNAPSHOT, async () =>
    (await target.api.datasources.list()).map(
      (item) => [item.uid, item] as [string, GrafanaDataSourceListItem],
    ),
  );
}
