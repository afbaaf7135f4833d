/**
 * The whole mapping of one org's snapshot to manifests, for the kinds asked for: pure, so the
 * same snapshot always gives the same manifests and names.
 */
import type { ManifestEntry } from '../manifests.js';
import { CliError } from '../exit.js';
import { ExportContext, type ExportOptions } from './context.js';
import { instanceManifests, type InstanceSource } from './map-instance.js';
import { dashboardManifests, folderManifests, libraryPanelManifests, nameFolders } from './map-content.js';
import { datasourceManifests } from './map-datasources.js';
import {
  contactPointManifests,
  muteTimingManifests,
  policyManifests,
  ruleGroupManifests,
  templateManifests,
} from './map-alerting.js';
import type { OrgSnapshot } from './snapshot.js';

/** The kinds `--kinds` chooses from, in the order they are read and mapped. */
export const EXPORT_KINDS = [
  'GrafanaFolder',
  'GrafanaDatasource',
  'GrafanaDashboard',
  'GrafanaLibraryPanel',
  'GrafanaAlertRuleGroup',
  'GrafanaContactPoint',
  'GrafanaNotificationPolicy',
  'GrafanaNotificationTemplate',
  'GrafanaMuteTiming',
] as const;

export type ExportKind = (typeof EXPORT_KINDS)[number];

/**
 * `--kinds` as given (`dashboards,folder,GrafanaMuteTiming`: with or without `Grafana`, any case,
 * singular or plural) to kinds. Omitted: all.
 */
export function parseKinds(text: string | undefined): Set<ExportKind> {
  if (text === undefined) return new Set(EXPORT_KINDS);
  const bare = (kind: string) => kind.toLowerCase().replace(/^grafana/, '');
  const chosen = new Set<ExportKind>();
  for (const word of text
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean)) {
    const wanted = bare(word);
    const plural = (kind: string) => `${bare(kind).replace(/y$/, 'ie')}s`;
    const kind = EXPORT_KINDS.find((k) => bare(k) === wanted || plural(k) === wanted);
    if (!kind) {
      throw new CliError(
        `--kinds: unknown kind "${word}"; choose from ${EXPORT_KINDS.map((k) => bare(k)).join(', ')}`,
      );
    }
    chosen.add(kind);
  }
  if (chosen.size === 0) throw new CliError('--kinds: name at least one kind');
  return chosen;
}

/** The name of the exported GrafanaInstance: the org's name, made valid. */
export function instanceNameOf(snapshot: OrgSnapshot): string {
  return new ExportContext({ adopt: false }, '').names.allocate('GrafanaInstance', snapshot.org.name);
}

export function exportManifests(
  snapshot: OrgSnapshot,
  source: InstanceSource,
  options: ExportOptions & { kinds: ReadonlySet<ExportKind> },
): ManifestEntry[] {
  const context = new ExportContext(options, instanceNameOf(snapshot));
  const wants = (kind: ExportKind) => options.kinds.has(kind);
  // Folders are named first whether exported or not: what sits in one not exported gets its uid.
  if (wants('GrafanaFolder')) nameFolders(context, snapshot.folders);
  return [
    ...instanceManifests(context, source),
    ...(wants('GrafanaFolder') ? folderManifests(context, snapshot.folders) : []),
    ...(wants('GrafanaDatasource') ? datasourceManifests(context, snapshot.datasources) : []),
    ...(wants('GrafanaDashboard') ? dashboardManifests(context, snapshot.dashboards) : []),
    ...(wants('GrafanaLibraryPanel') ? libraryPanelManifests(context, snapshot.libraryPanels) : []),
    ...(wants('GrafanaAlertRuleGroup') ? ruleGroupManifests(context, snapshot.ruleGroups) : []),
    ...(wants('GrafanaContactPoint')
      ? contactPointManifests(context, snapshot.contactPoints, snapshot.integrations)
      : []),
    ...(wants('GrafanaNotificationPolicy') ? policyManifests(context, snapshot.policy) : []),
    ...(wants('GrafanaNotificationTemplate') ? templateManifests(context, snapshot.templates) : []),
    ...(wants('GrafanaMuteTiming')
      ? muteTimingManifests(context, snapshot.muteTimings, snapshot.muteTimingList)
      : []),
  ];
}
