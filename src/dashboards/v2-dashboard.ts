/**
 * A v2 dashboard (v2-content.ts) as the GrafanaDashboard kind observes, compares and writes it:
 * through `/apis/dashboard.grafana.app/<v2 version>` (contract §23), in the org's namespace, with
 * the folder as the `grafana.app/folder` annotation. Drift is judged as for classic JSON
 * (drift.ts): by `metadata.generation` first, the JSON only once someone else saved it.
 */
import type { GrafanaDashboardSpec } from '../api/generated/index.js';
import { orgNamespace, type DashboardV2Object, type DashboardV2Place } from '../grafana/index.js';
import type { JsonObject } from '../lib/json.js';
import type { Applied, InstanceRecord, Written } from '../sync/object-kind.js';
import type { InstanceTarget } from '../sync/targets.js';
import type { ContentUid } from '../sync/uid.js';
import type { ListedDashboard } from './dashboard-reads.js';
import { dashboardDrift } from './drift.js';
import { checkV2Spec, v2VersionOn, type V2Content } from './v2-content.js';

/** How long a discovery of the served versions is trusted per instance connection. */
const DISCOVERY_MAX_AGE_MS = 10 * 60_000;
const discoveries = new WeakMap<InstanceTarget, { at: number; versions: Promise<string[]> }>();

/** Every version of `dashboard.grafana.app` the instance serves, asked once per 10 minutes. */
function servedVersions(target: InstanceTarget): Promise<string[]> {
  const cached = discoveries.get(target);
  if (cached && Date.now() - cached.at < DISCOVERY_MAX_AGE_MS) return cached.versions;
  const versions = target.api.dashboardResources.servedVersions();
  discoveries.set(target, { at: Date.now(), versions });
  // A failed discovery is asked again next time.
  versions.catch(() => discoveries.delete(target));
  return versions;
}

export interface DesiredV2Dashboard {
  v2: true;
  place: DashboardV2Place;
  /** The spec as sent: `editable` as spec.editableInGrafana says. */
  spec: JsonObject;
  jsonUid: ContentUid | undefined;
  /** '' at the root. */
  folderUid: string;
  message: string;
  editable: boolean;
}

export type ObservedV2Dashboard = DashboardV2Object & {
  v2: true;
  /** Its generation is the one recorded after our last write or check: nobody saved it since. */
  untouched: boolean;
};

/** The v2 dashboard to write on `target`; Unsupported where it serves no fitting version. */
export async function desiredV2(
  target: InstanceTarget,
  content: V2Content & { source: string },
  spec: GrafanaDashboardSpec,
  rest: { folderUid: string; message: string },
): Promise<DesiredV2Dashboard> {
  checkV2Spec(spec, content.source);
  const version = v2VersionOn(await servedVersions(target), content.version, target.grafanaVersion);
  const editable = spec.editableInGrafana ?? false;
  return {
    v2: true,
    place: { version, namespace: orgNamespace(target.orgId) },
    spec: { ...content.spec, editable },
    jsonUid: content.jsonUid,
    editable,
    ...rest,
  };
}

export function isV2Desired(desired: object): desired is DesiredV2Dashboard {
  return 'v2' in desired;
}

export function isV2Observed(observed: object): observed is ObservedV2Dashboard {
  return 'v2' in observed;
}

/** The dashboard as the desired version shows it (Grafana converts what it stored); undefined when absent. */
export async function observeV2(
  target: InstanceTarget,
  uid: string,
  desired: DesiredV2Dashboard,
  record: InstanceRecord | undefined,
): Promise<ObservedV2Dashboard | undefined> {
  const found = await target.api.dashboardResources.getV2(desired.place, uid);
  return found && { ...found, v2: true, untouched: found.generation === record?.version };
}

/**
 * Where Grafana's dashboard differs: the folder always, the spec only once its generation moved
 * (what Grafana fills in on a save of ours is not drift); nothing with editableInGrafana.
 */
export function diffV2(desired: DesiredV2Dashboard, observed: ObservedV2Dashboard): string[] {
  if (desired.editable) return [];
  const drift = observed.folderUid === desired.folderUid ? [] : ['folder'];
  if (observed.untouched) return drift;
  return [...drift, ...dashboardDrift(desired.spec, observed.spec)];
}

/**
 * Creates or replaces the dashboard (an update names the generation and resourceVersion it read:
 * a save in between is refused and retried); `listed` is its search hit, where the classic reads
 * look.
 */
export async function writeV2(
  target: InstanceTarget,
  write: { uid: string; desired: DesiredV2Dashboard; observed: ObservedV2Dashboard | undefined },
): Promise<Written<ListedDashboard>> {
  const { uid, desired, observed } = write;
  const stored = await target.api.dashboardResources.saveV2(desired.place, {
    uid,
    folderUid: desired.folderUid,
    spec: desired.spec,
    message: desired.message,
    ...(observed ? { read: observed } : {}),
  });
  const applied = describeV2({ ...stored, v2: true, untouched: true });
  const listed = {
    uid,
    title: String(desired.spec.title),
    folderUid: desired.folderUid,
    url: applied.url ?? '',
  };
  return { ...applied, listed };
}

/** The status fields: the uid, the generation as version, the page. */
export function describeV2(observed: ObservedV2Dashboard): Applied {
  return { uid: observed.uid, version: observed.generation, url: `/d/${observed.uid}` };
}
