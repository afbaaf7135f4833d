/**
 * Deleting a GrafanaFolder in Grafana: what keeps it from being deleted, read from storage rather
 * than search (contract §6.8), and the words for it. Deleting a folder in Grafana deletes what is
 * in it, so content this operator does not manage blocks the delete; and Grafana itself refuses
 * while a library panel of the folder or of a subfolder is used by a dashboard (§4.5): 403 for the
 * folder's own, 400 `folder.not-empty` (or 500 `Folder API error` with `forceDeleteRules`) for a
 * subfolder's.
 */
import {
  GrafanaConflictError,
  GrafanaUnavailableError,
  libraryElementFolderUid,
  type GrafanaApi,
  type GrafanaLibraryElement,
} from '../grafana/index.js';
import { boundedList } from '../lib/messages.js';
import { ObjectError } from '../lib/object-error.js';

/** A folder as Grafana's storage lists it. */
export interface StoredFolder {
  uid: string;
  title: string;
  /** '' at the root. */
  parentUid: string;
}

/**
 * The lists a folder's contents are read from: Grafana's storage where it serves one, since search
 * may not show a child created a moment ago (§6.8).
 */
export interface FolderStorage {
  /** Every folder of the org, with its parent. */
  folders(): Promise<StoredFolder[]>;
  /** The dashboards directly in a folder; a title is undefined where only storage knows the dashboard. */
  dashboardsIn(folderUid: string): Promise<Array<{ uid: string; title: string | undefined }>>;
}

/** Deletes the folder, unless something in it stands in the way (HasChildren, saying what). */
export async function deleteFolder(api: GrafanaApi, storage: FolderStorage, uid: string): Promise<void> {
  const blocking = await folderContents(api, storage, uid);
  if (blocking) throw new ObjectError('HasChildren', blocking);
  try {
    await api.folders.delete(uid);
  } catch (err) {
    throw await explainRefusal(api, storage, uid, err);
  }
}

/**
 * Why the folder cannot be deleted now (what it still contains), or undefined when nothing in
 * Grafana stands in the way.
 */
async function folderContents(
  api: GrafanaApi,
  storage: FolderStorage,
  uid: string,
): Promise<string | undefined> {
  const folders = await storage.folders();
  const subfolders = folders.filter((f) => f.parentUid === uid);
  const dashboards = await storage.dashboardsIn(uid);
  // Grafana deletes the library panels in a folder with it (§4.3, §7).
  const panels = await libraryPanelsBelow(api, uid, folders);
  const own = panels.filter((p) => libraryElementFolderUid(p) === uid);
  if (subfolders.length === 0 && dashboards.length === 0 && own.length === 0) return undefined;
  const contents = [
    ...subfolders.map((f) => `folder "${f.title}"`),
    ...dashboards.map((d) => (d.title === undefined ? `dashboard ${d.uid}` : `dashboard "${d.title}"`)),
    ...own.map((p) => `library panel "${p.name}"`),
  ];
  const held = boundedList(contents, {
    maxItems: 5,
    frame: (list) =>
      `folder ${uid} still contains ${list}, which deleting it would delete too; remove them or set spec.deletionPolicy: Orphan`,
  });
  const inUse = await panelsInUse(api, uid, panels, folders);
  return inUse ? `${held}. ${inUse}` : held;
}

/**
 * A refused folder DELETE as the user needs to read it: which library panels in use stand in the
 * way (§4.5). A refusal whose cause cannot be found is passed on as it is, unless it is one of
 * Grafana's "not empty" answers.
 */
async function explainRefusal(
  api: GrafanaApi,
  storage: FolderStorage,
  uid: string,
  err: unknown,
): Promise<unknown> {
  const notEmpty = err instanceof GrafanaConflictError;
  const apiError =
    err instanceof GrafanaUnavailableError &&
    err.status === 500 &&
    /folder api error/i.test(err.grafanaMessage);
  if (!notEmpty && !apiError) return err;
  const folders = await storage.folders();
  const inUse = await panelsInUse(api, uid, await libraryPanelsBelow(api, uid, folders), folders);
  const refused = `Grafana refused to delete folder ${uid} (${err.grafanaMessage || `status ${err.status}`})`;
  if (inUse) return new ObjectError('HasChildren', `${refused}. ${inUse}`);
  if (apiError) return err;
  return new ObjectError(
    'HasChildren',
    `${refused}: it or a subfolder still holds alert rules or library panels; remove them or set spec.deletionPolicy: Orphan`,
  );
}

/** The library panels of the folder and of every folder below it. */
async function libraryPanelsBelow(
  api: GrafanaApi,
  uid: string,
  folders: readonly StoredFolder[],
): Promise<GrafanaLibraryElement[]> {
  return api.libraryPanels.list({ folderUids: [uid, ...descendants(uid, folders).map((f) => f.uid)] });
}

/** "Grafana refuses …" naming the panels used by dashboards and the dashboards, or undefined. */
async function panelsInUse(
  api: GrafanaApi,
  uid: string,
  panels: readonly GrafanaLibraryElement[],
  folders: readonly StoredFolder[],
): Promise<string | undefined> {
  const used = panels.filter((p) => p.meta.connectedDashboards > 0).slice(0, 5);
  if (used.length === 0) return undefined;
  const titles = new Map(folders.map((f) => [f.uid, f.title]));
  const uses: string[] = [];
  for (const panel of used) {
    const folderUid = libraryElementFolderUid(panel);
    const where = folderUid === uid ? 'in it' : `in its subfolder "${titles.get(folderUid) ?? folderUid}"`;
    const users = (await api.libraryPanels.connections(panel.uid)).map((c) => c.connectionUid);
    const by =
      users.length === 1 ? `dashboard ${users[0]}` : `dashboards ${boundedList(users, { maxItems: 5 })}`;
    uses.push(`library panel "${panel.name}" ${where} is used by ${by}`);
  }
  return `Grafana will not delete it while ${uses.join('; ')}: remove the panels from those dashboards, or set spec.deletionPolicy: Orphan`;
}

function descendants(uid: string, folders: readonly StoredFolder[]): StoredFolder[] {
  const found: StoredFolder[] = [];
  let level = [uid];
  while (level.length > 0) {
    const next = folders.filter((f) => level.includes(f.parentUid) && !found.includes(f));
    found.push(...next);
    level = next.map((f) => f.uid);
  }
  return found;
}
