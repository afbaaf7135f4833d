/**
 * In-memory Grafana: orgs, users, service-account tokens, and per-org objects. Tests read and seed
 * it directly (`double.state.org(1).datasources`); route modules implement the API on top of it.
 * Seeding and "UI edits" bypass the HTTP API but keep the invariants Grafana keeps (version bumps,
 * one default data source per org).
 */
import type { Reply } from './errors.js';
import type {
  DatasourceRecord,
  FolderRecord,
  JsonObject,
  OrgAddress,
  OrgRole,
  ServiceAccountRecord,
  ServiceAccountTokenRecord,
  UserRecord,
} from './types.js';
import { nowIso, shortUid, slugify } from './util.js';

/**
 * Asked before a folder (and its subfolders) is deleted; a later module answers with the refusal
 * Grafana gives, e.g. 403 for library elements in use or the alert-rule error without
 * `forceDeleteRules` (§4.3). Return undefined to allow.
 */
export type FolderDeleteGuard = (request: FolderDeleteRequest) => Reply | undefined;

/** Told after folders were deleted, so modules can drop what lived in them. */
export type FolderDeletedListener = (org: OrgState, folderUids: readonly string[]) => void;
/** Called before every request that may write (any method but GET and HEAD) is handled. */
export type BeforeWriteListener = () => void;

export interface FolderDeleteRequest {
  org: OrgState;
  /** The folder named in the request first, then every descendant. */
  folderUids: readonly string[];
  forceDeleteRules: boolean;
  query: URLSearchParams;
}

export interface SeedFolderInput {
  uid?: string;
  title: string;
  description?: string;
  parentUid?: string;
  createdBy?: string;
}

export interface SeedDatasourceInput {
  uid?: string;
  name: string;
  type: string;
  access?: string;
  url?: string;
  database?: string;
  user?: string;
  basicAuth?: boolean;
  basicAuthUser?: string;
  withCredentials?: boolean;
  isDefault?: boolean;
  jsonData?: JsonObject;
  secureJsonData?: Record<string, string>;
  readOnly?: boolean;
  apiVersion?: string;
}

export type DatasourceEdit = Partial<Omit<DatasourceRecord, 'id' | 'orgId' | 'uid' | 'version' | 'created'>>;

const EMPTY_ADDRESS: OrgAddress = {
  address1: '',
  address2: '',
  city: '',
  zipCode: '',
  state: '',
  country: '',
};

export class OrgState {
  readonly folders = new Map<string, FolderRecord>();
  readonly datasources = new Map<string, DatasourceRecord>();
  address: OrgAddress = { ...EMPTY_ADDRESS };
  readonly created = nowIso();
  updated = this.created;
  private readonly extensions = new Map<string, unknown>();

  constructor(
    readonly id: number,
    public name: string,
    /**
     * Table-wide auto-increment ids (`GrafanaState.nextId`). Area stores use it too: dashboards
     * share the `dashboard` sequence with folders, as both live in Grafana's `dashboard` table.
     */
    readonly nextId: (sequence: string) => number,
  ) {}

  /** Per-org storage for later modules (dashboards, library panels, alerting) without edits here. */
  extension<T>(key: string, create: () => T): T {
    if (!this.extensions.has(key)) this.extensions.set(key, create());
    return this.extensions.get(key) as T;
  }

  // -------------------------------------------------------------------------------------------
  // Folders

  folder(uid: string): FolderRecord | undefined {
    return this.folders.get(uid);
  }

  /** Ancestors from the root down to the direct parent. */
  folderParents(uid: string): FolderRecord[] {
    const chain: FolderRecord[] = [];
    const seen = new Set<string>([uid]);
    let current = this.folders.get(uid)?.parentUid ?? '';
    while (current !== '' && !seen.has(current)) {
      const parent = this.folders.get(current);
      if (parent === undefined) break;
      chain.unshift(parent);
      seen.add(current);
      current = parent.parentUid;
    }
    return chain;
  }

  /** Level of a folder: 1 for a root-level folder. */
  folderLevel(uid: string): number {
    return this.folderParents(uid).length + 1;
  }

  /** Every folder below `uid`, parents before children. */
  folderDescendants(uid: string): FolderRecord[] {
    const out: FolderRecord[] = [];
    const queue = [uid];
    while (queue.length > 0) {
      const parentUid = queue.shift() as string;
      for (const folder of this.folders.values()) {
        if (folder.parentUid === parentUid && folder.uid !== uid && !out.includes(folder)) {
          out.push(folder);
          queue.push(folder.uid);
        }
      }
    }
    return out;
  }

  /** Levels in the subtree rooted at `uid` (1 for a folder without subfolders). */
  folderSubtreeHeight(uid: string): number {
    const base = this.folderLevel(uid);
    return 1 + Math.max(0, ...this.folderDescendants(uid).map((d) => this.folderLevel(d.uid) - base));
  }

  /** `/dashboards/f/<uid>/<slug>` (`dashboards.GetFolderURL`). */
  folderUrl(folder: FolderRecord): string {
    return `/dashboards/f/${folder.uid}/${slugify(folder.title)}`;
  }

  /** Inserts a folder as the API would after validation (version 1). */
  insertFolder(input: SeedFolderInput): FolderRecord {
    const uid = input.uid ?? shortUid();
    if (this.folders.has(uid)) throw new Error(`folder ${uid} already exists in org ${this.id}`);
    const parentUid = input.parentUid ?? '';
    if (parentUid !== '' && !this.folders.has(parentUid)) {
      throw new Error(`parent folder ${parentUid} does not exist in org ${this.id}`);
    }
    const now = nowIso();
    const by = input.createdBy ?? 'admin';
    const folder: FolderRecord = {
      id: this.nextId('dashboard'),
      uid,
      orgId: this.id,
      title: input.title,
      description: input.description ?? '',
      parentUid,
      version: 1,
      created: now,
      updated: now,
      createdBy: by,
      updatedBy: by,
    };
    this.folders.set(uid, folder);
    return folder;
  }

  /** Test seeding, bypassing the API (no depth or uid validation). */
  seedFolder(input: SeedFolderInput): FolderRecord {
    return this.insertFolder(input);
  }

  /** Someone edits the folder in the UI: Grafana bumps the version like any save (§12). */
  uiEditFolder(uid: string, patch: { title?: string; description?: string }, by = 'admin'): FolderRecord {
    const folder = this.mustFolder(uid);
    if (patch.title !== undefined) folder.title = patch.title;
    if (patch.description !== undefined) folder.description = patch.description;
    folder.version += 1;
    folder.updated = nowIso();
    folder.updatedBy = by;
    return folder;
  }

  private mustFolder(uid: string): FolderRecord {
    const folder = this.folders.get(uid);
    if (folder === undefined) throw new Error(`folder ${uid} does not exist in org ${this.id}`);
    return folder;
  }

  // -------------------------------------------------------------------------------------------
  // Data sources

  datasource(uid: string): DatasourceRecord | undefined {
    return this.datasources.get(uid);
  }

  datasourceByName(name: string): DatasourceRecord | undefined {
    for (const ds of this.datasources.values()) if (ds.name === name) return ds;
    return undefined;
  }

  datasourceById(id: number): DatasourceRecord | undefined {
    for (const ds of this.datasources.values()) if (ds.id === id) return ds;
    return undefined;
  }

  /**
   * Stores a new data source the way `Service.AddDataSource` does: the first one of an org is
   * forced default, and a default one clears the flag on the others (§5.5).
   */
  insertDatasource(input: SeedDatasourceInput): DatasourceRecord {
    const uid = input.uid ?? shortUid();
    if (this.datasources.has(uid)) throw new Error(`data source uid ${uid} already exists in org ${this.id}`);
    if (this.datasourceByName(input.name) !== undefined) {
      throw new Error(`data source name ${input.name} already exists in org ${this.id}`);
    }
    const now = nowIso();
    const ds: DatasourceRecord = {
      id: this.nextId('datasource'),
      uid,
      orgId: this.id,
      name: input.name,
      type: input.type,
      access: input.access ?? 'proxy',
      url: input.url ?? '',
      database: input.database ?? '',
      user: input.user ?? '',
      basicAuth: input.basicAuth ?? false,
      basicAuthUser: input.basicAuthUser ?? '',
      withCredentials: input.withCredentials ?? false,
      isDefault: this.datasources.size === 0 ? true : (input.isDefault ?? false),
      jsonData: input.jsonData ?? {},
      secureJsonData: { ...(input.secureJsonData ?? {}) },
      version: 1,
      readOnly: input.readOnly ?? false,
      apiVersion: input.apiVersion ?? '',
      created: now,
      updated: now,
    };
    this.datasources.set(uid, ds);
    if (ds.isDefault) this.makeOnlyDefault(ds);
    return ds;
  }

  /** Test seeding, bypassing the API; `readOnly: true` gives a file-provisioned data source. */
  seedDatasource(input: SeedDatasourceInput): DatasourceRecord {
    return this.insertDatasource(input);
  }

  /**
   * Someone saves the data source in the UI: the UI sends the current version, so Grafana stores
   * version+1; secrets merge as in §5.6.
   */
  uiEditDatasource(uid: string, patch: DatasourceEdit): DatasourceRecord {
    const ds = this.datasources.get(uid);
    if (ds === undefined) throw new Error(`data source ${uid} does not exist in org ${this.id}`);
    const { secureJsonData, ...rest } = patch;
    Object.assign(ds, rest);
    if (secureJsonData !== undefined) ds.secureJsonData = { ...ds.secureJsonData, ...secureJsonData };
    ds.version += 1;
    ds.updated = nowIso();
    if (ds.isDefault) this.makeOnlyDefault(ds);
    return ds;
  }

  /** `updateIsDefaultFlag`: `UPDATE data_source SET is_default=false WHERE org_id=? AND id<>?`. */
  makeOnlyDefault(ds: DatasourceRecord): void {
    for (const other of this.datasources.values()) if (other !== ds) other.isDefault = false;
  }
}

export class GrafanaState {
  readonly orgs = new Map<number, OrgState>();
  /** Users by login. */
  readonly users = new Map<string, UserRecord>();
  /** Service-account tokens by token string. */
  readonly tokens = new Map<string, ServiceAccountTokenRecord>();
  /** Service accounts made through the API, by id (seeded tokens carry their own account). */
  readonly serviceAccounts = new Map<number, ServiceAccountRecord>();
  readonly folderDeleteGuards: FolderDeleteGuard[] = [];
  readonly folderDeletedListeners: FolderDeletedListener[] = [];
  readonly beforeWriteListeners: BeforeWriteListener[] = [];
  /** The database check behind /api/health (§2); false makes it answer 503. */
  databaseHealthy = true;
  private readonly sequences = new Map<string, number>();

  constructor() {
    // Org 1 "Main Org." exists from the first start (§3).
    this.createOrg('Main Org.');
  }

  /** Auto-increment ids; Grafana's are table-wide, so ids of one kind never repeat across orgs. */
  nextId(sequence: string): number {
    const next = (this.sequences.get(sequence) ?? 0) + 1;
    this.sequences.set(sequence, next);
    return next;
  }

  /** The org, or an exception: for tests that know it exists. */
  org(id: number): OrgState {
    const org = this.orgs.get(id);
    if (org === undefined) throw new Error(`org ${id} does not exist`);
    return org;
  }

  findOrg(id: number): OrgState | undefined {
    return this.orgs.get(id);
  }

  findOrgByName(name: string): OrgState | undefined {
    for (const org of this.orgs.values()) if (org.name === name) return org;
    return undefined;
  }

  createOrg(name: string): OrgState {
    if (this.findOrgByName(name) !== undefined) throw new Error(`org name ${name} is taken`);
    const org = new OrgState(this.nextId('org'), name, (sequence) => this.nextId(sequence));
    this.orgs.set(org.id, org);
    return org;
  }

  /** Drops the org, its memberships and its service accounts. */
  deleteOrg(id: number): boolean {
    if (!this.orgs.delete(id)) return false;
    for (const user of this.users.values()) {
      user.orgs.delete(id);
      const remaining = [...user.orgs.keys()];
      if (user.defaultOrgId === id && remaining.length > 0) user.defaultOrgId = Math.min(...remaining);
    }
    for (const [token, sa] of this.tokens) if (sa.orgId === id) this.tokens.delete(token);
    for (const [saId, sa] of this.serviceAccounts) if (sa.orgId === id) this.serviceAccounts.delete(saId);
    return true;
  }

  addUser(
    login: string,
    password: string,
    options: {
      isGrafanaAdmin?: boolean;
      orgs: Record<number, OrgRole>;
      email?: string;
      name?: string;
      defaultOrgId?: number;
    },
  ): UserRecord {
    if (this.users.has(login)) throw new Error(`user ${login} already exists`);
    const orgs = new Map<number, OrgRole>();
    for (const [orgId, role] of Object.entries(options.orgs)) {
      const id = Number(orgId);
      this.org(id);
      orgs.set(id, role);
    }
    const now = nowIso();
    const user: UserRecord = {
      id: this.nextId('user'),
      uid: shortUid(),
      login,
      email: options.email ?? (login === 'admin' ? 'admin@localhost' : ''),
      name: options.name ?? '',
      password,
      isGrafanaAdmin: options.isGrafanaAdmin ?? false,
      orgs,
      defaultOrgId: options.defaultOrgId ?? (orgs.size > 0 ? Math.min(...orgs.keys()) : 1),
      created: now,
      updated: now,
    };
    this.users.set(login, user);
    return user;
  }

  /** Adds a member to an org (or changes the role), as `POST /api/orgs` does for its creator. */
  addOrgMember(login: string, orgId: number, role: OrgRole): void {
    const user = this.users.get(login);
    if (user === undefined) throw new Error(`user ${login} does not exist`);
    this.org(orgId);
    user.orgs.set(orgId, role);
  }

  /**
   * A token for a new service account, or for `serviceAccount` (one made through
   * `POST /api/serviceaccounts`): its tokens act as it, in its org with its role.
   */
  addServiceAccountToken(
    token: string,
    options: {
      orgId: number;
      role: OrgRole;
      name?: string;
      expired?: boolean;
      revoked?: boolean;
      serviceAccount?: ServiceAccountRecord;
    },
  ): ServiceAccountTokenRecord {
    if (this.tokens.has(token)) throw new Error('token already registered');
    this.org(options.orgId);
    const account =
      options.serviceAccount ?? this.newServiceAccount(options.orgId, options.name, options.role);
    const record: ServiceAccountTokenRecord = {
      token,
      ...account,
      expired: options.expired ?? false,
      revoked: options.revoked ?? false,
    };
    this.tokens.set(token, record);
    return record;
  }

  /** A service account of an org, as `POST /api/serviceaccounts` stores it (§3.1). */
  createServiceAccount(orgId: number, name: string, role: OrgRole): ServiceAccountRecord {
    this.org(orgId);
    const account = this.newServiceAccount(orgId, name, role);
    this.serviceAccounts.set(account.id, account);
    return account;
  }

  /** Drops a service account of `orgId` and every token of it; false when it is not there. */
  deleteServiceAccount(orgId: number, id: number): boolean {
    const account = this.serviceAccounts.get(id);
    if (account === undefined || account.orgId !== orgId) return false;
    this.serviceAccounts.delete(id);
    for (const [token, record] of this.tokens) if (record.id === id) this.tokens.delete(token);
    return true;
  }

  /** Drops a user and its memberships; false when no user has that id. */
  deleteUser(id: number): boolean {
    for (const [login, user] of this.users) {
      if (user.id === id) return this.users.delete(login);
    }
    return false;
  }

  private newServiceAccount(orgId: number, name: string | undefined, role: OrgRole): ServiceAccountRecord {
    const id = this.nextId('user');
    const accountName = name ?? `sa-${id}`;
    // Grafana 11+ logins carry the org: `sa-<orgId>-<name>`.
    return {
      id,
      uid: shortUid(),
      name: accountName,
      login: `sa-${orgId}-${slugify(accountName)}`,
      orgId,
      role,
    };
  }

  /** Registers a folder-delete guard; returns a function that removes it. */
  addFolderDeleteGuard(guard: FolderDeleteGuard): () => void {
    this.folderDeleteGuards.push(guard);
    return () => removeItem(this.folderDeleteGuards, guard);
  }

  addFolderDeletedListener(listener: FolderDeletedListener): () => void {
    this.folderDeletedListeners.push(listener);
    return () => removeItem(this.folderDeletedListeners, listener);
  }

  /** Lets a module see the state as it was just before a request that may change it. */
  addBeforeWriteListener(listener: BeforeWriteListener): () => void {
    this.beforeWriteListeners.push(listener);
    return () => removeItem(this.beforeWriteListeners, listener);
  }
}

function removeItem<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}
