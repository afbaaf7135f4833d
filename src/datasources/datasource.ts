/**
 * A GrafanaDatasource as wanted on one instance (the payload, and the secret values sent beside it)
 * and as Grafana shows it: the list item, completed by the single GET where the spec sets a field
 * the list lacks (§5.1: the list has no basicAuthUser, withCredentials or secureJsonFields).
 */
import type { GrafanaDatasourceSpec } from '../api/generated/index.js';
import type {
  CreateDataSourceRequest,
  GrafanaDataSource,
  GrafanaDataSourceListItem,
} from '../grafana/index.js';
import type { SecretReader } from '../runtime/secrets.js';

export interface DesiredDatasource {
  payload: CreateDataSourceRequest;
  /** secureJsonData values: sent to Grafana, never hashed or stored. */
  secure: Record<string, string>;
}

/** The list item, plus the fields only the single GET carries when the spec sets them. */
export type ObservedDatasource = GrafanaDataSourceListItem &
  Partial<Pick<GrafanaDataSource, 'basicAuthUser' | 'withCredentials' | 'secureJsonFields'>>;

/** The payload for Grafana, with Grafana's defaults for what the spec leaves out, and the secrets read. */
export async function desiredDatasource(
  spec: GrafanaDatasourceSpec,
  name: string,
  uid: string,
  secrets: Pick<SecretReader, 'value'>,
): Promise<DesiredDatasource> {
  const secure: Record<string, string> = {};
  for (const [key, ref] of Object.entries(spec.secureJsonData ?? {})) {
    if (ref) secure[key] = await secrets.value(ref.secretKeyRef);
  }
  const payload: CreateDataSourceRequest = {
    uid,
    name,
    type: spec.type,
    access: spec.access ?? 'proxy',
    url: spec.url ?? '',
    user: spec.user ?? '',
    database: spec.database ?? '',
    basicAuth: spec.basicAuth ?? false,
    basicAuthUser: spec.basicAuthUser ?? '',
    withCredentials: spec.withCredentials ?? false,
    isDefault: spec.isDefault ?? false,
    jsonData: spec.jsonData ?? {},
  };
  return { payload, secure };
}

/** Whether the spec sets a field only the single GET shows. */
export function needsDetail({ payload, secure }: DesiredDatasource): boolean {
  return Boolean(payload.basicAuthUser) || Boolean(payload.withCredentials) || Object.keys(secure).length > 0;
}

/** The list item completed by the single GET, unset fields as Grafana's defaults. */
export function withDetail(listed: GrafanaDataSourceListItem, ds: GrafanaDataSource): ObservedDatasource {
  return {
    ...listed,
    ...ds,
    basicAuthUser: ds.basicAuthUser ?? '',
    withCredentials: ds.withCredentials ?? false,
    secureJsonFields: ds.secureJsonFields ?? {},
  };
}

/** The fields of a GET that the list endpoint also returns, so written objects fit the list. */
const LIST_FIELDS = [
  'id',
  'uid',
  'orgId',
  'name',
  'url',
  'type',
  'access',
  'database',
  'user',
  'basicAuth',
  'isDefault',
  'jsonData',
  'readOnly',
] as const;

export function listItemOf(ds: GrafanaDataSource): GrafanaDataSourceListItem {
  return Object.fromEntries(
    LIST_FIELDS.map((field) => [field, ds[field]]),
  ) as unknown as GrafanaDataSourceListItem;
}

/** The uid and the datasource's page in Grafana, for the status. */
export function datasourcePage(ds: { uid: string }): { uid: string; url: string } {
  return { uid: ds.uid, url: `/connections/datasources/edit/${ds.uid}` };
}
