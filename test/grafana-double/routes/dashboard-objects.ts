/**
 * One dashboard of `/apis/dashboard.grafana.app/<version>/namespaces/<ns>/dashboards/<name>`
 * (docs/grafana-api.md §23): GET, POST (create), PUT (replace), over the same store as the classic
 * API, so a v2 dashboard shows in search and the classic DELETE removes it.
 *
 * What is modelled, from Grafana's source:
 * - a save in a v2 version stores the v2 spec and that version; the classic GET then answers 406
 *   (routes/dashboards.ts); a save in a classic version stores classic JSON;
 * - admission (`DashboardsAPIBuilder.validateCreate`/`validateUpdate`): a title (400), a valid name
 *   (400), a message of at most 500 characters (400), an existing folder in `grafana.app/folder`
 *   (404 `folders.folder.grafana.app "<uid>" not found`);
 * - the name taken → 409 AlreadyExists; a stale `metadata.resourceVersion` on PUT → 409 Conflict;
 *   an unknown name → 404 NotFound;
 * - `metadata.generation` is the classic version (+1 on every save, as legacy storage counts it);
 *   the `grafana.app/message` annotation is input-only, not answered.
 * Not modelled: conversion between schemas (a dashboard is answered as stored, in whatever
 * version is asked).
 */
import { dashboardsOf } from '../dashboard-state.js';
import { json, k8sStatus, routeNotFound, type Reply } from '../errors.js';
import type { RequestContext, Router } from '../router.js';
import type { OrgState } from '../state.js';
import type { DashboardRecord, JsonObject } from '../types.js';
import { uidProblem } from '../util.js';
import { bindBody } from './alerting-common.js';
import { inNamespaceOrg, objectMeta, staleWrite, type AppPlatformGroup } from './app-platform.js';

const GROUP = 'dashboard.grafana.app';
const OBJECT = `/apis/${GROUP}/:version/namespaces/:namespace/dashboards`;
const MAX_MESSAGE_LENGTH = 500;

interface Body {
  metadata?: { name?: string; resourceVersion?: string; annotations?: Record<string, string> };
  spec?: JsonObject;
}

export function registerDashboardObjects(
  router: Router,
  group: (ctx: RequestContext, action: string) => AppPlatformGroup,
): void {
  const inOrg = (ctx: RequestContext, action: string, handler: (org: OrgState) => Reply): Reply => {
    if (!ctx.options.dashboardApis) return routeNotFound();
    return inNamespaceOrg(ctx, group(ctx, action), handler);
  };
  const signedIn = { kind: 'signedIn' } as const;
  router.get(`${OBJECT}/:name`, signedIn, (ctx) =>
    inOrg(ctx, 'dashboards:read', (org) => {
      const record = dashboardsOf(org).dashboard(ctx.params.name ?? '');
      return record ? json(200, objectOf(ctx, group(ctx, ''), record)) : notFound(ctx.params.name ?? '');
    }),
  );
  router.post(OBJECT, signedIn, (ctx) =>
    inOrg(ctx, 'dashboards:create', (org) => save(ctx, org, group(ctx, ''), false)),
  );
  router.put(`${OBJECT}/:name`, signedIn, (ctx) =>
    inOrg(ctx, 'dashboards:write', (org) => save(ctx, org, group(ctx, ''), true)),
  );
}

function save(ctx: RequestContext, org: OrgState, spec: AppPlatformGroup, update: boolean): Reply {
  const bound = bindBody(ctx);
  if (!bound.ok) return bound.reply;
  const body = bound.value as Body;
  const name = update ? (ctx.params.name ?? '') : (body.metadata?.name ?? '');
  const store = dashboardsOf(org);
  const existing = store.dashboard(name);
  if (update && !existing) return notFound(name);
  if (!update && existing) {
    return k8sStatus(409, 'AlreadyExists', `dashboards.${GROUP} "${name}" already exists`, details(name));
  }
  if (existing) {
    const stored = String(objectMeta(spec, existing, '', '').resourceVersion);
    const stale = staleWrite(body.metadata?.resourceVersion, stored, `dashboards.${GROUP} "${name}"`);
    if (stale) return stale;
  }
  const data = body.spec ?? {};
  const annotations = body.metadata?.annotations ?? {};
  const folderUid = annotations['grafana.app/folder'] ?? '';
  const message = annotations['grafana.app/message'] ?? '';
  const refused = admission(org, name, data, folderUid, message);
  if (refused) return refused;
  const version = ctx.params.version ?? '';
  const record = store.write({
    ...(existing ? { existing } : {}),
    uid: name,
    folderUid,
    title: String(data.title).trim(),
    data,
    message,
    by: ctx.actorLogin(),
    ...(version.startsWith('v2') ? { apiVersion: version } : {}),
  });
  return json(update ? 200 : 201, objectOf(ctx, spec, record));
}

/** `validateCreate`/`validateUpdate`: what a save must satisfy before it is stored. */
function admission(
  org: OrgState,
  name: string,
  data: JsonObject,
  folderUid: string,
  message: string,
): Reply | undefined {
  if (typeof data.title !== 'string' || data.title.trim() === '') {
    return k8sStatus(400, 'BadRequest', 'Dashboard title cannot be empty');
  }
  const problem = uidProblem(name);
  if (problem === 'too-long') return k8sStatus(400, 'BadRequest', 'uid too long, max 40 characters');
  if (problem === 'illegal') return k8sStatus(400, 'BadRequest', 'uid contains illegal characters');
  if (message.length > MAX_MESSAGE_LENGTH) {
    return k8sStatus(400, 'BadRequest', 'message too long, max 500 characters');
  }
  if (folderUid !== '' && org.folder(folderUid) === undefined) {
    return k8sStatus(404, 'NotFound', `folders.folder.grafana.app "${folderUid}" not found`, {
      name: folderUid,
      group: 'folder.grafana.app',
      kind: 'folders',
    });
  }
  return undefined;
}

function objectOf(ctx: RequestContext, spec: AppPlatformGroup, record: DashboardRecord): JsonObject {
  const { id: _id, uid: _uid, version: _version, ...stored } = record.data;
  return {
    apiVersion: `${GROUP}/${ctx.params.version ?? ''}`,
    kind: 'Dashboard',
    metadata: objectMeta(spec, record, ctx.params.namespace ?? '', record.folderUid),
    spec: structuredClone(stored),
  };
}

const details = (name: string) => ({ name, group: GROUP, kind: 'dashboards' });

const notFound = (name: string) =>
  k8sStatus(404, 'NotFound', `dashboards.${GROUP} "${name}" not found`, details(name));
