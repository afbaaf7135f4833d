/** Orgs, the server-admin surface (§3). */
import type { Bound } from '../binding.js';
import { json, messageError, success, type Reply } from '../errors.js';
import type { RequestContext, RouteModule } from '../router.js';
import type { OrgState } from '../state.js';
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
  },
};

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
