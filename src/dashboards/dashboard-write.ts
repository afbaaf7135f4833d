/**
 * How a dashboard is saved (contract §6): over whatever has its uid, never over another dashboard
 * through its title, and with Grafana's refusals explained in terms of the spec.
 */
import {
  GrafanaConflictError,
  GrafanaValidationError,
  GrafanaVersionMismatchError,
  savesDashboardsByTitle,
} from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import { MadeMeanwhileError, type Written } from '../sync/object-kind.js';
import type { InstanceTarget } from '../sync/targets.js';
import { searchList, type ListedDashboard } from './dashboard-reads.js';
import type { DesiredDashboard } from './desired.js';

/**
 * Saves `desired` under `uid` (a create when `create`); what Grafana stored is `listed`, for the
 * shared lists. An update overwrites: our object owns the uid (contract §6.1, §12). A create does
 * not: the shared lists did not show the uid, and Grafana refuses a save without `overwrite` onto
 * a dashboard that has it (412 on 11/12, 409 on 13, §15.12), so one made since the lists were
 * read is observed and judged instead of overwritten, at no GET per create. id and version are
 * never sent.
 */
export async function saveDashboard(
  target: InstanceTarget,
  write: { uid: string; desired: DesiredDashboard; create: boolean },
): Promise<Written<ListedDashboard>> {
  const { uid, desired, create } = write;
  if (create) await refuseTitleTakeover(target, uid, desired);
  const saved = await target.api.dashboards
    .save({
      dashboard: { ...desired.dashboard, uid },
      folderUid: desired.folderUid,
      overwrite: !create,
      message: desired.message,
    })
    .catch((err: unknown) => {
      if (create && err instanceof GrafanaVersionMismatchError)
        throw new MadeMeanwhileError(
          `Grafana holds a dashboard with uid ${uid} that its lists did not show; it was not overwritten`,
        );
      // 11.0–11.2: a title the search list did not show taken in the folder (§6.5).
      if (create && err instanceof GrafanaConflictError && err.messageId === 'name-exists')
        throw titleTaken(target, 'another dashboard', String(desired.dashboard.title));
      throw explainRefusal(err, desired);
    });
  if (saved.uid !== uid) {
    // Grafana saved over another dashboard (§6.5): that one is not ours, so nothing of it is
    // recorded (we would delete it later) and the object reports the clash. The lists no longer
    // show what Grafana holds: they are let go after a failed write (relistAfterFailedWrite).
    throw new ObjectError(
      'Conflict',
      `Grafana${target.grafanaVersion ? ` ${target.grafanaVersion}` : ''} saved this dashboard over the existing dashboard ${saved.uid} with the same title in the folder; rename one of them`,
    );
  }
  // 12.0/12.1 can answer version 0 (§6.7): not a version, so none is recorded; the next
  // reconcile reads the real one.
  const version = saved.version ? saved.version : undefined;
  const listed = {
    uid: saved.uid,
    title: String(desired.dashboard.title),
    folderUid: desired.folderUid,
    url: saved.url,
    ...(version !== undefined ? { version } : {}),
  };
  return { uid: saved.uid, version, url: saved.url, listed };
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
  for (const hit of (await searchList.on(target).items()).values()) {
    if (hit.uid !== uid && hit.title === title && hit.folderUid === desired.folderUid)
      throw titleTaken(target, `dashboard ${hit.uid}`, title);
  }
}

function titleTaken(target: InstanceTarget, holder: string, title: string): ObjectError {
  return new ObjectError(
    'Conflict',
    `${holder} already has the title "${title}" in this folder, and Grafana ${target.grafanaVersion ?? '(version hidden)'} would overwrite it: rename one of them, or move it to another folder`,
  );
}
