/**
 * Folder permissions (`pkg/api/folder_permission.go`), and the org users and teams that
 * permissions name (`GET /api/org/users`; the team records, whose routes are in teams.ts).
 *
 * What Grafana does, from its source:
 * - GET lists only the permissions set on the folder itself (`IsManaged`), as
 *   `DashboardACLInfoDTO`s; nothing inherited from parent folders.
 * - POST replaces: every listed item is set, every current entry whose user, team or role is not
 *   listed is removed (`updateDashboardAccessControl`). A level that is not 1/2/4 has no name, and
 *   an empty permission name removes the entry.
 * - Unknown users, teams or roles fail in the resource-permission service, which the handler turns
 *   into a bare 500 "Failed to create permission".
 * - Users are created through `POST /api/admin/users` (server admins; the user joins `orgId` as a
 *   Viewer, `auto_assign_org_role`), teams through `POST /api/teams` (teams.ts).
 * - A new folder gets default permissions (`setDefaultFolderPermissions`): Admin for the creating
 *   user (never for a service account), and, at the root only, Edit for Editors and View for
 *   Viewers. Here they are materialised on first access.
 */
import type { Bound } from '../binding.js';
import { json, messageError, success, type Reply } from '../errors.js';
import type { Handler, RequestContext, RouteModule, Router } from '../router.js';
import type { OrgState } from '../state.js';
import type { DashboardRecord, FolderRecord, OrgRole, UserRecord } from '../types.js';
import { avatarUrl, compareStrings, nowIso, parseGoInt, slugify } from '../util.js';
import { folderNotFound } from './folders.js';

export type PermissionLevel = 1 | 2 | 4;

const LEVEL_NAMES: Record<PermissionLevel, string> = { 1: 'View', 2: 'Edit', 4: 'Admin' };
const BASIC_ROLES: readonly OrgRole[] = ['Viewer', 'Editor', 'Admin'];

export interface FolderPermissionRecord {
  userId: number;
  teamId: number;
  role?: OrgRole;
  permission: PermissionLevel;
  created: string;
  updated: string;
}

export interface TeamRecord {
  id: number;
  uid: string;
  orgId: number;
  name: string;
  email: string;
}

/** Per-org store of folder permissions and teams. */
export class AccessStore {
  private readonly permissions = new Map<string, FolderPermissionRecord[]>();
  readonly teams = new Map<number, TeamRecord>();

  constructor(private readonly org: OrgState) {}

  /** The folder's entries, with Grafana's defaults the first time a folder is seen. */
  folderPermissions(folder: FolderRecord, creator: UserRecord | undefined): FolderPermissionRecord[] {
    let entries = this.permissions.get(folder.uid);
    if (entries === undefined) {
      entries = [];
      const now = nowIso();
      if (creator !== undefined)
        entries.push({ userId: creator.id, teamId: 0, permission: 4, created: now, updated: now });
      if (folder.parentUid === '') {
        entries.push({ userId: 0, teamId: 0, role: 'Editor', permission: 2, created: now, updated: now });
        entries.push({ userId: 0, teamId: 0, role: 'Viewer', permission: 1, created: now, updated: now });
      }
      this.permissions.set(folder.uid, entries);
    }
    return entries;
  }

  /**
   * The dashboard's entries, with Grafana's defaults the first time it is seen
   * (`setDefaultPermissions`, §6.10): Admin for the creator (a user or, from 11, a service
   * account), Edit for Editors and View for Viewers at the General level only. Kept by the
   * dashboard's id, which a dashboard made again under the same uid does not share.
   */
  dashboardPermissions(dashboard: DashboardRecord, creatorId: number | undefined): FolderPermissionRecord[] {
    const key = `dashboard:${dashboard.id}`;
    let entries = this.permissions.get(key);
    if (entries === undefined) {
      entries = [];
      const now = nowIso();
      if (creatorId !== undefined)
        entries.push({ userId: creatorId, teamId: 0, permission: 4, created: now, updated: now });
      if (dashboard.folderUid === '') {
        entries.push({ userId: 0, teamId: 0, role: 'Editor', permission: 2, created: now, updated: now });
        entries.push({ userId: 0, teamId: 0, role: 'Viewer', permission: 1, created: now, updated: now });
      }
      this.permissions.set(key, entries);
    }
    return entries;
  }

  replaceDashboardPermissions(dashboard: DashboardRecord, entries: FolderPermissionRecord[]): void {
    this.permissions.set(`dashboard:${dashboard.id}`, entries);
  }

  replaceFolderPermissions(folderUid: string, entries: FolderPermissionRecord[]): void {
    this.permissions.set(folderUid, entries);
  }

  forgetFolders(folderUids: readonly string[]): void {
    for (const uid of folderUids) this.permissions.delete(uid);
  }

  /** Test seeding: a team as the Teams page would create it. */
  addTeam(name: string, email = ''): TeamRecord {
    for (const team of this.teams.values()) {
      if (team.name === name) throw new Error(`team ${name} already exists in org ${this.org.id}`);
    }
    const team: TeamRecord = {
      id: this.org.nextId('team'),
      uid: `t${this.org.nextId('team-uid')}`,
      orgId: this.org.id,
      name,
      email,
    };
    this.teams.set(team.id, team);
    return team;
  }

  /** Someone edits the folder's permissions in the UI (same effect as the API's POST). */
  uiSetFolderPermissions(
    folderUid: string,
    entries: Array<{ userId?: number; teamId?: number; role?: OrgRole; permission: PermissionLevel }>,
  ): void {
    const now = nowIso();
    this.permissions.set(
      folderUid,
      entries.map((e) => ({
        userId: e.userId ?? 0,
        teamId: e.teamId ?? 0,
        ...(e.role ? { role: e.role } : {}),
        permission: e.permission,
        created: now,
        updated: now,
      })),
    );
  }
}

export function accessOf(org: OrgState): AccessStore {
  return org.extension('access', () => new AccessStore(org));
}

/** `dtos.UpdateDashboardACLCommand`; items are decoded by hand below (Go's rules for each field). */
const updateSchema = { items: { kind: 'any' } } as const;
type UpdateCommand = Bound<typeof updateSchema>;

export interface UpdateItem {
  userId: number;
  teamId: number;
  role?: string;
  permission: number;
}

export const folderPermissionRoutes: RouteModule = {
  name: 'folder-permissions',
  register(router, env) {
    registerPermissionRoutes(
      router,
      '/api/folders/:uid/permissions',
      'folders',
      getPermissions,
      setPermissions,
    );
    router.get('/api/org/users', { kind: 'org', action: 'org.users:read' }, listOrgUsers);
    router.post('/api/admin/users', { kind: 'global', action: 'users:create' }, createUser);
    env.state.addFolderDeletedListener((org, folderUids) => accessOf(org).forgetFolders(folderUids));
  },
};

function getPermissions(ctx: RequestContext): Reply {
  const org = ctx.org();
  const folder = org.folder(ctx.params.uid ?? '');
  if (folder === undefined) return folderNotFound();
  const entries = accessOf(org).folderPermissions(folder, ctx.state.users.get(folder.createdBy));
  return json(
    200,
    entries.map((entry) => aclInfo(ctx, org, folder, entry)),
  );
}

/** GET and POST of a permissions route, behind the `<resource>.permissions:read|write` actions. */
export function registerPermissionRoutes(
  router: Router,
  path: string,
  resource: 'folders' | 'dashboards',
  get: Handler,
  set: Handler,
): void {
  router.get(path, { kind: 'org', action: `${resource}.permissions:read` }, get);
  router.post(path, { kind: 'org', action: `${resource}.permissions:write` }, set);
}

/** The POST body's items, or the 400 Grafana answers for it (binding, `validatePermissionsUpdate`). */
export function updateItems(ctx: RequestContext): { items: UpdateItem[] } | { reply: Reply } {
  const bound = ctx.bind(updateSchema);
  if (!bound.ok) return { reply: bound.reply };
  const items = decodeItems(bound.value);
  if (items === undefined) return { reply: messageError(400, 'bad request data', true) };
  const refused = refusedItems(items);
  return refused ? { reply: refused } : { items };
}

function setPermissions(ctx: RequestContext): Reply {
  const update = updateItems(ctx);
  if ('reply' in update) return update.reply;
  const { items } = update;
  const org = ctx.org();
  const folder = org.folder(ctx.params.uid ?? '');
  if (folder === undefined) return folderNotFound();
  const store = accessOf(org);
  const current = store.folderPermissions(folder, ctx.state.users.get(folder.createdBy));
  const next = replacedEntries(ctx, store, current, items);
  if (next === undefined) return failedToCreate();
  store.replaceFolderPermissions(folder.uid, next);
  return success('Folder permissions updated');
}

/**
 * `validatePermissionsUpdate` answers 400 with the error text, the two texts swapped in Grafana
 * (user+team gets the "associated role" message and vice versa); reproduced as is.
 */
function refusedItems(items: UpdateItem[]): Reply | undefined {
  for (const item of items) {
    if (item.userId > 0 && item.teamId > 0)
      return messageError(400, 'team and user permissions cannot have an associated role', true);
    if ((item.userId > 0 || item.teamId > 0) && item.role !== undefined)
      return messageError(400, 'permissions cannot have both a user and team', true);
  }
  return undefined;
}

/**
 * The entries after a POST (`updateDashboardAccessControl`): every listed item set, every other
 * entry removed. Undefined: the resource-permission service refused a target (it checks every
 * target before writing anything).
 */
export function replacedEntries(
  ctx: RequestContext,
  store: AccessStore,
  current: FolderPermissionRecord[],
  items: UpdateItem[],
): FolderPermissionRecord[] | undefined {
  for (const item of items) {
    if (item.userId !== 0 && !userExists(ctx, item.userId)) return undefined;
    if (item.teamId !== 0 && !store.teams.has(item.teamId)) return undefined;
    if (item.role !== undefined && !BASIC_ROLES.includes(item.role as OrgRole)) return undefined;
    if (item.userId === 0 && item.teamId === 0 && item.role === undefined) return undefined;
  }

  const now = nowIso();
  const next: FolderPermissionRecord[] = [];
  const sameTarget = (a: { userId: number; teamId: number; role?: string }, b: typeof a) =>
    (a.userId !== 0 && a.userId === b.userId) ||
    (a.teamId !== 0 && a.teamId === b.teamId) ||
    (a.role !== undefined && a.role === b.role);
  for (const item of items) {
    const existing = next.findIndex((e) => sameTarget(e, item));
    if (existing >= 0) next.splice(existing, 1);
    // No name for the level: the command removes the entry.
    if (!(item.permission in LEVEL_NAMES)) continue;
    const previous = current.find((e) => sameTarget(e, item));
    next.push({
      userId: item.userId,
      teamId: item.teamId,
      ...(item.role !== undefined ? { role: item.role as OrgRole } : {}),
      permission: item.permission as PermissionLevel,
      created: previous?.created ?? now,
      updated: now,
    });
  }
  return next;
}

export function failedToCreate(): Reply {
  return messageError(500, 'Failed to create permission', true);
}

function userExists(ctx: RequestContext, id: number): boolean {
  for (const user of ctx.state.users.values()) if (user.id === id) return true;
  if (ctx.state.serviceAccounts.has(id)) return true;
  for (const sa of ctx.state.tokens.values()) if (sa.id === id) return true;
  return false;
}

/** Go's decoding of `[]DashboardACLUpdateItem`: a wrong JSON type anywhere fails the bind. */
function decodeItems(command: UpdateCommand): UpdateItem[] | undefined {
  const raw = command.items;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return undefined;
  const items: UpdateItem[] = [];
  for (const value of raw) {
    if (value === null) {
      items.push({ userId: 0, teamId: 0, permission: 0 });
      continue;
    }
    if (typeof value !== 'object' || Array.isArray(value)) return undefined;
    const fields = new Map(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const int = (key: string): number | undefined => {
      const v = fields.get(key);
      if (v === undefined || v === null) return 0;
      return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
    };
    const userId = int('userid');
    const teamId = int('teamid');
    const permission = int('permission');
    const role = fields.get('role');
    if (userId === undefined || teamId === undefined || permission === undefined) return undefined;
    if (role !== undefined && role !== null && typeof role !== 'string') return undefined;
    items.push({ userId, teamId, permission, ...(typeof role === 'string' ? { role } : {}) });
  }
  return items;
}

function aclInfo(ctx: RequestContext, org: OrgState, folder: FolderRecord, entry: FolderPermissionRecord) {
  return {
    folderId: folder.id,
    ...(folder.parentUid !== '' ? { folderUid: folder.parentUid } : {}),
    ...granteeInfo(ctx, org, entry),
    uid: folder.uid,
    title: folder.title,
    slug: '',
    isFolder: true,
    url: `/dashboards/f/${folder.uid}/${slugify(folder.title)}`,
    inherited: false,
  };
}

/** The grantee and level of a `DashboardACLInfoDTO`, the same for folders and dashboards. */
export function granteeInfo(ctx: RequestContext, org: OrgState, entry: FolderPermissionRecord) {
  const user =
    entry.userId !== 0 ? [...ctx.state.users.values()].find((u) => u.id === entry.userId) : undefined;
  const team = entry.teamId !== 0 ? accessOf(org).teams.get(entry.teamId) : undefined;
  return {
    created: entry.created,
    updated: entry.updated,
    userId: entry.userId,
    userUid: user?.uid ?? '',
    userLogin: user?.login ?? '',
    userEmail: user?.email ?? '',
    userAvatarUrl: avatarUrl(user?.email ?? ''),
    teamId: entry.teamId,
    teamUid: team?.uid ?? '',
    teamEmail: team?.email ?? '',
    teamAvatarUrl: team ? avatarUrl(team.email || team.name) : '',
    team: team?.name ?? '',
    ...(entry.role !== undefined ? { role: entry.role } : {}),
    permission: entry.permission,
    permissionName: LEVEL_NAMES[entry.permission],
  };
}

/**
 * `GetOrgUsersForCurrentOrg`: members of the org (service accounts are not users here), `query`
 * matching login, e-mail or name case-insensitively, ordered by e-mail then login.
 */
function listOrgUsers(ctx: RequestContext): Reply {
  const query = (ctx.query.get('query') ?? '').toLowerCase();
  const limit = parseGoInt(ctx.query.get('limit')) ?? 0;
  return json(200, orgUserDtos(ctx, ctx.orgId, query, limit));
}

/** `OrgUserDTO`s of `orgId`, filtered and ordered as `SearchOrgUsers` does (also `/api/orgs/:orgId/users`). */
export function orgUserDtos(ctx: RequestContext, orgId: number, query = '', limit = 0): unknown[] {
  const users = [...ctx.state.users.values()]
    .filter((u) => u.orgs.has(orgId))
    .filter((u) => query === '' || [u.login, u.email, u.name].some((s) => s.toLowerCase().includes(query)))
    .sort((a, b) => compareStrings(a.email, b.email) || compareStrings(a.login, b.login));
  const page = limit > 0 ? users.slice(0, limit) : users;
  return page.map((u) => ({
    orgId,
    userId: u.id,
    uid: u.uid,
    email: u.email,
    name: u.name,
    avatarUrl: avatarUrl(u.email),
    login: u.login,
    role: u.orgs.get(orgId),
    lastSeenAt: u.updated,
    lastSeenAtAge: '1m',
    accessControl: null,
    authLabels: null,
    isDisabled: false,
    isExternallySynced: false,
  }));
}

const createUserSchema = {
  name: { kind: 'string' },
  email: { kind: 'string' },
  login: { kind: 'string' },
  password: { kind: 'string', required: true },
  orgId: { kind: 'int' },
} as const;

/** `AdminCreateUser`: 412 when the login or e-mail is taken. */
function createUser(ctx: RequestContext): Reply {
  const bound = ctx.bind(createUserSchema);
  if (!bound.ok) return bound.reply;
  const form = bound.value;
  const login = form.login || form.email || '';
  const email = form.email ?? '';
  const taken = [...ctx.state.users.values()].some(
    (u) => u.login === login || (email !== '' && u.email === email),
  );
  if (taken)
    return messageError(
      412,
      "User with email '" + email + "' or username '" + login + "' already exists",
      true,
    );
  const orgId = form.orgId && form.orgId > 0 ? form.orgId : 1;
  if (ctx.state.findOrg(orgId) === undefined) return messageError(400, 'organization not found', true);
  const user = ctx.state.addUser(login, form.password ?? '', {
    orgs: { [orgId]: 'Viewer' },
    email,
    name: form.name ?? '',
  });
  return json(200, { id: user.id, uid: user.uid, message: 'User created' });
}
