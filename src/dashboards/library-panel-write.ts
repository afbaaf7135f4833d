/**
 * How a library panel is created, updated and deleted (contract §7), with Grafana's refusals
 * explained: its "already exists" answer does not say whether the uid or the name is taken, its
 * PATCH compares versions, and it refuses to delete a panel a dashboard uses.
 */
import {
  GrafanaConflictError,
  GrafanaLibraryElementExistsError,
  GrafanaNotFoundError,
  GrafanaVersionMismatchError,
  type GrafanaLibraryElement,
} from '../grafana/index.js';
import { boundedList } from '../lib/messages.js';
import { ObjectError } from '../lib/object-error.js';
import { MadeMeanwhileError } from '../sync/object-kind.js';
import type { InstanceTarget } from '../sync/targets.js';
import { describePanel, sameNameElsewhere, type DesiredLibraryPanel } from './library-panel.js';
import { getPanel, panelList } from './library-panel-reads.js';

/**
 * POST with our uid. Refused as existing (400 "with that name or UID already exists", §7), a
 * panel appeared since the list was read, under our uid or under our name in the folder: either
 * way the layer observes again and judges it like any panel found there (ours, or spec.adopt)
 * before writing over it.
 */
export async function createPanel(
  target: InstanceTarget,
  uid: string,
  desired: DesiredLibraryPanel,
): Promise<GrafanaLibraryElement> {
  const { name, model, folderUid } = desired;
  try {
    return await target.api.libraryPanels.create({ uid, name, model, folderUid });
  } catch (err) {
    if (err instanceof GrafanaNotFoundError && folderUid) {
      throw new ObjectError(
        'DependencyNotReady',
        `folder ${folderUid} does not exist in Grafana (${err.grafanaMessage || err.message})`,
      );
    }
    if (!(err instanceof GrafanaLibraryElementExistsError)) throw err;
    if (await getPanel(target, uid)) {
      throw new MadeMeanwhileError(
        `uid ${uid} already exists in Grafana and was not created by this object; set spec.adopt: true to take it over`,
      );
    }
    // Under our name in the folder: the layer observes again and judges it as any panel with
    // our name (findClash: a Conflict, or taken over with spec.adopt).
    const clash = sameNameElsewhere(await panelList.on(target).itemsListedNow(), desired, uid);
    const message = `${describePanel(desired, clash?.uid)} already exists in Grafana and was not created by this object; set spec.adopt: true to take it over`;
    if (clash) throw new MadeMeanwhileError(message);
    throw new ObjectError('Conflict', message);
  }
}

/**
 * PATCH with the version we read. A 412 means someone saved the panel since: read its version
 * and write once more; a second 412 is reported (VersionMismatch) and retried later.
 */
export async function updatePanel(
  target: InstanceTarget,
  current: GrafanaLibraryElement,
  desired: DesiredLibraryPanel,
): Promise<GrafanaLibraryElement> {
  const panels = target.api.libraryPanels;
  const patch = (version: number) =>
    panels.update(current.uid, {
      version,
      name: desired.name,
      model: desired.model,
      folderUid: desired.folderUid,
    });
  try {
    try {
      return await patch(current.version);
    } catch (err) {
      if (!(err instanceof GrafanaVersionMismatchError)) throw err;
      return await patch((await panels.get(current.uid)).version);
    }
  } catch (err) {
    // The uid is ours, so an "exists" answer is about the name in the target folder.
    if (err instanceof GrafanaLibraryElementExistsError) {
      const clash = sameNameElsewhere(await panelList.on(target).itemsListedNow(), desired, current.uid);
      throw new ObjectError(
        'Conflict',
        `${describePanel(desired, clash?.uid)} already exists in Grafana; choose another name or folder`,
      );
    }
    throw err;
  }
}

/**
 * DELETE; gone already is fine. Refused because a dashboard still uses the panel (403 "the library
 * element has connections", §7): a Conflict naming the dashboards.
 */
export async function removePanel(target: InstanceTarget, uid: string): Promise<void> {
  const panels = target.api.libraryPanels;
  try {
    await panels.delete(uid);
  } catch (err) {
    if (err instanceof GrafanaNotFoundError) return;
    if (err instanceof GrafanaConflictError) {
      const dashboards = (await panels.connections(uid).catch(() => [])).map((c) => c.connectionUid);
      const users = dashboards.length
        ? ` (used by ${dashboards.length === 1 ? 'dashboard' : 'dashboards'} ${boundedList(dashboards, { maxItems: 5 })})`
        : '';
      throw new ObjectError(
        'Conflict',
        `${err.message}${users}; remove the panel from those dashboards, or set spec.deletionPolicy: Orphan`,
      );
    }
    throw err;
  }
}
