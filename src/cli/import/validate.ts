/**
 * Every manifest import writes is checked against our CRD schemas, as the operator checks a spec
 * (src/runtime/validation.ts): a mapping that produces an invalid spec is a defect to see here,
 * not an InvalidSpec after applying.
 */
import {
  grafanaAlertRuleGroupSpecSchema,
  grafanaContactPointSpecSchema,
  grafanaDashboardSpecSchema,
  grafanaDatasourceSpecSchema,
  grafanaFolderSpecSchema,
  grafanaMuteTimingSpecSchema,
  grafanaNotificationPolicySpecSchema,
  grafanaNotificationTemplateSpecSchema,
} from '../../api/generated/index.js';
import { validateSpec } from '../../runtime/validation.js';
import type { Manifest } from '../manifests.js';

const SPEC_SCHEMAS: Record<string, object> = {
  GrafanaAlertRuleGroup: grafanaAlertRuleGroupSpecSchema,
  GrafanaContactPoint: grafanaContactPointSpecSchema,
  GrafanaDashboard: grafanaDashboardSpecSchema,
  GrafanaDatasource: grafanaDatasourceSpecSchema,
  GrafanaFolder: grafanaFolderSpecSchema,
  GrafanaMuteTiming: grafanaMuteTimingSpecSchema,
  GrafanaNotificationPolicy: grafanaNotificationPolicySpecSchema,
  GrafanaNotificationTemplate: grafanaNotificationTemplateSpecSchema,
};

/** The schema errors of one manifest (none for a Secret or a valid object). */
export function manifestErrors(manifest: Manifest): string[] {
  const schema = SPEC_SCHEMAS[manifest.kind];
  if (!schema) return [];
  return validateSpec(schema, manifest.spec).errors;
}
