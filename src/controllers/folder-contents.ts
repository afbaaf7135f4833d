/**
 * What keeps a GrafanaFolder from being deleted in Grafana, read from storage rather than search
 * (contract §6.8), and the words for it. Deleting a folder in Grafana deletes what is in it, so
 * content this operator does not manage blocks the delete; and Grafana itself refuses while a
 * library panel of the folder or of a subfolder is used by a dashboard (§4.5): 403 for the
 * folder's own, 400 `folder.not-empty` (or 500 `Folder API error` with `forceDeleteRules`) for a
 * subfolder's.
 */
import {
  GrafanaConflictError,
  GrafanaUnavailableError,
  libraryElementFolderUid,
  type GrafanaLibraryElement,
} from '../grafana/index.js';
import { boundedList } from '../lib/messages.js';
import { ObjectError } from '../lib/object-error.js';
import { dashboardsInFolder, storedFolders, type StoredFolder } from './storage-lists.js';
import type { InstanceTarget } from '../sync/targets.js';

/**
 * Why the folder cannot be deleted now (what it still contains), or undefined when nothing in
 * Grafana stands in the way.
 */
export async function folderContents(target: InstanceTarget, uid: string): Promise<string | undefined> {
  const folders = await storedFolders(target);
  const subfolders = folders.filter((f) => f.parentUid === uid);
  const dashboards = await dashboardsInFolder(target, uid);
  // Grafana deletes the library panels in a folder with it (§4.3, §7).
  const panels = await libraryPanelsBelow(target, uid, folders);
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
  const inUse = await panelsInUse(target, uid, panels, folders);
  return inUse ? `${held}. ${inUse}` : held;
}

/**
 * A refused folder DELETE as the user needs to read it: which library panels in use stand in the
 * way (§4.5). A refusal whose cause cannot be found is passed on as it is, unless it is one of
 * Grafana's "not empty" answers.
 */
export async function explainRefusal(target: InstanceTarget, uid: string, err: unknown): Promise<unknown> {
  const notEmpty = err instanceof GrafanaConflictError;
  const apiError =
    err instanceof GrafanaUnavailableError &&
    err.status === 500 &&
    /folder api error/i.test(err.grafanaMessage);
  if (!notEmpty && !apiError) return err;
  const folders = await storedFolders(target);
  const inUse = await panelsInUse(target, uid, await libraryPanelsBelow(target, uid, folders), folders);
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
  target: InstanceTarget,
  uid: string,
  folders: readonly StoredFolder[],
): Promise<GrafanaLibraryElement[]> {
  return target.api.libraryPanels.list({ folderUids: [uid, ...descendants(uid, folders).map((f) => f.uid)] });
}

/** "Grafana refuses …" naming the panels used by dashboards and the dashboards, or undefined. */
async function panelsInUse(
  target: InstanceTarget,
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
    const users = (await target.api.libraryPanels.connections(panel.uid)).map((c) => c.connectionUid);
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
