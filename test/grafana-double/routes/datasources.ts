/** Data sources: `/api/datasources` (§5, §13.5). */
import { DATASOURCE_TYPE_ALIASES } from '../../../src/grafana/datasources.js';
import { accessControlMetadata } from '../auth.js';
import type { Bound } from '../binding.js';
import { errutil, json, messageError, type Reply } from '../errors.js';
import type { RequestContext, RouteModule } from '../router.js';
import type { OrgState } from '../state.js';
import type {
  DatasourceDeleteResponse,
  DatasourceDTO,
  DatasourceListItemDTO,
  DatasourceMutationResponse,
  DatasourceRecord,
  JsonObject,
} from '../types.js';
import { compareStrings, nowIso, parseGoBool } from '../util.js';

/** `datasources.AddDataSourceCommand` (§5.3): `type` and `access` are `binding:"Required"`. */
const addDatasourceSchema = {
  name: { kind: 'string' },
  type: { kind: 'string', required: true },
  access: { kind: 'string', required: true },
  url: { kind: 'string' },
  database: { kind: 'string' },
  user: { kind: 'string' },
  basicAuth: { kind: 'boolean' },
  basicAuthUser: { kind: 'string' },
  withCredentials: { kind: 'boolean' },
  isDefault: { kind: 'boolean' },
  jsonData: { kind: 'object' },
  secureJsonData: { kind: 'stringMap' },
  uid: { kind: 'string' },
  apiVersion: { kind: 'string' },
} as const;
export type AddDataSourceCommand = Bound<typeof addDatasourceSchema>;

/** `datasources.UpdateDataSourceCommand` (§5.3): also `name` Required, plus `version`. */
const updateDatasourceSchema = {
  ...addDatasourceSchema,
  name: { kind: 'string', required: true },
  version: { kind: 'int' },
} as const;
export type UpdateDataSourceCommand = Bound<typeof updateDatasourceSchema>;

/** `maxDatasourceNameLen`, `maxDatasourceUrlLen` (`prepareInstanceSettings`). */
const MAX_NAME_LENGTH = 190;
const MAX_URL_LENGTH = 255;

const DATASOURCE_ACCESS_ACTIONS = [
  'datasources:read',
  'datasources:query',
  'datasources:write',
  'datasources:delete',
  'datasources.permissions:read',
  'datasources.permissions:write',
] as const;

/** The old ids of a plugin, from the operator's alias table (one table, §5.1). */
function aliasesOf(id: string): string[] {
  return Object.entries(DATASOURCE_TYPE_ALIASES)
    .filter(([, current]) => current === id)
    .map(([alias]) => alias);
}

interface PluginInfo {
  id: string;
  name: string;
  aliases?: readonly string[];
}

/** Core plugins a client is likely to use; the DTO reports the id an alias resolves to (§5.2). */
const PLUGINS: readonly PluginInfo[] = [
  { id: 'prometheus', name: 'Prometheus' },
  { id: 'loki', name: 'Loki' },
  { id: 'tempo', name: 'Tempo' },
  { id: 'jaeger', name: 'Jaeger' },
  { id: 'zipkin', name: 'Zipkin' },
  { id: 'elasticsearch', name: 'Elasticsearch' },
  { id: 'influxdb', name: 'InfluxDB' },
  { id: 'graphite', name: 'Graphite' },
  { id: 'opentsdb', name: 'OpenTSDB' },
  { id: 'mysql', name: 'MySQL' },
  { id: 'mssql', name: 'Microsoft SQL Server' },
  {
    id: 'grafana-postgresql-datasource',
    name: 'PostgreSQL',
    aliases: aliasesOf('grafana-postgresql-datasource'),
  },
  { id: 'grafana-testdata-datasource', name: 'TestData', aliases: aliasesOf('grafana-testdata-datasource') },
  {
    id: 'grafana-pyroscope-datasource',
    name: 'Grafana Pyroscope',
    aliases: aliasesOf('grafana-pyroscope-datasource'),
  },
  { id: 'alertmanager', name: 'Alertmanager' },
  { id: 'cloudwatch', name: 'CloudWatch' },
  { id: 'stackdriver', name: 'Google Cloud Monitoring' },
  { id: 'grafana-azure-monitor-datasource', name: 'Azure Monitor' },
];

/** `requiredURL` in `pkg/api/datasource/validation.go`: these types reject an empty URL. */
const URL_REQUIRED_TYPES = new Set([
  'graphite',
  'influxdb',
  'influxdb_08',
  'elasticsearch',
  'prometheus',
  'grafana-amazonprometheus-datasource',
  'grafana-azureprometheus-datasource',
  'alertmanager',
  'jaeger',
  'loki',
  'opentsdb',
  'tempo',
  'zipkin',
  'mysql',
  'grafana-postgresql-datasource',
  'mssql',
]);

export const datasourceRoutes: RouteModule = {
  name: 'datasources',
  register(router) {
    router.get('/api/datasources', { kind: 'org', action: 'datasources:read' }, listDatasources);
    router.post('/api/datasources', { kind: 'org', action: 'datasources:create' }, addDatasource);
    router.get('/api/datasources/uid/:uid', { kind: 'org', action: 'datasources:read' }, getByUid);
    router.put('/api/datasources/uid/:uid', { kind: 'org', action: 'datasources:write' }, updateByUid);
    router.delete('/api/datasources/uid/:uid', { kind: 'org', action: 'datasources:delete' }, deleteByUid);
    router.get('/api/datasources/name/:name', { kind: 'org', action: 'datasources:read' }, getByName);
  },
};

// -------------------------------------------------------------------------------------------------
// DTOs

function plugin(type: string): PluginInfo | undefined {
  return PLUGINS.find((p) => p.id === type || (p.aliases ?? []).includes(type));
}

function logoUrl(info: PluginInfo | undefined): string {
  return info === undefined ? 'public/img/icn-datasource.svg' : `public/plugins/${info.id}/img/logo.svg`;
}

/** `convertModelToDtos`: secrets only as `secureJsonFields` keys with a non-empty value (§5.2). */
export function datasourceDto(ds: DatasourceRecord): DatasourceDTO {
  const info = plugin(ds.type);
  const secureJsonFields: Record<string, boolean> = {};
  for (const [key, value] of Object.entries(ds.secureJsonData))
    if (value !== '') secureJsonFields[key] = true;
  const dto: DatasourceDTO = {
    id: ds.id,
    uid: ds.uid,
    orgId: ds.orgId,
    name: ds.name,
    type: info?.id ?? ds.type,
    typeLogoUrl: logoUrl(info),
    access: ds.access,
    url: ds.url,
    user: ds.user,
    database: ds.database,
    basicAuth: ds.basicAuth,
    basicAuthUser: ds.basicAuthUser,
    withCredentials: ds.withCredentials,
    isDefault: ds.isDefault,
    jsonData: structuredClone(ds.jsonData),
    secureJsonFields,
    version: ds.version,
    readOnly: ds.readOnly,
  };
  if (ds.apiVersion !== '') dto.apiVersion = ds.apiVersion;
  return dto;
}

function listItem(ds: DatasourceRecord): DatasourceListItemDTO {
  const info = plugin(ds.type);
  return {
    id: ds.id,
    uid: ds.uid,
    orgId: ds.orgId,
    name: ds.name,
    type: info?.id ?? ds.type,
    typeName: info?.name ?? ds.type,
    typeLogoUrl: logoUrl(info),
    access: ds.access,
    url: ds.url,
    user: ds.user,
    database: ds.database,
    basicAuth: ds.basicAuth,
    isDefault: ds.isDefault,
    jsonData: structuredClone(ds.jsonData),
    readOnly: ds.readOnly,
  };
}

// -------------------------------------------------------------------------------------------------
// Validation

/**
 * `datasource.ValidateURL`: required-URL types reject a blank URL; otherwise `http://` is
 * prepended when no `...://` prefix is present and Go's `url.Parse` must accept the result.
 */
export function isValidDatasourceUrl(type: string, url: string): boolean {
  if (URL_REQUIRED_TYPES.has(type) && url.trim() === '') return false;
  if (type.toLowerCase() === 'mssql') return !hasControlChar(url);
  return !goUrlParseFails(/^[^:]*:\/\//.test(url) ? url : `http://${url}`);
}

/** The failure cases of Go's `net/url.Parse` a data source URL can hit. */
function goUrlParseFails(raw: string): boolean {
  if (hasControlChar(raw)) return true; // net/url: invalid control character in URL
  const hash = raw.indexOf('#');
  if (hash >= 0 && badEscape(raw.slice(hash + 1), false)) return true;
  let rest = hash >= 0 ? raw.slice(0, hash) : raw;
  if (rest.startsWith(':')) return true; // missing protocol scheme
  const scheme = /^[A-Za-z][A-Za-z0-9+\-.]*:/.exec(rest);
  if (scheme !== null) rest = rest.slice(scheme[0].length);
  else if (!rest.startsWith('/') && (rest.split('/')[0] ?? '').includes(':')) return true;
  const query = rest.indexOf('?');
  if (query >= 0) rest = rest.slice(0, query);
  let path = rest;
  if (rest.startsWith('//') && (scheme !== null || !rest.startsWith('///'))) {
    const end = rest.indexOf('/', 2);
    const authority = end < 0 ? rest.slice(2) : rest.slice(2, end);
    path = end < 0 ? '' : rest.slice(end);
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      if (!/^[A-Za-z0-9\-._~!$&'()*+,;=:%@]*$/.test(userinfo) || badEscape(userinfo, false)) return true;
    }
    if (badHost(at >= 0 ? authority.slice(at + 1) : authority)) return true;
  }
  return badEscape(path, false);
}

function hasControlChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function badHost(host: string): boolean {
  let name = host;
  let port = '';
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close < 0) return true;
    name = host.slice(1, close);
    port = host.slice(close + 1);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0) {
      name = host.slice(0, colon);
      port = host.slice(colon);
    }
  }
  if (port !== '' && !/^:\d*$/.test(port)) return true;
  for (const ch of name) {
    if (ch.charCodeAt(0) >= 0x80 || ch === '%') continue;
    if (!/[A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"]/.test(ch)) return true;
  }
  return badEscape(name, true);
}

/** Malformed `%` escapes; in host names only escapes of non-ASCII bytes (and `%25`) are allowed. */
function badEscape(s: string, host: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '%') continue;
    const hex = s.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return true;
    if (host && parseInt(hex[0] as string, 16) < 8 && hex !== '25') return true;
    i += 2;
  }
  return false;
}

/** `getAvailableName`: the type, then `<type>-1`, `<type>-2`... compared case-insensitively (§15.4). */
function availableName(org: OrgState, type: string): string {
  const taken = new Set([...org.datasources.values()].map((d) => d.name.toLowerCase()));
  let name = type;
  for (let n = 1; taken.has(name.toLowerCase()); n++) name = `${type}-${n}`;
  return name;
}

/** `prepareInstanceSettings` length limits: errutil ValidationFailed kept by `ErrOrFallback`. */
function lengthError(name: string, url: string): Reply | undefined {
  if (name.length > MAX_NAME_LENGTH) {
    return errutil(400, 'datasource.nameInvalid', 'Invalid datasource name.');
  }
  if (url.length > MAX_URL_LENGTH) {
    return errutil(400, 'datasource.urlInvalid', 'Invalid datasource url.');
  }
  return undefined;
}

function invalidUrl(): Reply {
  return messageError(400, 'Validation error, invalid URL', true);
}

function notFound(): Reply {
  return messageError(404, 'Data source not found');
}

// -------------------------------------------------------------------------------------------------
// Handlers

/** `[ListItemDTO]` sorted by lower-cased name (`DataSourceList.Less`) (§5.1). */
function listDatasources(ctx: RequestContext): Reply {
  const org = ctx.org();
  const items = [...org.datasources.values()]
    .sort(
      (a, b) => compareStrings(a.name.toLowerCase(), b.name.toLowerCase()) || compareStrings(a.name, b.name),
    )
    .map(listItem);
  return json(200, items);
}

function getByUid(ctx: RequestContext): Reply {
  const org = ctx.org();
  const ds = org.datasource(ctx.params.uid ?? '');
  if (ds === undefined) return notFound();
  const dto = datasourceDto(ds);
  if (ctx.identity !== undefined && parseGoBool(ctx.query.get('accesscontrol'))) {
    dto.accessControl = accessControlMetadata(ctx.identity, ctx.orgId, DATASOURCE_ACCESS_ACTIONS);
  }
  return json(200, dto);
}

function getByName(ctx: RequestContext): Reply {
  const org = ctx.org();
  const ds = org.datasourceByName(ctx.params.name ?? '');
  return ds === undefined ? notFound() : json(200, datasourceDto(ds));
}

/**
 * `AddDataSource` (§5.1, §5.3–5.5): URL checked only when non-empty; team headers refused; the
 * service fills an empty name and forces the org's first data source default; the store rejects a
 * taken name, then a taken uid, and stores version 1 with `jsonData` `{}` when absent.
 */
function addDatasource(ctx: RequestContext): Reply {
  const bound = ctx.bind(addDatasourceSchema);
  if (!bound.ok) return bound.reply;
  const cmd = bound.value;
  const org = ctx.org();
  const type = cmd.type as string;
  const url = cmd.url ?? '';

  if (url !== '' && !isValidDatasourceUrl(type, url)) return invalidUrl();
  if (cmd.jsonData !== undefined && 'teamHttpHeaders' in cmd.jsonData) {
    return messageError(
      403,
      'Cannot create datasource with team HTTP headers, need to use updateDatasourceLBACRules API',
    );
  }
  const name = cmd.name !== undefined && cmd.name !== '' ? cmd.name : availableName(org, type);
  const tooLong = lengthError(name, url);
  if (tooLong !== undefined) return tooLong;
  if (org.datasourceByName(name) !== undefined) {
    return messageError(409, 'data source with the same name already exists', true);
  }
  const uid = cmd.uid ?? '';
  if (uid !== '' && org.datasource(uid) !== undefined) {
    return messageError(409, 'data source with the same uid already exists', true);
  }

  const ds = org.insertDatasource({
    ...(uid !== '' ? { uid } : {}),
    name,
    type,
    access: cmd.access as string,
    url,
    database: cmd.database ?? '',
    user: cmd.user ?? '',
    basicAuth: cmd.basicAuth ?? false,
    basicAuthUser: cmd.basicAuthUser ?? '',
    withCredentials: cmd.withCredentials ?? false,
    isDefault: cmd.isDefault ?? false,
    jsonData: cmd.jsonData ?? {},
    secureJsonData: cmd.secureJsonData ?? {},
    apiVersion: cmd.apiVersion ?? '',
  });
  const body: DatasourceMutationResponse = {
    message: 'Datasource added',
    id: ds.id,
    name: ds.name,
    datasource: datasourceDto(ds),
  };
  return json(200, body);
}

/**
 * `UpdateDataSourceByUID` → `updateDataSourceByID` → service → store (§5.4–5.6):
 * - the URL is always validated (a blank URL fails for required-URL types);
 * - read-only → 403; a rename onto another name → 409;
 * - version: 0/absent writes unconditionally and stores 1; otherwise the stored version must be
 *   ≤ the sent one (else 409) and becomes sent+1;
 * - xorm writes the `MustCols` (database, user, apiVersion, secrets) and booleans always, other
 *   strings only when non-empty (url, basicAuthUser, uid);
 * - secrets merge: omitted keys keep their value, `""` clears; `teamHttpHeaders` stay as stored.
 */
function updateByUid(ctx: RequestContext): Reply {
  const bound = ctx.bind(updateDatasourceSchema);
  if (!bound.ok) return bound.reply;
  const cmd = bound.value;
  const type = cmd.type as string;
  const url = cmd.url ?? '';
  if (!isValidDatasourceUrl(type, url)) return invalidUrl();

  const org = ctx.org();
  const ds = org.datasource(ctx.params.uid ?? '');
  if (ds === undefined) return notFound();
  if (ds.readOnly) return messageError(403, 'Cannot update read-only data source');

  const name = cmd.name as string;
  const tooLong = lengthError(name, url);
  if (tooLong !== undefined) return tooLong;
  const jsonData = retainTeamHeaders(ds.jsonData, cmd.jsonData ?? {});
  if (name !== ds.name && org.datasourceByName(name) !== undefined) {
    return messageError(
      409,
      'Failed to update datasource: data source with the same name already exists',
      true,
    );
  }
  const sentVersion = cmd.version ?? 0;
  if (sentVersion !== 0 && ds.version > sentVersion) {
    return messageError(
      409,
      'Datasource has already been updated by someone else. Please reload and try again',
      true,
    );
  }
  const newUid = cmd.uid ?? '';
  if (newUid !== '' && newUid !== ds.uid && org.datasource(newUid) !== undefined) {
    // The unique index on (org_id, uid) fails the UPDATE; the handler falls back to 500.
    return messageError(500, 'Failed to update datasource', true);
  }

  ds.name = name;
  ds.type = type;
  ds.access = cmd.access as string;
  if (url !== '') ds.url = url;
  ds.database = cmd.database ?? '';
  ds.user = cmd.user ?? '';
  ds.basicAuth = cmd.basicAuth ?? false;
  if ((cmd.basicAuthUser ?? '') !== '') ds.basicAuthUser = cmd.basicAuthUser as string;
  ds.withCredentials = cmd.withCredentials ?? false;
  ds.isDefault = cmd.isDefault ?? false;
  ds.jsonData = jsonData;
  ds.secureJsonData = { ...ds.secureJsonData, ...(cmd.secureJsonData ?? {}) };
  ds.apiVersion = cmd.apiVersion ?? '';
  ds.readOnly = false;
  ds.version = sentVersion + 1;
  ds.updated = nowIso();
  if (newUid !== '' && newUid !== ds.uid) {
    org.datasources.delete(ds.uid);
    ds.uid = newUid;
    org.datasources.set(ds.uid, ds);
  }
  if (ds.isDefault) org.makeOnlyDefault(ds);

  const body: DatasourceMutationResponse = {
    message: 'Datasource updated',
    id: ds.id,
    name,
    datasource: datasourceDto(ds),
  };
  return json(200, body);
}

/** `RetainExistingLBACRules`: the data source API can neither set nor drop `teamHttpHeaders`. */
function retainTeamHeaders(stored: JsonObject, sent: JsonObject): JsonObject {
  const out: JsonObject = { ...sent };
  delete out.teamHttpHeaders;
  if (stored.teamHttpHeaders !== undefined && stored.teamHttpHeaders !== null) {
    out.teamHttpHeaders = stored.teamHttpHeaders;
  }
  return out;
}

function deleteByUid(ctx: RequestContext): Reply {
  const org = ctx.org();
  const ds = org.datasource(ctx.params.uid ?? '');
  if (ds === undefined) return notFound();
  if (ds.readOnly) return messageError(403, 'Cannot delete read-only data source');
  org.datasources.delete(ds.uid);
  const body: DatasourceDeleteResponse = { message: 'Data source deleted', id: ds.id };
  return json(200, body);
}
