// Generated from api/grafanaalertrule.yaml by scripts/generate-api.ts; edit the source, then run `npm run generate`.

import type { KubeObject, ResourceType } from '../../runtime/kube/types.js';

import type {
  Adopt,
  AlertRuleNotificationSettingsSpec,
  AlertRuleQuerySpec,
  AlertRuleRecordSpec,
  DeletionPolicy,
  EditableInGrafana,
  GrafanaObjectStatus,
  GrafanaUID,
  InstanceSelector,
  PrometheusDuration,
  ResyncPeriod,
  Suspend,
} from './definitions.js';

export type GrafanaAlertRuleStatus = GrafanaObjectStatus;

export interface GrafanaAlertRuleParts {
  spec?: GrafanaAlertRuleSpec;
  status?: GrafanaAlertRuleStatus;
}
/**
 * The alert rule as it should be in every selected Grafana, with the fields of Grafana's provisioning API (ProvisionedAlertRule), so a rule read from GET /api/v1/provisioning/alert-rules fits.
 */
export interface GrafanaAlertRuleSpec {
  instanceSelector: InstanceSelector;
  /**
   * The rule's uid in Grafana (letters, digits, - and _; at most 40). Omitted: derived from this object's name and namespace, stable across re-creation. Cannot be changed later.
   */
  uid?: GrafanaUID;
  /**
   * Name of the GrafanaFolder (in this namespace) that holds the rule. The rule waits until that folder is Ready, and the folder is not deleted before the rule.
   */
  folderRef?: string;
  /**
   * uid of an existing Grafana folder that holds the rule.
   */
  folderUID?: string;
  /**
   * The rule group (in the folder) the rule belongs to. It evaluates at the group's interval, or at Grafana's default (1m) when the rule creates the group; to choose the interval, manage the whole group with a GrafanaAlertRuleGroup instead.
   */
  ruleGroup: string;
  /**
   * The rule's name, shown in Grafana and in notifications as alertname.
   */
  title: string;
  /**
   * refId of the query or expression whose result decides whether the rule fires.
   */
  condition?: string;
  /**
   * The rule's queries and expressions, each with a unique refId.
   *
   * @minItems 1
   */
  data: [AlertRuleQuerySpec, ...AlertRuleQuerySpec[]];
  /**
   * State when the queries return no data. Default NoData.
   */
  noDataState?: 'Alerting' | 'NoData' | 'OK' | 'KeepLast';
  /**
   * State when evaluation fails or times out. Default Error.
   */
  execErrState?: 'Alerting' | 'Error' | 'OK' | 'KeepLast';
  /**
   * How long the condition must hold before the rule fires (pending period). Default 0s.
   */
  for?: PrometheusDuration;
  /**
   * How long the rule keeps firing after the condition stops holding. Default 0s.
   */
  keep_firing_for?: PrometheusDuration;
  /**
   * Annotations (summary, description, runbook_url, __dashboardUid__ with __panelId__ to link a panel, …).
   */
  annotations?: {
    [k: string]: string | undefined;
  };
  /**
   * Labels added to the rule's alerts, used by notification policies.
   */
  labels?: {
    [k: string]: string | undefined;
  };
  /**
   * Stop evaluating the rule.
   */
  isPaused?: boolean;
  notification_settings?: AlertRuleNotificationSettingsSpec;
  record?: AlertRuleRecordSpec;
  /**
   * How many evaluations without a series it takes to resolve that series' alert. Omitted: Grafana's default.
   */
  missingSeriesEvalsToResolve?: number;
  editableInGrafana?: EditableInGrafana;
  deletionPolicy?: DeletionPolicy;
  resyncPeriod?: ResyncPeriod;
  suspend?: Suspend;
  /**
   * Take over an alert rule with this object's uid that this object did not create (otherwise Ready=False/Conflict and nothing changes). A rule provisioned from files can never be taken over.
   */
  adopt?: Adopt;
}

import {
  adoptSchema,
  alertRuleNotificationSettingsSpecSchema,
  alertRuleQuerySpecSchema,
  alertRuleRecordSpecSchema,
  deletionPolicySchema,
  editableInGrafanaSchema,
  grafanaUIDSchema,
  instanceSelectorSchema,
  prometheusDurationSchema,
  resyncPeriodSchema,
  suspendSchema,
} from './definitions.js';

/** The GrafanaAlertRule custom resource. */
export interface GrafanaAlertRule extends KubeObject {
  spec: GrafanaAlertRuleSpec;
  status?: GrafanaAlertRuleStatus;
}

export const GrafanaAlertRuleResource = {
  group: 'grafana.provisioning.dev',
  version: 'v1beta1',
  plural: 'grafanaalertrules',
  namespaced: true,
  kind: 'GrafanaAlertRule',
} as const satisfies ResourceType;

/** The spec's OpenAPI schema (CEL rules and x-kubernetes-* keys removed) for runtime validation. */
export const grafanaAlertRuleSpecSchema = {
  type: 'object',
  required: ['instanceSelector', 'ruleGroup', 'title', 'data'],
  properties: {
    instanceSelector: instanceSelectorSchema,
    uid: grafanaUIDSchema,
    folderRef: { type: 'string', minLength: 1, maxLength: 253 },
    folderUID: { type: 'string', minLength: 1, maxLength: 40 },
    ruleGroup: { type: 'string', minLength: 1, maxLength: 190 },
    title: { type: 'string', minLength: 1, maxLength: 190 },
    condition: { type: 'string', minLength: 1, maxLength: 128 },
    data: { type: 'array', minItems: 1, items: alertRuleQuerySpecSchema },
    noDataState: { type: 'string', enum: ['Alerting', 'NoData', 'OK', 'KeepLast'] },
    execErrState: { type: 'string', enum: ['Alerting', 'Error', 'OK', 'KeepLast'] },
    for: prometheusDurationSchema,
    keep_firing_for: prometheusDurationSchema,
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    isPaused: { type: 'boolean' },
    notification_settings: alertRuleNotificationSettingsSpecSchema,
    record: alertRuleRecordSpecSchema,
    missingSeriesEvalsToResolve: { type: 'integer', format: 'int64', minimum: 1 },
    editableInGrafana: editableInGrafanaSchema,
    deletionPolicy: deletionPolicySchema,
    resyncPeriod: resyncPeriodSchema,
    suspend: suspendSchema,
    adopt: adoptSchema,
  },
} as const;
