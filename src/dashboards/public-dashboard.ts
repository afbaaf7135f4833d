/**
 * GrafanaDashboard `spec.publicDashboard`: the dashboard's public dashboard (shared by link), through
 * `/api/dashboards/uid/:uid/public-dashboards` (grafana-api.md §6.12).
 *
 * Its access token is its public URL, so it is never made again while it exists: a change is a PATCH
 * in place, and a public dashboard gone with its dashboard (Grafana deletes them together) is made
 * again under the uid and token recorded in status, so the URL people were given keeps working.
 * Unset, Grafana's public dashboard is not read; set once and then removed, the one the object made
 * is deleted, as it would otherwise stay readable by anyone with the link.
 */
import type { GrafanaDashboardSpec, GrafanaObjectStatus } from '../api/generated/index.js';
import { GrafanaNotFoundError, type GrafanaPublicDashboard } from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import type { InstanceTarget } from '../sync/targets.js';

/** The sharing the spec asks for, every field decided. */
export interface DesiredSharing {
  isEnabled: boolean;
  timeSelectionEnabled: boolean;
  annotationsEnabled: boolean;
  share: 'public' | 'email';
}

/** What status records of the public dashboard on one instance. */
export type SharingRecord = NonNullable<
  NonNullable<GrafanaObjectStatus['instances']>[number]['publicDashboard']
>;

/** Observed: Grafana's public dashboard, `null` when it has none; absent when it was not read. */
export type ObservedSharing = GrafanaPublicDashboard | null;

const FIELDS = ['isEnabled', 'timeSelectionEnabled', 'annotationsEnabled', 'share'] as const;

/** The spec's block with Grafana's defaults filled in; undefined leaves Grafana's alone. */
export function desiredSharing(spec: GrafanaDashboardSpec['publicDashboard']): DesiredSharing | undefined {
  if (!spec) return undefined;
  return {
    isEnabled: spec.enabled ?? true,
    timeSelectionEnabled: spec.timeSelectionEnabled ?? false,
    annotationsEnabled: spec.annotationsEnabled ?? false,
    share: spec.share ?? 'public',
  };
}

/**
 * Grafana's public dashboard of the existing dashboard `dashboardUid`, read only when the spec
 * shares it or the object made one before; `null` when there is none. Read before anything is
 * written, so a Grafana that cannot hold it (the routes not served, an e-mail share it hides) is
 * said so without a write.
 */
export async function observeSharing(
  target: InstanceTarget,
  dashboardUid: string,
  wanted: DesiredSharing | undefined,
  recorded: SharingRecord | undefined,
): Promise<ObservedSharing | undefined> {
  if (!wanted && !recorded) return undefined;
  let observed: GrafanaPublicDashboard | undefined;
  try {
    observed = await target.api.publicDashboards.get(dashboardUid);
  } catch (err) {
    throw notServed(err, target);
  }
  if (!observed && recorded && wanted?.share === 'email') throw hiddenEmailShare(target, recorded);
  return observed ?? null;
}

/** The fields where Grafana's public dashboard differs from the spec (`publicDashboard` when it has none). */
export function sharingDrift(
  wanted: DesiredSharing | undefined,
  observed: ObservedSharing | undefined,
): string[] {
  if (!wanted || observed === undefined) return [];
  if (observed === null) return ['publicDashboard'];
  return FIELDS.filter((field) => observed[field] !== wanted[field]).map(
    (field) => `publicDashboard.${field}`,
  );
}

/**
 * Brings Grafana's public dashboard to the spec and answers what status records of it: updated in
 * place, made (under the recorded uid and token, if any), deleted when the spec no longer shares the
 * dashboard but the object made it, or left alone. `dashboardExisted`: the dashboard was there
 * before this write (it was not just made, taking no public dashboard with it).
 */
export async function syncSharing(
  target: InstanceTarget,
  dashboardUid: string,
  change: {
    wanted: DesiredSharing | undefined;
    observed: ObservedSharing | undefined;
    recorded: SharingRecord | undefined;
    dashboardExisted: boolean;
  },
): Promise<SharingRecord | undefined> {
  const { wanted, recorded } = change;
  const api = target.api.publicDashboards;
  const observed = change.dashboardExisted ? change.observed : null;
  try {
    if (!wanted) {
      if (recorded && observed) await api.delete(dashboardUid, observed.uid).catch(ignoreNotFound);
      return undefined;
    }
    if (observed) {
      const drift = sharingDrift(wanted, observed);
      return recordOf(drift.length > 0 ? await api.update(dashboardUid, observed.uid, wanted) : observed);
    }
    const keep = recorded ? { uid: recorded.uid, accessToken: recorded.accessToken } : {};
    return recordOf(await api.create(dashboardUid, { ...keep, ...wanted }));
  } catch (err) {
    throw notServed(err, target);
  }
}

/** What status records of a public dashboard; its url relative to the instance's. */
export function recordOf(shared: GrafanaPublicDashboard): SharingRecord {
  return {
    uid: shared.uid,
    accessToken: shared.accessToken,
    url: `/public-dashboards/${shared.accessToken}`,
    enabled: shared.isEnabled,
  };
}

function ignoreNotFound(err: unknown): void {
  if (!(err instanceof GrafanaNotFoundError)) throw err;
}

/**
 * A 404 that is not Grafana's "no public dashboard" (the client answers that as none): the routes
 * are not registered, as when `[public_dashboards] enabled = false` (§6.12).
 */
function notServed(err: unknown, target: InstanceTarget): unknown {
  if (!(err instanceof GrafanaNotFoundError) || err.messageId?.startsWith('publicdashboards.')) return err;
  return new ObjectError(
    'Unsupported',
    `Grafana${target.grafanaVersion ? ` ${target.grafanaVersion}` : ''} does not serve public dashboards (/api/dashboards/uid/:uid/public-dashboards answered 404 ${err.grafanaMessage || 'Not found'}): they are turned off in its configuration ([public_dashboards] enabled = false); turn them on there, or remove spec.publicDashboard`,
  );
}

/** An e-mail share this object made that Grafana no longer shows: an unlicensed build hides them (§6.12). */
function hiddenEmailShare(target: InstanceTarget, recorded: SharingRecord): ObjectError {
  return new ObjectError(
    'Unsupported',
    `Grafana${target.grafanaVersion ? ` ${target.grafanaVersion}` : ''} hides the e-mail shared public dashboard ${recorded.uid} this object made: sharing by e-mail needs the publicDashboardsEmailSharing feature of Grafana Enterprise or Cloud, and making it again would turn it into a public link; use share: public, or a licensed Grafana`,
  );
}
