/** Orgs, the server-admin surface (§3). */
import type { Bound } from '../binding.js';
import { json, messageError, success, type Reply } from '../errors.js';
import type { RequestContext, RouteModule } from '../router.js';
import { boundPreferences, preferencesAnswer, type StoredPreferences } from '../preferences.js';
import type { GrafanaState, OrgState } from '../state.js';
import { orgUserDtos } from './folder-permissions.js';
import type { CreateOrgResponse, OrgDetailsDTO, OrgSearchHitDTO } from '../types.js';
import { parseGoInt } from '../util.js';

/** `org.CreateOrgCommand` and `dtos.UpdateOrgForm`: `name` is `binding:"Required"`. */
const orgNameSchema = { name: { kind: 'string', required: true } } as const;
export type OrgNameCommand = Bound<typeof orgNameSchema>;

export const orgRoutes: RouteModule = {
  name: 'orgs',
  register(router) {
    // The org the request runs in (§2.5).
    router.get('/api/org', { kind: 'org', action: 'orgs:read' }, (ctx) => json(200, orgDetails(ctx.org())));
    router.get('/api/orgs', { kind: 'global', action: 'orgs:read' }, searchOrgs);
    router.post('/api/orgs', { kind: 'global', action: 'orgs:create' }, createOrg);
    router.get('/api/orgs/name/:name', { kind: 'global', action: 'orgs:read' }, getOrgByName);
    router.get('/api/orgs/:orgId', { kind: 'targetOrg', action: 'orgs:read', param: 'orgId' }, getOrgById);
    router.put('/api/orgs/:orgId', { kind: 'targetOrg', action: 'orgs:write', param: 'orgId' }, updateOrg);
    router.delete(
      '/api/orgs/:orgId',
      { kind: 'targetOrg', action: 'orgs:delete', param: 'orgId' },
      deleteOrg,
    );
    const users = '/api/orgs/:orgId/users';
    router.get(users, { kind: 'targetOrg', action: 'org.users:read', param: 'orgId' }, getOrgUsers);
    router.delete(
      `${users}/:userId`,
      { kind: 'targetOrg', action: 'org.users:remove', param: 'orgId' },
      removeOrgUser,
    );
    // The org the request runs in (§19.3).
    router.get('/api/org/preferences', { kind: 'org', action: 'orgs.preferences:read' }, (ctx) =>
      preferencesAnswer(orgPreferencesOf(ctx.org()).stored),
    );
    router.put('/api/org/preferences', { kind: 'org', action: 'orgs.preferences:write' }, setOrgPreferences);
  },
};

/** An org's own preferences record. */
const orgPreferencesOf = (org: OrgState) =>
  org.extension('org-preferences', () => ({ stored: undefined as StoredPreferences | undefined }));

function setOrgPreferences(ctx: RequestContext): Reply {
  const prefs = boundPreferences(ctx);
  if ('status' in prefs) return prefs;
  orgPreferencesOf(ctx.org()).stored = prefs;
  return success('Preferences updated');
}

/** `GetOrgUsers`: every user of the org, service accounts left out (§19.2). */
function getOrgUsers(ctx: RequestContext): Reply {
  const id = parseGoInt(ctx.params.orgId);
  if (id === undefined) return messageError(400, 'orgId is invalid', true);
  return json(200, orgUserDtos(ctx, id));
}

/**
 * `RemoveOrgUser`: the user leaves the org and stays a user; Grafana deletes the row, then refuses
 * (400, rolled back) when no `org_user` row with role Admin is left, service accounts' rows counted
 * (§19.2). A user who is no member is removed without complaint (assumed).
 */
function removeOrgUser(ctx: RequestContext): Reply {
  const orgId = parseGoInt(ctx.params.orgId);
  const userId = parseGoInt(ctx.params.userId);
  if (orgId === undefined) return messageError(400, 'orgId is invalid', true);
  if (userId === undefined) return messageError(400, 'userId is invalid', true);
  const user = [...ctx.state.users.values()].find((u) => u.id === userId);
  const role = user?.orgs.get(orgId);
  if (user === undefined || role === undefined) return success('User removed from organization');
  user.orgs.delete(orgId);
  if (!hasAdmin(ctx.state, orgId)) {
    user.orgs.set(orgId, role);
    return messageError(400, 'Cannot remove last organization admin');
  }
  return success('User removed from organization');
}

/** `validateOneAdminLeftInOrg`: an `org_user` row with role Admin, a user's or a service account's. */
export function hasAdmin(state: GrafanaState, orgId: number): boolean {
  return (
    [...state.users.values()].some((u) => u.orgs.get(orgId) === 'Admin') ||
    [...state.serviceAccounts.values()].some((sa) => sa.orgId === orgId && sa.role === 'Admin')
  );
}

export function orgDetails(org: OrgState): OrgDetailsDTO {
  return { id: org.id, name: org.name, address: { ...org.address } };
}

/**
 * `SearchOrgs`: `query` is a `name LIKE 'q%'` prefix match (case-insensitive for ASCII as in
 * SQLite), `name` an exact match, `perpage` defaults to 1000. `page` is multiplied into the offset
 * as is (`Limit(perpage, perpage*page)`), so it is zero-based: `page=1` skips the first page.
 * No ORDER BY: rows come in id order.
 */
function searchOrgs(ctx: RequestContext): Reply {
  const perPageParam = parseGoInt(ctx.query.get('perpage')) ?? 0;
  const perPage = perPageParam <= 0 ? 1000 : perPageParam;
  const page = Math.max(0, parseGoInt(ctx.query.get('page')) ?? 0);
  const prefix = (ctx.query.get('query') ?? '').toLowerCase();
  const name = ctx.query.get('name') ?? '';
  const hits: OrgSearchHitDTO[] = [...ctx.state.orgs.values()]
    .filter((o) => prefix === '' || o.name.toLowerCase().startsWith(prefix))
    .filter((o) => name === '' || o.name === name)
    .sort((a, b) => a.id - b.id)
    .slice(perPage * page, perPage * page + perPage)
    .map((o) => ({ id: o.id, name: o.name }));
  return json(200, hits);
}

/** 200 `{orgId, message}` (not 201); the calling user becomes Admin of the new org (§1.2, §3). */
function createOrg(ctx: RequestContext): Reply {
  const bound = ctx.bind(orgNameSchema);
  if (!bound.ok) return bound.reply;
  const name = bound.value.name as string;
  if (ctx.state.findOrgByName(name) !== undefined) return messageError(409, 'Organization name taken', true);
  const org = ctx.state.createOrg(name);
  if (ctx.identity?.kind === 'user') ctx.state.addOrgMember(ctx.identity.user.login, org.id, 'Admin');
  const body: CreateOrgResponse = { orgId: org.id, message: 'Organization created' };
  return json(200, body);
}

function getOrgByName(ctx: RequestContext): Reply {
  const org = ctx.state.findOrgByName(ctx.params.name ?? '');
  return org === undefined ? messageError(404, 'Organization not found') : json(200, orgDetails(org));
}

function getOrgById(ctx: RequestContext): Reply {
  const id = parseGoInt(ctx.params.orgId);
  if (id === undefined) return messageError(400, 'orgId is invalid', true);
  const org = ctx.state.findOrg(id);
  return org === undefined ? messageError(404, 'Organization not found', true) : json(200, orgDetails(org));
}

/**
 * Binds before parsing the id, as `UpdateOrg` does. A taken name is 400 here (409 on create). An
 * unknown org falls to the handler's generic 500: the store reports "not found" only as an error
 * `updateOrgHelper` does not map.
 */
function updateOrg(ctx: RequestContext): Reply {
  const bound = ctx.bind(orgNameSchema);
  if (!bound.ok) return bound.reply;
  const id = parseGoInt(ctx.params.orgId);
  if (id === undefined) return messageError(400, 'orgId is invalid', true);
  const name = bound.value.name as string;
  const holder = ctx.state.findOrgByName(name);
  if (holder !== undefined && holder.id !== id) return messageError(400, 'Organization name taken', true);
  const org = ctx.state.findOrg(id);
  if (org === undefined) return messageError(500, 'Failed to update organization', true);
  org.name = name;
  org.updated = new Date().toISOString();
  return success('Organization updated');
}

/** The caller's current org cannot be deleted (400); unknown id 404 (§3). */
function deleteOrg(ctx: RequestContext): Reply {
  const id = parseGoInt(ctx.params.orgId);
  if (id === undefined) return messageError(400, 'orgId is invalid', true);
  if (ctx.orgId === id) return messageError(400, 'Can not delete org for current user');
  if (!ctx.state.deleteOrg(id)) return messageError(404, 'Failed to delete organization. ID not found');
  return success('Organization deleted');
}
