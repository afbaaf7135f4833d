/**
 * The app-platform dashboard group `/apis/dashboard.grafana.app` (§6.4, §10, §23): discovery, the
 * list of an org's dashboards, and one dashboard read and written (dashboard-objects.ts), over the same store as the classic API
 * (`dashboardsOf(org)`), so a classic save or a UI edit shows up here at once.
 *
 * What is modelled, from the contract and Grafana's source:
 * - namespace `default` is org 1, `org-N` org N (`request.GetNamespaceMapper`);
 * - `metadata.name` is the uid, `metadata.generation` the classic `version` (the legacy SQL
 *   storage's `scanRow` sets it from the `version` column), the folder is the `grafana.app/folder`
 *   annotation, the legacy id the `grafana.app/deprecatedInternalID` label; `spec` is the stored
 *   JSON without `id`, `uid` and `version`;
 * - `Accept: application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1` answers metadata
 *   only (generic apiserver behaviour); `limit` + `continue` page the list;
 * - errors are `metav1.Status`: a caller outside the namespace's org gets 403 (`orgIDAuthorizer`).
 *
 * `options.dashboardApis: false` makes the group absent (404 on every path), as on 11.x or behind a
 * proxy that forwards only `/api`, so clients can be tested on their fallback.
 */
import { dashboardsOf } from '../dashboard-state.js';
import { json, routeNotFound, type Reply } from '../errors.js';
import type { RequestContext, RouteModule } from '../router.js';
import { OrgState } from '../state.js';
import { discoveryReply, listableOrg, listPage, objectMeta, type AppPlatformGroup } from './app-platform.js';
import { registerDashboardObjects } from './dashboard-objects.js';
import type { JsonObject } from '../types.js';

const GROUP = 'dashboard.grafana.app';

/** The group as the profile serves it (`options.dashboardApiVersions`, the preferred one first). */
const dashboardsGroup = (ctx: RequestContext, action = 'dashboards:read'): AppPlatformGroup => ({
  group: GROUP,
  versions: ctx.options.dashboardApiVersions,
  preferred: ctx.options.dashboardApiVersions[0] ?? '',
  resource: 'dashboards',
  readAction: action,
});

export const dashboardApiRoutes: RouteModule = {
  name: 'dashboard-apis',
  register(router) {
    router.get(`/apis/${GROUP}`, { kind: 'signedIn' }, discovery);
    router.get(`/apis/${GROUP}/:version/namespaces/:namespace/dashboards`, { kind: 'signedIn' }, list);
    registerDashboardObjects(router, dashboardsGroup);
  },
};

function discovery(ctx: RequestContext): Reply {
  if (!ctx.options.dashboardApis) return routeNotFound();
  return discoveryReply(dashboardsGroup(ctx));
}

function list(ctx: RequestContext): Reply {
  if (!ctx.options.dashboardApis) return routeNotFound();
  const dashboards = dashboardsGroup(ctx);
  const org = listableOrg(ctx, dashboards);
  if (!(org instanceof OrgState)) return org;
  const version = ctx.params.version ?? '';
  const namespace = ctx.params.namespace ?? '';
  const records = [...dashboardsOf(org).dashboards.values()].sort((a, b) => (a.uid < b.uid ? -1 : 1));
  const { page, listMeta } = listPage(ctx, records);
  const metadataOnly = (ctx.headers.accept ?? '').includes('as=PartialObjectMetadataList');
  if (metadataOnly) {
    return json(200, {
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      metadata: listMeta,
      items: page.map((record) => ({
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: objectMeta(dashboards, record, namespace, record.folderUid),
      })),
    });
  }
  return json(200, {
    kind: 'DashboardList',
    apiVersion: `${GROUP}/${version}`,
    metadata: listMeta,
    items: page.map((record) => ({
      kind: 'Dashboard',
      apiVersion: `${GROUP}/${version}`,
      metadata: objectMeta(dashboards, record, namespace, record.folderUid),
      spec: specOf(record.data),
    })),
  });
}

function specOf(data: JsonObject): JsonObject {
  const { id: _id, uid: _uid, version: _version, ...spec } = data;
  return structuredClone(spec);
}
