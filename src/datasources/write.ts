/**
 * How a GrafanaDatasource is written: a create, or a PUT that replaces the datasource. Secure keys
 * a PUT omits keep their stored value (contract §5.6), so keys removed from the spec are cleared
 * explicitly with "".
 */
import type { GrafanaApi, GrafanaDataSource } from '../grafana/index.js';
import type { DesiredDatasource } from './datasource.js';

/**
 * Creates the datasource (`current` undefined) or replaces the one with uid `current.uid`, and
 * answers it as Grafana stored it.
 */
export async function writeDatasource(
  api: GrafanaApi,
  { payload, secure }: DesiredDatasource,
  current: { uid: string } | undefined,
): Promise<GrafanaDataSource> {
  // A create refused as a duplicate means the list was stale: it exists after all. Whether it is
  // ours is judged on a fresh list.
  if (!current) return (await api.datasources.create({ ...payload, secureJsonData: secure })).datasource;
  const stored = await api.datasources.getByUid(current.uid);
  const secureJsonData = { ...secure };
  for (const [key, set] of Object.entries(stored.secureJsonFields ?? {})) {
    if (set && !(key in secureJsonData)) secureJsonData[key] = '';
  }
  return (await api.datasources.update(current.uid, { ...payload, secureJsonData })).datasource;
}
