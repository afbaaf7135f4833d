/**
 * Payload and record types of the Grafana double. Field names and optionality follow the Go JSON
 * tags Grafana 12.x serialises (docs/grafana-api.md, cited as §n below).
 */

/** A basic role; None (a member without a basic role) since the `roletype` package (§19.2). */
export type OrgRole = 'Admin' | 'Editor' | 'Viewer' | 'None';

/** A JSON object as Grafana stores it in `jsonData` or a dashboard model. */
export type JsonObject = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Switches

export interface GrafanaDoubleOptions {
  /**
   * Grafana's `[paths] provisioning`: `POST /api/admin/provisioning/alerting/reload` reads
   * `<path>/alerting` (§8.12). Unset: the reload finds no files.
   */
  provisioningPath?: string;
  /** Reported by /api/health and buildInfo (§2). */
  version: string;
  commit: string;
  /** buildInfo.edition (§2). */
  edition: string;
  /** `[auth.anonymous] hide_version`: /api/health drops version and commit (§2). */
  hideVersion: boolean;
  /**
   * Duplicate folder uid on create: 412 is the 12.x storage path (k8s AlreadyExists), 409 the SQL
   * path (SameUIDExists) (§4.3, §13.4).
   */
  folderDuplicateUidStatus: 412 | 409;
  /**
   * Body of a folder PUT version conflict: 'dashboard' is the newer 12.x storage path
   * (`{"message":"The dashboard has been changed by someone else"}`), 'folder' the legacy SQL path
   * (`{"status":"version-mismatch",...}`) (§4.3). Both are 412.
   */
  folderVersionMismatchBody: 'dashboard' | 'folder';
  /** `[folder] max_nested_folder_depth`; Grafana clamps it to 1..7, default 4 (§4.3, §15.9). */
  maxFolderDepth: number;
  /**
   * `POST /api/dashboards/db` onto an existing dashboard without `overwrite` and with a stale or
   * missing `version`: 412 `{"status":"version-mismatch",...}` is 12.x, 409 `{"message":"Dashboard
   * already exists. Use overwrite flag to update."}` is 13.x / newest main (§6.1, §15.12).
   */
  dashboardConflictStatus: 412 | 409;
  /**
   * Largest dashboard JSON (bytes, as serialised) the storage accepts; larger saves answer 413
   * `Dashboard is too large, max is <N> MB` (§6.1).
   */
  maxDashboardBytes: number;
  /**
   * Serve the read-only `/apis/dashboard.grafana.app` group (§6.4: discovery and the dashboard list
   * with `metadata.generation`). False: 404 on those paths, as on 11.x or behind a proxy that
   * forwards only `/api`.
   */
  dashboardApis: boolean;
  /**
   * The versions of `/apis/dashboard.grafana.app` a release serves, the preferred one first (§23.1):
   * 12.x v1beta1, v0alpha1, v2alpha1, v2beta1; main also v1 and v2. Served only with dashboardApis.
   */
  dashboardApiVersions: readonly string[];
  /**
   * `[public_dashboards] enabled` (default true on 11, 12 and 13): false leaves the public dashboard
   * routes unregistered, so they answer Grafana's plain 404 `Not found` (§6.12).
   */
  publicDashboards: boolean;
  /**
   * `min_refresh_interval` (default `5s`): a save with a shorter or unparsable `refresh` is stored
   * with this value instead (`DashboardServiceImpl.SaveDashboard` logs and rewrites it).
   */
  minRefreshInterval: string;
  /**
   * Add `traceID` to error bodies built from an error, as Grafana does when unified request
   * logging is off. Default off: 12.x turns unified logging on (§11.1).
   */
  traceId: boolean;
  /**
   * 11.0–11.2: a dashboard save whose title is already used in its folder takes that dashboard
   * over (its id, uid and version) with `overwrite`, or answers 412 `name-exists` without (§6.5).
   */
  dashboardTitleOverwrite: boolean;
  /**
   * A `refresh` below `minRefreshInterval`: 'clamp' stores the minimum (11.x/12.x classic saves),
   * 'reject' answers 400 `Dashboard refresh interval is too low` (main's dashboard API path, §6.6).
   */
  refreshBelowMinimum: 'clamp' | 'reject';
  /**
   * Which org a service-account token is looked up in: 'token' its own (11.x/12.x; another org in
   * the request is 401 `api-key.organization-mismatch`), 'request' the request's org, org 1 when
   * none is named (main: a token of another org is 401 `api-key.invalid`) (§1.2).
   */
  tokenOrgLookup: 'token' | 'request';
  /**
   * Provenance a contact-point GET reports: 'integration' each integration's own (11.x),
   * 'receiver' the receiver's, shared by all its integrations (12.x and main, §8.4).
   */
  contactPointProvenance: 'integration' | 'receiver';
  /**
   * `GET /api/user` with a service-account token: the minimal profile (11.2 and later), or 403
   * `Endpoint only available for users` as 10.3–11.1 builds answer (§2.3). No profile models
   * the older builds; tests switch it on.
   */
  serviceAccountUserProfile: 'minimal' | 'forbidden';
  /**
   * `version` in the answer of `POST /api/dashboards/db`: the stored version, or 0 as the
   * 12.0-era k8s save path answers (it reads `spec.version`, which the dashboard API strips,
   * §6.7). No profile models those builds; tests switch it on.
   */
  saveAnswerVersion: 'stored' | 'zero';
  /**
   * What an alert rule's `notification_settings.group_by` must satisfy (§8.2): 'route' refuses a
   * label other than `alertname`/`grafana_folder` given twice, as the generated route's validation
   * does (11.x); 'none' checks nothing (12.x); 'duplicates' refuses any label given twice (main).
   */
  notificationGroupByCheck: 'route' | 'none' | 'duplicates';
  /**
   * Milliseconds `/api/search` lags behind writes (§6.8): unified storage's search index has no
   * search-after-write guarantee, so an object created, changed, moved or deleted within this
   * time is listed as it was before. 0: read-after-write, as the SQL search of 11.x and of 12.x
   * (whose dashboards and folders stay on legacy storage unless configured otherwise) answers.
   */
  searchLagMs: number;
  /**
   * Serve the read-only `/apis/folder.grafana.app` group (§4.7: discovery and the folder list,
   * read from storage, not from the search index). False: 404 on those paths, as on 11.x.
   */
  folderApis: boolean;
  /**
   * The versions of `/apis/provisioning.grafana.app` (Git Sync, §22) a release has, served only
   * with the feature toggle `provisioning`: none before 12.
   */
  provisioningApiVersions: readonly string[];
  /**
   * The versions of `/apis/playlist.grafana.app` a release serves (§24.3): none on 11.2 (as for
   * the other groups, for an `/api` client), v0alpha1 on 12.x, v0alpha1 and v1 on main.
   */
  playlistApiVersions: readonly string[];
  /** Reported in /api/frontend/settings (§2) so clients can detect features. */
  featureToggles: Record<string, boolean>;
  /** The server admin created at start (`[security] admin_user`/`admin_password`, §1.1). */
  adminLogin: string;
  adminPassword: string;
}

// ---------------------------------------------------------------------------------------------
// Identities (§1)

export interface UserRecord {
  id: number;
  uid: string;
  login: string;
  email: string;
  name: string;
  password: string;
  isGrafanaAdmin: boolean;
  /** Org memberships; a user asking for another org runs in org -1 (§1.2). */
  orgs: Map<number, OrgRole>;
  /** The stored "current" org: used when the request names none, and shown by /api/user (§1.2). */
  defaultOrgId: number;
  created: string;
  updated: string;
}

/** A service account: a user of exactly one org, with one org role (§1.1, §3.1). */
export interface ServiceAccountRecord {
  /** Numeric id (service accounts are users in Grafana). */
  id: number;
  uid: string;
  name: string;
  login: string;
  orgId: number;
  role: OrgRole;
  /** Set by `PATCH /api/serviceaccounts/:id` (§18.1). */
  isDisabled?: boolean;
}

/** A token acts as its service account, in the account's org (§1.1). */
export interface ServiceAccountTokenRecord extends ServiceAccountRecord {
  token: string;
  /** What `GET /api/serviceaccounts/:id/tokens` lists of a token made through the API (§18.2). */
  listed?: { id: number; name: string; created: string; expiresAt?: number };
  /** Tokens Grafana still knows but rejects: 401 api-key.expired / api-key.revoked (§1.3). */
  expired: boolean;
  revoked: boolean;
}

export type Identity =
  { kind: 'user'; user: UserRecord } | { kind: 'serviceAccount'; serviceAccount: ServiceAccountTokenRecord };

// ---------------------------------------------------------------------------------------------
// Stored objects

export interface OrgAddress {
  address1: string;
  address2: string;
  city: string;
  zipCode: string;
  state: string;
  country: string;
}

export interface FolderRecord {
  id: number;
  uid: string;
  orgId: number;
  title: string;
  description: string;
  /** '' for a root-level folder. */
  parentUid: string;
  version: number;
  created: string;
  updated: string;
  createdBy: string;
  updatedBy: string;
}

export interface DatasourceRecord {
  id: number;
  uid: string;
  orgId: number;
  name: string;
  /** As sent by the client; the DTO reports the plugin id the alias resolves to (§5.2). */
  type: string;
  access: string;
  url: string;
  database: string;
  user: string;
  basicAuth: boolean;
  basicAuthUser: string;
  withCredentials: boolean;
  isDefault: boolean;
  jsonData: JsonObject;
  /** Decrypted secrets; never returned by the API (§5.2, §5.6). */
  secureJsonData: Record<string, string>;
  version: number;
  /** File-provisioned data sources: PUT/DELETE answer 403 (§5.4). */
  readOnly: boolean;
  apiVersion: string;
  created: string;
  updated: string;
}

/** Who wrote something, as Grafana keeps it (numeric id for `createdBy`, login and e-mail for display). */
export interface Actor {
  id: number;
  login: string;
  email: string;
}

/** File provisioning of a dashboard (`dashboard_provisioning` row / classic-file-provisioning manager). */
export interface DashboardProvisioningRecord {
  /** Provider name from the provisioning config. */
  name: string;
  /** Path of the file, relative to the provider's path (`meta.provisionedExternalId`). */
  externalId: string;
  /** `allowUiUpdates` of the provider: when true the API may save it and `meta.provisioned` is false. */
  allowUiUpdates: boolean;
}

export interface DashboardRecord {
  /** Shares the id sequence with folders (one `dashboard` table). */
  id: number;
  uid: string;
  orgId: number;
  /** '' for the General (root) level. */
  folderUid: string;
  title: string;
  /** The stored JSON as GET returns it, with `id`, `uid` and `version` injected (§6.1, §12). */
  data: JsonObject;
  version: number;
  created: string;
  updated: string;
  createdBy: string;
  updatedBy: string;
  /** Commit message of the last save. */
  message: string;
  /** Set for file-provisioned dashboards. */
  provisioning?: DashboardProvisioningRecord;
  /** Set for dashboards a plugin owns: saves without `overwrite` answer 412 plugin-dashboard. */
  pluginId: string;
  /**
   * The `dashboard.grafana.app` version a v2 dashboard was saved in (`v2alpha1`, `v2beta1`, `v2`):
   * its JSON is the v2 spec, and the classic GET refuses it with 406 (§23.3). Absent: classic JSON.
   */
  apiVersion?: string;
}

/** `library_element` (§7). */
export interface LibraryElementRecord {
  id: number;
  orgId: number;
  uid: string;
  /** '' for the General folder. */
  folderUid: string;
  name: string;
  /** 1 panel, 2 variable. */
  kind: number;
  /** Derived from `model.type` (`syncFieldsWithModel`). */
  type: string;
  /** Derived from `model.description`. */
  description: string;
  /** Stored model; always has `type` and `description` keys. */
  model: JsonObject;
  version: number;
  created: string;
  updated: string;
  createdBy: Actor;
  updatedBy: Actor;
}

/** `library_element_connection`: a dashboard using a library panel. */
export interface LibraryElementConnectionRecord {
  id: number;
  elementId: number;
  /** 1: dashboard. */
  kind: number;
  dashboardId: number;
  dashboardUid: string;
  created: string;
  createdBy: Actor;
}

// ---------------------------------------------------------------------------------------------
// Response bodies

/** `response.Error` / `response.Success` (§11.1). */
export interface MessageBody {
  message: string;
  traceID?: string;
}

/** `DashboardErr` with a status, and the folder not-found / version-mismatch JSON (§11.1, §4.3). */
export interface StatusMessageBody {
  status: string;
  message: string;
}

/** errutil public error (§11.1). */
export interface ErrutilBody {
  statusCode: number;
  messageId: string;
  message: string;
  extra?: JsonObject;
  traceID?: string;
}

/** RBAC evaluator denial (§1.3). */
export interface RbacDeniedBody {
  title: 'Access denied';
  message: string;
  accessErrorId: string;
}

/** k8s-style `/apis` error (§6.4, §10). */
export interface K8sStatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string };
  code: number;
}

/** GET /api/health (§2). Keys in the order Go's sorted map encoding prints them. */
export interface HealthDTO {
  commit?: string;
  database: 'ok' | 'failing';
  version?: string;
}

export interface BuildInfoDTO {
  hideVersion: boolean;
  version: string;
  versionString: string;
  commit: string;
  commitShort: string;
  buildstamp: number;
  edition: string;
  latestVersion: string;
  hasUpdate: boolean;
  env: string;
}

/** The subset of /api/frontend/settings a client uses for detection (§2). */
export interface FrontendSettingsDTO {
  appUrl: string;
  appSubUrl: string;
  buildInfo: BuildInfoDTO;
  featureToggles: Record<string, boolean>;
  unifiedAlertingEnabled: boolean;
  namespace: string;
}

/** GET /api/user for a service account token: the minimal profile (§2). */
export interface ServiceAccountProfileDTO {
  isGrafanaAdmin: boolean;
  orgId: number;
  uid: string;
  name: string;
  email: string;
  login: string;
}

/** GET /api/user for a user (`user.UserProfileDTO`). */
export interface UserProfileDTO extends ServiceAccountProfileDTO {
  id: number;
  theme: string;
  isDisabled: boolean;
  isExternal: boolean;
  isExternallySynced: boolean;
  isGrafanaAdminExternallySynced: boolean;
  authLabels: string[];
  updatedAt: string;
  createdAt: string;
  avatarUrl: string;
}

/** `OrgDetailsDTO` (§3). */
export interface OrgDetailsDTO {
  id: number;
  name: string;
  address: OrgAddress;
}

/** `OrgDTO`, an item of GET /api/orgs (§3). */
export interface OrgSearchHitDTO {
  id: number;
  name: string;
}

export interface CreateOrgResponse {
  orgId: number;
  message: 'Organization created';
}

/** `dtos.Folder` (§4.2). `parents` runs from the root down; each parent omits its own parents. */
export interface FolderDTO {
  id: number;
  uid: string;
  orgId: number;
  title: string;
  url: string;
  hasAcl: boolean;
  canSave: boolean;
  canEdit: boolean;
  canAdmin: boolean;
  canDelete: boolean;
  createdBy: string;
  created: string;
  updatedBy: string;
  updated: string;
  version?: number;
  accessControl?: Record<string, boolean>;
  parentUid?: string;
  parents?: FolderDTO[];
}

/** `dtos.FolderSearchHit`, an item of GET /api/folders (§4.2). */
export interface FolderSearchHitDTO {
  id: number;
  uid: string;
  title: string;
  parentUid?: string;
}

/** `dtos.DataSource` (§5.2). */
export interface DatasourceDTO {
  id: number;
  uid: string;
  orgId: number;
  name: string;
  type: string;
  typeLogoUrl: string;
  access: string;
  url: string;
  user: string;
  database: string;
  basicAuth: boolean;
  basicAuthUser: string;
  withCredentials: boolean;
  isDefault: boolean;
  jsonData?: JsonObject;
  secureJsonFields: Record<string, boolean>;
  version: number;
  readOnly: boolean;
  accessControl?: Record<string, boolean>;
  apiVersion?: string;
}

/** `dtos.DataSourceListItemDTO` (§5.1). */
export interface DatasourceListItemDTO {
  id: number;
  uid: string;
  orgId: number;
  name: string;
  type: string;
  typeName: string;
  typeLogoUrl: string;
  access: string;
  url: string;
  user: string;
  database: string;
  basicAuth: boolean;
  isDefault: boolean;
  jsonData?: JsonObject;
  readOnly: boolean;
}

/** POST and PUT success wrappers (§5.1). */
export interface DatasourceMutationResponse {
  message: 'Datasource added' | 'Datasource updated';
  id: number;
  name: string;
  datasource: DatasourceDTO;
}

export interface DatasourceDeleteResponse {
  message: 'Data source deleted';
  id: number;
}

/** `dashboardsV1.AnnotationActions`. */
export interface AnnotationActionsDTO {
  canAdd: boolean;
  canEdit: boolean;
  canDelete: boolean;
}

/** `dtos.DashboardMeta` (§6.2). Keys without omitempty are always present. */
export interface DashboardMetaDTO {
  type: 'db';
  canSave: boolean;
  canEdit: boolean;
  canAdmin: boolean;
  canStar: boolean;
  canDelete: boolean;
  slug: string;
  url: string;
  expires: string;
  created: string;
  updated: string;
  updatedBy: string;
  createdBy: string;
  version: number;
  hasAcl: boolean;
  isFolder: boolean;
  folderId: number;
  folderUid: string;
  folderTitle: string;
  folderUrl: string;
  provisioned: boolean;
  provisionedExternalId: string;
  annotationsPermissions: { dashboard: AnnotationActionsDTO; organization: AnnotationActionsDTO };
}

/** `dtos.DashboardFullWithMeta`, GET /api/dashboards/uid/:uid (§6.2). */
export interface DashboardFullWithMetaDTO {
  meta: DashboardMetaDTO;
  dashboard: JsonObject;
}

/** POST /api/dashboards/db success (§6.1). */
export interface SaveDashboardResponseDTO {
  id: number;
  uid: string;
  url: string;
  status: 'success';
  version: number;
  slug: string;
  folderUid: string;
}

/** DELETE /api/dashboards/uid/:uid success (§6.3). */
export interface DeleteDashboardResponseDTO {
  title: string;
  message: string;
  uid: string;
}

/**
 * `model.Hit` of GET /api/search. `slug` is never filled by `makeQueryResult` (12.x), so it is
 * always `""`; the folder fields are omitted (omitempty) at the root level.
 */
export interface SearchHitDTO {
  id: number;
  uid: string;
  orgId: number;
  title: string;
  uri: string;
  url: string;
  slug: string;
  type: 'dash-db' | 'dash-folder';
  tags: string[];
  isStarred: boolean;
  folderId?: number;
  folderUid?: string;
  folderTitle?: string;
  folderUrl?: string;
  sortMeta: number;
  isDeleted: boolean;
}

/** `librarypanel.LibraryElementDTOMetaUser`. */
export interface LibraryElementMetaUserDTO {
  id: number;
  name: string;
  avatarUrl: string;
}

/** `model.LibraryElementDTO` (§7). */
export interface LibraryElementDTO {
  id: number;
  orgId: number;
  folderId: number;
  folderUid: string;
  uid: string;
  name: string;
  kind: number;
  type: string;
  description: string;
  model: JsonObject;
  version: number;
  meta: {
    folderName: string;
    folderUid: string;
    connectedDashboards: number;
    created: string;
    updated: string;
    createdBy: LibraryElementMetaUserDTO;
    updatedBy: LibraryElementMetaUserDTO;
  };
}

/** `model.LibraryElementConnectionDTO` (§7). */
export interface LibraryElementConnectionDTO {
  id: number;
  kind: number;
  elementId: number;
  connectionId: number;
  connectionUid: string;
  created: string;
  createdBy: LibraryElementMetaUserDTO;
}

/** `model.LibraryElementSearchResult`. */
export interface LibraryElementSearchResultDTO {
  totalCount: number;
  elements: LibraryElementDTO[];
  page: number;
  perPage: number;
}
