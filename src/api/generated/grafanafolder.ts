// Generated from api/grafanafolder.yaml by scripts/generate-api.ts; edit the source, then run `npm run generate`.

import type { KubeObject, ResourceType } from '../../runtime/kube/types.js';

import type {
  Adopt,
  DeletionPolicy,
  GrafanaObjectStatus,
  GrafanaUID,
  InstanceSelector,
  Permissions,
  ResyncPeriod,
  Suspend,
} from './definitions.js';

export type GrafanaFolderStatus = GrafanaObjectStatus;

export interface GrafanaFolderParts {
  spec?: GrafanaFolderSpec;
  status?: GrafanaFolderStatus;
}
/**
 * The folder as it should be in every selected Grafana.
 */
export interface GrafanaFolderSpec {
  instanceSelector: InstanceSelector;
  uid?: GrafanaUID;
  /**
   * The folder's title.
   */
  title: string;
  /**
   * The folder's description.
   */
  description?: string;
  /**
   * Name of the GrafanaFolder (in this namespace) to nest this folder in. This folder waits until that one is Ready.
   */
  parentFolderRef?: string;
  /**
   * uid of an existing Grafana folder to nest this folder in.
   */
  parentFolderUID?: string;
  permissions?: Permissions;
  deletionPolicy?: DeletionPolicy;
  resyncPeriod?: ResyncPeriod;
  suspend?: Suspend;
  adopt?: Adopt;
}

import {
  adoptSchema,
  deletionPolicySchema,
  grafanaUIDSchema,
  instanceSelectorSchema,
  permissionsSchema,
  resyncPeriodSchema,
  suspendSchema,
} from './definitions.js';

/** The GrafanaFolder custom resource. */
export interface GrafanaFolder extends KubeObject {
  spec: GrafanaFolderSpec;
  status?: GrafanaFolderStatus;
}

export const GrafanaFolderResource = {
  group: 'grafana.provisioning.dev',
  version: 'v1beta1',
  plural: 'grafanafolders',
  namespaced: true,
  kind: 'GrafanaFolder',
} as const satisfies ResourceType;

/** The spec's OpenAPI schema (CEL rules and x-kubernetes-* keys removed) for runtime validation. */
export const grafanaFolderSpecSchema = {
  type: 'object',
  required: ['instanceSelector', 'title'],
  properties: {
    instanceSelector: instanceSelectorSchema,
    uid: grafanaUIDSchema,
    title: { type: 'string', minLength: 1, maxLength: 189 },
    description: { type: 'string', maxLength: 1024 },
    parentFolderRef: { type: 'string', minLength: 1, maxLength: 253 },
    parentFolderUID: { type: 'string', minLength: 1, maxLength: 40 },
    permissions: permissionsSchema,
    deletionPolicy: deletionPolicySchema,
    resyncPeriod: resyncPeriodSchema,
    suspend: suspendSchema,
    adopt: adoptSchema,
  },
} as const;
