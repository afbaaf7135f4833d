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

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
}

/**
 * Fields of a manifest's spec the schema does not declare. The validator accepts them, but the
 * apiserver prunes them on apply: each is a value that would be lost without a word, so import
 * reports it. An object schema without `properties` is free-form (x-kubernetes-preserve-unknown-fields).
 */
export function undeclaredFields(manifest: Manifest): string[] {
  const schema = SPEC_SCHEMAS[manifest.kind] as SchemaNode | undefined;
  return schema ? undeclaredIn(schema, manifest.spec, 'spec') : [];
}

function undeclaredIn(schema: SchemaNode, value: unknown, path: string): string[] {
  if (Array.isArray(value))
    return schema.items ? value.flatMap((item, i) => undeclaredIn(schema.items!, item, `${path}[${i}]`)) : [];
  if (value === null || typeof value !== 'object') return [];
  const { properties, additionalProperties } = schema;
  return Object.entries(value).flatMap(([key, item]) => {
    const child =
      properties?.[key] ?? (typeof additionalProperties === 'object' ? additionalProperties : undefined);
    if (child) return undeclaredIn(child, item, `${path}.${key}`);
    return properties && additionalProperties === undefined ? [`${path}.${key}`] : [];
  });
}
