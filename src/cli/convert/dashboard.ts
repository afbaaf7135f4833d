/** grafana-operator's GrafanaDashboard as ours. */
import { specConverter } from './common.js';
import { readContent } from './content.js';
import type { SourceObject } from './context.js';
import type { ObjectReport } from './report.js';

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
    spec.drop(
      'variables',
      'template variables are not overridden; set their current values in the dashboard JSON',
    );
    spec.drop('plugins', 'this operator does not install plugins; install them in Grafana');
    spec.drop('publicSharing', 'public dashboards are not managed by this operator');
    return out;
  },
);

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
