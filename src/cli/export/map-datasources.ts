/**
 * Datasources as GrafanaDatasource manifests. Grafana never returns secure values, only which keys
 * hold one (`secureJsonFields`): each becomes a secretKeyRef into one Secret per datasource, left
 * empty for the user to fill.
 */
import type { GrafanaDataSource } from '../../grafana/index.js';
import { sortKeys } from '../../lib/json.js';
import type { ManifestEntry } from '../manifests.js';
import { byUid, emptySecret, type ExportContext } from './context.js';

export function datasourceManifests(
  context: ExportContext,
  datasources: readonly GrafanaDataSource[],
): ManifestEntry[] {
  return byUid(datasources, (d) => d.uid).flatMap((datasource) => {
    const name = context.names.allocate('GrafanaDatasource', datasource.name);
    const secureKeys = Object.entries(datasource.secureJsonFields ?? {})
      .filter(([, set]) => set)
      .map(([key]) => key)
      .sort();
    const secretName = secureKeys.length > 0 ? context.names.allocate('Secret', `${name}-datasource`) : '';
    const spec: Record<string, unknown> = {
      uid: datasource.uid,
      name: datasource.name,
      type: datasource.type,
      access: datasource.access,
      ...present({
        url: datasource.url,
        user: datasource.user,
        database: datasource.database,
        basicAuthUser: datasource.basicAuth ? datasource.basicAuthUser : undefined,
      }),
      ...(datasource.basicAuth ? { basicAuth: true } : {}),
      ...(datasource.withCredentials ? { withCredentials: true } : {}),
      ...(datasource.isDefault ? { isDefault: true } : {}),
      ...(datasource.jsonData && Object.keys(datasource.jsonData).length > 0
        ? { jsonData: sortKeys(datasource.jsonData) }
        : {}),
    };
    if (secureKeys.length > 0) {
      spec.secureJsonData = Object.fromEntries(
        secureKeys.map((key) => [key, { secretKeyRef: { name: secretName, key } }]),
      );
    }
    const entries: ManifestEntry[] = [
      context.grafanaObject(
        'GrafanaDatasource',
        name,
        spec,
        datasource.readOnly
          ? 'Provisioned from files in Grafana (read-only there): the operator cannot change it until Grafana no longer provisions it.'
          : undefined,
      ),
    ];
    if (secureKeys.length > 0) {
      entries.push(
        emptySecret(context, secretName, secureKeys, `Secure fields of the datasource "${datasource.name}"`),
      );
    }
    return entries;
  });
}

/** The string fields that hold something (Grafana answers "" for unset ones). */
function present(fields: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
}
