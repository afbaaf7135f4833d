/**
 * Authentication, org resolution and authorisation (§1, §13.1).
 *
 * Grafana's RBAC is reduced to one table: the minimum org role that holds an action with the
 * default basic-role grants of OSS 12.x. Server admins (`isGrafanaAdmin`) additionally hold the
 * global org actions; they get no org-scoped permissions in an org they are not a member of.
 */
import type { IncomingHttpHeaders } from 'node:http';

import { errutil, rbacDenied, type Reply } from './errors.js';
import type { Access } from './router.js';
import type { GrafanaState } from './state.js';
import type { GrafanaDoubleOptions, Identity, OrgRole } from './types.js';
import { parseGoInt } from './util.js';

/**
 * Minimum org role per action, from the fixed roles' default grants:
 * - data sources: `fixed:datasources:reader` and `:writer` are granted to Admin only, so Editors
 *   and Viewers get 403 on every `/api/datasources` route (§5.1);
 * - folders: Viewers read (default "View" folder permission), Editors create, edit and delete
 *   (`fixed:folders:creator`, default "Edit" permission) (§4);
 * - orgs: `fixed:organization:reader` is granted to Viewer, `:writer` to Admin; create and delete
 *   only to Grafana Admin (§3);
 * - dashboards and library panels as folders; alerting provisioning to Admin (§8.1).
 * An action missing from the table needs Admin.
 */
export const ACTION_MIN_ROLE: Readonly<Record<string, OrgRole | 'ServerAdmin'>> = {
  'orgs:read': 'Viewer',
  'orgs:write': 'Admin',
  'orgs:create': 'ServerAdmin',
  'orgs:delete': 'ServerAdmin',
  'folders:read': 'Viewer',
  'folders:create': 'Editor',
  'folders:write': 'Editor',
  'folders:delete': 'Editor',
  // The folder "Admin" permission; by default only org Admins hold it, as for users and teams.
  'folders.permissions:read': 'Admin',
  'folders.permissions:write': 'Admin',
  'org.users:read': 'Admin',
  // `fixed:teams:writer` (every team action and team membership) is granted to Admin; `:creator`
  // also to Editor on 11.x with `editors_can_admin` (§17.5), which the double leaves off.
  'teams:read': 'Admin',
  'teams:create': 'Admin',
  'teams:write': 'Admin',
  'teams:delete': 'Admin',
  'teams.permissions:read': 'Admin',
  'teams.permissions:write': 'Admin',
  'users:create': 'ServerAdmin',
  'users:delete': 'ServerAdmin',
  'users.permissions:update': 'ServerAdmin',
  'provisioning:reload': 'ServerAdmin',
  // Org user management and service accounts: `fixed:org.users:writer`, `fixed:serviceaccounts:*`
  // are granted to Admin (§3.1).
  'org.users:add': 'Admin',
  'org.users:write': 'Admin',
  'serviceaccounts:create': 'Admin',
  'serviceaccounts:write': 'Admin',
  'serviceaccounts:delete': 'Admin',
  'datasources:read': 'Admin',
  'datasources:create': 'Admin',
  'datasources:write': 'Admin',
  'datasources:delete': 'Admin',
  'datasources:query': 'Viewer',
  'dashboards:read': 'Viewer',
  'dashboards:create': 'Editor',
  'dashboards:write': 'Editor',
  'dashboards:delete': 'Editor',
  'library.panels:read': 'Viewer',
  'library.panels:create': 'Editor',
  'library.panels:write': 'Editor',
  'library.panels:delete': 'Editor',
  'alert.provisioning:read': 'Admin',
  'alert.provisioning:write': 'Admin',
  // `fixed:alerting.instances:reader` to Viewer, `:writer` (silences) to Editor (§21.4, assumed).
  'alert.silences:read': 'Viewer',
  'alert.silences:create': 'Editor',
  'alert.silences:write': 'Editor',
  // Git Sync: the provisioning API's fallback roles, Viewer reads and Admin writes and pull jobs
  // (§22.5; Grafana checks these through its access client, not as RBAC actions of these names).
  'provisioning.repositories:read': 'Viewer',
  'provisioning.repositories:write': 'Admin',
  'provisioning.jobs:create': 'Admin',
  // Playlists: Viewers read, Editors write (§24.4, assumed).
  'playlists:read': 'Viewer',
  'playlists:write': 'Editor',
};

/** Global actions a Grafana server admin holds in every org (`basic:grafana_admin`). */
const SERVER_ADMIN_ORG_ACTIONS = new Set([
  'orgs:read',
  'orgs:write',
  'orgs:create',
  'orgs:delete',
  'users:create',
  'users:delete',
  'users.permissions:update',
  // `fixed:org.users:*` are granted to Grafana Admin for every org (§19.1).
  'org.users:read',
  'org.users:add',
  'org.users:write',
  'org.users:remove',
  'provisioning:reload',
]);

const ROLE_RANK: Record<OrgRole, number> = { None: 0, Viewer: 1, Editor: 2, Admin: 3 };

export type AuthResult = { ok: true; identity: Identity; orgId: number } | { ok: false; reply: Reply };

/**
 * The org a request asks for (§1.2): `?targetOrgId` first, then `X-Grafana-Org-Id`; a value that
 * is not a positive integer counts as absent. 0 means "the identity's default org".
 */
export function requestedOrgId(query: URLSearchParams, headers: IncomingHttpHeaders): number {
  const fromQuery = parseGoInt(query.get('targetOrgId'));
  if (fromQuery !== undefined && fromQuery > 0) return fromQuery;
  const header = headers['x-grafana-org-id'];
  const fromHeader = parseGoInt(Array.isArray(header) ? header[0] : header);
  return fromHeader !== undefined && fromHeader > 0 ? fromHeader : 0;
}

/** Resolves the identity and the org the request runs in, or the 401/400 Grafana answers (§1.3). */
export function authenticate(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
  state: GrafanaState,
  tokenOrgLookup: GrafanaDoubleOptions['tokenOrgLookup'] = 'token',
): AuthResult {
  const header = headers.authorization;
  const requested = requestedOrgId(query, headers);

  if (header?.startsWith('Bearer ')) {
    return authenticateToken(header.slice('Bearer '.length), requested, state, tokenOrgLookup);
  }

  if (header?.startsWith('Basic ')) {
    const decoded = decodeBasic(header.slice('Basic '.length));
    if (decoded === undefined) {
      return deny(errutil(400, 'basic-auth.invalid-header', 'Invalid Basic Auth Header'));
    }
    // The api_key client also accepts `api_key:<token>` as basic credentials.
    if (decoded.login === 'api_key') {
      return authenticateToken(decoded.password, requested, state, tokenOrgLookup);
    }
    return authenticateUser(decoded.login, decoded.password, requested, state);
  }

  return deny(errutil(401, 'auth.unauthorized', 'Unauthorized'));
}

function authenticateToken(
  token: string,
  requested: number,
  state: GrafanaState,
  orgLookup: GrafanaDoubleOptions['tokenOrgLookup'],
): AuthResult {
  const sa = state.tokens.get(token);
  // main looks the token up among the request's org only, org 1 when none is named: a token of
  // another org is simply not found (§1.2).
  const invisible = orgLookup === 'request' && sa !== undefined && sa.orgId !== (requested || 1);
  if (sa === undefined || invisible) return deny(errutil(401, 'api-key.invalid', 'Invalid API key'));
  if (sa.revoked) return deny(errutil(401, 'api-key.revoked', 'Revoked API key'));
  const lapsed = sa.listed?.expiresAt !== undefined && sa.listed.expiresAt < Date.now();
  if (sa.expired || lapsed) return deny(errutil(401, 'api-key.expired', 'Expired API key'));
  // A service account belongs to exactly one org; asking for another is a 401, not a 403 (§1.2).
  if (requested !== 0 && requested !== sa.orgId) {
    return deny(
      errutil(401, 'api-key.organization-mismatch', 'API key does not belong to the requested organization'),
    );
  }
  return { ok: true, identity: { kind: 'serviceAccount', serviceAccount: sa }, orgId: sa.orgId };
}

function authenticateUser(
  login: string,
  password: string,
  requested: number,
  state: GrafanaState,
): AuthResult {
  // 12.x answers both with 401 and the same public message (§1.3; 400 in some 10.x/11.x builds).
  if (password === '') return deny(errutil(401, 'password-auth.empty', 'Invalid username or password'));
  const user =
    state.users.get(login) ?? [...state.users.values()].find((u) => u.email !== '' && u.email === login);
  if (user === undefined || user.password !== password) {
    return deny(errutil(401, 'password-auth.failed', 'Invalid username or password'));
  }
  // Not a member of the requested org: still authenticated, in org -1 (§1.2, §15.1).
  const orgId = requested === 0 ? user.defaultOrgId : requested;
  return { ok: true, identity: { kind: 'user', user }, orgId: user.orgs.has(orgId) ? orgId : -1 };
}

/** `util.DecodeBasicAuthHeader`: strict standard base64, then `login:password`. */
function decodeBasic(code: string): { login: string; password: string } | undefined {
  if (code.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(code)) return undefined;
  const text = Buffer.from(code, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  return { login: text.slice(0, colon), password: text.slice(colon + 1) };
}

function deny(reply: Reply): AuthResult {
  return { ok: false, reply };
}

export function isServerAdmin(identity: Identity): boolean {
  return identity.kind === 'user' && identity.user.isGrafanaAdmin;
}

/** The identity's role in an org, if it is a member. */
export function roleIn(identity: Identity, orgId: number): OrgRole | undefined {
  if (identity.kind === 'serviceAccount') {
    return identity.serviceAccount.orgId === orgId ? identity.serviceAccount.role : undefined;
  }
  return identity.user.orgs.get(orgId);
}

/** Whether the identity holds `action` in `orgId` (org -1: only the server admin's global actions). */
export function hasPermission(identity: Identity, orgId: number, action: string): boolean {
  if (isServerAdmin(identity) && SERVER_ADMIN_ORG_ACTIONS.has(action)) return true;
  const needed = ACTION_MIN_ROLE[action] ?? 'Admin';
  if (needed === 'ServerAdmin') return false;
  const role = roleIn(identity, orgId);
  return role !== undefined && ROLE_RANK[role] >= ROLE_RANK[needed];
}

/** The route's access rule; undefined when allowed, else the 403 RBAC body (§1.3). */
export function authorize(
  access: Access,
  identity: Identity,
  orgId: number,
  params: Readonly<Record<string, string>>,
): Reply | undefined {
  switch (access.kind) {
    case 'public':
    case 'signedIn':
      return undefined;
    case 'org':
      return hasPermission(identity, orgId, access.action) ? undefined : rbacDenied(access.action);
    case 'global':
      return isServerAdmin(identity) && SERVER_ADMIN_ORG_ACTIONS.has(access.action)
        ? undefined
        : rbacDenied(access.action);
    case 'targetOrg': {
      const target = parseGoInt(params[access.param]) ?? -1;
      return hasPermission(identity, target, access.action) ? undefined : rbacDenied(access.action);
    }
  }
}

/** `accessControl` metadata (`?accesscontrol=true`): the listed actions the caller holds. */
export function accessControlMetadata(
  identity: Identity,
  orgId: number,
  actions: readonly string[],
): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const action of actions) if (hasPermission(identity, orgId, action)) out[action] = true;
  return out;
}
