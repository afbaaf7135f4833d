import {
  GrafanaDatasourceResource,
  grafanaDatasourceSpecSchema,
  type GrafanaDatasource,
  type GrafanaDatasourceSpec,
} from '../api/generated/index.js';
import {
  datasourcePage,
  desiredDatasource,
  listItemOf,
  needsDetail,
  withDetail,
  type DesiredDatasource,
  type ObservedDatasource,
} from '../datasources/datasource.js';
import { datasourceDrift } from '../datasources/drift.js';
import { writeDatasource } from '../datasources/write.js';
import { undefinedIfNotFound, type GrafanaDataSourceListItem } from '../grafana/index.js';
import { grafanaName, type ObjectKind, showName } from '../sync/object-kind.js';
import { datasourceList } from '../datasources/datasource-list.js';

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

  desired: (context) =>
    desiredDatasource(context.object.spec, grafanaName(context.object), context.uid, context.secrets),

  hashable: ({ payload, secure }) => ({ payload, secureKeys: Object.keys(secure).sort() }),

  // Names are unique per org, and only one datasource can be the default (Grafana flips the others).
  claims: ({ payload }) => [`name:${payload.name}`, ...(payload.isDefault ? ['default-datasource'] : [])],

  async observe({ target, uid, desired }) {
    const listed = await datasourceList.on(target).get(uid);
    if (!listed || !needsDetail(desired)) return listed;
    // Deleted since the list was read: the list lets it go too.
    const full = await datasourceList
      .on(target)
      .reread(uid, () => undefinedIfNotFound(target.api.datasources.getByUid(uid)));
    return full && withDetail(listed, full);
  },

  async findClash({ target, uid, desired: { payload } }) {
    for (const item of (await datasourceList.on(target).items()).values()) {
      if (item.name === payload.name && item.uid !== uid) return item;
    }
    return undefined;
  },

  diff: datasourceDrift,

  async write({ target, desired, observed }) {
    const written = await writeDatasource(target.api, desired, observed);
    // Setting a default flips isDefault on the org's other datasources.
    if (desired.payload.isDefault) return { ...datasourcePage(written), listStale: true };
    return { ...datasourcePage(written), listed: listItemOf(written) };
  },

  async remove(target, uid) {
    await target.api.datasources.delete(uid);
  },

  describe: datasourcePage,
  shown: showName,
};
