/**
 * The admin API a test (or any provisioning client) uses to set up identities over HTTP:
 * service accounts and their tokens, org memberships, deleting users (§3.1). Creating users is in
 * folder-permissions.ts (`POST /api/admin/users`), orgs in orgs.ts.
 */
import { join } from 'node:path';
import type { Bound } from '../binding.js';
import { provisionAlertingFiles } from '../file-provisioning.js';
import { errutil, json, messageError, success, type Reply } from '../errors.js';
import type { RequestContext, RouteModule } from '../router.js';
import type { OrgRole, ServiceAccountRecord } from '../types.js';
import { avatarUrl, parseGoInt, serviceAccountTokenString } from '../util.js';
import { hasAdmin } from './orgs.js';

const ROLES: readonly string[] = ['Viewer', 'Editor', 'Admin'];
/** Service-account roles: `org.RoleType.IsValid` takes None as well from 10.2 (§18.1). */
export const SERVICE_ACCOUNT_ROLES: readonly string[] = [...ROLES, 'None'];
/**
 * `org.RoleType.Includes`, which `validateRole` checks a requested role against (§18.1): Admin
 * includes every role, Editor every role but Admin, any other role only itself.
 */
export function includesRole(caller: string, role: string): boolean {
  if (caller === 'Admin') return true;
  if (caller === 'Editor') return role !== 'Admin';
  return caller === role;
}
/** `org.RoleType.IsValid` for org users: the basic roles and None (§19.2). */
const ORG_USER_ROLES: readonly string[] = [...ROLES, 'None'];

/** `serviceaccounts.CreateServiceAccountForm`: `name` is `binding:"Required"`. */
const createServiceAccountSchema = {
  name: { kind: 'string', required: true },
  role: { kind: 'string' },
  isDisabled: { kind: 'boolean' },
} as const;

/** `serviceaccounts.AddServiceAccountTokenCommand`: `name` is `binding:"Required"`. */
const createTokenSchema = {
  name: { kind: 'string', required: true },
  secondsToLive: { kind: 'int' },
} as const;

/** `org.AddOrgUserCommand` / `org.UpdateOrgUserCommand`. */
const addOrgUserSchema = { loginOrEmail: { kind: 'string' }, role: { kind: 'string' } } as const;
const updateOrgUserSchema = { role: { kind: 'string' } } as const;

export type CreateServiceAccountForm = Bound<typeof createServiceAccountSchema>;

export const adminRoutes: RouteModule = {
  name: 'admin',
  register(router) {
    router.post(
      '/api/serviceaccounts',
      { kind: 'org', action: 'serviceaccounts:create' },
      createServiceAccount,
    );
    router.delete(
      '/api/serviceaccounts/:serviceAccountId',
      { kind: 'org', action: 'serviceaccounts:delete' },
      deleteServiceAccount,
    );
    router.post(
      '/api/serviceaccounts/:serviceAccountId/tokens',
      { kind: 'org', action: 'serviceaccounts:write' },
      createToken,
    );
    router.post(
      '/api/orgs/:orgId/users',
      { kind: 'targetOrg', action: 'org.users:add', param: 'orgId' },
      addOrgUser,
    );
    router.patch(
      '/api/orgs/:orgId/users/:userId',
      { kind: 'targetOrg', action: 'org.users:write', param: 'orgId' },
      updateOrgUser,
    );
    router.delete('/api/admin/users/:id', { kind: 'global', action: 'users:delete' }, deleteUser);
    router.put(
      '/api/admin/users/:id/permissions',
      { kind: 'global', action: 'users.permissions:update' },
      updateUserPermissions,
    );
    router.post(
      '/api/admin/provisioning/alerting/reload',
      { kind: 'global', action: 'provisioning:reload' },
      reloadAlertingProvisioning,
    );
  },
};

/**
 * `AdminProvisioningReloadAlerting` (§8.12): 200 `{"message":"Alerting config reloaded"}`, or
 * `response.Error(500, "", err)` when provisioning fails: the generic 500 body, the cause only in
 * Grafana's log (here: stderr).
 */
function reloadAlertingProvisioning(ctx: RequestContext): Reply {
  const path = ctx.options.provisioningPath;
  const problem = path === undefined ? undefined : provisionAlertingFiles(ctx.state, join(path, 'alerting'));
  if (problem === undefined) return success('Alerting config reloaded');
  console.error(`grafana double: alerting provisioning failed: ${problem}`);
  return json(500, { message: 'Internal Server Error' });
}

/**
 * `CreateServiceAccount`: 201 with the `ServiceAccountDTO`; role Viewer when none is given; a role
 * above the caller's is refused; a taken name in the org is 400 `serviceaccounts.ErrAlreadyExists`.
 */
function createServiceAccount(ctx: RequestContext): Reply {
  const bound = ctx.bind(createServiceAccountSchema);
  if (!bound.ok) return bound.reply;
  const name = bound.value.name as string;
  const role = bound.value.role ?? 'Viewer';
  if (!SERVICE_ACCOUNT_ROLES.includes(role)) {
    return errutil(400, 'serviceaccounts.ErrInvalidRoleSpecified', 'invalid role specified');
  }
  if (!includesRole(callerRole(ctx), role)) {
    return errutil(403, 'serviceaccounts.ErrRoleForbidden', "can not assign a role higher than user's role");
  }
  const taken = [...ctx.state.serviceAccounts.values()].some(
    (sa) => sa.orgId === ctx.orgId && sa.name === name,
  );
  if (taken) return errutil(400, 'serviceaccounts.ErrAlreadyExists', 'service account already exists');
  const account = ctx.state.createServiceAccount(ctx.orgId, name, role as OrgRole);
  account.isDisabled = bound.value.isDisabled ?? false;
  return json(201, serviceAccountDto(account, account.isDisabled));
}

export function serviceAccountDto(
  account: ServiceAccountRecord,
  isDisabled: boolean,
): Record<string, unknown> {
  return {
    id: account.id,
    uid: account.uid,
    name: account.name,
    login: account.login,
    orgId: account.orgId,
    isDisabled,
    role: account.role,
    tokens: 0,
    avatarUrl: avatarUrl(''),
  };
}

export function callerRole(ctx: RequestContext): string {
  const identity = ctx.identity;
  if (identity === undefined) return 'None';
  if (identity.kind === 'serviceAccount') return identity.serviceAccount.role;
  return identity.user.orgs.get(ctx.orgId) ?? 'None';
}

export function findServiceAccount(ctx: RequestContext): ServiceAccountRecord | Reply {
  const id = parseGoInt(ctx.params.serviceAccountId);
  if (id === undefined) return messageError(400, 'Service Account ID is invalid', true);
  const account = ctx.state.serviceAccounts.get(id);
  if (account === undefined || account.orgId !== ctx.orgId) {
    return errutil(404, 'serviceaccounts.ErrNotFound', 'service account not found');
  }
  return account;
}

/** `CreateToken`: 200 `{id, name, key}`; the key is shown only here. */
function createToken(ctx: RequestContext): Reply {
  const account = findServiceAccount(ctx);
  if ('status' in account) return account;
  const bound = ctx.bind(createTokenSchema);
  if (!bound.ok) return bound.reply;
  const name = bound.value.name as string;
  // Token names are unique per org (§18.2).
  if ([...ctx.state.tokens.values()].some((t) => t.orgId === account.orgId && t.listed?.name === name)) {
    return errutil(
      400,
      'serviceaccounts.ErrTokenAlreadyExists',
      'service account token with given name already exists in the organization',
    );
  }
  const key = serviceAccountTokenString();
  const record = ctx.state.addServiceAccountToken(key, {
    orgId: account.orgId,
    role: account.role,
    serviceAccount: account,
  });
  const seconds = bound.value.secondsToLive ?? 0;
  const now = Date.now();
  record.listed = {
    id: ctx.state.nextId('api_key'),
    name,
    created: new Date(now).toISOString(),
    ...(seconds > 0 ? { expiresAt: now + seconds * 1000 } : {}),
  };
  return json(200, { id: record.listed.id, name, key: record.token });
}

function deleteServiceAccount(ctx: RequestContext): Reply {
  const account = findServiceAccount(ctx);
  if ('status' in account) return account;
  ctx.state.deleteServiceAccount(ctx.orgId, account.id);
  return success('Service account deleted');
}

/** `AddOrgUser`: 404 for an unknown login or e-mail, 409 for a member (§3.1). */
function addOrgUser(ctx: RequestContext): Reply {
  const bound = ctx.bind(addOrgUserSchema);
  if (!bound.ok) return bound.reply;
  const orgId = parseGoInt(ctx.params.orgId);
  if (orgId === undefined) return messageError(400, 'orgId is invalid', true);
  const role = bound.value.role ?? '';
  if (!ORG_USER_ROLES.includes(role)) return messageError(400, 'Invalid role specified');
  const wanted = bound.value.loginOrEmail ?? '';
  const user = [...ctx.state.users.values()].find(
    (u) => u.login === wanted || (u.email !== '' && u.email === wanted),
  );
  if (user === undefined) return messageError(404, 'User not found');
  if (user.orgs.has(orgId)) return messageError(409, 'User is already member of this organization');
  ctx.state.addOrgMember(user.login, orgId, role as OrgRole);
  return json(200, { message: 'User added to organization', userId: user.id });
}

function updateOrgUser(ctx: RequestContext): Reply {
  const bound = ctx.bind(updateOrgUserSchema);
  if (!bound.ok) return bound.reply;
  const orgId = parseGoInt(ctx.params.orgId);
  const userId = parseGoInt(ctx.params.userId);
  if (orgId === undefined || userId === undefined)
    return messageError(400, 'orgId or userId is invalid', true);
  const role = bound.value.role ?? '';
  if (!ORG_USER_ROLES.includes(role)) return messageError(400, 'Invalid role specified');
  const user = [...ctx.state.users.values()].find((u) => u.id === userId);
  const was = user?.orgs.get(orgId);
  if (user === undefined || was === undefined) return messageError(404, 'user not found');
  ctx.state.addOrgMember(user.login, orgId, role as OrgRole);
  // `UpdateOrgUser` writes, then `validateOneAdminLeftInOrg` rolls back (§19.2).
  if (!hasAdmin(ctx.state, orgId)) {
    ctx.state.addOrgMember(user.login, orgId, was);
    return messageError(400, 'Cannot change role so that there is no organization admin left');
  }
  return success('Organization user updated');
}

/** `AdminUpdateUserPermissions` (`{"isGrafanaAdmin"}`): makes or unmakes a server admin (§19.1). */
function updateUserPermissions(ctx: RequestContext): Reply {
  const bound = ctx.bind({ isGrafanaAdmin: { kind: 'boolean' } } as const);
  if (!bound.ok) return bound.reply;
  const id = parseGoInt(ctx.params.id);
  const user = [...ctx.state.users.values()].find((u) => u.id === id);
  if (user === undefined) return messageError(500, 'Failed to update user permissions');
  user.isGrafanaAdmin = bound.value.isGrafanaAdmin ?? false;
  return success('User permissions updated');
}

/** `AdminDeleteUser`: 404 `user not found` for an unknown id. */
function deleteUser(ctx: RequestContext): Reply {
  const id = parseGoInt(ctx.params.id);
  if (id === undefined) return messageError(400, 'id is invalid', true);
  return ctx.state.deleteUser(id) ? success('User deleted') : messageError(404, 'user not found');
}
