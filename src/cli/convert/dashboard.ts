/** grafana-operator's GrafanaDashboard as ours. */
import { specConverter } from './common.js';
import { readContent } from './content.js';
import type { SourceObject } from './context.js';
import type { ObjectReport } from './report.js';
import type { SpecReader } from './spec-reader.js';

export const convertDashboard = specConverter(
  'GrafanaDashboard',
  ({ source, spec, report, conversion, common }) => {
    const content = readContent({ source, spec, conversion });
    if (!content) return undefined;
    const out: Record<string, unknown> = { ...content.source };
    const uid = content.uid ?? uidFromMetadata(source, content.model, report);
    if (uid) out.uid = uid;
    if (content.urlCacheDuration) out.urlCacheDuration = content.urlCacheDuration;
    if (content.datasources) out.datasources = content.datasources;
    const folderRef = spec.string('folderRef');
    const folderUID = spec.string('folderUID');
    const folderTitle = spec.string('folder');
    if (folderRef) out.folderRef = folderRef;
    else if (folderUID) out.folderUID = folderUID;
    else if (folderTitle) {
      out.folderRef = conversion.folderNamed(source, folderTitle, common.instanceSelector, report);
      report.changed(
        'spec.folder',
        `now folderRef ${out.folderRef}, a GrafanaFolder titled "${folderTitle}"`,
      );
    }
    const variables = convertVariables(spec, content.model, report);
    if (variables) out.variables = variables;
    spec.drop('plugins', 'this operator does not install plugins; install them in Grafana');
    const publicDashboard = convertPublicSharing(spec.object('publicSharing'), report);
    if (publicDashboard) out.publicDashboard = publicDashboard;
    return out;
  },
);

/**
 * `variables[]` `{name, value}`, the same here. grafana-operator ignored a name the dashboard
 * lacks, which is InvalidSpec here: such an entry is left out when the JSON is in the manifest, and
 * the difference reported when it is not.
 */
function convertVariables(
  spec: SpecReader,
  model: Record<string, unknown> | undefined,
  report: ObjectReport,
): Array<{ name: string; value: string }> | undefined {
  const known = model ? variableNames(model) : undefined;
  const entries = spec.array('variables').flatMap((entry, index) => {
    const { name, value } = (entry ?? {}) as { name?: unknown; value?: unknown };
    if (typeof name !== 'string' || name === '') return [];
    if (known && !known.includes(name)) {
      report.notConverted(
        `${spec.at('variables')}[${index}]`,
        `${name} is not a variable of the dashboard (grafana-operator ignored it)`,
      );
      return [];
    }
    return [{ name, value: typeof value === 'string' ? value : '' }];
  });
  if (entries.length === 0) return undefined;
  if (!known)
    report.changed(
      spec.at('variables'),
      'a name that is not a variable of the dashboard is InvalidSpec here (grafana-operator ignored it)',
    );
  return entries;
}

function variableNames(model: Record<string, unknown>): string[] {
  const list = (model.templating as { list?: unknown } | undefined)?.list;
  return Array.isArray(list)
    ? list.flatMap((v) =>
        typeof (v as { name?: unknown })?.name === 'string' ? [(v as { name: string }).name] : [],
      )
    : [];
}

/**
 * `publicSharing` as `publicDashboard`: the same flags (enabled by default in both). A fixed
 * `accessToken` is not kept: Grafana makes the token, so the public URL changes.
 */
function convertPublicSharing(
  sharing: SpecReader | undefined,
  report: ObjectReport,
): Record<string, boolean> | undefined {
  if (!sharing) return undefined;
  const out: Record<string, boolean> = {};
  const enabled = sharing.boolean('enabled');
  if (enabled === false) out.enabled = false;
  for (const key of ['timeSelectionEnabled', 'annotationsEnabled'] as const) {
    if (sharing.boolean(key)) out[key] = true;
  }
  if (sharing.string('accessToken'))
    report.changed(
      sharing.at('accessToken'),
      'not kept: Grafana gives the public dashboard its token, so its public URL changes (status.instances[].publicDashboard.url)',
    );
  sharing.finish();
  return out;
}

/**
 * grafana-operator gives content without a uid the object's metadata.uid; ours would derive
 * another, so the same one is kept when the manifest carries it (read from a cluster). Content
 * that is not in the manifest cannot be checked: that is reported.
 */
export function uidFromMetadata(
  source: SourceObject,
  model: Record<string, unknown> | undefined,
  report: ObjectReport,
): string | undefined {
  const uid = source.metadata.uid;
  if (!uid) return undefined;
  if (model) return typeof model.uid === 'string' && model.uid ? undefined : uid;
  report.changed(
    'metadata.uid',
    `if the content has no uid, grafana-operator used ${uid}: set spec.uid to it to keep the same object in Grafana`,
  );
  return undefined;
}
