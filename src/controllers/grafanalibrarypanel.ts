import {
  GrafanaLibraryPanelResource,
  grafanaLibraryPanelSpecSchema,
  type GrafanaLibraryPanel,
  type GrafanaLibraryPanelSpec,
} from '../api/generated/index.js';
import {
  GrafanaConflictError,
  GrafanaLibraryElementExistsError,
  GrafanaNotFoundError,
  GrafanaVersionMismatchError,
  LIBRARY_PANEL_KIND,
  libraryElementFolderUid,
  undefinedIfNotFound,
  type GrafanaLibraryElement,
} from '../grafana/index.js';
import {
  droppedKeys,
  modelDrift,
  panelModelOf,
  panelModels,
  servedThroughResource,
  type PanelModels,
} from '../dashboards/library-panel-model.js';
import { resolveFolderRef } from './folder-ref.js';
import { ObjectError } from '../lib/object-error.js';
import { kindList } from '../sync/kind-list.js';
import { type Applied, type ObjectKind, showName, type Written } from '../sync/object-kind.js';
import type { InstanceTarget } from '../sync/targets.js';
import { boundedList } from '../lib/messages.js';

export interface DesiredLibraryPanel extends PanelModels {
  name: string;
  /** '' for the General folder. */
  folderUid: string;
}

/** Every library element on an instance with its model, by uid. */
const panelList = kindList<GrafanaLibraryElement>({
  name: 'library-panels',
  load: (target) => target.api.libraryPanels.list(),
  key: (panel) => panel.uid,
});
const GENERAL_FOLDER_UID = 'general';

/**
 * GrafanaLibraryPanel. Reads come from one list call per instance (shared by all objects), which
 * returns every panel with its model; only a panel missing from it is looked up on its own.
 * Grafana compares `version` on every PATCH (contract §7), so writes send the version last read
 * and, when someone else saved in between (412), read again and retry once. Dashboards refer to
 * a library panel by uid, and the uid never changes here, so they keep showing it through every
 * change; Grafana refuses to delete one that a dashboard still uses.
 *
 * What is compared (contract §12): `name`, the folder, and the model. The model is compared whole,
 * key by key, against what Grafana stores for the desired model: Grafana keeps the model as sent,
 * except that it writes the panel's `type` and `description` into it (`description` becomes "" when
 * absent) and fills an empty `libraryPanel.uid` with the element's uid; `storedModel` (dashboards/library-panel-model) applies
 * exactly that to the desired model, so a model Grafana has not been asked to change compares equal,
 * and any key added, removed or changed in Grafana is drift. The element's own `type`,
 * `description`, `version`, `id` and `meta` are Grafana's and are not compared.
 */
export const grafanaLibraryPanelKind: ObjectKind<
  GrafanaLibraryPanelSpec,
  GrafanaLibraryPanel,
  DesiredLibraryPanel,
  GrafanaLibraryElement,
  GrafanaLibraryElement
> = {
  resource: GrafanaLibraryPanelResource,
  specSchema: grafanaLibraryPanelSpecSchema,
  list: panelList,
  folderRef: (spec) => spec.folderRef,

  async desired(context, target) {
    const { spec, metadata } = context.object;
    const folderUid = spec.folderRef
      ? await resolveFolderRef(context, target, spec.folderRef)
      : normaliseFolderUid(spec.folderUID ?? '');
    const model = await panelModelOf(spec, context.configMaps);
    const desired = {
      name: spec.name ?? metadata?.name ?? '',
      folderUid,
      ...panelModels(model, context.uid),
    };
    const listed = await panelList.on(target).get(context.uid);
    const dropped = listed && servedThroughResource(listed) ? droppedKeys(model) : [];
    if (dropped.length > 0) {
      // Deduplicated: one Event however often this is reconciled.
      await context.event(
        'Warning',
        'ModelKeysDropped',
        `${target.name}: Grafana keeps library panel models without ${boundedList(dropped, { maxItems: 10 })} (kubernetesLibraryPanels); remove them from the spec`,
      );
    }
    return desired;
  },

  // Names are unique per folder (and per org for uids, which the shared layer claims).
  claims: ({ name, folderUid }) => [`name:${folderUid}/${name}`],

  async observe({ target, uid }) {
    const listed = await panelList.on(target).get(uid);
    if (listed) return listed;
    // Not in the list (up to 10 s old): one GET before creating, so that a panel made in Grafana
    // meanwhile is judged by the ownership rules (Conflict unless adopt) instead of overwritten.
    const current = await undefinedIfNotFound(target.api.libraryPanels.get(uid));
    if (current && current.kind !== LIBRARY_PANEL_KIND) throw variableConflict(uid);
    if (current) panelList.on(target).put(current);
    return current;
  },

  async findClash({ target, uid, desired }) {
    return findByName(await panelList.on(target).items(), desired, uid);
  },

  diff: diffLibraryPanel,

  async write({ target, uid, desired, observed }) {
    const panels = target.api.libraryPanels;
    let current = observed;
    if (!current) {
      try {
        return written(
          await panels.create({
            uid,
            name: desired.name,
            model: desired.model,
            folderUid: desired.folderUid,
          }),
        );
      } catch (err) {
        if (err instanceof GrafanaNotFoundError && desired.folderUid) {
          throw new ObjectError(
            'DependencyNotReady',
            `folder ${desired.folderUid} does not exist in Grafana (${err.grafanaMessage || err.message})`,
          );
        }
        if (!(err instanceof GrafanaLibraryElementExistsError)) throw err;
        // 400 "with that name or UID already exists" (§7) does not say which: it appeared since we read.
        panelList.on(target).invalidate();
        current = await undefinedIfNotFound(panels.get(uid));
        if (!current) {
          const clash = findByName(await panelList.on(target).items(), desired, uid);
          throw new ObjectError(
            'Conflict',
            `${describePanel(desired, clash?.uid)} already exists in Grafana and was not created by this object; set spec.adopt: true to take it over`,
          );
        }
        if (current.kind !== LIBRARY_PANEL_KIND) throw variableConflict(uid);
      }
    }
    return written(await update(target, current, desired));
  },

  async remove(target, uid) {
    const panels = target.api.libraryPanels;
    try {
      await panels.delete(uid);
    } catch (err) {
      if (err instanceof GrafanaNotFoundError) return;
      // 403 "the library element has connections" (§7): a dashboard still uses it.
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
  },

  describe,
  shown: showName,
};

/**
 * The fields where Grafana's library panel differs from the desired one; [] = in sync. Model drift
 * is reported per top-level key (`model.options`), which is what the DriftReverted Event names.
 */
export function diffLibraryPanel(desired: DesiredLibraryPanel, observed: GrafanaLibraryElement): string[] {
  const drift: string[] = [];
  if (observed.name !== desired.name) drift.push('name');
  if (libraryElementFolderUid(observed) !== desired.folderUid) drift.push('folder');
  return [...drift, ...modelDrift(desired, observed)];
}

/**
 * PATCH with the version we read. A 412 means someone saved the panel since: read its version
 * and write once more; a second 412 is reported (VersionMismatch) and retried later.
 */
async function update(
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
    panelList.on(target).invalidate();
    // The uid is ours, so an "exists" answer is about the name in the target folder.
    if (err instanceof GrafanaLibraryElementExistsError) {
      const clash = findByName(await panelList.on(target).items(), desired, current.uid);
      throw new ObjectError(
        'Conflict',
        `${describePanel(desired, clash?.uid)} already exists in Grafana; choose another name or folder`,
      );
    }
    throw err;
  }
}

function findByName(
  panels: Map<string, GrafanaLibraryElement>,
  desired: DesiredLibraryPanel,
  exceptUid: string,
): GrafanaLibraryElement | undefined {
  for (const panel of panels.values()) {
    if (
      panel.uid !== exceptUid &&
      panel.name === desired.name &&
      libraryElementFolderUid(panel) === desired.folderUid
    )
      return panel;
  }
  return undefined;
}

/** What a write stored, to be listed. */
function written(panel: GrafanaLibraryElement): Written<GrafanaLibraryElement> {
  return { ...describe(panel), listed: panel };
}

function describe(panel: GrafanaLibraryElement): Applied {
  return { uid: panel.uid, version: panel.version };
}

function variableConflict(uid: string): ObjectError {
  return new ObjectError('Conflict', `uid ${uid} belongs to a library variable in Grafana, not a panel`);
}

function describePanel(desired: DesiredLibraryPanel, uid: string | undefined): string {
  const folder = desired.folderUid ? `folder ${desired.folderUid}` : 'the General folder';
  return `a library panel named "${desired.name}" in ${folder}${uid ? ` (uid ${uid})` : ''}`;
}

function normaliseFolderUid(uid: string): string {
  return uid === GENERAL_FOLDER_UID ? '' : uid;
}
