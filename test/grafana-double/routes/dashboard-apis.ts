/**
 * The app-platform dashboard group `/apis/dashboard.grafana.app` (§6.4, §10), read-only: discovery
 * and the list of an org's dashboards, over the same store as the classic API
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
import { createHash } from 'node:crypto';

import { hasPermission, roleIn } from '../auth.js';
import { dashboardsOf } from '../dashboard-state.js';
import { json, k8sStatus, routeNotFound, type Reply } from '../errors.js';
import type { RequestContext, RouteModule } from '../router.js';
import type { DashboardRecord, JsonObject } from '../types.js';

const GROUP = 'dashboard.grafana.app';
/** What 12.2 serves; v1beta1 is the preferred one (the 12.x docs use it). */
const VERSIONS = ['v1beta1', 'v0alpha1', 'v2alpha1', 'v2beta1'];
const PREFERRED = 'v1beta1';
const DEFAULT_LIMIT = 500;

export const dashboardApiRoutes: RouteModule = {
  name: 'dashboard-apis',
  register(router) {
    router.get(`/apis/${GROUP}`, { kind: 'signedIn' }, discovery);
    router.get(`/apis/${GROUP}/:version/namespaces/:namespace/dashboards`, { kind: 'signedIn' }, list);
  },
};

function discovery(ctx: RequestContext): Reply {
  if (!ctx.options.dashboardApis) return routeNotFound();
  const versions = VERSIONS.map((version) => ({ groupVersion: `${GROUP}/${version}`, version }));
  return json(200, {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name: GROUP,
    versions,
    preferredVersion: { groupVersion: `${GROUP}/${PREFERRED}`, version: PREFERRED },
  });
}

/** `default` → 1, `org-N` → N; anything else maps to no org. */
function orgOfNamespace(namespace: string): number | undefined {
  if (namespace === 'default') return 1;
  const match = /^org-(\d+)$/.exec(namespace);
  return match ? Number(match[1]) : undefined;
}

function list(ctx: RequestContext): Reply {
  if (!ctx.options.dashboardApis) return routeNotFound();
  const version = ctx.params.version ?? '';
  const namespace = ctx.params.namespace ?? '';
  if (!VERSIONS.includes(version)) {
    return k8sStatus(404, 'NotFound', `the server could not find the requested resource`);
  }
  const orgId = orgOfNamespace(namespace);
  const identity = ctx.identity;
  const org = orgId === undefined ? undefined : ctx.state.findOrg(orgId);
  if (identity === undefined || org === undefined || roleIn(identity, org.id) === undefined) {
    const who = identity === undefined ? 'anonymous' : 'caller';
    return k8sStatus(403, 'Forbidden', `${who} is not a member of the org of namespace ${namespace}`, {
      group: GROUP,
      kind: 'dashboards',
    });
  }
  if (!hasPermission(identity, org.id, 'dashboards:read')) {
    return k8sStatus(403, 'Forbidden', `dashboards.${GROUP} is forbidden`, {
      group: GROUP,
      kind: 'dashboards',
    });
  }

  const records = [...dashboardsOf(org).dashboards.values()].sort((a, b) => (a.uid < b.uid ? -1 : 1));
  const limit = Number(ctx.query.get('limit') ?? '') > 0 ? Number(ctx.query.get('limit')) : DEFAULT_LIMIT;
  const offset = Number(ctx.query.get('continue') ?? '') || 0;
  const page = records.slice(offset, offset + limit);
  const next = offset + limit < records.length ? String(offset + limit) : undefined;
  const metadataOnly = (ctx.headers.accept ?? '').includes('as=PartialObjectMetadataList');
  const listMeta = {
    resourceVersion: String(Math.max(0, ...records.map((r) => Date.parse(r.updated) || 0))),
    ...(next !== undefined ? { continue: next } : {}),
  };
  if (metadataOnly) {
    return json(200, {
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      metadata: listMeta,
      items: page.map((record) => ({
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: objectMeta(record, namespace),
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
      metadata: objectMeta(record, namespace),
      spec: specOf(record.data),
    })),
  });
}

function objectMeta(record: DashboardRecord, namespace: string): JsonObject {
  return {
    name: record.uid,
    namespace,
    uid: createHash('sha256').update(`${namespace}/${record.uid}`).digest('hex').slice(0, 36),
    resourceVersion: String(Date.parse(record.updated) || record.version),
    generation: record.version,
    creationTimestamp: record.created,
    annotations: {
      'grafana.app/createdBy': `user:${record.createdBy}`,
      'grafana.app/updatedBy': `user:${record.updatedBy}`,
      'grafana.app/updatedTimestamp': record.updated,
      ...(record.folderUid !== '' ? { 'grafana.app/folder': record.folderUid } : {}),
    },
    labels: { 'grafana.app/deprecatedInternalID': String(record.id) },
  };
}

function specOf(data: JsonObject): JsonObject {
  const { id: _id, uid: _uid, version: _version, ...spec } = data;
  return structuredClone(spec);
}
