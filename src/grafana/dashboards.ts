/**
 * Dashboards through the classic `/api/dashboards` handlers (contract §6), which 11.x, 12.x and
 * 13.x serve (13.x writes through the k8s dashboard API underneath).
 */
import type { GrafanaHttpClient } from './http.js';

/**
 * Dashboard JSON. Grafana stores whatever the client sends and injects `id`, `uid` and `version`
 * (§6.1, §12); only the keys below have a meaning to the API itself.
 */
export interface DashboardModel {
  /** Optional on create: Grafana generates one (a UUID in 12.x). At most 40 of `[a-zA-Z0-9-_]`. */
  uid?: string;
  /** Required and non-empty after trimming; at most 5000 characters. */
  title?: string;
  /** Server-assigned; send `null` or omit it. */
  id?: number | null;
  /** The version the write is based on (optimistic locking), see SaveDashboardRequest. */
  version?: number;
  tags?: string[];
  /** Shorter than the server's `min_refresh_interval` (default `5s`) is stored as the minimum. */
  refresh?: string | false;
  panels?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/** `dtos.DashboardMeta` (§6.2). Newer builds add fields; older ones may lack some. */
export interface GrafanaDashboardMeta {
  type: string;
  slug: string;
  url: string;
  canSave: boolean;
  canEdit: boolean;
  canAdmin: boolean;
  canStar: boolean;
  canDelete: boolean;
  created: string;
  updated: string;
  createdBy: string;
  updatedBy: string;
  version: number;
  hasAcl: boolean;
  isFolder: boolean;
  /** Deprecated numeric folder id; 0 at the root. */
  folderId: number;
  /** `""` at the root. */
  folderUid: string;
  /** `"General"` at the root. */
  folderTitle: string;
  folderUrl: string;
  /** File-provisioned without `allowUiUpdates`: the API refuses to save or delete it. */
  provisioned: boolean;
  provisionedExternalId: string;
  expires?: string;
  isStarred?: boolean;
  annotationsPermissions?: Record<string, Record<string, boolean>>;
  publicDashboardEnabled?: boolean;
  /** Newer builds: the dashboard API version it was saved with. */
  apiVersion?: string;
}

/** `dtos.DashboardFullWithMeta`: GET by uid. */
export interface GrafanaDashboardWithMeta {
  /** The stored JSON with `id`, `uid` and `version` as the server holds them. */
  dashboard: DashboardModel & { uid: string; title: string; version: number; id?: number | null };
  meta: GrafanaDashboardMeta;
}

/** `dashboards.SaveDashboardCommand` (§6.1). */
export interface SaveDashboardRequest {
  dashboard: DashboardModel;
  /** Target folder; omitted or `""` is the General (root) level. A missing folder is a NotFound. */
  folderUid?: string;
  /**
   * Skip the version check: without it, saving over an existing dashboard needs
   * `dashboard.version` equal to the stored version, else GrafanaVersionMismatchError (412 in 12.x,
   * 409 in 13.x). A reconcile loop that owns the dashboard sends `true` (§6.1, §12).
   */
  overwrite?: boolean;
  /** Version-history message, at most 500 characters. */
  message?: string;
}

/** POST /api/dashboards/db answer (200). */
export interface SaveDashboardResponse {
  id: number;
  uid: string;
  url: string;
  status: string;
  /** The stored version: previous + 1 on every save, even with identical content (§12). */
  version: number;
  slug: string;
  folderUid?: string;
}

export interface DeleteDashboardResponse {
  title: string;
  message: string;
  uid: string;
  /** Older versions only. */
  id?: number;
}

const DASHBOARD = '/api/dashboards/uid/:uid';

export class DashboardsApi {
  constructor(private readonly http: GrafanaHttpClient) {}

  /** @throws GrafanaNotFoundError when no dashboard has this uid (404 `Dashboard not found`). */
  async get(uid: string): Promise<GrafanaDashboardWithMeta> {
    return this.http.call<GrafanaDashboardWithMeta>({ method: 'GET', route: DASHBOARD, params: { uid } });
  }

  /**
   * Creates or replaces a dashboard (§6.1). Errors: GrafanaVersionMismatchError (stale or missing
   * version without `overwrite`), GrafanaValidationError (empty title `empty-name`, bad uid, message
   * too long, too large 413), GrafanaNotFoundError (folder missing, or `dashboard.id` unknown),
   * GrafanaConflictError (file-provisioned or plugin-owned dashboard).
   */
  async save(request: SaveDashboardRequest): Promise<SaveDashboardResponse> {
    const body: Record<string, unknown> = { dashboard: request.dashboard };
    if (request.folderUid !== undefined) body.folderUid = request.folderUid;
    if (request.overwrite !== undefined) body.overwrite = request.overwrite;
    if (request.message !== undefined) body.message = request.message;
    return this.http.call<SaveDashboardResponse>({
      method: 'POST',
      route: '/api/dashboards/db',
      body,
    });
  }

  /**
   * Hard delete (§6.3, no soft delete in 12.x). @throws GrafanaNotFoundError when it is already
   * gone; GrafanaConflictError for a file-provisioned dashboard.
   */
  async delete(uid: string): Promise<DeleteDashboardResponse> {
    return this.http.call<DeleteDashboardResponse>({ method: 'DELETE', route: DASHBOARD, params: { uid } });
  }
}
