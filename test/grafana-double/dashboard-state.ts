/**
 * Dashboards (§6), one store per org kept in the org's extension storage (`dashboardsOf(org)`).
 * Tests seed (also file-provisioned dashboards) and "edit in the UI" through it; routes/dashboards.ts
 * implements the classic API on top of it and routes/search.ts reads it.
 *
 * What a stored dashboard looks like after a save (§6.1 step 4, §12): the JSON carries `id`, `uid`,
 * `title` (trimmed) and `version`, and the version grows by one on every save, whatever changed.
 */
import { DEFAULT_ACTOR, libraryPanelsOf } from './library-panel-state.js';
import { publicDashboardsOf } from './public-dashboard-state.js';
import type { OrgState } from './state.js';
import type { Actor, DashboardProvisioningRecord, DashboardRecord, JsonObject } from './types.js';
import { nowIso, shortUid, slugify, uidProblem } from './util.js';

export interface SeedDashboardInput {
  uid?: string;
  title: string;
  /** '' or absent: the General level. */
  folderUid?: string;
  /** Further dashboard JSON (panels, tags, ...); `id`, `uid`, `title` and `version` are set by the store. */
  data?: JsonObject;
  /** Set to seed a file-provisioned dashboard; see also `seedProvisionedDashboard`. */
  provisioning?: Partial<DashboardProvisioningRecord>;
  /** Seeds a dashboard a plugin owns. */
  pluginId?: string;
  createdBy?: string;
}

/** A UI edit: keys merged into the stored JSON, or a function that changes it in place. */
export type DashboardEdit = JsonObject | ((data: JsonObject) => void);

export interface WriteDashboardInput {
  /** The dashboard being replaced; absent for a new one. */
  existing?: DashboardRecord;
  uid: string;
  folderUid: string;
  title: string;
  /** The JSON to store; `id`, `uid`, `title` and `version` are injected. */
  data: JsonObject;
  message: string;
  by: string;
  /** The v2 version of a save through `/apis` in a v2 schema; absent for classic JSON. */
  apiVersion?: string;
}

/** Library panel references of a dashboard JSON, or the sign of a `libraryPanel` without uid. */
export type LibraryPanelRefs = { ok: true; uids: string[] } | { ok: false };

/**
 * `connectLibraryPanelsRecursively`: every entry of `panels` with a non-null `libraryPanel`, and the
 * `panels` of `row` panels, recursively. A `libraryPanel` without a uid fails the whole walk
 * (`errLibraryPanelHeaderUIDMissing`).
 */
export function libraryPanelRefs(data: JsonObject): LibraryPanelRefs {
  const uids: string[] = [];
  const walk = (panels: unknown): boolean => {
    if (!Array.isArray(panels)) return true;
    for (const panel of panels) {
      if (!isObject(panel)) continue;
      const libraryPanel = panel.libraryPanel;
      if (panel.type === 'row') {
        if (!walk(panel.panels)) return false;
        continue;
      }
      if (libraryPanel === undefined || libraryPanel === null) continue;
      const uid = isObject(libraryPanel) && typeof libraryPanel.uid === 'string' ? libraryPanel.uid : '';
      if (uid === '') return false;
      if (!uids.includes(uid)) uids.push(uid);
    }
    return true;
  };
  return walk(data.panels) ? { ok: true, uids } : { ok: false };
}

/** `/d/<uid>/<slug>` (`dashboards.GetDashboardURL`). */
export function dashboardUrl(uid: string, title: string): string {
  return `/d/${uid}/${slugify(title)}`;
}

export class DashboardStore {
  /** By uid. */
  readonly dashboards = new Map<string, DashboardRecord>();

  constructor(private readonly org: OrgState) {}

  dashboard(uid: string): DashboardRecord | undefined {
    return this.dashboards.get(uid);
  }

  dashboardById(id: number): DashboardRecord | undefined {
    for (const dashboard of this.dashboards.values()) if (dashboard.id === id) return dashboard;
    return undefined;
  }

  /** Dashboards stored in any of these folders ('' is the General level). */
  inFolders(folderUids: readonly string[]): DashboardRecord[] {
    return [...this.dashboards.values()].filter((d) => folderUids.includes(d.folderUid));
  }

  /**
   * Stores a save: a new dashboard gets the next id of the shared dashboard/folder sequence and
   * version 1; an existing one keeps id, creation and provisioning data and gets version+1.
   */
  write(input: WriteDashboardInput): DashboardRecord {
    const now = nowIso();
    const existing = input.existing;
    const record: DashboardRecord =
      existing === undefined
        ? {
            id: this.org.nextId('dashboard'),
            uid: input.uid,
            orgId: this.org.id,
            folderUid: input.folderUid,
            title: input.title,
            data: {},
            version: 1,
            created: now,
            updated: now,
            createdBy: input.by,
            updatedBy: input.by,
            message: input.message,
            pluginId: '',
          }
        : existing;
    if (existing !== undefined) {
      record.folderUid = input.folderUid;
      record.title = input.title;
      record.version += 1;
      record.updated = now;
      record.updatedBy = input.by;
      record.message = input.message;
    }
    if (input.apiVersion === undefined) delete record.apiVersion;
    else record.apiVersion = input.apiVersion;
    record.data = {
      ...structuredClone(input.data),
      id: record.id,
      uid: record.uid,
      title: record.title,
      version: record.version,
    };
    this.dashboards.set(record.uid, record);
    return record;
  }

  /** Test seeding, bypassing the API (no validation beyond uid and folder existence). */
  seedDashboard(input: SeedDashboardInput): DashboardRecord {
    const uid = input.uid ?? shortUid();
    const folderUid = input.folderUid ?? '';
    if (uidProblem(uid) !== undefined) throw new Error(`invalid dashboard uid ${uid}`);
    if (this.dashboards.has(uid)) throw new Error(`dashboard ${uid} already exists in org ${this.org.id}`);
    if (folderUid !== '' && this.org.folder(folderUid) === undefined) {
      throw new Error(`folder ${folderUid} does not exist in org ${this.org.id}`);
    }
    const record = this.write({
      uid,
      folderUid,
      title: input.title,
      data: input.data ?? {},
      message: '',
      by: input.createdBy ?? DEFAULT_ACTOR.login,
    });
    if (input.provisioning !== undefined) {
      record.provisioning = {
        name: input.provisioning.name ?? 'default',
        externalId: input.provisioning.externalId ?? `${uid}.json`,
        allowUiUpdates: input.provisioning.allowUiUpdates ?? false,
      };
    }
    if (input.pluginId !== undefined) record.pluginId = input.pluginId;
    this.syncLibraryPanels(record, DEFAULT_ACTOR);
    return record;
  }

  /**
   * A dashboard from a file-provisioning provider (`allowUiUpdates: false` unless given): the API
   * cannot save or delete it and GET reports `meta.provisioned: true` (§6.1–§6.3).
   */
  seedProvisionedDashboard(
    input: Omit<SeedDashboardInput, 'provisioning'> & { provisioning?: Partial<DashboardProvisioningRecord> },
  ): DashboardRecord {
    return this.seedDashboard({ ...input, provisioning: input.provisioning ?? {} });
  }

  /**
   * Someone saves the dashboard in the UI (or file provisioning rewrites it): the JSON changes, the
   * version bumps like any save (§12), and library panel connections follow the new panels.
   */
  uiEditDashboard(uid: string, edit: DashboardEdit, by: Actor = DEFAULT_ACTOR): DashboardRecord {
    const record = this.dashboards.get(uid);
    if (record === undefined) throw new Error(`dashboard ${uid} does not exist in org ${this.org.id}`);
    const data = structuredClone(record.data);
    if (typeof edit === 'function') edit(data);
    else Object.assign(data, structuredClone(edit));
    const title = typeof data.title === 'string' ? data.title : record.title;
    this.write({
      existing: record,
      uid,
      folderUid: record.folderUid,
      title,
      data,
      message: '',
      by: by.login,
      // An edit keeps the schema it was saved in.
      ...(record.apiVersion === undefined ? {} : { apiVersion: record.apiVersion }),
    });
    this.syncLibraryPanels(record, by);
    return record;
  }

  /**
   * Removes a dashboard, its library panel connections and its public dashboard
   * (`DeleteByDashboardUIDs`, §6.12).
   */
  delete(uid: string): DashboardRecord | undefined {
    const record = this.dashboards.get(uid);
    if (record === undefined) return undefined;
    this.dashboards.delete(uid);
    libraryPanelsOf(this.org).disconnectDashboard(record.id);
    publicDashboardsOf(this.org).delete(uid);
    return record;
  }

  deleteInFolders(folderUids: readonly string[]): void {
    for (const record of this.inFolders(folderUids)) this.delete(record.uid);
  }

  /** Seeds and UI edits connect the library panels that exist; unknown references are ignored. */
  private syncLibraryPanels(record: DashboardRecord, by: Actor): void {
    const refs = libraryPanelRefs(record.data);
    if (!refs.ok) return;
    const store = libraryPanelsOf(this.org);
    const known = refs.uids.filter((uid) => store.element(uid) !== undefined);
    store.setDashboardConnections(record, known, by);
  }
}

/** The org's dashboard store, created on first use. */
export function dashboardsOf(org: OrgState): DashboardStore {
  return org.extension('dashboards', () => new DashboardStore(org));
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
