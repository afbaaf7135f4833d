/**
 * A library panel as a GrafanaLibraryPanel asks for it, and how it compares with the elements
 * Grafana holds: by its fields (drift) and by its name, which is unique per folder.
 */
import {
  libraryElementFolderUid,
  type GrafanaLibraryElement,
  type LibraryPanelModel,
} from '../grafana/index.js';
import { boundedList } from '../lib/messages.js';
import { droppedKeys, modelDrift, servedThroughResource, type PanelModels } from './library-panel-model.js';

export interface DesiredLibraryPanel extends PanelModels {
  name: string;
  /** '' for the General folder. */
  folderUid: string;
}

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

/** Another panel than `exceptUid` with the desired name in the desired folder. */
export function sameNameElsewhere(
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

/** The desired panel in a message, with the uid of the panel that already holds its name. */
export function describePanel(desired: DesiredLibraryPanel, uid: string | undefined): string {
  const folder = desired.folderUid ? `folder ${desired.folderUid}` : 'the General folder';
  return `a library panel named "${desired.name}" in ${folder}${uid ? ` (uid ${uid})` : ''}`;
}

/**
 * What to warn about when Grafana serves `listed` through the `librarypanels` resource, which drops
 * keys of `model` (contract §7.1); undefined when nothing is lost.
 */
export function droppedKeysWarning(
  model: LibraryPanelModel,
  listed: GrafanaLibraryElement | undefined,
  instance: string,
): string | undefined {
  const dropped = listed && servedThroughResource(listed) ? droppedKeys(model) : [];
  if (dropped.length === 0) return undefined;
  return `${instance}: Grafana keeps library panel models without ${boundedList(dropped, { maxItems: 10 })} (kubernetesLibraryPanels); remove them from the spec`;
}
