/**
 * Lists read from Grafana's storage rather than its search index. On unified storage `/api/search`
 * (and `/api/folders?parentUid=`) can miss an object written a moment ago and still show one just
 * deleted (contract §6.8); the app-platform lists (`/apis/dashboard.grafana.app`,
 * `/apis/folder.grafana.app`) cannot. Where Grafana serves no such group (11.x) the classic search
 * is SQL and read-after-write, so it stands in.
 */
import { orgNamespace } from '../grafana/index.js';
import type { InstanceTarget } from '../sync/targets.js';

/** How long the answer of an `/apis` discovery is trusted per instance connection. */
const DISCOVERY_MAX_AGE_MS = 10 * 60_000;

type Discovery = 'dashboard' | 'folder';
const discoveries = new WeakMap<
  InstanceTarget,
  Map<Discovery, { at: number; version: Promise<string | undefined> }>
>();

function discovered(target: InstanceTarget, group: Discovery, ask: () => Promise<string | undefined>) {
  const byGroup =
    discoveries.get(target) ?? new Map<Discovery, { at: number; version: Promise<string | undefined> }>();
  discoveries.set(target, byGroup);
  const cached = byGroup.get(group);
  if (cached && Date.now() - cached.at < DISCOVERY_MAX_AGE_MS) return cached.version;
  const version = ask().catch(() => undefined);
  byGroup.set(group, { at: Date.now(), version });
  return version;
}

/** The served `/apis/dashboard.grafana.app` version with the classic JSON, if any. */
export function dashboardApiVersion(target: InstanceTarget): Promise<string | undefined> {
  return discovered(target, 'dashboard', () => target.api.dashboardResources.classicVersion());
}

function folderApiVersion(target: InstanceTarget): Promise<string | undefined> {
  return discovered(target, 'folder', () => target.api.folderResources.servedVersion());
}

export interface StoredFolder {
  uid: string;
  title: string;
  /** '' at the root. */
  parentUid: string;
}

/**
 * Whether {@link storedFolders} reads the app-platform list, which shows every write at once (§4.7),
 * rather than search, which may lag behind them (§6.8).
 */
export async function foldersListedFromStorage(target: InstanceTarget): Promise<boolean> {
  return (await folderApiVersion(target)) !== undefined;
}

/** Every folder of the target's org, with its parent. */
export async function storedFolders(target: InstanceTarget): Promise<StoredFolder[]> {
  const version = await folderApiVersion(target);
  if (version) return target.api.folderResources.list(version, orgNamespace(target.orgId));
  return (await target.api.search.folders()).map((hit) => ({
    uid: hit.uid,
    title: hit.title,
    parentUid: hit.folderUid ?? '',
  }));
}

export interface StoredDashboard {
  uid: string;
  /** Undefined when only the storage list, which carries no titles, knows the dashboard yet. */
  title: string | undefined;
}

/** The dashboards directly in a folder. */
export async function dashboardsInFolder(
  target: InstanceTarget,
  folderUid: string,
): Promise<StoredDashboard[]> {
  const version = await dashboardApiVersion(target);
  const listed = version
    ? await target.api.dashboardResources
        .listVersions(version, orgNamespace(target.orgId))
        .catch(() => undefined)
    : undefined;
  if (!listed) {
    return (await target.api.search.dashboards({ folderUids: [folderUid] })).map(({ uid, title }) => ({
      uid,
      title,
    }));
  }
  const inFolder = listed.filter((d) => d.folderUid === folderUid);
  // Titles for the message, where search already knows them.
  const titles = new Map(
    (await target.api.search.dashboards({ dashboardUids: inFolder.map((d) => d.uid) })).map((h) => [
      h.uid,
      h.title,
    ]),
  );
  return inFolder.map(({ uid }) => ({ uid, title: titles.get(uid) }));
}
