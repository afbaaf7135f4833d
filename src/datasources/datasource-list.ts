/**
 * The instance's datasources as Grafana lists them, one list call per instance shared by every
 * object that reads it: GrafanaDatasources are observed there (their kind's list), and dashboards
 * resolve the datasource names their inputs map with it.
 */
import type { GrafanaDataSourceListItem } from '../grafana/index.js';
import { kindList } from '../sync/kind-list.js';

/** `GET /api/datasources`, by uid. */
export const datasourceList = kindList<GrafanaDataSourceListItem>({
  name: 'datasources',
  load: (target) => target.api.datasources.list(),
  key: (item) => item.uid,
});
