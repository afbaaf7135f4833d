// Generated from api/grafananotificationtemplate.yaml by scripts/generate-api.ts; edit the source, then run `npm run generate`.

import type { KubeObject, ResourceType } from '../../runtime/kube/types.js';

import type {
  Adopt,
  DeletionPolicy,
  EditableInGrafana,
  GrafanaObjectStatus,
  InstanceSelector,
  ResyncPeriod,
  Suspend,
} from './definitions.js';

export type GrafanaNotificationTemplateStatus = GrafanaObjectStatus;

export interface GrafanaNotificationTemplateParts {
  spec?: GrafanaNotificationTemplateSpec;
  status?: GrafanaNotificationTemplateStatus;
}
/**
 * The template group as it should be in every selected Grafana. Its content comes from exactly one of template and configMapRef.
 */
export interface GrafanaNotificationTemplateSpec {
  instanceSelector: InstanceSelector;
  /**
   * The template group's name in Grafana, unique per org. Omitted, metadata.name. Changing it creates the group under the new name and deletes the old one.
   */
  name?: string;
  /**
   * The content: one or more {{ define "name" }}…{{ end }} blocks. Content without a define block is wrapped by Grafana into one named after the group (each line indented by two spaces); either way it is compared with what Grafana stores as Grafana would store it, so it never shows as drift.
   */
  template?: string;
  /**
   * A ConfigMap key (in this namespace) holding the content, treated exactly like template. A change of the ConfigMap re-applies the group.
   */
  configMapRef?: {
    /**
     * Name of the ConfigMap.
     */
    name: string;
    /**
     * Key within the ConfigMap's data.
     */
    key: string;
  };
  editableInGrafana?: EditableInGrafana;
  deletionPolicy?: DeletionPolicy;
  resyncPeriod?: ResyncPeriod;
  suspend?: Suspend;
  adopt?: Adopt;
}

import {
  adoptSchema,
  deletionPolicySchema,
  editableInGrafanaSchema,
  instanceSelectorSchema,
  resyncPeriodSchema,
  suspendSchema,
} from './definitions.js';

/** The GrafanaNotificationTemplate custom resource. */
export interface GrafanaNotificationTemplate extends KubeObject {
  spec: GrafanaNotificationTemplateSpec;
  status?: GrafanaNotificationTemplateStatus;
}

export const GrafanaNotificationTemplateResource = {
  group: 'grafana.provisioning.dev',
  version: 'v1beta1',
  plural: 'grafananotificationtemplates',
  namespaced: true,
  kind: 'GrafanaNotificationTemplate',
} as const satisfies ResourceType;

/** The spec's OpenAPI schema (CEL rules and x-kubernetes-* keys removed) for runtime validation. */
export const grafanaNotificationTemplateSpecSchema = {
  type: 'object',
  required: ['instanceSelector'],
  properties: {
    instanceSelector: instanceSelectorSchema,
    name: { type: 'string', minLength: 1, maxLength: 190 },
    template: { type: 'string', minLength: 1, maxLength: 1048576 },
    configMapRef: {
      type: 'object',
      required: ['name', 'key'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 253 },
        key: { type: 'string', minLength: 1, maxLength: 253 },
      },
    },
    editableInGrafana: editableInGrafanaSchema,
    deletionPolicy: deletionPolicySchema,
    resyncPeriod: resyncPeriodSchema,
    suspend: suspendSchema,
    adopt: adoptSchema,
  },
} as const;
