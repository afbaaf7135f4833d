/**
 * Folders, dashboards and library panels as GrafanaFolder, GrafanaDashboard and
 * GrafanaLibraryPanel manifests.
 *
 * JSON Grafana keeps as given (here dashboards and panel models; elsewhere datasource jsonData,
 * integration settings and query models) is written with its keys sorted: the order Grafana
 * answers with depends on how the object was written, and the same object must export the same way.
 */
import { gzipSync } from 'node:zlib';
import type { GrafanaDashboardWithMeta, GrafanaFolder, GrafanaLibraryElement } from '../../grafana/index.js';
import { libraryElementFolderUid } from '../../grafana/index.js';
import { SERVER_KEYS } from '../../dashboards/prepare.js';
import { sortKeys } from '../../lib/json.js';
import type { ManifestEntry } from '../manifests.js';
import { byUid, type ExportContext } from './context.js';

/**
 * Dashboards whose JSON reaches this size go gzipped (spec.gzipJson): plain kubectl apply refuses
 * objects over 256 KiB (its last-applied-configuration annotation).
 */
export const GZIP_FROM_BYTES = 256 * 1024;

/** Names every folder first, so a folder's parentFolderRef can name one exported after it. */
export function nameFolders(context: ExportContext, folders: readonly GrafanaFolder[]): void {
  for (const folder of byUid(folders, (f) => f.uid)) {
    context.folderNames.set(folder.uid, context.names.allocate('GrafanaFolder', folder.title));
  }
}

export function folderManifests(context: ExportContext, folders: readonly GrafanaFolder[]): ManifestEntry[] {
  return byUid(folders, (f) => f.uid).map((folder) =>
    context.grafanaObject('GrafanaFolder', context.folderNames.get(folder.uid)!, {
      uid: folder.uid,
      title: folder.title,
      ...(folder.description ? { description: folder.description } : {}),
      ...context.folderPlacement(folder.parentUid, { ref: 'parentFolderRef', uid: 'parentFolderUID' }),
    }),
  );
}

export function dashboardManifests(
  context: ExportContext,
  dashboards: readonly GrafanaDashboardWithMeta[],
): ManifestEntry[] {
  return byUid(dashboards, (d) => d.dashboard.uid).map(({ dashboard, meta }) => {
    // The UI reads a missing `editable` as true (docs/grafana-api.md §6.2); the operator writes
    // it from editableInGrafana, so it is written out as read and the round trip keeps it.
    const editable = dashboard.editable !== false;
    const model = sortKeys({
      ...Object.fromEntries(
        Object.entries(dashboard).filter(([key]) => key === 'uid' || !SERVER_KEYS.includes(key)),
      ),
      editable,
    });
    const json = JSON.stringify(model, null, 2);
    const content =
      Buffer.byteLength(json) >= GZIP_FROM_BYTES ? { gzipJson: gzipSync(json).toString('base64') } : { json };
    return context.grafanaObject(
      'GrafanaDashboard',
      context.names.allocate('GrafanaDashboard', dashboard.title),
      {
        uid: dashboard.uid,
        ...content,
        ...context.folderPlacement(meta.folderUid, { ref: 'folderRef', uid: 'folderUID' }),
        // A dashboard editable in Grafana stays so.
        ...(editable ? { editableInGrafana: true } : {}),
      },
      meta.provisioned
        ? 'Provisioned from files in Grafana: saving it through the API fails until Grafana no longer provisions it.'
        : undefined,
    );
  });
}

/**
 * The model without `id` and `libraryPanel`, which Grafana fills in itself (the operator would
 * report them as replaced).
 */
export function libraryPanelManifests(
  context: ExportContext,
  elements: readonly GrafanaLibraryElement[],
): ManifestEntry[] {
  return byUid(elements, (e) => e.uid).map((element) => {
    const { id: _id, libraryPanel: _libraryPanel, ...model } = element.model;
    return context.grafanaObject(
      'GrafanaLibraryPanel',
      context.names.allocate('GrafanaLibraryPanel', element.name),
      {
        uid: element.uid,
        name: element.name,
        model: sortKeys(model),
        ...context.folderPlacement(libraryElementFolderUid(element), { ref: 'folderRef', uid: 'folderUID' }),
      },
    );
  });
}
