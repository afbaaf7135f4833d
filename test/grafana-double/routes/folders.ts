/**
 * Folders: the 12.x legacy `/api/folders` handlers over the folder-API storage path (§4, §13.4).
 * Other modules can veto a delete (library elements in use, alert rules) through
 * `GrafanaState.addFolderDeleteGuard` and follow deletes through `addFolderDeletedListener`.
 */
import { accessControlMetadata, hasPermission, roleIn } from '../auth.js';
import type { Bound } from '../binding.js';
import { errutil, json, messageError, statusMessage, type Reply } from '../errors.js';
import type { RequestContext, RouteModule } from '../router.js';
import type { OrgState } from '../state.js';
import type {
  FolderDTO,
  FolderRecord,
  FolderSearchHitDTO,
  GrafanaDoubleOptions,
  Identity,
} from '../types.js';
import { compareStrings, nowIso, parseGoBool, parseGoInt, uidProblem } from '../util.js';

/** `folder.CreateFolderCommand` (§4.2): nothing is `binding:"Required"`; an empty title is a service error. */
const createFolderSchema = {
  uid: { kind: 'string' },
  title: { kind: 'string' },
  description: { kind: 'string' },
  parentUid: { kind: 'string' },
} as const;
export type CreateFolderCommand = Bound<typeof createFolderSchema>;

/** `folder.UpdateFolderCommand` (§4.2); `uid` (a new uid) is accepted and ignored in 12.x. */
const updateFolderSchema = {
  title: { kind: 'string' },
  description: { kind: 'string' },
  version: { kind: 'int' },
  overwrite: { kind: 'boolean' },
  uid: { kind: 'string' },
} as const;
export type UpdateFolderCommand = Bound<typeof updateFolderSchema>;

/** `folder.MoveFolderCommand`: `""` moves to the root (§4.2). */
const moveFolderSchema = { parentUid: { kind: 'string' } } as const;
export type MoveFolderCommand = Bound<typeof moveFolderSchema>;

const FOLDER_ACCESS_ACTIONS = [
  'folders:read',
  'folders:write',
  'folders:delete',
  'folders:create',
  'dashboards:read',
  'dashboards:create',
  'dashboards:write',
  'dashboards:delete',
] as const;

export const folderRoutes: RouteModule = {
  name: 'folders',
  register(router) {
    router.get('/api/folders', { kind: 'org', action: 'folders:read' }, listFolders);
    router.post('/api/folders', { kind: 'org', action: 'folders:create' }, createFolder);
    router.get('/api/folders/:uid', { kind: 'org', action: 'folders:read' }, getFolder);
    router.put('/api/folders/:uid', { kind: 'org', action: 'folders:write' }, updateFolder);
    router.post('/api/folders/:uid/move', { kind: 'org', action: 'folders:write' }, moveFolder);
    router.delete('/api/folders/:uid', { kind: 'org', action: 'folders:delete' }, deleteFolder);
  },
};

// -------------------------------------------------------------------------------------------------
// Error replies (`apierrors.ToFolderErrorResponse`, §4.3)

/** `dashboards.ErrFolderNotFound` → `response.JSON(404, {status, message})` (§15.2). */
export function folderNotFound(): Reply {
  return statusMessage(404, 'not-found', 'folder not found');
}

/** k8s AlreadyExists → 412 (12.x storage path); SameUIDExists → 409 (SQL path) (§4.3). */
function duplicateUid(options: GrafanaDoubleOptions): Reply {
  return options.folderDuplicateUidStatus === 409
    ? messageError(409, 'a folder/dashboard with the same uid already exists')
    : statusMessage(412, 'version-mismatch', 'the folder has been changed by someone else');
}

/** Newer 12.x store: a `DashboardErr` without status; legacy SQL path: folder version-mismatch JSON. */
function versionMismatch(options: GrafanaDoubleOptions): Reply {
  return options.folderVersionMismatchBody === 'folder'
    ? statusMessage(412, 'version-mismatch', 'the folder has been changed by someone else')
    : messageError(412, 'The dashboard has been changed by someone else', true);
}

function uidError(uid: string): Reply | undefined {
  const problem = uidProblem(uid);
  if (problem === 'too-long') return messageError(400, 'uid too long, max 40 characters', true);
  if (problem === 'illegal') return messageError(400, 'uid contains illegal characters', true);
  return undefined;
}

/** `[folder] max_nested_folder_depth`, clamped to 1..7 like `readFolderSettings` (§15.9). */
export function effectiveMaxDepth(options: GrafanaDoubleOptions): number {
  const configured = Number.isFinite(options.maxFolderDepth) ? Math.trunc(options.maxFolderDepth) : 4;
  return Math.min(7, Math.max(1, configured));
}

// -------------------------------------------------------------------------------------------------
// DTOs

/** `newToFolderDto`: `can*` reflect the caller's role; `parents` run from the root down (§4.2). */
export function folderDto(ctx: RequestContext, org: OrgState, folder: FolderRecord): FolderDTO {
  const dto = baseDto(ctx.identity, ctx.orgId, org, folder);
  const parents = org.folderParents(folder.uid);
  if (parents.length > 0) dto.parents = parents.map((p) => baseDto(ctx.identity, ctx.orgId, org, p));
  if (ctx.identity !== undefined && parseGoBool(ctx.query.get('accesscontrol'))) {
    dto.accessControl = accessControlMetadata(ctx.identity, ctx.orgId, FOLDER_ACCESS_ACTIONS);
  }
  return dto;
}

function baseDto(
  identity: Identity | undefined,
  orgId: number,
  org: OrgState,
  folder: FolderRecord,
): FolderDTO {
  const can = (action: string): boolean => identity !== undefined && hasPermission(identity, orgId, action);
  const dto: FolderDTO = {
    id: folder.id,
    uid: folder.uid,
    orgId: folder.orgId,
    title: folder.title,
    url: org.folderUrl(folder),
    hasAcl: false,
    canSave: can('folders:write'),
    canEdit: can('folders:write'),
    // The folder "Admin" permission: by default only org Admins hold it.
    canAdmin: identity !== undefined && roleIn(identity, orgId) === 'Admin',
    canDelete: can('folders:delete'),
    createdBy: folder.createdBy,
    created: folder.created,
    updatedBy: folder.updatedBy,
    updated: folder.updated,
    version: folder.version,
  };
  if (folder.parentUid !== '') dto.parentUid = folder.parentUid;
  return dto;
}

// -------------------------------------------------------------------------------------------------
// Handlers

/**
 * `GetFolders` with nested folders: the children of `parentUid` (root when absent), sorted by
 * title, paged by `limit` (default 1000) and 1-based `page`; `permission=Edit` keeps only folders
 * the caller may edit (§4.2).
 */
function listFolders(ctx: RequestContext): Reply {
  const org = ctx.org();
  const parentUid = ctx.query.get('parentUid') ?? '';
  if (parentUid !== '' && org.folder(parentUid) === undefined) return folderNotFound();
  const limitParam = parseGoInt(ctx.query.get('limit')) ?? 0;
  const limit = limitParam <= 0 ? 1000 : limitParam;
  const pageParam = parseGoInt(ctx.query.get('page')) ?? 0;
  const page = pageParam <= 0 ? 1 : pageParam;
  const editOnly = ctx.query.get('permission') === 'Edit';
  if (editOnly && !(ctx.identity !== undefined && hasPermission(ctx.identity, ctx.orgId, 'folders:write'))) {
    return json(200, []);
  }
  const hits: FolderSearchHitDTO[] = [...org.folders.values()]
    .filter((f) => f.parentUid === parentUid)
    .sort((a, b) => compareStrings(a.title, b.title) || compareStrings(a.uid, b.uid))
    .slice((page - 1) * limit, page * limit)
    .map((f) => {
      const hit: FolderSearchHitDTO = { id: f.id, uid: f.uid, title: f.title };
      if (f.parentUid !== '') hit.parentUid = f.parentUid;
      return hit;
    });
  return json(200, hits);
}

function getFolder(ctx: RequestContext): Reply {
  const org = ctx.org();
  const folder = org.folder(ctx.params.uid ?? '');
  return folder === undefined ? folderNotFound() : json(200, folderDto(ctx, org, folder));
}

/**
 * 200 DTO with version 1 (§4.3). Checks in service order: title, uid, parent, depth, then the
 * duplicate uid the storage reports last.
 */
function createFolder(ctx: RequestContext): Reply {
  const bound = ctx.bind(createFolderSchema);
  if (!bound.ok) return bound.reply;
  const cmd = bound.value;
  const org = ctx.org();

  const title = cmd.title ?? '';
  if (title.trim() === '') return messageError(400, 'folder title cannot be empty');
  const uid = cmd.uid ?? '';
  if (uid !== '') {
    const invalid = uidError(uid);
    if (invalid !== undefined) return invalid;
  }
  const parentUid = cmd.parentUid ?? '';
  if (parentUid !== '') {
    if (org.folder(parentUid) === undefined) return folderNotFound();
    const max = effectiveMaxDepth(ctx.options);
    // validateOnCreate (folder API admission); its errutil text reaches the client as the message.
    if (org.folderLevel(parentUid) + 1 > max) {
      return messageError(
        400,
        `[folder.maximum-depth-reached] folder max depth exceeded, max depth is ${max}`,
        true,
      );
    }
  }
  if (uid !== '' && org.folder(uid) !== undefined) return duplicateUid(ctx.options);

  const folder = org.insertFolder({
    ...(uid !== '' ? { uid } : {}),
    title,
    description: cmd.description ?? '',
    parentUid,
    createdBy: ctx.actorLogin(),
  });
  return json(200, folderDto(ctx, org, folder));
}

/**
 * Applies title and description; a new `uid` is ignored and the parent does not change here
 * (§4.2). Without `overwrite: true` the sent `version` must equal the stored one, so a PUT with
 * neither is a 412.
 */
function updateFolder(ctx: RequestContext): Reply {
  const bound = ctx.bind(updateFolderSchema);
  if (!bound.ok) return bound.reply;
  const cmd = bound.value;
  const org = ctx.org();
  const folder = org.folder(ctx.params.uid ?? '');
  if (folder === undefined) return folderNotFound();
  if (cmd.title !== undefined && cmd.title.trim() === '') {
    return messageError(400, 'folder title cannot be empty');
  }
  if (cmd.overwrite !== true && (cmd.version ?? 0) !== folder.version) return versionMismatch(ctx.options);

  if (cmd.title !== undefined) folder.title = cmd.title;
  if (cmd.description !== undefined) folder.description = cmd.description;
  folder.version += 1;
  folder.updated = nowIso();
  folder.updatedBy = ctx.actorLogin();
  return json(200, folderDto(ctx, org, folder));
}

/**
 * `MoveFolder` answers service errors through `ErrOrFallback`, so depth and cycle errors arrive as
 * errutil bodies. The moved subtree must still fit in the depth limit.
 */
function moveFolder(ctx: RequestContext): Reply {
  const bound = ctx.bind(moveFolderSchema);
  if (!bound.ok) return bound.reply;
  const org = ctx.org();
  const folder = org.folder(ctx.params.uid ?? '');
  if (folder === undefined) return errutil(404, 'folder.notFound', 'Folder not found');
  const newParentUid = bound.value.parentUid ?? '';
  if (newParentUid === folder.uid) return messageError(400, 'folder cannot be parent of itself', true);
  if (newParentUid !== '') {
    if (org.folder(newParentUid) === undefined) return errutil(404, 'folder.notFound', 'Folder not found');
    const parentLevel = org.folderLevel(newParentUid);
    if (parentLevel + org.folderSubtreeHeight(folder.uid) > effectiveMaxDepth(ctx.options)) {
      return errutil(400, 'folder.maximum-depth-reached', 'Maximum nested folder depth reached');
    }
    if (org.folderParents(newParentUid).some((p) => p.uid === folder.uid)) {
      return errutil(400, 'folder.circular-reference', 'Circular reference detected');
    }
  }
  // The parent is object metadata (the `grafana.app/folder` annotation), not spec, so the
  // generation Grafana reports as `version` does not change.
  folder.parentUid = newParentUid;
  folder.updated = nowIso();
  folder.updatedBy = ctx.actorLogin();
  return json(200, folderDto(ctx, org, folder));
}

/**
 * Deletes the folder and every subfolder (§4.3). Guards registered by other modules may refuse
 * first (library elements in use → 403; alert rules without `forceDeleteRules`).
 */
function deleteFolder(ctx: RequestContext): Reply {
  const org = ctx.org();
  const folder = org.folder(ctx.params.uid ?? '');
  if (folder === undefined) return folderNotFound();
  const folderUids = [folder.uid, ...org.folderDescendants(folder.uid).map((f) => f.uid)];
  const request = {
    org,
    folderUids,
    forceDeleteRules: parseGoBool(ctx.query.get('forceDeleteRules')),
    query: ctx.query,
  };
  for (const guard of ctx.state.folderDeleteGuards) {
    const refusal = guard(request);
    if (refusal !== undefined) return refusal;
  }
  for (const uid of folderUids) org.folders.delete(uid);
  for (const listener of ctx.state.folderDeletedListeners) listener(org, folderUids);
  return json(200, { message: 'Folder deleted' });
}
