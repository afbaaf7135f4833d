/**
 * How a dashboard is read on an instance, at the least cost that still sees every save.
 *
 * Grafana's classic API has no list that carries versions: search (`/api/search`) says which
 * dashboards exist, where and under which title, but not their version, and GET
 * `/api/dashboards/uid/:uid` is one call (of up to megabytes) per dashboard. So a reconcile reads:
 * 1. the search list, one call per instance per 10 s shared by every dashboard: not there and
 *    not in the version list (2.) either → absent, created without `overwrite`, which Grafana
 *    refuses if the uid was taken since the lists were read (then observed again); not there
 *    but in the version list → one GET by uid, as search can lag behind writes (§6.8);
 * 2. the versions of every dashboard from the app-platform list (`/apis/dashboard.grafana.app`,
 *    metadata only), also one shared call per 10 s, where Grafana serves it (12.x);
 * 3. GET only when that list shows a version other than the one recorded in
 *    `status.instances[].version` after our last write or check (or the search list another
 *    folder), or when there is no such list or record (11.x: one GET per dashboard and
 *    reconcile). Same version = nobody else saved it: no JSON to compare, whatever Grafana made
 *    of ours.
 * So an unchanged resync of N dashboards costs two list calls per instance and no GET; a dashboard
 * edited in Grafana costs one GET, and a revert.
 *
 * A run for a change, or a (re)start's check, (not a periodic resync) may read lists older than
 * that, up to the object's resync period (`listMaxAgeMs`): at thousands of dashboards each list is
 * tens of paged calls, which an edit would otherwise wait for whenever they aged out between
 * resync waves (seconds), and a start's check of thousands would read again and again.
 * Nothing is lost by it: a spec change is written with overwrite whatever the list showed, a
 * dashboard missing from it is created without overwrite (refused if it exists by then), and what
 * someone changed in Grafana since is found by the next resync, which reads the lists fresh.
 */
import { orgNamespace, undefinedIfNotFound, type GrafanaDashboardWithMeta } from '../grafana/index.js';
import type { JsonObject } from '../lib/json.js';
import { kindList, listPair, type ListPair } from '../sync/kind-list.js';
import type { InstanceTarget } from '../sync/targets.js';

export interface ObservedDashboard {
  uid: string;
  title: string;
  /** '' at the General level. */
  folderUid: string;
  url: string;
  version?: number;
  /** The stored JSON, when it was read (GET); absent when the shared lists were enough. */
  dashboard?: JsonObject;
  /**
   * `version` is the one recorded in `status.instances[].version` after our last write or check,
   * so nobody saved it since.
   */
  untouched?: boolean;
}

/** A dashboard as the search list shows it. */
export type SearchHit = Pick<ObservedDashboard, 'uid' | 'title' | 'folderUid' | 'url'>;

/** A dashboard as the shared lists show it: its search hit, and its version where it is known. */
export type ListedDashboard = Pick<ObservedDashboard, 'uid' | 'title' | 'folderUid' | 'url' | 'version'>;

/** The instance's dashboards by uid, as search shows them. */
export const searchList = kindList<SearchHit>({
  name: 'dashboards',
  load: (target) => {
    // Thousands of hits name a few folders: one string per folder, not per hit.
    const folders = new Map<string, string>();
    const folder = (uid: string) => folders.get(uid) ?? (folders.set(uid, uid), uid);
    return target.api.search.dashboards({}, (hit) => ({
      uid: hit.uid,
      title: hit.title,
      folderUid: folder(hit.folderUid ?? ''),
      url: hit.url,
    }));
  },
  key: (dashboard) => dashboard.uid,
});

/** A dashboard's version, as the app-platform list shows it. */
type ListedVersion = { uid: string; version: number };

/** The served `/apis/dashboard.grafana.app` version with the classic JSON, if any. */
export type StorageVersion = (target: InstanceTarget) => Promise<string | undefined>;

export class DashboardReads {
  /**
   * The kind's list (ObjectKind.list), kept by the sync layer: the search list, and uid → version
   * from `/apis/dashboard.grafana.app` (metadata only), each listed when a read first needs it. The
   * version list is empty when Grafana does not serve that group or the list fails: every
   * dashboard then falls back to a GET, which reports any real problem with Grafana itself.
   */
  readonly list: ListPair<ListedDashboard, SearchHit, ListedVersion>;

  constructor(storageVersion: StorageVersion) {
    const versionList = kindList<ListedVersion>({
      name: 'dashboard-versions',
      load: async (target) => {
        const version = await storageVersion(target);
        if (!version) return [];
        const namespace = orgNamespace(target.orgId);
        const listed = await target.api.dashboardResources.listVersions(version, namespace).catch(() => []);
        // Only what the pair reads of it is kept (not the folder, which the search list has).
        return listed.map(({ uid, version }) => ({ uid, version }));
      },
      key: (item) => item.uid,
    });
    this.list = listPair({
      first: searchList,
      second: versionList,
      split: ({ uid, title, folderUid, url, version }) => [
        { uid, title, folderUid, url },
        version === undefined ? undefined : { uid, version },
      ],
    });
  }

  /**
   * Grafana's dashboard `uid`, from the shared lists while its version is `recordedVersion` (then
   * `untouched`) and it is in `folderUid`, else from a GET; undefined when it does not exist.
   * `listMaxAgeMs`: how old the lists may be (see above). `aloneBeforeLists`: a run for a change
   * reads the dashboard alone (one GET) while the instance's first lists are still being read —
   * at a (re)start that takes seconds at thousands of dashboards, which the start's own check
   * shares but an edit should not wait for.
   */
  async observe(
    target: InstanceTarget,
    uid: string,
    folderUid: string,
    recordedVersion: number | undefined,
    options: { listMaxAgeMs?: number; aloneBeforeLists?: boolean } = {},
  ): Promise<ObservedDashboard | undefined> {
    const alone = options.aloneBeforeLists === true && !this.listsHeld(target);
    // Asked for all the same, for the runs to come.
    if (alone) this.listAhead(target);
    const observed = alone
      ? await this.read(target, uid)
      : await this.find(target, uid, folderUid, recordedVersion, options.listMaxAgeMs);
    const version = observed?.version;
    return observed && { ...observed, untouched: version !== undefined && version === recordedVersion };
  }

  private listsHeld(target: InstanceTarget): boolean {
    return searchList.on(target).held() && this.list.second.on(target).held();
  }

  private listAhead(target: InstanceTarget): void {
    searchList.on(target).listAhead();
    this.list.second.on(target).listAhead();
  }

  private async find(
    target: InstanceTarget,
    uid: string,
    folderUid: string,
    recordedVersion: number | undefined,
    listMaxAgeMs: number | undefined,
  ): Promise<ObservedDashboard | undefined> {
    // Both lists at once: each is a list call of many pages at thousands of dashboards, made again
    // whenever it has aged out, and an edit waits for them.
    const [hit, versioned] = await Promise.all([
      searchList.on(target).get(uid, listMaxAgeMs),
      this.list.second.on(target).get(uid, listMaxAgeMs),
    ]);
    // Search can lag behind writes (§6.8), the version list does not: a dashboard only it shows
    // exists, and is read. One neither shows is taken as absent: the create does not overwrite
    // (dashboard-write.ts), so one made since the lists were read is refused and observed again.
    if (!hit) return versioned ? this.read(target, uid) : undefined;
    const listed = versioned?.version;
    // A move shows in the search list; it is checked too, in case a build does not count a
    // folder change (an annotation in the app-platform API) as a new generation.
    if (listed !== undefined && listed === recordedVersion && hit.folderUid === folderUid)
      return { ...hit, version: listed };
    // Deleted since the search (or search still lists a deleted one): the read says so.
    return this.read(target, uid);
  }

  /**
   * The dashboard as a GET shows it, undefined when it does not exist; the shared lists take what
   * it showed, so the next reader sees it.
   */
  private read(target: InstanceTarget, uid: string): Promise<ObservedDashboard | undefined> {
    return this.list.on(target).reread(
      uid,
      async () => {
        const full = await undefinedIfNotFound(target.api.dashboards.get(uid));
        return full && toObserved(full);
      },
      // The pair keeps only the listed fields of it, not the JSON.
      (observed) => observed,
    );
  }
}

function toObserved(full: GrafanaDashboardWithMeta): ObservedDashboard {
  return {
    uid: full.dashboard.uid,
    title: full.dashboard.title,
    folderUid: full.meta.folderUid ?? '',
    url: full.meta.url,
    version: full.meta.version ?? full.dashboard.version,
    dashboard: full.dashboard,
  };
}
