/**
 * Service accounts read, changed and their tokens listed and revoked
 * (`pkg/services/serviceaccounts/api/api.go` and `token.go`; docs/grafana-api.md §18). Creating an
 * account or a token, and deleting an account, are in admin.ts (§3.1), which test setups use too.
 *
 * What Grafana does, from its source:
 * - `GET /api/serviceaccounts/search` pages with `perpage` (≤ 0 → 1000) and `page` (< 1 → 1),
 *   ordered by e-mail then login (an account's e-mail is its login), each with its token count.
 * - `PATCH /api/serviceaccounts/:id` sets the name, role and disabled flag it is given; the login
 *   stays (so a rename checks no name); a role above the caller's is 403
 *   `serviceaccounts.ErrRoleForbidden`; it answers `{message, id, name, serviceaccount}`.
 * - `GET …/tokens` lists `{id, name, created, expiration, secondsUntilExpiration, hasExpired,
 *   lastUsedAt, isRevoked}`; `DELETE …/tokens/:tokenId` revokes one (404 for a token not the
 *   account's).
 */
import { errutil, json, success, type Reply } from '../errors.js';
import type { RequestContext, RouteModule } from '../router.js';
import type { OrgRole, ServiceAccountTokenRecord } from '../types.js';
import { parseGoInt } from '../util.js';
import {
  callerRole,
  findServiceAccount,
  includesRole,
  SERVICE_ACCOUNT_ROLES,
  serviceAccountDto,
} from './admin.js';

const ACCOUNT = '/api/serviceaccounts/:serviceAccountId';

/** `serviceaccounts.UpdateServiceAccountForm`: every field optional. */
const updateSchema = {
  name: { kind: 'string' },
  role: { kind: 'string' },
  isDisabled: { kind: 'boolean' },
} as const;

export const serviceAccountRoutes: RouteModule = {
  name: 'service-accounts',
  register(router) {
    router.get('/api/serviceaccounts/search', { kind: 'org', action: 'serviceaccounts:read' }, search);
    router.get(ACCOUNT, { kind: 'org', action: 'serviceaccounts:read' }, getAccount);
    router.patch(ACCOUNT, { kind: 'org', action: 'serviceaccounts:write' }, updateAccount);
    router.get(`${ACCOUNT}/tokens`, { kind: 'org', action: 'serviceaccounts:read' }, listTokens);
    router.delete(
      `${ACCOUNT}/tokens/:tokenId`,
      { kind: 'org', action: 'serviceaccounts:write' },
      deleteToken,
    );
  },
};

function tokensOf(ctx: RequestContext, accountId: number): ServiceAccountTokenRecord[] {
  return [...ctx.state.tokens.values()].filter((t) => t.id === accountId && t.orgId === ctx.orgId);
}

function dto(ctx: RequestContext, account: Parameters<typeof serviceAccountDto>[0]) {
  return {
    ...serviceAccountDto(account, account.isDisabled ?? false),
    tokens: tokensOf(ctx, account.id).length,
  };
}

function search(ctx: RequestContext): Reply {
  const perPageParam = parseGoInt(ctx.query.get('perpage')) ?? 0;
  const perPage = perPageParam <= 0 ? 1000 : perPageParam;
  const pageParam = parseGoInt(ctx.query.get('page')) ?? 0;
  const page = pageParam < 1 ? 1 : pageParam;
  const accounts = [...ctx.state.serviceAccounts.values()]
    .filter((a) => a.orgId === ctx.orgId)
    .sort((a, b) => (a.login < b.login ? -1 : a.login > b.login ? 1 : 0));
  return json(200, {
    totalCount: accounts.length,
    serviceAccounts: accounts.slice((page - 1) * perPage, page * perPage).map((a) => dto(ctx, a)),
    page,
    perPage,
  });
}

function getAccount(ctx: RequestContext): Reply {
  const account = findServiceAccount(ctx);
  if ('status' in account) return account;
  return json(200, dto(ctx, account));
}

function updateAccount(ctx: RequestContext): Reply {
  const account = findServiceAccount(ctx);
  if ('status' in account) return account;
  const bound = ctx.bind(updateSchema);
  if (!bound.ok) return bound.reply;
  const { name, role, isDisabled } = bound.value;
  if (role !== undefined && !SERVICE_ACCOUNT_ROLES.includes(role)) {
    return errutil(400, 'serviceaccounts.ErrInvalidRoleSpecified', 'invalid role specified');
  }
  if (role !== undefined && !includesRole(callerRole(ctx), role)) {
    return errutil(403, 'serviceaccounts.ErrRoleForbidden', "can not assign a role higher than user's role");
  }
  if (name !== undefined) account.name = name;
  if (role !== undefined) account.role = role as OrgRole;
  if (isDisabled !== undefined) account.isDisabled = isDisabled;
  // Its tokens act with the account's role from now on.
  for (const token of tokensOf(ctx, account.id)) token.role = account.role;
  return json(200, {
    message: 'Service account updated',
    id: account.id,
    name: account.name,
    serviceaccount: dto(ctx, account),
  });
}

function listTokens(ctx: RequestContext): Reply {
  const account = findServiceAccount(ctx);
  if ('status' in account) return account;
  const now = Date.now();
  const listed = tokensOf(ctx, account.id).flatMap((t) =>
    t.listed ? [{ ...t.listed, revoked: t.revoked }] : [],
  );
  return json(
    200,
    listed.map(({ id, name, created, expiresAt, revoked }) => ({
      id,
      name,
      created,
      lastUsedAt: null,
      expiration: expiresAt === undefined ? null : new Date(expiresAt).toISOString(),
      secondsUntilExpiration: 0,
      hasExpired: expiresAt !== undefined && expiresAt < now,
      isRevoked: revoked,
    })),
  );
}

function deleteToken(ctx: RequestContext): Reply {
  const account = findServiceAccount(ctx);
  if ('status' in account) return account;
  const tokenId = parseGoInt(ctx.params.tokenId);
  const token = [...ctx.state.tokens.entries()].find(
    ([, t]) => t.id === account.id && t.listed?.id === tokenId,
  );
  if (!token) return errutil(404, 'serviceaccounts.ErrTokenNotFound', 'service account token not found');
  ctx.state.tokens.delete(token[0]);
  return success('Service account token deleted');
}
