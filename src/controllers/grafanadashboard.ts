import {
  GrafanaDashboardResource,
  grafanaDashboardSpecSchema,
  type GrafanaDashboard,
  type GrafanaDashboardSpec,
} from '../api/generated/index.js';
import { DownloadCache } from '../dashboards/download-cache.js';
import { dashboardDrift } from '../dashboards/drift.js';
import {
  checkMappedInputs,
  inputsOf,
  inputValues,
  mappedDatasources,
  substituteInputs,
} from '../dashboards/inputs.js';
import { parseDashboard } from '../dashboards/parse.js';
import { jsonUidOf, prepareDashboard } from '../dashboards/prepare.js';
import { dashboardContent } from '../dashboards/sources.js';
import {
  GrafanaValidationError,
  orgNamespace,
  savesDashboardsByTitle,
  undefinedIfNotFound,
  type GrafanaDashboardWithMeta,
} from '../grafana/index.js';
import type { JsonObject } from '../lib/json.js';
import { datasourceList } from './datasource-list.js';
import { resolveFolderRef } from './folder-ref.js';
import { dashboardApiVersion } from './storage-lists.js';
import { ObjectError } from '../lib/object-error.js';
import type { ObjectKind } from '../sync/object-kind.js';
import type { InstanceTarget } from '../sync/targets.js';
import type { ContentUid } from '../sync/uid.js';

export interface DesiredDashboard {
  /**
   * The JSON to save: inputs substituted, export keys and id/version/uid dropped; the object's uid
   * is put in when it is written (it is decided from `jsonUid` and the object, see chooseUid).
   */
  dashboard: JsonObject;
  /** The `uid` the JSON carries, if any. */
  jsonUid: ContentUid | undefined;
  /** '' is the General level. */
  folderUid: string;
  message: string;
  editable: boolean;
}

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
   * Set by observe: `version` is the one recorded in `status.instances[].version` after our last
   * write or check, so nobody saved it since.
   */
  untouched?: boolean;
}

const SEARCH_SNAPSHOT = 'dashboards';
const VERSION_SNAPSHOT = 'dashboard-versions';
const MESSAGE_PREFIX = 'Applied by grafana-provisioning-operator from';

/**
 * GrafanaDashboard.
 *
 * Reads. Grafana's classic API has no list that carries versions: search (`/api/search`) says
 * which dashboards exist, where and under which title, but not their version, and GET
 * `/api/dashboards/uid/:uid` is one call (of up to megabytes) per dashboard. So a reconcile reads:
 * 1. the search list, one call per instance per 10 s shared by every dashboard: not there → one
 *    GET by uid, since the list may be 10 s old and search can lag behind writes (§6.8), and
 *    only a 404 there → create (a create overwrites whatever has the uid by then);
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
 * Drift is judged only when the version moved: our JSON must be a subset of the stored one
 * (dashboardDrift), and the folder the same. With editableInGrafana nothing is drift; a change of
 * the spec or of its content source (new hash) applies the spec again.
 */
export function grafanaDashboardKind(
  downloads = new DownloadCache(),
): ObjectKind<GrafanaDashboardSpec, GrafanaDashboard, DesiredDashboard, ObservedDashboard> {
  return {
    resource: GrafanaDashboardResource,
    specSchema: grafanaDashboardSpecSchema,
    folderRef: (spec) => spec.folderRef,

    async desired(context, target) {
      const { spec, metadata } = context.object;
      const { text, source } = await dashboardContent(spec, context, downloads);
      const parsed = parseDashboard(text, source);
      const inputs = inputsOf(parsed, source);
      const entries = spec.datasources ?? [];
      // A mapping that names no input is a spec error, reported before names are looked up.
      checkMappedInputs(
        inputs,
        entries.map((e) => e.inputName),
        source,
      );
      const mapped = await mappedDatasources(entries, () => datasourceUidsByName(target), target.name);
      const values = inputValues(inputs, mapped, source);
      const editable = spec.editableInGrafana ?? false;
      const dashboard = prepareDashboard(substituteInputs(parsed, values), { editable });
      const folderUid = spec.folderRef
        ? await resolveFolderRef(context, target, spec.folderRef)
        : (spec.folderUID ?? '');
      return {
        dashboard,
        jsonUid: jsonUidOf(parsed, source),
        folderUid,
        message: `${MESSAGE_PREFIX} ${context.namespace}/${metadata?.name ?? ''}`,
        editable,
      };
    },

    // The uid in the JSON, as it is sent: the hash of an unchanged object stays what it was.
    hashable: ({ dashboard, folderUid }, uid) => ({ dashboard: { ...dashboard, uid }, folderUid }),

    contentUid: (desired) => desired.jsonUid,

    async observe({ target, uid, desired, record }) {
      const observed = await observe(target, uid, desired, record?.version);
      const version = observed?.version;
      return observed && { ...observed, untouched: version !== undefined && version === record?.version };
    },

    diff(desired, observed) {
      if (desired.editable) return [];
      const drift: string[] = [];
      if (observed.folderUid !== desired.folderUid) drift.push('folder');
      // Nobody saved it since our last write or check: the JSON is as we left it.
      if (observed.untouched) return drift;
      if (observed.dashboard) drift.push(...dashboardDrift(desired.dashboard, observed.dashboard));
      else if (observed.title !== desired.dashboard.title) drift.push('title');
      return drift;
    },

    async write({ target, uid, desired, observed }) {
      if (!observed) await refuseTitleTakeover(target, uid, desired);
      // overwrite: our object owns the uid (contract §6.1, §12); id and version are never sent.
      const saved = await target.api.dashboards
        .save({
          dashboard: { ...desired.dashboard, uid },
          folderUid: desired.folderUid,
          overwrite: true,
          message: desired.message,
        })
        .catch((err: unknown) => {
          throw explainRefusal(err, desired);
        });
      if (saved.uid !== uid) {
        // Grafana saved over another dashboard (§6.5): that one is not ours, so nothing of it is
        // recorded (we would delete it later) and the object reports the clash.
        forget(target, uid);
        target.snapshots.invalidate(SEARCH_SNAPSHOT);
        throw new ObjectError(
          'Conflict',
          `Grafana${target.grafanaVersion ? ` ${target.grafanaVersion}` : ''} saved this dashboard over the existing dashboard ${saved.uid} with the same title in the folder; rename one of them`,
        );
      }
      // 12.0/12.1 can answer version 0 (§6.7): not a version, so none is recorded; the next
      // reconcile reads the real one.
      const version = saved.version ? saved.version : undefined;
      remember(target, {
        uid: saved.uid,
        title: String(desired.dashboard.title),
        folderUid: desired.folderUid,
        url: saved.url,
        ...(version !== undefined ? { version } : {}),
      });
      return { uid: saved.uid, version, url: saved.url };
    },

    async remove(target, uid) {
      try {
        await target.api.dashboards.delete(uid);
      } finally {
        forget(target, uid);
      }
    },

    describe: (observed) => ({
      uid: observed.uid,
      url: observed.url,
      ...(observed.version !== undefined ? { version: observed.version } : {}),
    }),

    shown: (_object, desired) => (desired ? { title: String(desired.dashboard.title) } : {}),
  };
}

/** Datasource name → uid on the instance, for inputs mapped by datasourceName. */
async function datasourceUidsByName(target: InstanceTarget): Promise<Map<string, string>> {
  return new Map([...(await datasourceList.on(target).items()).values()].map((ds) => [ds.name, ds.uid]));
}

// -------------------------------------------------------------------------------------------------
// Reads

async function observe(
  target: InstanceTarget,
  uid: string,
  desired: DesiredDashboard,
  recordedVersion: number | undefined,
): Promise<ObservedDashboard | undefined> {
  const hit = (await searchSnapshot(target)).get(uid);
  // Search can lag behind writes (§6.8): a dashboard written a moment ago, by us or by someone
  // else, may be missing from it. A read by uid decides before anything is created.
  if (!hit) return read(target, uid);
  const listed = (await versionSnapshot(target)).get(uid);
  // A move shows in the search list; it is checked too, in case a build does not count a
  // folder change (an annotation in the app-platform API) as a new generation.
  if (listed !== undefined && listed === recordedVersion && hit.folderUid === desired.folderUid)
    return { ...hit, version: listed };
  // Deleted since the search (or search still lists a deleted one): the read says so.
  return read(target, uid);
}

/**
 * Grafana 13 refuses a `refresh` below its `min_refresh_interval` (§6.6) with a message that does
 * not name the value: say which one and what to do.
 */
function explainRefusal(err: unknown, desired: DesiredDashboard): unknown {
  const refresh = desired.dashboard.refresh;
  if (err instanceof GrafanaValidationError && /refresh interval is too low/i.test(err.grafanaMessage)) {
    return new ObjectError(
      'InvalidSpec',
      `Grafana refused the dashboard's refresh "${String(refresh)}": it is shorter than Grafana's min_refresh_interval (5s unless configured); use a longer refresh`,
    );
  }
  return err;
}

/**
 * Up to Grafana 11.2 a new dashboard whose title is already used in its folder would overwrite the
 * existing one (§6.5): refused before saving, from the shared search list.
 */
async function refuseTitleTakeover(
  target: InstanceTarget,
  uid: string,
  desired: DesiredDashboard,
): Promise<void> {
  if (!savesDashboardsByTitle(target.grafanaVersion)) return;
  const title = String(desired.dashboard.title);
  for (const hit of (await searchSnapshot(target)).values()) {
    if (hit.uid !== uid && hit.title === title && hit.folderUid === desired.folderUid) {
      throw new ObjectError(
        'Conflict',
        `dashboard ${hit.uid} already has the title "${title}" in this folder, and Grafana ${target.grafanaVersion ?? '(version hidden)'} would overwrite it: rename one of them, or move it to another folder`,
      );
    }
  }
}

type Listed = Omit<ObservedDashboard, 'version' | 'dashboard'>;

async function searchSnapshot(target: InstanceTarget): Promise<Map<string, Listed>> {
  return target.snapshots.get(SEARCH_SNAPSHOT, async () =>
    (await target.api.search.dashboards()).map(
      (hit) =>
        [hit.uid, { uid: hit.uid, title: hit.title, folderUid: hit.folderUid ?? '', url: hit.url }] as [
          string,
          Listed,
        ],
    ),
  );
}

/**
 * uid → version from `/apis/dashboard.grafana.app` (metadata only). Empty when Grafana does not
 * serve that group or the list fails: every dashboard then falls back to a GET, which reports any
 * real problem with Grafana itself.
 */
async function versionSnapshot(target: InstanceTarget): Promise<Map<string, number>> {
  return target.snapshots.get(VERSION_SNAPSHOT, async () => {
    const version = await dashboardApiVersion(target);
    if (!version) return [];
    try {
      const items = await target.api.dashboardResources.listVersions(version, orgNamespace(target.orgId));
      return items.map((item) => [item.uid, item.version] as [string, number]);
    } catch {
      return [];
    }
  });
}

/** The dashboard as a GET shows it, remembered in the shared lists; undefined when it does not exist. */
async function read(target: InstanceTarget, uid: string): Promise<ObservedDashboard | undefined> {
  const full = await undefinedIfNotFound(target.api.dashboards.get(uid));
  if (!full) {
    forget(target, uid);
    return undefined;
  }
  const observed = toObserved(full);
  remember(target, observed);
  return observed;
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

/** Puts what a write or GET showed into the shared lists, so the next reader sees it. */
function remember(target: InstanceTarget, observed: ObservedDashboard): void {
  const { uid, title, folderUid, url } = observed;
  target.snapshots.put<Listed>(SEARCH_SNAPSHOT, uid, { uid, title, folderUid, url });
  if (observed.version !== undefined) target.snapshots.put(VERSION_SNAPSHOT, uid, observed.version);
}

function forget(target: InstanceTarget, uid: string): void {
  target.snapshots.remove(SEARCH_SNAPSHOT, uid);
  target.snapshots.remove(VERSION_SNAPSHOT, uid);
}
