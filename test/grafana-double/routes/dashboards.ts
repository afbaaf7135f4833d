/**
 * Dashboards: the classic `/api/dashboards` handlers of 12.x (§6, §12, §13.6), storing through
 * `dashboardsOf(org)` (dashboard-state.ts). Read from Grafana's source:
 * - `pkg/api/dashboard.go` `PostDashboard`/`postDashboard`, `GetDashboard`, `deleteDashboard`;
 * - `pkg/services/dashboards/service/dashboard_service.go` `SaveDashboard`,
 *   `BuildSaveDashboardCommand`, `ValidateBasicDashboardProperties`, `ValidateDashboardBeforeSave`,
 *   `LegacySaveCommandToUnstructured` (a missing uid becomes a UUID);
 * - `pkg/api/apierrors/dashboard.go` `ToDashboardErrorResponse` and `pkg/services/dashboards/errors.go`
 *   (a `DashboardErr` with a status answers `{status, message}`, a 400 one without `{message}`).
 * Deleting a folder deletes its dashboards (folder-deleted hook, §4.3).
 */
import { randomUUID } from 'node:crypto';

import { hasPermission, roleIn } from '../auth.js';
import type { Bound } from '../binding.js';
import { dashboardsOf, dashboardUrl, libraryPanelRefs } from '../dashboard-state.js';
import { json, messageError, statusMessage, type Reply } from '../errors.js';
import { libraryPanelsOf } from '../library-panel-state.js';
import type { RequestContext, RouteModule } from '../router.js';
import type { OrgState } from '../state.js';
import type {
  DashboardFullWithMetaDTO,
  DashboardMetaDTO,
  DashboardRecord,
  DeleteDashboardResponseDTO,
  FolderRecord,
  GrafanaDoubleOptions,
  JsonObject,
  SaveDashboardResponseDTO,
} from '../types.js';
import { slugify, uidProblem } from '../util.js';
import { orgNamespace } from './app-platform.js';

/**
 * `dashboards.SaveDashboardCommand` (§6.1): `dashboard` is `binding:"Required"`; `folderId` is
 * deprecated but still honoured when no `folderUid` is sent.
 */
const saveDashboardSchema = {
  dashboard: { kind: 'object', required: true },
  folderUid: { kind: 'string' },
  folderId: { kind: 'int' },
  overwrite: { kind: 'boolean' },
  message: { kind: 'string' },
  isFolder: { kind: 'boolean' },
} as const;
export type SaveDashboardCommand = Bound<typeof saveDashboardSchema>;

const MAX_TITLE_LENGTH = 5000;
const MAX_MESSAGE_LENGTH = 500;
/** Go's zero `time.Time`, which `meta.expires` carries for every non-snapshot dashboard. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

export const dashboardRoutes: RouteModule = {
  name: 'dashboards',
  register(router, env) {
    router.post('/api/dashboards/db', { kind: 'org', action: 'dashboards:write' }, saveDashboard);
    router.get('/api/dashboards/uid/:uid', { kind: 'org', action: 'dashboards:read' }, getDashboard);
    router.delete('/api/dashboards/uid/:uid', { kind: 'org', action: 'dashboards:delete' }, deleteDashboard);
    // `DashboardServiceImpl.DeleteInFolders`: a folder delete takes its dashboards along.
    env.state.addFolderDeletedListener((org, folderUids) => dashboardsOf(org).deleteInFolders(folderUids));
  },
};

// -------------------------------------------------------------------------------------------------
// Error replies

/** `ErrDashboardNotFound` through `getDashboardHelper`: any lookup failure is this 404 (§6.2). */
function dashboardNotFound(): Reply {
  return messageError(404, 'Dashboard not found', true);
}

/** 12.x `ErrDashboardVersionMismatch`; 13.x `saveDashboardViaK8s` answers 409 instead (§6.1, §15.12). */
function versionConflict(options: GrafanaDoubleOptions): Reply {
  return options.dashboardConflictStatus === 409
    ? messageError(409, 'Dashboard already exists. Use overwrite flag to update.', true)
    : statusMessage(412, 'version-mismatch', 'The dashboard has been changed by someone else');
}

/** `ValidateBasicDashboardProperties`, in its order: title, title length, message, uid characters, uid length. */
function basicPropertiesError(title: string, uid: string, message: string): Reply | undefined {
  if (title === '') return statusMessage(400, 'empty-name', 'Dashboard title cannot be empty');
  // Go's len(): bytes, not characters.
  if (Buffer.byteLength(title) > MAX_TITLE_LENGTH) {
    return statusMessage(400, 'title-too-long', 'Dashboard title cannot contain more than 5 000 characters');
  }
  if (Buffer.byteLength(message) > MAX_MESSAGE_LENGTH)
    return messageError(400, 'message too long, max 500 characters');
  // util.IsValidShortUID before util.IsShortUIDTooLong; an empty uid is valid (generated later).
  if (uid !== '' && !/^[a-zA-Z0-9\-_]+$/.test(uid))
    return messageError(400, 'uid contains illegal characters');
  if (uidProblem(uid) === 'too-long') return messageError(400, 'uid too long, max 40 characters');
  return undefined;
}

// -------------------------------------------------------------------------------------------------
// Helpers

/** simplejson `MustInt64`/`MustInt`: JSON numbers count (truncated), anything else is 0. */
function goInt(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : 0;
}

/** `gtime.ParseDuration` in milliseconds: `d`/`w`/`M`/`y` units, else Go's `time.ParseDuration`. */
export function parseGrafanaDurationMs(text: string): number | undefined {
  const calendar = /^(\d+)([dwMy])$/.exec(text);
  if (calendar !== null) {
    const days = { d: 1, w: 7, M: 30, y: 365 }[calendar[2] as 'd' | 'w' | 'M' | 'y'];
    return Number(calendar[1]) * days * 86_400_000;
  }
  if (text === '0') return 0;
  const unitMs: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  const body = /^[-+]?((\d+\.?\d*|\.\d+)(ns|us|µs|ms|s|m|h))+$/.test(text) ? text.replace(/^[-+]/, '') : '';
  if (body === '') return undefined;
  let total = 0;
  for (const match of body.matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(match[1]) * (unitMs[match[2] as string] as number);
  }
  return text.startsWith('-') ? -total : total;
}

/**
 * A `refresh` shorter than `min_refresh_interval`, or one that does not parse (§6.6). 11.x/12.x
 * (`SaveDashboard`) store the minimum instead, logged, not refused; main's dashboard API admission
 * answers 400 (`validateRefreshInterval`, which also accepts `0` and `off`; an unparsable value
 * refused there is assumed). Non-string values, `""` and `auto` are left alone.
 */
function checkRefresh(data: JsonObject, options: GrafanaDoubleOptions): Reply | undefined {
  const refresh = data.refresh;
  if (typeof refresh !== 'string' || refresh === '' || refresh === 'auto') return undefined;
  const minimumMs = parseGrafanaDurationMs(options.minRefreshInterval);
  if (minimumMs === undefined) return undefined;
  const refreshMs = parseGrafanaDurationMs(refresh);
  if (refreshMs !== undefined && refreshMs >= minimumMs) return undefined;
  if (options.refreshBelowMinimum === 'clamp') {
    data.refresh = options.minRefreshInterval;
    return undefined;
  }
  if (refresh === '0' || refresh === 'off') return undefined;
  return messageError(400, 'Dashboard refresh interval is too low');
}

function findFolder(org: OrgState, uid: string, id: number): FolderRecord | undefined {
  if (uid !== '') return org.folder(uid);
  for (const folder of org.folders.values()) if (folder.id === id) return folder;
  return undefined;
}

// -------------------------------------------------------------------------------------------------
// Handlers

/**
 * `POST /api/dashboards/db` (§6.1), in Grafana's order: bind; `isFolder`; title and uid trimmed,
 * refresh raised to the minimum; basic properties; folder (400 `folder not found`); existing
 * dashboard by id and uid (404 unknown id, 400 id/uid mismatch); version (412, or 409 in 13.x mode)
 * unless `overwrite`; plugin ownership; file provisioning; size (413). Then the JSON is stored with
 * `id`, `uid` and `version` injected, and library panel connections replace the dashboard's old ones
 * (a failure there is a 500 after the dashboard was saved, as in Grafana).
 */
function saveDashboard(ctx: RequestContext): Reply {
  const bound = ctx.bind(saveDashboardSchema);
  if (!bound.ok) return bound.reply;
  const cmd = bound.value;
  if (cmd.isFolder === true) return messageError(400, 'Use folders endpoint for saving folders.');

  const org = ctx.org();
  const store = dashboardsOf(org);
  const data = structuredClone(cmd.dashboard as JsonObject);
  const overwrite = cmd.overwrite === true;
  const message = cmd.message ?? '';
  const sentId = goInt(data.id);
  const sentVersion = goInt(data.version);

  const refreshRefused = checkRefresh(data, ctx.options);
  if (refreshRefused !== undefined) return refreshRefused;
  const title = (typeof data.title === 'string' ? data.title : '').trim();
  let uid = (typeof data.uid === 'string' ? data.uid : '').trim();
  const invalid = basicPropertiesError(title, uid, message);
  if (invalid !== undefined) return invalid;

  let folderUid = '';
  if ((cmd.folderUid ?? '') !== '' || (cmd.folderId ?? 0) !== 0) {
    const folder = findFolder(org, cmd.folderUid ?? '', cmd.folderId ?? 0);
    // dashboards.ErrFolderNotFound is a plain error: 400 without traceID (ToDashboardErrorResponse).
    if (folder === undefined) return messageError(400, 'folder not found');
    folderUid = folder.uid;
  }

  const byId = sentId > 0 ? store.dashboardById(sentId) : undefined;
  if (sentId > 0 && byId === undefined) return statusMessage(404, 'not-found', 'Dashboard not found');
  if (byId !== undefined && uid === '') uid = byId.uid;
  const byUid = uid !== '' ? store.dashboard(uid) : undefined;
  if (byId !== undefined && byUid !== undefined && byId.id !== byUid.id) {
    return messageError(400, 'A dashboard with the same uid already exists');
  }
  const existing = byId ?? byUid;
  if (existing !== undefined) {
    if (sentVersion !== existing.version && !overwrite) return versionConflict(ctx.options);
    if (existing.pluginId !== '' && !overwrite) {
      return json(412, {
        status: 'plugin-dashboard',
        message: `The dashboard belongs to plugin ${existing.pluginId}.`,
      });
    }
    if (existing.provisioning !== undefined && !existing.provisioning.allowUiUpdates) {
      return messageError(400, 'Cannot save provisioned dashboard');
    }
  }

  // 11.0–11.2 also match by title in the folder (§6.5): with `overwrite` the save takes the other
  // dashboard over, keeping its id and uid; without, 412 name-exists.
  let target = existing;
  if (ctx.options.dashboardTitleOverwrite) {
    const sameTitle = store
      .inFolders([folderUid])
      .find((d) => d.title === title && d.id !== (existing?.id ?? 0));
    if (sameTitle !== undefined) {
      if (!overwrite) {
        return statusMessage(
          412,
          'name-exists',
          'A dashboard with the same name in the folder already exists',
        );
      }
      target = sameTitle;
    }
  }

  data.title = title;
  const maxBytes = ctx.options.maxDashboardBytes;
  if (Buffer.byteLength(JSON.stringify(data)) > maxBytes) {
    return messageError(413, `Dashboard is too large, max is ${Math.floor(maxBytes / 1024 / 1024)} MB`, true);
  }

  const record = store.write({
    ...(target !== undefined ? { existing: target } : {}),
    uid: uid !== '' ? uid : randomUUID(),
    folderUid,
    title,
    data,
    message,
    by: ctx.actorLogin(),
  });

  // ConnectLibraryPanelsForDashboard runs after the save; its failure does not undo it.
  const refs = libraryPanelRefs(record.data);
  const connectFailed =
    !refs.ok || libraryPanelsOf(org).setDashboardConnections(record, refs.uids, ctx.actor()) !== undefined;
  if (connectFailed) return messageError(500, 'Error while connecting library panels', true);

  const body: SaveDashboardResponseDTO = {
    id: record.id,
    uid: record.uid,
    url: dashboardUrl(record.uid, record.title),
    status: 'success',
    version: ctx.options.saveAnswerVersion === 'zero' ? 0 : record.version,
    slug: slugify(record.title),
    folderUid: record.folderUid,
  };
  return json(200, body);
}

/** `GET /api/dashboards/uid/:uid` (§6.2): the stored JSON with `version` in sync, plus `meta`. */
function getDashboard(ctx: RequestContext): Reply {
  const org = ctx.org();
  const record = dashboardsOf(org).dashboard(ctx.params.uid ?? '');
  if (record === undefined) return dashboardNotFound();
  // v2 is not supported in /api (§23.3).
  if (record.apiVersion?.startsWith('v2')) {
    const at = `/apis/dashboard.grafana.app/${record.apiVersion}/namespaces/${orgNamespace(org.id)}/dashboards/${record.uid}`;
    return messageError(406, `dashboard api version not supported, use ${at} instead`, true);
  }
  let folder: FolderRecord | undefined;
  if (record.folderUid !== '') {
    folder = org.folder(record.folderUid);
    if (folder === undefined) return messageError(404, 'Folder not found', true);
  }
  const body: DashboardFullWithMetaDTO = {
    meta: dashboardMeta(ctx, org, record, folder),
    dashboard: { ...structuredClone(record.data), id: record.id, uid: record.uid, version: record.version },
  };
  return json(200, body);
}

function dashboardMeta(
  ctx: RequestContext,
  org: OrgState,
  record: DashboardRecord,
  folder: FolderRecord | undefined,
): DashboardMetaDTO {
  const identity = ctx.identity;
  const can = (action: string): boolean =>
    identity !== undefined && hasPermission(identity, ctx.orgId, action);
  // Default basic roles: Editors and Admins may add, edit and delete dashboard and org annotations.
  const annotations = {
    canAdd: can('dashboards:write'),
    canEdit: can('dashboards:write'),
    canDelete: can('dashboards:write'),
  };
  return {
    type: 'db',
    canSave: can('dashboards:write'),
    canEdit: can('dashboards:write'),
    // dashboards.permissions:write: held by org Admins only by default.
    canAdmin: identity !== undefined && roleIn(identity, ctx.orgId) === 'Admin',
    canStar: true,
    canDelete: can('dashboards:delete'),
    slug: slugify(record.title),
    url: dashboardUrl(record.uid, record.title),
    expires: ZERO_TIME,
    created: record.created,
    updated: record.updated,
    updatedBy: record.updatedBy,
    createdBy: record.createdBy,
    version: record.version,
    hasAcl: false,
    isFolder: false,
    folderId: folder?.id ?? 0,
    folderUid: folder?.uid ?? '',
    folderTitle: folder?.title ?? 'General',
    folderUrl: folder === undefined ? '' : org.folderUrl(folder),
    provisioned: record.provisioning !== undefined && !record.provisioning.allowUiUpdates,
    provisionedExternalId: record.provisioning?.externalId ?? '',
    annotationsPermissions: { dashboard: { ...annotations }, organization: { ...annotations } },
  };
}

/**
 * `DELETE /api/dashboards/uid/:uid` (§6.3): a hard delete. Grafana disconnects the dashboard's
 * library panels before it asks the service to delete, so a refused delete of a provisioned
 * dashboard (400) still drops those connections.
 */
function deleteDashboard(ctx: RequestContext): Reply {
  const org = ctx.org();
  const store = dashboardsOf(org);
  const record = store.dashboard(ctx.params.uid ?? '');
  if (record === undefined) return dashboardNotFound();
  libraryPanelsOf(org).disconnectDashboard(record.id);
  if (record.provisioning !== undefined)
    return messageError(400, 'provisioned dashboard cannot be deleted', true);
  store.delete(record.uid);
  const body: DeleteDashboardResponseDTO = {
    title: record.title,
    message: `Dashboard ${record.title} deleted`,
    uid: record.uid,
  };
  return json(200, body);
}
