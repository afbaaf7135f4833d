// Generated from api/grafanaalertrulegroup.yaml by scripts/generate-api.ts; edit the source, then run `npm run generate`.

import type { KubeObject, ResourceType } from '../../runtime/kube/types.js';

import type {
  Adopt,
  AlertRuleGroupRuleSpec,
  DeletionPolicy,
  EditableInGrafana,
  GrafanaObjectStatus,
  InstanceSelector,
  ResyncPeriod,
  Suspend,
} from './definitions.js';

export type GrafanaAlertRuleGroupStatus = GrafanaObjectStatus;

export interface GrafanaAlertRuleGroupParts {
  spec?: GrafanaAlertRuleGroupSpec;
  status?: GrafanaAlertRuleGroupStatus;
}
/**
 * The rule group as it should be in every selected Grafana. Rules in Grafana's group that are not listed here are removed from it.
 */
export interface GrafanaAlertRuleGroupSpec {
  instanceSelector: InstanceSelector;
  /**
   * Name of the GrafanaFolder (in this namespace) that holds the group. The group waits until that folder is Ready, and the folder is not deleted before the group.
   */
  folderRef?: string;
  /**
   * uid of an existing Grafana folder that holds the group.
   */
  folderUID?: string;
  /**
   * The group's name in its folder. Omitted, metadata.name.
   */
  name?: string;
  /**
   * How often Grafana evaluates the group's rules: a positive multiple of 10s (Grafana's evaluation tick), such as 10s, 1m or 5m. Default 1m.
   */
  interval?: string;
  /**
   * The group's rules, in evaluation order (at most 1000; Grafana discourages large groups). Each rule needs a uid that stays the same across changes, so Grafana updates it instead of replacing it: set uid, or let it be derived from this object and the rule's title (a new title is then a new rule).
   *
   * @minItems 1
   * @maxItems 1000
   */
  rules: [AlertRuleGroupRuleSpec, ...AlertRuleGroupRuleSpec[]];
  editableInGrafana?: EditableInGrafana;
  deletionPolicy?: DeletionPolicy;
  resyncPeriod?: ResyncPeriod;
  suspend?: Suspend;
  /**
   * Take over a rule group of the same name in the folder that this object did not create (otherwise Ready=False/Conflict and nothing changes). Its rules are replaced by this object's. A group provisioned from files can never be taken over.
   */
  adopt?: Adopt;
}

import {
  adoptSchema,
  alertRuleGroupRuleSpecSchema,
  deletionPolicySchema,
  editableInGrafanaSchema,
  instanceSelectorSchema,
  resyncPeriodSchema,
  suspendSchema,
} from './definitions.js';

/** The GrafanaAlertRuleGroup custom resource. */
export interface GrafanaAlertRuleGroup extends KubeObject {
  spec: GrafanaAlertRuleGroupSpec;
  status?: GrafanaAlertRuleGroupStatus;
}

export const GrafanaAlertRuleGroupResource = {
  group: 'grafana.provisioning.dev',
  version: 'v1beta1',
  plural: 'grafanaalertrulegroups',
  namespaced: true,
  kind: 'GrafanaAlertRuleGroup',
} as const satisfies ResourceType;

/** The spec's OpenAPI schema (CEL rules and x-kubernetes-* keys removed) for runtime validation. */
export const grafanaAlertRuleGroupSpecSchema = {
  type: 'object',
  required: ['instanceSelector', 'rules'],
  properties: {
    instanceSelector: instanceSelectorSchema,
    folderRef: { type: 'string', minLength: 1, maxLength: 253 },
    folderUID: { type: 'string', minLength: 1, maxLength: 40 },
    name: { type: 'string', minLength: 1, maxLength: 190 },
    interval: { type: 'string', default: '1m', maxLength: 32 },
    rules: { type: 'array', minItems: 1, maxItems: 1000, items: alertRuleGroupRuleSpecSchema },
    editableInGrafana: editableInGrafanaSchema,
    deletionPolicy: deletionPolicySchema,
    resyncPeriod: resyncPeriodSchema,
    suspend: suspendSchema,
    adopt: adoptSchema,
  },
} as const;
