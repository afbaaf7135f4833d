/**
 * Library elements: `/api/library-elements` as served by 12.x with `kubernetesLibraryPanels` off
 * (§7, §13.7), or, with the toggle on (off by default in every release, so set by tests), with the
 * model rebuilt through the `librarypanels` resource on write and read as main does (§7.1); storing through `libraryPanelsOf(org)` (library-panel-state.ts). Read from Grafana's
 * source: `pkg/services/libraryelements/api.go` (handlers, `toLibraryElementError`),
 * `database.go` (create, patch, delete, search, `deleteLibraryElementsInFolderUID`),
 * `model/model.go` (DTOs, error texts, `binding:"Required"` on `kind` and `version`).
 *
 * Folder deletion (§4.5): refused with 403 while an element of the folder itself is connected to
 * a dashboard, and as Grafana's folder service refuses for elements in subfolders (400 or 500);
 * otherwise the elements go with the folder.
 *
 * The General folder is reported three ways, as Grafana does: create/PATCH answers leave
 * `folderUid`, `meta.folderUid` and `meta.folderName` empty; GET by uid or name reports
 * `general`/`General`; the list reports `folderUid: ""` with `meta.folderName: "General"`.
 */
import type { Bound } from '../binding.js';
import { errutil, json, messageError, type Reply } from '../errors.js';
import {
  libraryPanelsOf,
  PANEL_ELEMENT,
  prepareModel,
  VARIABLE_ELEMENT,
  type LibraryPanelStore,
} from '../library-panel-state.js';
import { servedModel, toLegacyModel, toLibraryPanelResource } from '../library-panel-resource.js';
import type { RequestContext, RouteModule } from '../router.js';
import type { FolderDeleteRequest, OrgState } from '../state.js';
import type {
  Actor,
  FolderRecord,
  JsonObject,
  LibraryElementConnectionDTO,
  LibraryElementDTO,
  LibraryElementMetaUserDTO,
  LibraryElementRecord,
  LibraryElementSearchResultDTO,
} from '../types.js';
import { avatarUrl, compareStrings, nowIso, parseGoInt, shortUid, uidProblem } from '../util.js';

/** `model.CreateLibraryElementCommand`: `kind` is `binding:"Required"`; `folderUid` is a *string. */
const createElementSchema = {
  folderId: { kind: 'int' },
  folderUid: { kind: 'string' },
  name: { kind: 'string' },
  model: { kind: 'any' },
  kind: { kind: 'int', required: true },
  uid: { kind: 'string' },
} as const;
export type CreateLibraryElementCommand = Bound<typeof createElementSchema>;

/**
 * `model.PatchLibraryElementCommand`: `kind` and `version` are `binding:"Required"` (so `0` is a
 * bind error); `folderId` defaults to -1 (keep the folder).
 */
const patchElementSchema = {
  folderId: { kind: 'int' },
  folderUid: { kind: 'string' },
  name: { kind: 'string' },
  model: { kind: 'any' },
  kind: { kind: 'int', required: true },
  version: { kind: 'int', required: true },
  uid: { kind: 'string' },
} as const;
export type PatchLibraryElementCommand = Bound<typeof patchElementSchema>;

const DEFAULT_PER_PAGE = 100;
const GENERAL_FOLDER_UID = 'general';

export const libraryPanelRoutes: RouteModule = {
  name: 'library-panels',
  register(router, env) {
    router.post('/api/library-elements', { kind: 'org', action: 'library.panels:create' }, createElement);
    router.get('/api/library-elements', { kind: 'org', action: 'library.panels:read' }, listElements);
    router.get('/api/library-elements/name/:name', { kind: 'org', action: 'library.panels:read' }, getByName);
    router.get('/api/library-elements/:uid', { kind: 'org', action: 'library.panels:read' }, getElement);
    router.get(
      '/api/library-elements/:uid/connections',
      { kind: 'org', action: 'library.panels:read' },
      getConnections,
    );
    router.patch('/api/library-elements/:uid', { kind: 'org', action: 'library.panels:write' }, patchElement);
    router.delete(
      '/api/library-elements/:uid',
      { kind: 'org', action: 'library.panels:delete' },
      deleteElement,
    );

    env.state.addFolderDeleteGuard(folderDeleteRefusal);
    env.state.addFolderDeletedListener((org, folderUids) => libraryPanelsOf(org).deleteInFolders(folderUids));
  },
};

/**
 * Library elements refuse a folder delete (§4.5). The handler (`DeleteFolder`) asks
 * `DeleteLibraryElementsInFolder` about the folder itself: a connected element is 403. Elements in
 * subfolders are the folder service's: without `forceDeleteRules` any of them makes the folder
 * "not empty" (the legacy service counts them, the folder API's `validateOnDelete` sees them in
 * the stats), 400 `folder.not-empty`; with it `DeleteInFolders` fails on a connected one with an
 * error `ToFolderErrorResponse` does not map: 500 `Folder API error`.
 */
function folderDeleteRefusal({ org, folderUids, forceDeleteRules }: FolderDeleteRequest): Reply | undefined {
  const store = libraryPanelsOf(org);
  const [own, ...subfolders] = folderUids;
  const inUse = (e: LibraryElementRecord) => store.connectedDashboards(e.id) > 0;
  if (store.elementsInFolders(own === undefined ? [] : [own]).some(inUse)) {
    return messageError(403, 'Folder could not be deleted because it contains library elements in use', true);
  }
  const below = store.elementsInFolders(subfolders);
  if (!forceDeleteRules && below.length > 0) {
    return errutil(400, 'folder.not-empty', 'Folder cannot be deleted: folder is not empty');
  }
  if (forceDeleteRules && below.some(inUse)) return messageError(500, 'Folder API error', true);
  return undefined;
}

// -------------------------------------------------------------------------------------------------
// Error replies (`toLibraryElementError`: `response.Error(status, text, err)`, so traceable)

function elementNotFound(): Reply {
  return messageError(404, 'library element could not be found', true);
}

function alreadyExists(): Reply {
  return messageError(400, 'library element with that name or UID already exists', true);
}

function uidError(uid: string): Reply | undefined {
  // util.IsValidShortUID is checked before util.IsShortUIDTooLong.
  if (!/^[a-zA-Z0-9\-_]*$/.test(uid)) return messageError(400, 'uid contains illegal characters', true);
  if (uidProblem(uid) === 'too-long') return messageError(400, 'uid too long, max 40 characters', true);
  return undefined;
}

/** The handler's folder lookup: `ErrOrFallback(400, "failed to get folder")` for a missing folder. */
function folderLookupFailed(): Reply {
  return messageError(400, 'failed to get folder', true);
}

// -------------------------------------------------------------------------------------------------
// DTOs

type DtoView = 'write' | 'get' | 'list';

function metaUser(actor: Actor): LibraryElementMetaUserDTO {
  // dtos.GetGravatarUrl answers "" for an empty e-mail.
  return { id: actor.id, name: actor.login, avatarUrl: actor.email === '' ? '' : avatarUrl(actor.email) };
}

/** `LibraryElementDTO` as each handler builds it; see the module comment for the General folder. */
export function elementDto(
  org: OrgState,
  store: LibraryPanelStore,
  element: LibraryElementRecord,
  view: DtoView,
  k8s = false,
): LibraryElementDTO {
  const folder = element.folderUid === '' ? undefined : org.folder(element.folderUid);
  let folderUid = folder?.uid ?? '';
  let metaFolderUid = folderUid;
  let folderName = folder?.title ?? '';
  if (folder === undefined && view === 'get') {
    folderUid = GENERAL_FOLDER_UID;
    metaFolderUid = GENERAL_FOLDER_UID;
    folderName = 'General';
  } else if (folder === undefined && view === 'list') {
    folderName = 'General';
  }
  return {
    id: element.id,
    orgId: element.orgId,
    folderId: folder?.id ?? 0,
    folderUid,
    uid: element.uid,
    name: element.name,
    kind: element.kind,
    type: element.type,
    description: element.description,
    model: k8s ? servedModel(element.model, element) : structuredClone(element.model),
    version: element.version,
    meta: {
      folderName,
      folderUid: metaFolderUid,
      connectedDashboards: store.connectedDashboards(element.id),
      created: element.created,
      updated: element.updated,
      createdBy: metaUser(element.createdBy),
      updatedBy: metaUser(element.updatedBy),
    },
  };
}

/** `kubernetesLibraryPanels`: every route goes through the `librarypanels` resource (§7.1). */
function servedByK8s(ctx: RequestContext): boolean {
  return ctx.options.featureToggles.kubernetesLibraryPanels === true;
}

/**
 * The model as the `librarypanels` resource keeps it (§7.1), with the element's type and
 * description from its spec; a 400 when a typed field does not unmarshal.
 */
function throughResource(model: JsonObject): ReturnType<typeof prepareModel> | Reply {
  const resource = toLibraryPanelResource(model);
  if (resource === undefined) return messageError(400, 'invalid library element model', true);
  return { model: toLegacyModel(resource), type: resource.spec.type, description: resource.spec.description };
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `folderUid` of a request: undefined when absent, '' for General, else the folder (or a 400). */
function resolveFolder(org: OrgState, folderUid: string | undefined): { uid: string } | Reply | undefined {
  if (folderUid === undefined) return undefined;
  if (folderUid === '' || folderUid === GENERAL_FOLDER_UID) return { uid: '' };
  const folder = org.folder(folderUid);
  return folder === undefined ? folderLookupFailed() : { uid: folder.uid };
}

function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && 'status' in value;
}

function findFolderById(org: OrgState, id: number): FolderRecord | undefined {
  for (const folder of org.folders.values()) if (folder.id === id) return folder;
  return undefined;
}

// -------------------------------------------------------------------------------------------------
// Handlers

/**
 * `createHandler` → `createLibraryElement`: folder (400), kind 1 or 2 (else 500), uid generated or
 * validated (400), model must be a JSON object (else 500), uid and (folder, name, kind) unique
 * (400). Version 1.
 */
function createElement(ctx: RequestContext): Reply {
  const bound = ctx.bind(createElementSchema);
  if (!bound.ok) return bound.reply;
  const cmd = bound.value;
  const org = ctx.org();
  const store = libraryPanelsOf(org);

  const folder = resolveFolder(org, cmd.folderUid);
  if (isReply(folder)) return folder;
  const kind = cmd.kind as number;
  const failed = (): Reply => messageError(500, 'Failed to create library element', true);
  if (kind !== PANEL_ELEMENT && kind !== VARIABLE_ELEMENT) return failed();
  const uid = cmd.uid ?? '';
  if (uid !== '') {
    const invalid = uidError(uid);
    if (invalid !== undefined) return invalid;
  }
  const finalUid = uid !== '' ? uid : shortUid();
  if (!isJsonObject(cmd.model)) return failed();
  const prepared = servedByK8s(ctx) ? throughResource(cmd.model) : prepareModel(cmd.model, kind, finalUid);
  if (prepared === undefined) return messageError(500, 'Internal Server Error', true);
  if (isReply(prepared)) return prepared;

  const folderUid = folder?.uid ?? '';
  const name = cmd.name ?? '';
  if (store.element(finalUid) !== undefined || store.nameTaken(folderUid, name, kind)) return alreadyExists();

  const element = store.insert({ uid: finalUid, folderUid, name, kind, prepared, by: ctx.actor() });
  return json(200, { result: elementDto(org, store, element, 'write', servedByK8s(ctx)) });
}

function getElement(ctx: RequestContext): Reply {
  const org = ctx.org();
  const store = libraryPanelsOf(org);
  const element = store.element(ctx.params.uid ?? '');
  if (element === undefined) return elementNotFound();
  return json(200, { result: elementDto(org, store, element, 'get', servedByK8s(ctx)) });
}

/** `{"result": [DTO...]}`: the same name may exist in several folders (§7). */
function getByName(ctx: RequestContext): Reply {
  const org = ctx.org();
  const store = libraryPanelsOf(org);
  const elements = store.elementsByName(ctx.params.name ?? '');
  if (elements.length === 0) return elementNotFound();
  return json(200, { result: elements.map((e) => elementDto(org, store, e, 'get', servedByK8s(ctx))) });
}

/**
 * `getAllLibraryElements`: `perPage` (default 100) and 1-based `page`; filters `searchString` (name,
 * description or folder title, case-insensitive), `kind`, `typeFilter` and `excludeUid`;
 * `folderFilterUIDs` is a comma-separated list where `general` selects the General folder. As in
 * Grafana, a list holding only `general` does not restrict the other folders (the folder IN clause
 * stays empty). Sorted by name (`alpha-asc`, or `sortDirection=alpha-desc`); `totalCount` counts
 * every match.
 */
function listElements(ctx: RequestContext): Reply {
  const org = ctx.org();
  const store = libraryPanelsOf(org);
  const q = ctx.query;
  const perPageParam = parseGoInt(q.get('perPage')) ?? 0;
  const perPage = perPageParam <= 0 ? DEFAULT_PER_PAGE : perPageParam;
  const pageParam = parseGoInt(q.get('page')) ?? 0;
  const page = pageParam <= 0 ? 1 : pageParam;
  const kind = parseGoInt(q.get('kind')) ?? 0;
  const search = (q.get('searchString') ?? '').trim().toLowerCase();
  const excludeUid = (q.get('excludeUid') ?? '').trim();
  const typeFilterParam = q.get('typeFilter') ?? '';
  const typeFilter = typeFilterParam.trim() === '' ? [] : typeFilterParam.split(',');
  const folderFilterParam = q.get('folderFilterUIDs') ?? '';
  const folderFilter = folderFilterParam.trim() === '' ? undefined : folderFilterParam.split(',');
  const includeGeneral = folderFilter === undefined || folderFilter.includes(GENERAL_FOLDER_UID);
  const folderUids = (folderFilter ?? []).filter((uid) => uid !== GENERAL_FOLDER_UID);

  const matches = [...store.elements.values()].filter((e) => {
    if (e.folderUid === '' ? !includeGeneral : folderUids.length > 0 && !folderUids.includes(e.folderUid)) {
      return false;
    }
    if (kind !== 0 && e.kind !== kind) return false;
    if (excludeUid !== '' && e.uid === excludeUid) return false;
    if (typeFilter.length > 0 && !typeFilter.includes(e.type)) return false;
    if (search !== '') {
      const folderTitle = e.folderUid === '' ? '' : (org.folder(e.folderUid)?.title ?? '');
      const hit = [e.name, e.description, folderTitle].some((text) => text.toLowerCase().includes(search));
      if (!hit) return false;
    }
    return true;
  });
  const descending = q.get('sortDirection') === 'alpha-desc';
  matches.sort((a, b) => (descending ? -1 : 1) * compareStrings(a.name, b.name) || a.id - b.id);

  const result: LibraryElementSearchResultDTO = {
    totalCount: matches.length,
    elements: matches
      .slice((page - 1) * perPage, page * perPage)
      .map((e) => elementDto(org, store, e, 'list', servedByK8s(ctx))),
    page,
    perPage,
  };
  return json(200, { result });
}

/**
 * `patchHandler` → `patchLibraryElement`, in Grafana's order: bind (`kind`, `version` Required →
 * 400 bad request data); folder (400); kind 1 or 2 (else 500); element (404); `version` equal to the
 * stored one (412); a new `uid` validated and free (400). An empty `name` or an absent `model` keeps
 * the stored one; an absent `folderUid` keeps the folder. Version+1.
 */
function patchElement(ctx: RequestContext): Reply {
  const bound = ctx.bind(patchElementSchema);
  if (!bound.ok) return bound.reply;
  const cmd = bound.value;
  const org = ctx.org();
  const store = libraryPanelsOf(org);

  let folder = resolveFolder(org, cmd.folderUid);
  if (isReply(folder)) return folder;
  if (folder === undefined && cmd.folderId !== undefined && cmd.folderId >= 0) {
    // Deprecated folderId: 0 is General, otherwise the folder with that id.
    const byId = cmd.folderId === 0 ? undefined : findFolderById(org, cmd.folderId);
    if (cmd.folderId !== 0 && byId === undefined) return folderLookupFailed();
    folder = { uid: byId?.uid ?? '' };
  }
  const kind = cmd.kind as number;
  const failed = (): Reply => messageError(500, 'Failed to update library element', true);
  if (kind !== PANEL_ELEMENT && kind !== VARIABLE_ELEMENT) return failed();

  const uid = ctx.params.uid ?? '';
  const element = store.element(uid);
  if (element === undefined) return elementNotFound();
  if (element.version !== cmd.version) {
    return messageError(412, 'the library element has been changed by someone else', true);
  }
  const newUid = cmd.uid !== undefined && cmd.uid !== '' ? cmd.uid : uid;
  if (newUid !== uid) {
    const invalid = uidError(newUid);
    if (invalid !== undefined) return invalid;
    if (store.element(newUid) !== undefined) return alreadyExists();
  }

  const name = cmd.name !== undefined && cmd.name !== '' ? cmd.name : element.name;
  const folderUid = folder?.uid ?? element.folderUid;
  let prepared: ReturnType<typeof throughResource> = prepareModel(
    element.model,
    element.kind,
    undefined,
    element,
  );
  if (cmd.model !== undefined) {
    if (!isJsonObject(cmd.model)) return failed();
    prepared = servedByK8s(ctx)
      ? throughResource(cmd.model)
      : prepareModel(cmd.model, element.kind, undefined, element);
  }
  if (prepared === undefined) return messageError(500, 'Internal Server Error', true);
  if (isReply(prepared)) return prepared;
  if (store.nameTaken(folderUid, name, element.kind, element.id)) return alreadyExists();

  element.name = name;
  element.folderUid = folderUid;
  element.model = prepared.model;
  element.type = prepared.type;
  element.description = prepared.description;
  element.version += 1;
  element.updated = nowIso();
  element.updatedBy = ctx.actor();
  if (newUid !== uid) {
    store.elements.delete(uid);
    element.uid = newUid;
    store.elements.set(newUid, element);
  }
  return json(200, { result: elementDto(org, store, element, 'write', servedByK8s(ctx)) });
}

/** 200 `{"id","message":"Library element deleted"}`; connected to a dashboard → 403 (§7). */
function deleteElement(ctx: RequestContext): Reply {
  const store = libraryPanelsOf(ctx.org());
  const element = store.element(ctx.params.uid ?? '');
  if (element === undefined) return elementNotFound();
  if (store.connectedDashboards(element.id) > 0) {
    return messageError(403, 'the library element has connections', true);
  }
  store.deleteElement(element.uid);
  return json(200, { id: element.id, message: 'Library element deleted' });
}

/** `GET /api/library-elements/:uid/connections/`: one entry per connected dashboard. */
function getConnections(ctx: RequestContext): Reply {
  const store = libraryPanelsOf(ctx.org());
  const element = store.element(ctx.params.uid ?? '');
  if (element === undefined) return elementNotFound();
  const result: LibraryElementConnectionDTO[] = store
    .connectionsOf(element.id)
    .sort((a, b) => a.id - b.id)
    .map((c) => ({
      id: c.id,
      kind: c.kind,
      elementId: c.elementId,
      connectionId: c.dashboardId,
      connectionUid: c.dashboardUid,
      created: c.created,
      createdBy: metaUser(c.createdBy),
    }));
  return json(200, { result });
}
