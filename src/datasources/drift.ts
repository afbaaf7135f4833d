/**
 * Where a datasource in Grafana differs from the wanted one, after what Grafana adds or rewrites.
 * Secret values are never returned (their changes show in the Secrets' resourceVersions, through
 * the applied hash); which secrets are set shows in `secureJsonFields`.
 */
import { isDeepStrictEqual } from 'node:util';
import { pluginIdOf, type CreateDataSourceRequest } from '../grafana/index.js';
import type { DesiredDatasource, ObservedDatasource } from './datasource.js';

/** The fields that differ; [] = in sync. Fields only the single GET shows are compared when read. */
export function datasourceDrift(
  { payload, secure }: DesiredDatasource,
  observed: ObservedDatasource,
): string[] {
  const drift: string[] = [];
  const compare = (field: keyof ObservedDatasource & keyof CreateDataSourceRequest, wanted: unknown) => {
    if (!isDeepStrictEqual(observed[field] ?? '', wanted ?? '')) drift.push(field);
  };
  compare('name', payload.name);
  // Grafana reports an aliased type under the plugin's current id (§5.1).
  if (pluginIdOf(observed.type) !== pluginIdOf(payload.type)) drift.push('type');
  compare('access', payload.access);
  compare('database', payload.database);
  compare('user', payload.user);
  compare('basicAuth', payload.basicAuth);
  // Grafana does not clear a URL sent as "" (contract §5.5): an empty desired URL is not compared.
  if (payload.url) compare('url', payload.url);
  // Grafana makes an org's first datasource the default; only an explicit wish is enforced.
  if (payload.isDefault) compare('isDefault', true);
  if (!isDeepStrictEqual(observed.jsonData ?? {}, payload.jsonData ?? {})) drift.push('jsonData');
  if (observed.basicAuthUser !== undefined) compare('basicAuthUser', payload.basicAuthUser);
  if (observed.withCredentials !== undefined) compare('withCredentials', payload.withCredentials);
  if (observed.secureJsonFields !== undefined) {
    const stored = Object.keys(observed.secureJsonFields).filter((key) => observed.secureJsonFields?.[key]);
    for (const key of new Set([...stored, ...Object.keys(secure)])) {
      if (!(key in secure) || !stored.includes(key)) drift.push(`secureJsonData.${key}`);
    }
  }
  return drift;
}
