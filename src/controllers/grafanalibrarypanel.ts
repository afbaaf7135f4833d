import {
  GrafanaLibraryPanelResource,
  grafanaLibraryPanelSpecSchema,
  type GrafanaLibraryPanel,
  type GrafanaLibraryPanelSpec,
} from '../api/generated/index.js';
import { libraryElementFolderUid, type GrafanaLibraryElement } from '../grafana/index.js';
import {
  diffLibraryPanel,
  droppedKeysWarning,
  sameNameElsewhere,
  type DesiredLibraryPanel,
} from '../dashboards/library-panel.js';
import { panelModelOf, panelModels } from '../dashboards/library-panel-model.js';
import { observePanel, panelList } from '../dashboards/library-panel-reads.js';
import { createPanel, removePanel, updatePanel } from '../dashboards/library-panel-write.js';
import { resolveFolderRef } from '../folders/folder-ref.js';
import { type Applied, type ObjectKind, showName, type Written } from '../sync/object-kind.js';

/**
 * GrafanaLibraryPanel. Reads come from one list call per instance (shared by all objects), which
 * returns every panel with its model; only a panel missing from it is looked up on its own
 * (dashboards/library-panel-reads.ts). Grafana compares `version` on every PATCH (contract §7), so
 * writes send the version last read and, when someone else saved in between (412), read again and
 * retry once (dashboards/library-panel-write.ts). Dashboards refer to a library panel by uid, and
 * the uid never changes here, so they keep showing it through every change; Grafana refuses to
 * delete one that a dashboard still uses.
 *
 * What is compared (contract §12): `name`, the folder, and the model. The model is compared whole,
 * key by key, against what Grafana stores for the desired model: Grafana keeps the model as sent,
 * except that it writes the panel's `type` and `description` into it (`description` becomes "" when
 * absent) and fills an empty `libraryPanel.uid` with the element's uid; `storedModel`
 * (dashboards/library-panel-model.ts) applies exactly that to the desired model, so a model Grafana
 * has not been asked to change compares equal, and any key added, removed or changed in Grafana is
 * drift. The element's own `type`, `description`, `version`, `id` and `meta` are Grafana's and are
 * not compared.
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
  relistAfterFailedWrite: true,
  folderRef: (spec) => spec.folderRef,

  async desired(context, target) {
    const { spec, metadata } = context.object;
    const folderUid = spec.folderRef
      ? await resolveFolderRef(context, target, spec.folderRef)
      : libraryElementFolderUid({ folderUid: spec.folderUID ?? '' });
    const model = await panelModelOf(spec, context.configMaps);
    const desired = {
      name: spec.name ?? metadata?.name ?? '',
      folderUid,
      ...panelModels(model, context.uid),
    };
    const warning = droppedKeysWarning(model, await panelList.on(target).get(context.uid), target.name);
    // Deduplicated: one Event however often this is reconciled.
    if (warning) await context.event('Warning', 'ModelKeysDropped', warning);
    return desired;
  },

  // Names are unique per folder (and per org for uids, which the shared layer claims).
  claims: ({ name, folderUid }) => [`name:${folderUid}/${name}`],

  observe: ({ target, uid }) => observePanel(target, uid),

  async findClash({ target, uid, desired }) {
    return sameNameElsewhere(await panelList.on(target).items(), desired, uid);
  },

  diff: diffLibraryPanel,

  async write({ target, uid, desired, observed }) {
    return written(
      observed ? await updatePanel(target, observed, desired) : await createPanel(target, uid, desired),
    );
  },

  remove: removePanel,

  describe,
  shown: showName,
};

/** What a write stored, to be listed. */
function written(panel: GrafanaLibraryElement): Written<GrafanaLibraryElement> {
  return { ...describe(panel), listed: panel };
}

function describe(panel: GrafanaLibraryElement): Applied {
  return { uid: panel.uid, version: panel.version };
}
