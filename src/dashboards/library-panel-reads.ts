/**
 * How library panels are read on an instance: one list call shared by every object (it returns
 * each panel with its model), and a GET for a panel missing from it.
 */
import { LIBRARY_PANEL_KIND, undefinedIfNotFound, type GrafanaLibraryElement } from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import { kindList } from '../sync/kind-list.js';
import type { InstanceTarget } from '../sync/targets.js';

/** Every library element on an instance with its model, by uid. */
export const panelList = kindList<GrafanaLibraryElement>({
  name: 'library-panels',
  load: (target) => target.api.libraryPanels.list(),
  key: (panel) => panel.uid,
});

/**
 * The panel `uid` on the instance, from the list; when the list (up to 10 s old) does not have it,
 * one GET before creating, so that a panel made in Grafana meanwhile is judged by the ownership
 * rules (Conflict unless adopt) instead of overwritten.
 */
export async function observePanel(
  target: InstanceTarget,
  uid: string,
): Promise<GrafanaLibraryElement | undefined> {
  const list = panelList.on(target);
  return (await list.get(uid)) ?? list.readPast(() => getPanel(target, uid));
}

/** The panel `uid` as a GET shows it; a library variable with the uid is a Conflict. */
export async function getPanel(
  target: InstanceTarget,
  uid: string,
): Promise<GrafanaLibraryElement | undefined> {
  const current = await undefinedIfNotFound(target.api.libraryPanels.get(uid));
  if (current && current.kind !== LIBRARY_PANEL_KIND) {
    throw new ObjectError('Conflict', `uid ${uid} belongs to a library variable in Grafana, not a panel`);
  }
  return current;
}
