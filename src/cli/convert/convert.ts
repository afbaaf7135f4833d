/**
 * grafana-operator manifests (grafana.integreatly.org/v1beta1) as this operator's: one pure
 * function from the manifests read to the manifests to write and the report for stderr. Every
 * manifest written is checked against our CRD schemas; one that does not validate is reported and
 * left out rather than written broken.
 */
import {
  grafanaAlertRuleGroupSpecSchema,
  grafanaContactPointSpecSchema,
  grafanaDashboardSpecSchema,
  grafanaDatasourceSpecSchema,
  grafanaFolderSpecSchema,
  grafanaInstanceSpecSchema,
  grafanaLibraryPanelSpecSchema,
  grafanaMuteTimingSpecSchema,
  grafanaNotificationPolicySpecSchema,
  grafanaNotificationTemplateSpecSchema,
} from '../../api/generated/index.js';
import { validateSpec } from '../../runtime/validation.js';
import { OUR_API_VERSION, type Manifest, type ManifestEntry } from '../manifests.js';
import type { Converter } from './common.js';
import { convertContactPoint } from './contact-point.js';
import { Conversion, GRAFANA_OPERATOR_GROUP, type ConvertOptions, type SourceObject } from './context.js';
import { convertDashboard } from './dashboard.js';
import { convertDatasource } from './datasource.js';
import { convertFolder } from './folder.js';
import { convertGrafana } from './instance.js';
import { convertLibraryPanel } from './library-panel.js';
import { convertNotificationPolicy } from './notification-policy.js';
import { convertMuteTiming, convertNotificationTemplate } from './notification-resources.js';
import { ConversionReport, type ObjectReport } from './report.js';
import { convertRuleGroup } from './rule-group.js';

const CONVERTERS: Record<string, Converter> = {
  Grafana: convertGrafana,
  GrafanaFolder: convertFolder,
  GrafanaDatasource: convertDatasource,
  GrafanaDashboard: convertDashboard,
  GrafanaLibraryPanel: convertLibraryPanel,
  GrafanaAlertRuleGroup: convertRuleGroup,
  GrafanaContactPoint: convertContactPoint,
  GrafanaNotificationPolicy: convertNotificationPolicy,
  GrafanaNotificationTemplate: convertNotificationTemplate,
  GrafanaMuteTiming: convertMuteTiming,
};

/** Why a grafana-operator kind without a converter is left out. */
const UNCONVERTED_KINDS: Record<string, string> = {
  GrafanaNotificationPolicyRoute:
    'routes are written inline here: copy this route into the routes of the GrafanaNotificationPolicy whose routeSelector selects it',
  GrafanaManifest: 'arbitrary Grafana API resources have no equivalent',
  GrafanaServiceAccount: 'convert does not map service accounts yet; write a GrafanaServiceAccount by hand',
};

const SCHEMAS: Record<string, object> = {
  GrafanaInstance: grafanaInstanceSpecSchema,
  GrafanaFolder: grafanaFolderSpecSchema,
  GrafanaDatasource: grafanaDatasourceSpecSchema,
  GrafanaDashboard: grafanaDashboardSpecSchema,
  GrafanaLibraryPanel: grafanaLibraryPanelSpecSchema,
  GrafanaAlertRuleGroup: grafanaAlertRuleGroupSpecSchema,
  GrafanaContactPoint: grafanaContactPointSpecSchema,
  GrafanaNotificationPolicy: grafanaNotificationPolicySpecSchema,
  GrafanaNotificationTemplate: grafanaNotificationTemplateSpecSchema,
  GrafanaMuteTiming: grafanaMuteTimingSpecSchema,
};

export interface ConversionResult {
  entries: ManifestEntry[];
  report: ConversionReport;
  /** grafana-operator objects read, and how many of them were converted. */
  read: number;
  converted: number;
}

export function convertManifests(
  inputs: readonly ManifestEntry[],
  options: ConvertOptions,
): ConversionResult {
  const manifests = inputs.map((entry) => entry.manifest);
  const conversion = new Conversion(manifests, options);
  const report = new ConversionReport();
  const entries: ManifestEntry[] = [];
  let read = 0;
  for (const { manifest } of inputs) {
    const source = manifest as SourceObject;
    const about = report.about(source.kind, source.metadata?.name ?? '?');
    if (!source.apiVersion?.startsWith(`${GRAFANA_OPERATOR_GROUP}/`)) {
      about.changed(
        '',
        `left out: not a grafana-operator object (apply it as before; convert copies no Secrets)`,
      );
      continue;
    }
    read++;
    const converter = CONVERTERS[source.kind];
    if (source.apiVersion !== `${GRAFANA_OPERATOR_GROUP}/v1beta1` || !converter) {
      about.notConverted(
        '',
        UNCONVERTED_KINDS[source.kind] ?? `${source.apiVersion} ${source.kind} is not a kind convert knows`,
      );
      continue;
    }
    if (typeof source.metadata?.name !== 'string' || source.metadata.name === '') {
      about.notConverted('', 'metadata.name is missing');
      continue;
    }
    const converted = converter(source, about, conversion);
    if (converted && valid(converted, about)) entries.push({ manifest: converted });
  }
  const converted = entries.length;
  for (const extra of conversion.extras) {
    if (
      extra.manifest.apiVersion !== OUR_API_VERSION ||
      valid(extra.manifest, report.about(extra.manifest.kind, extra.manifest.metadata.name))
    )
      entries.push(extra);
  }
  return { entries, report, read, converted };
}

function valid(manifest: Manifest, report: ObjectReport): boolean {
  const result = validateSpec(SCHEMAS[manifest.kind]!, manifest.spec);
  if (!result.valid) report.notConverted('', `the result does not validate: ${result.errors.join('; ')}`);
  return result.valid;
}
