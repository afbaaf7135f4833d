import { isDeepStrictEqual } from 'node:util';
import {
  GrafanaDatasourceResource,
  grafanaDatasourceSpecSchema,
  type GrafanaDatasource,
  type GrafanaDatasourceSpec,
} from '../api/generated/index.js';
import {
  pluginIdOf,
  undefinedIfNotFound,
  type CreateDataSourceRequest,
  type GrafanaDataSource,
  type GrafanaDataSourceListItem,
} from '../grafana/index.js';
import { type KindContext, type ObjectKind, showName } from '../sync/object-kind.js';
import { datasourceList } from './datasource-list.js';
import type { InstanceTarget } from '../sync/targets.js';

interface DesiredDatasource {
  payload: CreateDataSourceRequest;
  /** secureJsonData values: sent to Grafana, never hashed or stored. */
  secure: Record<string, string>;
}

/**
 * What Grafana has: the list item, plus the fields only the single GET carries when the spec sets
 * them (§5.1: the list has no basicAuthUser, withCredentials or secureJsonFields).
 */
type ObservedDatasource = GrafanaDataSourceListItem &
  Partial<Pick<GrafanaDataSource, 'basicAuthUser' | 'withCredentials' | 'secureJsonFields'>>;

/**
 * GrafanaDatasource. Reads come from one list call per instance (shared by all objects), plus one
 * GET for a datasource whose spec sets a field the list lacks (basicAuthUser, withCredentials,
 * secure fields), so edits to those in Grafana are seen too. Secret values are compared by the
 * resourceVersion of their Secrets, since Grafana never returns them; which secrets are set, by
 * `secureJsonFields`.
 */
export const grafanaDatasourceKind: ObjectKind<
  GrafanaDatasourceSpec,
  GrafanaDatasource,
  DesiredDatasource,
  ObservedDatasource,
  GrafanaDataSourceListItem
> = {
  resource: GrafanaDatasourceResource,
  specSchema: grafanaDatasourceSpecSchema,
  list: datasourceList,

  async desired(context: KindContext<GrafanaDatasource>): Promise<DesiredDatasource> {
    const { spec, metadata } = context.object;
    const secure: Record<string, string> = {};
    for (const [key, ref] of Object.entries(spec.secureJsonData ?? {})) {
      if (ref) secure[key] = await context.secrets.value(ref.secretKeyRef);
    }
    const payload: CreateDataSourceRequest = {
      uid: context.uid,
      name: spec.name ?? metadata?.name ?? '',
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
  },

  hashable: ({ payload, secure }) => ({ payload, secureKeys: Object.keys(secure).sort() }),

  // Names are unique per org, and only one datasource can be the default (Grafana flips the others).
  claims: ({ payload }) => [`name:${payload.name}`, ...(payload.isDefault ? ['default-datasource'] : [])],

  async observe({ target, uid, desired }) {
    const listed = await datasourceList.on(target).get(uid);
    if (!listed || !needsDetail(desired)) return listed;
    const full = await undefinedIfNotFound(target.api.datasources.getByUid(uid));
    if (!full) datasourceList.on(target).remove(uid);
    return full && { ...listed, ...pickDetail(full) };
  },

  async findClash({ target, uid, desired: { payload } }) {
    for (const item of (await datasourceList.on(target).items()).values()) {
      if (item.name === payload.name && item.uid !== uid) return item;
    }
    return undefined;
  },

  diff({ payload, secure }, observed) {
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
  },

  async write({ target, desired: { payload, secure }, observed }) {
    const datasources = target.api.datasources;
    // A create refused as a duplicate means our list was stale: it exists after all. Whether it
    // is ours is judged on a fresh list.
    const written = observed
      ? await update(target, observed.uid, payload, secure)
      : (await datasources.create({ ...payload, secureJsonData: secure })).datasource;
    if (payload.isDefault) {
      // Setting a default flips isDefault on the org's other datasources.
      datasourceList.on(target).invalidate();
      return describe(written);
    }
    return { ...describe(written), listed: toListItem(written) };
  },

  async remove(target, uid) {
    await target.api.datasources.delete(uid);
  },

  describe,
  shown: showName,
};

/**
 * A PUT replaces the datasource; secure keys it omits keep their stored value (contract §5.6),
 * so keys removed from the spec are cleared explicitly with "".
 */
async function update(
  target: InstanceTarget,
  currentUid: string,
  payload: CreateDataSourceRequest,
  secure: Record<string, string>,
): Promise<GrafanaDataSource> {
  const current = await target.api.datasources.getByUid(currentUid);
  const secureJsonData = { ...secure };
  for (const [key, set] of Object.entries(current.secureJsonFields ?? {})) {
    if (set && !(key in secureJsonData)) secureJsonData[key] = '';
  }
  return (await target.api.datasources.update(currentUid, { ...payload, secureJsonData })).datasource;
}

/** Whether the spec sets a field only the single GET shows. */
function needsDetail({ payload, secure }: DesiredDatasource): boolean {
  return Boolean(payload.basicAuthUser) || Boolean(payload.withCredentials) || Object.keys(secure).length > 0;
}

function pickDetail(ds: GrafanaDataSource): Partial<ObservedDatasource> {
  return {
    ...ds,
    basicAuthUser: ds.basicAuthUser ?? '',
    withCredentials: ds.withCredentials ?? false,
    secureJsonFields: ds.secureJsonFields ?? {},
  };
}

/** The fields of a GET that the list endpoint also returns, so written objects fit the snapshot. */
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

function toListItem(ds: GrafanaDataSource): GrafanaDataSourceListItem {
  return Object.fromEntries(
    LIST_FIELDS.map((field) => [field, ds[field]]),
  ) as unknown as GrafanaDataSourceListItem;
}

function describe(ds: { uid: string }): { uid: string; url: string } {
  return { uid: ds.uid, url: `/connections/datasources/edit/${ds.uid}` };
}
