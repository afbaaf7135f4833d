/**
 * Folders through the classic `/api/folders` handlers (contract §4), which 11.x and 12.x both serve.
 */
import { alreadyExistsOn } from './errors.js';
import type { GrafanaHttpClient } from './http.js';
import { collectPages } from './pages.js';

/** `dtos.Folder`. Server-managed fields differ between versions, hence the optional ones. */
export interface GrafanaFolder {
  id: number;
  uid: string;
  title: string;
  description?: string;
  url: string;
  /** Absent at the root. */
  parentUid?: string;
  /** Ancestors, root first (nested folders). */
  parents?: GrafanaFolder[];
  hasAcl: boolean;
  canSave: boolean;
  canEdit: boolean;
  canAdmin: boolean;
  canDelete: boolean;
  createdBy: string;
  created: string;
  updatedBy: string;
  updated: string;
  version: number;
  /** Newer builds. */
  orgId?: number;
  /** Newer builds: set when Git Sync manages the folder. */
  repository?: string;
  /** Only with `?accesscontrol=true`. */
  accessControl?: Record<string, boolean>;
}

export interface GrafanaFolderListItem {
  id: number;
  uid: string;
  title: string;
  parentUid?: string;
}

/** `folder.CreateFolderCommand`; an empty `uid` makes Grafana generate one. */
export interface CreateFolderRequest {
  uid?: string;
  title: string;
  description?: string;
  parentUid?: string;
}

/** The editable part of `folder.UpdateFolderCommand`; parents change only through move. */
export interface UpdateFolderRequest {
  title?: string;
  description?: string;
  /**
   * Optimistic locking: when given, Grafana answers 412 if the folder changed meanwhile. When
   * omitted the client sends `overwrite: true`, because newer 12.x builds reject a PUT that has
   * neither (§4.2).
   */
  version?: number;
}

export interface MoveFolderRequest {
  /** Target parent uid; empty or omitted moves to the root. */
  parentUid?: string;
}

export interface ListFoldersOptions {
  /** Children of this folder; omitted lists root-level folders only (nested folders, §4.2). */
  parentUid?: string;
  permission?: 'View' | 'Edit';
  pageSize?: number;
}

export interface DeleteFolderOptions {
  /** Needed when the folder holds alert rules (§4.3). */
  forceDeleteRules?: boolean;
}

const DEFAULT_PAGE_SIZE = 1000;
const FOLDER = '/api/folders/:uid';

export class FoldersApi {
  constructor(private readonly http: GrafanaHttpClient) {}

  async get(uid: string): Promise<GrafanaFolder> {
    return this.http.call<GrafanaFolder>({ method: 'GET', route: FOLDER, params: { uid } });
  }

  /** All folders at one level, following pages until a short page. */
  async list(options: ListFoldersOptions = {}): Promise<GrafanaFolderListItem[]> {
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    return collectPages(pageSize, (page) =>
      this.http.call<GrafanaFolderListItem[] | null>({
        method: 'GET',
        route: '/api/folders',
        query: { limit: pageSize, page, parentUid: options.parentUid, permission: options.permission },
      }),
    );
  }

  /**
   * @throws GrafanaAlreadyExistsError when the uid is taken: 412 on the 12.x storage path, 409 on
   * the SQL path (§4.3). Callers switch to get + update.
   */
  async create(request: CreateFolderRequest): Promise<GrafanaFolder> {
    return alreadyExistsOn(
      [409, 412],
      this.http.call<GrafanaFolder>({ method: 'POST', route: '/api/folders', body: request }),
    );
  }

  async update(uid: string, changes: UpdateFolderRequest): Promise<GrafanaFolder> {
    const body = { ...changes, overwrite: changes.version === undefined };
    return this.http.call<GrafanaFolder>({ method: 'PUT', route: FOLDER, params: { uid }, body });
  }

  async move(uid: string, request: MoveFolderRequest): Promise<GrafanaFolder> {
    return this.http.call<GrafanaFolder>({
      method: 'POST',
      route: `${FOLDER}/move`,
      params: { uid },
      body: { parentUid: request.parentUid ?? '' },
    });
  }

  /** 12.x answers `{"message":"Folder deleted"}`, the 11.x k8s handler an empty body; neither carries data. */
  async delete(uid: string, options: DeleteFolderOptions = {}): Promise<void> {
    await this.http.call<unknown>({
      method: 'DELETE',
      route: FOLDER,
      params: { uid },
      query: { forceDeleteRules: options.forceDeleteRules ? true : undefined },
    });
  }
}

/** Grafana's folder permission levels (`dashboardaccess.PermissionType`). */
export const FOLDER_PERMISSION_LEVELS = { View: 1, Edit: 2, Admin: 4 } as const;
export type FolderPermissionName = keyof typeof FOLDER_PERMISSION_LEVELS;
export type FolderPermissionLevel = (typeof FOLDER_PERMISSION_LEVELS)[FolderPermissionName];
export type BasicRole = 'Viewer' | 'Editor' | 'Admin';

/**
 * One entry of `dashboards.DashboardACLInfoDTO` as `GET /api/folders/:uid/permissions` returns it:
 * only permissions set on the folder itself (`IsManaged`), never inherited ones.
 */
export interface FolderPermissionEntry {
  folderUid?: string;
  created: string;
  updated: string;
  /** 0 unless the entry is for a user. */
  userId: number;
  userUid?: string;
  userLogin: string;
  userEmail: string;
  userAvatarUrl?: string;
  /** 0 unless the entry is for a team. */
  teamId: number;
  teamUid?: string;
  teamEmail?: string;
  teamAvatarUrl?: string;
  team: string;
  /** Set only for a basic-role entry. */
  role?: BasicRole;
  permission: FolderPermissionLevel;
  permissionName: FolderPermissionName;
  uid: string;
  title: string;
  slug?: string;
  isFolder: boolean;
  url: string;
  inherited: boolean;
}

/**
 * `dtos.DashboardACLUpdateItem`: exactly one of userId, teamId or role per item (Grafana answers
 * 400 for a user or team combined with a role).
 */
export type FolderPermissionItem =
  | { userId: number; permission: FolderPermissionLevel }
  | { teamId: number; permission: FolderPermissionLevel }
  | { role: BasicRole; permission: FolderPermissionLevel };

/** The folder permissions route; dashboards have the same GET/POST pair with the same DTOs (§6.10). */
export const FOLDER_PERMISSIONS_ROUTE = `${FOLDER}/permissions`;
export const DASHBOARD_PERMISSIONS_ROUTE = '/api/dashboards/uid/:uid/permissions';

export class FolderPermissionsApi {
  constructor(
    private readonly http: GrafanaHttpClient,
    private readonly route: string = FOLDER_PERMISSIONS_ROUTE,
  ) {}

  async get(folderUid: string): Promise<FolderPermissionEntry[]> {
    return (
      (await this.http.call<FolderPermissionEntry[] | null>({
        method: 'GET',
        route: this.route,
        params: { uid: folderUid },
      })) ?? []
    );
  }

  /**
   * Replaces every permission set on the folder with `items` (Grafana removes the ones not listed).
   * An unknown user or team id is a 500 "Failed to create permission" from Grafana, so callers
   * resolve names to ids first.
   */
  async set(folderUid: string, items: FolderPermissionItem[]): Promise<void> {
    await this.http.call<unknown>({
      method: 'POST',
      route: this.route,
      params: { uid: folderUid },
      body: { items },
    });
  }
}
