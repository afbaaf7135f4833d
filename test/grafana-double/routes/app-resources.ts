/**
 * App-platform groups served generically (docs/grafana-api.md §24): `playlist.grafana.app`
 * Playlist objects, per profile (`options.playlistApiVersions`), in the org's namespace:
 * - discovery of the group (`APIGroup`) and of a version (`APIResourceList`: `playlists`, kind
 *   `Playlist`, namespaced); 404 for a version not served;
 * - GET, POST (201; 409 AlreadyExists), PUT (409 Conflict on a stale resourceVersion; 404 for a name
 *   not there), DELETE, as the generic registry store answers them (`metav1.Status` errors);
 * - `metadata.generation` 1 on create, +1 on an update only when the spec or the folder annotation
 *   changed (apistore `prepareObjectForUpdate`); labels and other annotations do not move it;
 *   Grafana's own annotations (`grafana.app/createdBy`, `updatedBy`, `updatedTimestamp`) are set.
 * Every version answers the same stored object (the versions share one schema for playlists).
 */
import { json, k8sStatus, routeNotFound, type Reply } from '../errors.js';
import type { RequestContext, RouteModule } from '../router.js';
import type { OrgState } from '../state.js';
import type { JsonObject } from '../types.js';
import { compareStrings } from '../util.js';
import { bindBody } from './alerting-common.js';
import {
  inNamespaceOrg,
  servedDiscovery,
  staleWrite,
  storedMeta,
  type AppPlatformGroup,
} from './app-platform.js';

interface AppResourceRecord {
  name: string;
  spec: unknown;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generation: number;
  resourceVersion: number;
  created: string;
}

const GROUP = 'playlist.grafana.app';
const KIND = 'Playlist';
const PLURAL = 'playlists';
const BASE = `/apis/${GROUP}/:version/namespaces/:namespace/${PLURAL}`;
const FOLDER = 'grafana.app/folder';
const SIGNED_IN = { kind: 'signedIn' } as const;

let resourceVersions = 0;

const playlistsOf = (org: OrgState) => org.extension('playlists', () => new Map<string, AppResourceRecord>());

const groupOf = (ctx: RequestContext, action: string): AppPlatformGroup => ({
  group: GROUP,
  versions: ctx.options.playlistApiVersions,
  preferred: ctx.options.playlistApiVersions[0] ?? '',
  resource: PLURAL,
  readAction: action,
});

export const appResourceRoutes: RouteModule = {
  name: 'app-resources',
  register(router) {
    router.get(`/apis/${GROUP}`, SIGNED_IN, (ctx) => servedDiscovery(groupOf(ctx, '')));
    router.get(`/apis/${GROUP}/:version`, SIGNED_IN, (ctx) => {
      const version = ctx.params.version ?? '';
      if (!ctx.options.playlistApiVersions.includes(version)) return routeNotFound();
      return json(200, {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: `${GROUP}/${version}`,
        resources: [
          {
            name: PLURAL,
            singularName: 'playlist',
            namespaced: true,
            kind: KIND,
            verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
          },
        ],
      });
    });
    router.get(BASE, SIGNED_IN, (ctx) => inOrg(ctx, 'playlists:read', (org) => list(ctx, org)));
    router.post(BASE, SIGNED_IN, (ctx) => inOrg(ctx, 'playlists:write', (org) => create(ctx, org)));
    router.get(`${BASE}/:name`, SIGNED_IN, (ctx) =>
      inOrg(ctx, 'playlists:read', (org) =>
        withRecord(ctx, org, (record) => json(200, objectOf(ctx, record))),
      ),
    );
    router.put(`${BASE}/:name`, SIGNED_IN, (ctx) =>
      inOrg(ctx, 'playlists:write', (org) => withRecord(ctx, org, (record) => update(ctx, record))),
    );
    router.delete(`${BASE}/:name`, SIGNED_IN, (ctx) =>
      inOrg(ctx, 'playlists:write', (org) => withRecord(ctx, org, (record) => remove(ctx, org, record))),
    );
  },
};

function inOrg(ctx: RequestContext, action: string, handler: (org: OrgState) => Reply): Reply {
  return inNamespaceOrg(ctx, groupOf(ctx, action), handler);
}

function withRecord(
  ctx: RequestContext,
  org: OrgState,
  handler: (record: AppResourceRecord) => Reply,
): Reply {
  const name = ctx.params.name ?? '';
  const record = playlistsOf(org).get(name);
  return record ? handler(record) : notFound(name);
}

const details = (name: string) => ({ name, group: GROUP, kind: PLURAL });
const notFound = (name: string) =>
  k8sStatus(404, 'NotFound', `${PLURAL}.${GROUP} "${name}" not found`, details(name));

function objectOf(ctx: RequestContext, record: AppResourceRecord): JsonObject {
  return {
    apiVersion: `${GROUP}/${ctx.params.version ?? ''}`,
    kind: KIND,
    metadata: {
      ...storedMeta(ctx, record),
      labels: { ...record.labels },
      annotations: { ...record.annotations },
    },
    spec: structuredClone(record.spec) as JsonObject,
  };
}

function list(ctx: RequestContext, org: OrgState): Reply {
  const records = [...playlistsOf(org).values()].sort((a, b) => compareStrings(a.name, b.name));
  return json(200, {
    apiVersion: `${GROUP}/${ctx.params.version ?? ''}`,
    kind: `${KIND}List`,
    metadata: { resourceVersion: String(resourceVersions) },
    items: records.map((record) => objectOf(ctx, record)),
  });
}

interface Body {
  metadata?: {
    name?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: unknown;
}

function parse(ctx: RequestContext): Body | Reply {
  const bound = bindBody(ctx);
  if (!bound.ok) return bound.reply;
  return bound.value as Body;
}

const isReply = (value: Body | Reply): value is Reply =>
  'status' in value && typeof value.status === 'number';

/** Grafana's own annotations of a write by `login` (apistore `prepareObjectForStorage`/`…ForUpdate`). */
function stamped(
  annotations: Record<string, string>,
  login: string,
  created: boolean,
): Record<string, string> {
  const now = new Date().toISOString();
  return {
    ...annotations,
    ...(created
      ? { 'grafana.app/createdBy': `user:${login}` }
      : { 'grafana.app/updatedBy': `user:${login}` }),
    'grafana.app/updatedTimestamp': now,
  };
}

function create(ctx: RequestContext, org: OrgState): Reply {
  const body = parse(ctx);
  if (isReply(body)) return body;
  const name = body.metadata?.name ?? '';
  const records = playlistsOf(org);
  if (records.has(name)) {
    return k8sStatus(409, 'AlreadyExists', `${PLURAL}.${GROUP} "${name}" already exists`, details(name));
  }
  const record: AppResourceRecord = {
    name,
    spec: structuredClone(body.spec ?? {}),
    labels: { ...(body.metadata?.labels ?? {}) },
    annotations: stamped(body.metadata?.annotations ?? {}, ctx.actorLogin(), true),
    generation: 1,
    resourceVersion: ++resourceVersions,
    created: new Date().toISOString(),
  };
  records.set(name, record);
  return json(201, objectOf(ctx, record));
}

function update(ctx: RequestContext, record: AppResourceRecord): Reply {
  const body = parse(ctx);
  if (isReply(body)) return body;
  const stale = staleWrite(
    body.metadata?.resourceVersion,
    String(record.resourceVersion),
    `${PLURAL}.${GROUP} "${record.name}"`,
  );
  if (stale) return stale;
  const spec = structuredClone(body.spec ?? {});
  const annotations = body.metadata?.annotations ?? {};
  const changed =
    JSON.stringify(spec) !== JSON.stringify(record.spec) ||
    (annotations[FOLDER] ?? '') !== (record.annotations[FOLDER] ?? '');
  if (changed) record.generation += 1;
  record.spec = spec;
  record.labels = { ...(body.metadata?.labels ?? {}) };
  const createdBy = record.annotations['grafana.app/createdBy'];
  record.annotations = changed
    ? stamped(annotations, ctx.actorLogin(), false)
    : {
        ...annotations,
        ...pick(record.annotations, ['grafana.app/updatedBy', 'grafana.app/updatedTimestamp']),
      };
  if (createdBy) record.annotations['grafana.app/createdBy'] = createdBy;
  record.resourceVersion = ++resourceVersions;
  return json(200, objectOf(ctx, record));
}

function pick(map: Record<string, string>, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((key) => map[key] !== undefined).map((key) => [key, map[key]!]));
}

function remove(ctx: RequestContext, org: OrgState, record: AppResourceRecord): Reply {
  playlistsOf(org).delete(record.name);
  return json(200, objectOf(ctx, record));
}
