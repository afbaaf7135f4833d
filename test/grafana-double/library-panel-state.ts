/**
 * Library elements (§7) and their connections to dashboards, one store per org kept in the org's
 * extension storage (`libraryPanelsOf(org)`). Tests seed and "edit in the UI" through it; the
 * routes in routes/library-panels.ts and the dashboard save in routes/dashboards.ts use it too.
 *
 * Grafana's rules kept here (`pkg/services/libraryelements/database.go`, 12.x SQL path):
 * - uid unique per org, name unique per (folder, kind): both answer the same 400;
 * - the model always carries `type` and `description` (`syncFieldsWithModel`), and a panel model's
 *   empty `libraryPanel.uid` is filled with the element's uid (`addUidToLibraryPanel`);
 * - a dashboard save replaces all connections of that dashboard at once, or none when a
 *   referenced element does not exist (one transaction, `connectElementsToDashboardID`).
 */
import type { OrgState } from './state.js';
import type { Actor, JsonObject, LibraryElementConnectionRecord, LibraryElementRecord } from './types.js';
import { nowIso, shortUid, uidProblem } from './util.js';

/** `model.PanelElement`, `model.VariableElement`. */
export const PANEL_ELEMENT = 1;
export const VARIABLE_ELEMENT = 2;

/** The server admin Grafana creates on first start (user id 1), used as author of seeded objects. */
export const DEFAULT_ACTOR: Readonly<Actor> = { id: 1, login: 'admin', email: 'admin@localhost' };

export interface SeedLibraryPanelInput {
  uid?: string;
  name: string;
  /** '' or absent: the General folder. */
  folderUid?: string;
  model?: JsonObject;
  kind?: number;
  by?: Actor;
}

export interface LibraryPanelEdit {
  name?: string;
  model?: JsonObject;
}

/** A model after Grafana's normalisation, with the fields it derives from it. */
export interface PreparedModel {
  model: JsonObject;
  type: string;
  description: string;
}

/**
 * `addUidToLibraryPanel` (panels only: an existing but empty `libraryPanel.uid` becomes `uid`) and
 * `syncFieldsWithModel`: `type` and `description` come from the model, or are written into it from
 * the current values. Undefined when `type` or `description` is not a string (Grafana's type
 * assertion panics, which its recovery middleware turns into a 500).
 */
export function prepareModel(
  raw: JsonObject,
  kind: number,
  uid: string | undefined,
  current: { type: string; description: string } = { type: '', description: '' },
): PreparedModel | undefined {
  const model = structuredClone(raw);
  if (kind === PANEL_ELEMENT && uid !== undefined) {
    const libraryPanel = model.libraryPanel;
    if (isObject(libraryPanel) && libraryPanel.uid === '') libraryPanel.uid = uid;
  }
  let type = current.type;
  let description = current.description;
  if (model.type !== undefined && model.type !== null) {
    if (typeof model.type !== 'string') return undefined;
    type = model.type;
  } else {
    model.type = type;
  }
  if (model.description !== undefined && model.description !== null) {
    if (typeof model.description !== 'string') return undefined;
    description = model.description;
  } else {
    model.description = description;
  }
  return { model, type, description };
}

export class LibraryPanelStore {
  /** By uid. */
  readonly elements = new Map<string, LibraryElementRecord>();
  readonly connections: LibraryElementConnectionRecord[] = [];

  constructor(private readonly org: OrgState) {}

  element(uid: string): LibraryElementRecord | undefined {
    return this.elements.get(uid);
  }

  elementById(id: number): LibraryElementRecord | undefined {
    for (const element of this.elements.values()) if (element.id === id) return element;
    return undefined;
  }

  /** Elements with this exact name, in any folder, in id order. */
  elementsByName(name: string): LibraryElementRecord[] {
    return [...this.elements.values()].filter((e) => e.name === name).sort((a, b) => a.id - b.id);
  }

  /** The unique index on (org, folder, name, kind), ignoring `exceptId`. */
  nameTaken(folderUid: string, name: string, kind: number, exceptId?: number): boolean {
    for (const e of this.elements.values()) {
      if (e.id !== exceptId && e.folderUid === folderUid && e.name === name && e.kind === kind) return true;
    }
    return false;
  }

  connectionsOf(elementId: number): LibraryElementConnectionRecord[] {
    return this.connections.filter((c) => c.elementId === elementId);
  }

  /** `connected_dashboards` of the DTO meta. */
  connectedDashboards(elementId: number): number {
    return this.connectionsOf(elementId).length;
  }

  /** Stores a validated element with version 1. */
  insert(input: {
    uid: string;
    folderUid: string;
    name: string;
    kind: number;
    prepared: PreparedModel;
    by: Actor;
  }): LibraryElementRecord {
    const now = nowIso();
    const element: LibraryElementRecord = {
      id: this.org.nextId('library_element'),
      orgId: this.org.id,
      uid: input.uid,
      folderUid: input.folderUid,
      name: input.name,
      kind: input.kind,
      type: input.prepared.type,
      description: input.prepared.description,
      model: input.prepared.model,
      version: 1,
      created: now,
      updated: now,
      createdBy: { ...input.by },
      updatedBy: { ...input.by },
    };
    this.elements.set(element.uid, element);
    return element;
  }

  /** Test seeding, bypassing the API but keeping its uniqueness rules and model normalisation. */
  seedLibraryPanel(input: SeedLibraryPanelInput): LibraryElementRecord {
    const uid = input.uid ?? shortUid();
    const folderUid = input.folderUid ?? '';
    const kind = input.kind ?? PANEL_ELEMENT;
    if (uidProblem(uid) !== undefined) throw new Error(`invalid library panel uid ${uid}`);
    if (this.elements.has(uid)) throw new Error(`library panel ${uid} already exists in org ${this.org.id}`);
    if (folderUid !== '' && this.org.folder(folderUid) === undefined) {
      throw new Error(`folder ${folderUid} does not exist in org ${this.org.id}`);
    }
    if (this.nameTaken(folderUid, input.name, kind)) {
      throw new Error(`library panel name ${input.name} is taken in folder "${folderUid}"`);
    }
    const prepared = prepareModel(input.model ?? {}, kind, uid);
    if (prepared === undefined) throw new Error('model.type and model.description must be strings');
    return this.insert({ uid, folderUid, name: input.name, kind, prepared, by: input.by ?? DEFAULT_ACTOR });
  }

  /** Someone saves the library panel in the UI: like a PATCH with the current version (§7). */
  uiEditLibraryPanel(uid: string, edit: LibraryPanelEdit, by: Actor = DEFAULT_ACTOR): LibraryElementRecord {
    const element = this.elements.get(uid);
    if (element === undefined) throw new Error(`library panel ${uid} does not exist in org ${this.org.id}`);
    if (edit.name !== undefined && this.nameTaken(element.folderUid, edit.name, element.kind, element.id)) {
      throw new Error(`library panel name ${edit.name} is taken in folder "${element.folderUid}"`);
    }
    if (edit.name !== undefined) element.name = edit.name;
    if (edit.model !== undefined) {
      const prepared = prepareModel(edit.model, element.kind, undefined, element);
      if (prepared === undefined) throw new Error('model.type and model.description must be strings');
      element.model = prepared.model;
      element.type = prepared.type;
      element.description = prepared.description;
    }
    element.version += 1;
    element.updated = nowIso();
    element.updatedBy = { ...by };
    return element;
  }

  /** Removes an element and its connections. */
  deleteElement(uid: string): LibraryElementRecord | undefined {
    const element = this.elements.get(uid);
    if (element === undefined) return undefined;
    this.elements.delete(uid);
    this.removeConnections((c) => c.elementId === element.id);
    return element;
  }

  /** Elements stored in any of these folders. */
  elementsInFolders(folderUids: readonly string[]): LibraryElementRecord[] {
    return [...this.elements.values()].filter((e) => folderUids.includes(e.folderUid));
  }

  deleteInFolders(folderUids: readonly string[]): void {
    for (const element of this.elementsInFolders(folderUids)) this.deleteElement(element.uid);
  }

  /**
   * Replaces the connections of one dashboard with `elementUids` (duplicates collapse). Nothing
   * changes when one of them does not exist: the uid is returned instead.
   */
  setDashboardConnections(
    dashboard: { id: number; uid: string },
    elementUids: readonly string[],
    by: Actor,
  ): { missing: string } | undefined {
    const elements: LibraryElementRecord[] = [];
    for (const uid of new Set(elementUids)) {
      const element = this.elements.get(uid);
      if (element === undefined) return { missing: uid };
      elements.push(element);
    }
    this.disconnectDashboard(dashboard.id);
    const created = nowIso();
    for (const element of elements) {
      this.connections.push({
        id: this.org.nextId('library_element_connection'),
        elementId: element.id,
        kind: 1,
        dashboardId: dashboard.id,
        dashboardUid: dashboard.uid,
        created,
        createdBy: { ...by },
      });
    }
    return undefined;
  }

  /** `DisconnectElementsFromDashboard`. */
  disconnectDashboard(dashboardId: number): void {
    this.removeConnections((c) => c.dashboardId === dashboardId);
  }

  private removeConnections(match: (connection: LibraryElementConnectionRecord) => boolean): void {
    for (let i = this.connections.length - 1; i >= 0; i--) {
      if (match(this.connections[i] as LibraryElementConnectionRecord)) this.connections.splice(i, 1);
    }
  }
}

/** The org's library panel store, created on first use. */
export function libraryPanelsOf(org: OrgState): LibraryPanelStore {
  return org.extension('libraryPanels', () => new LibraryPanelStore(org));
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
