/**
 * Dashboard providers (`dashboards/*.yaml`, docs/grafana-api.md §20.3) and their JSON files →
 * GrafanaFolder and GrafanaDashboard manifests. Pure: the files are read by dashboard-files.ts.
 */
import { gzipSync } from 'node:zlib';
import { parseDashboard } from '../../dashboards/parse.js';
import { ObjectError } from '../../lib/object-error.js';
import { noteOrg, objectOf, stringOf, type ImportContext } from './context.js';

/** One JSON file under a provider's path. */
export interface DashboardFile {
  /** Relative to the provider's path, `/`-separated. */
  path: string;
  text: string;
}

/** Dashboards this large go in gzipJson: a manifest stays well under etcd's object limit. */
export const GZIP_FROM_BYTES = 256 * 1024;

const PROVIDER_KEYS = [
  'name',
  'type',
  'orgId',
  'org_id',
  'folder',
  'folderUid',
  'options',
  'allowUiUpdates',
  'disableDeletion',
  'updateIntervalSeconds',
  'editable',
];

/** The providers of a dashboards file: `providers` (apiVersion 1) or a top-level list (apiVersion 0). */
export function providersOf(content: unknown): Record<string, unknown>[] {
  const list = Array.isArray(content) ? content : objectOf(content).providers;
  return (Array.isArray(list) ? list : []).map(objectOf);
}

/** The directory a provider reads (`options.path`, or the deprecated `options.folder`). */
export function providerPath(provider: Record<string, unknown>): string | undefined {
  const options = objectOf(provider.options);
  return stringOf(options.path) ?? stringOf(options.folder);
}

export function importDashboardProvider(
  context: ImportContext,
  where: string,
  provider: Record<string, unknown>,
  files: readonly DashboardFile[],
): void {
  const type = stringOf(provider.type) ?? 'file';
  if (type !== 'file') {
    context.report.note(where, `type "${type}": only file providers are read, not imported`);
    return;
  }
  noteOrg(context, where, provider.orgId ?? provider.org_id);
  const options = objectOf(provider.options);
  const fromStructure = options.foldersFromFilesStructure === true;
  const folder = stringOf(provider.folder);
  const folderUid = stringOf(provider.folderUid);
  if (fromStructure && folder !== undefined && folderUid !== undefined) {
    context.report.note(
      where,
      'foldersFromFilesStructure with folder and folderUid: Grafana refuses this provider, not imported',
    );
    return;
  }
  if (folderUid !== undefined && folder === undefined)
    context.report.note(
      where,
      `folderUid ${folderUid} without folder: Grafana puts the dashboards at the top level, so does the import`,
    );
  context.report.unknownKeys(where, provider, PROVIDER_KEYS);
  context.report.unknownKeys(
    where,
    options,
    ['path', 'folder', 'foldersFromFilesStructure'],
    'provider option with no equivalent',
  );
  if (provider.updateIntervalSeconds !== undefined)
    context.report.note(
      where,
      'updateIntervalSeconds: no equivalent (the operator applies a change when the object changes), left out',
    );
  if (provider.editable !== undefined)
    context.report.note(
      where,
      'editable: no equivalent for a provider, left out (allowUiUpdates becomes editableInGrafana)',
    );
  const common: Record<string, unknown> = {};
  if (provider.allowUiUpdates === true) common.editableInGrafana = true;
  if (provider.disableDeletion === true) {
    common.deletionPolicy = 'Orphan';
    context.report.note(
      where,
      'disableDeletion: true became deletionPolicy: Orphan (a removed object leaves its dashboard in Grafana)',
    );
  }
  const seen = new Map<string, string>();
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const fileWhere = `${where} ${file.path}`;
    let dashboard: Record<string, unknown>;
    try {
      dashboard = parseDashboard(file.text, file.path);
    } catch (err) {
      if (!(err instanceof ObjectError)) throw err;
      context.report.note(fileWhere, `${err.message}: not imported (Grafana skips it too)`);
      continue;
    }
    const uid = stringOf(dashboard.uid);
    if (uid !== undefined) {
      const first = seen.get(uid);
      if (first !== undefined) {
        context.report.note(fileWhere, `uid ${uid} is also ${first}'s: not imported (Grafana keeps one)`);
        continue;
      }
      seen.set(uid, file.path);
    }
    if (Array.isArray(dashboard.__inputs) && dashboard.__inputs.length > 0)
      context.report.note(
        fileWhere,
        '__inputs: file provisioning leaves ${…} inputs unreplaced, as the import does; map them with spec.datasources if they should be',
      );
    const folderPath = fromStructure ? structureFolder(file.path) : folder !== undefined ? [folder] : [];
    const folderRef =
      folderPath.length > 0
        ? context.folders.folder(folderPath, where, fromStructure ? undefined : folderUid)
        : undefined;
    const spec: Record<string, unknown> = {
      ...content(file.text),
      ...(folderRef !== undefined ? { folderRef } : {}),
      ...common,
    };
    const name = context.names.allocate('GrafanaDashboard', String(dashboard.title));
    context.push('GrafanaDashboard', name, spec, fileWhere);
  }
}

/**
 * The folder of a file with foldersFromFilesStructure: the name of the directory it is in, one
 * level, at the top (Grafana's `filepath.Base(filepath.Dir(path))`); none for a file at the root.
 */
export function structureFolder(path: string): string[] {
  const parts = path.split('/');
  return parts.length > 1 ? [parts.at(-2)!] : [];
}

function content(text: string): Record<string, string> {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (Buffer.byteLength(trimmed) < GZIP_FROM_BYTES) return { json: trimmed };
  return { gzipJson: gzipSync(trimmed).toString('base64') };
}
