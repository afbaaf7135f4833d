// Generated from api/grafanaappresource.yaml by scripts/generate-api.ts; edit the source, then run `npm run generate`.

import type { KubeObject, ResourceType } from '../../runtime/kube/types.js';

import type {
  Adopt,
  DeletionPolicy,
  GrafanaObjectStatus,
  GrafanaUID,
  InstanceSelector,
  ResyncPeriod,
  Suspend,
} from './definitions.js';

export type GrafanaAppResourceStatus = GrafanaObjectStatus;

export interface GrafanaAppResourceParts {
  spec?: GrafanaAppResourceSpec;
  status?: GrafanaAppResourceStatus;
}
/**
 * The resource as it should be in every selected Grafana.
 */
export interface GrafanaAppResourceSpec {
  instanceSelector: InstanceSelector;
  uid?: GrafanaUID;
  /**
   * The resource's group and version in Grafana, e.g. playlist.grafana.app/v0alpha1.
   */
  apiVersion: string;
  /**
   * The resource's kind in that group and version, e.g. Playlist; its plural (the path) is found through Grafana's discovery.
   */
  kind: string;
  /**
   * The resource's spec, as Grafana's API for that kind takes it.
   */
  spec: Record<string, unknown>;
  /**
   * Labels the resource carries in Grafana (metadata.labels), besides Grafana's own.
   */
  labels?: {
    [k: string]: string | undefined;
  };
  /**
   * Annotations the resource carries in Grafana (metadata.annotations), besides Grafana's own; the folder is set with folderRef or folderUID, not here.
   */
  annotations?: {
    [k: string]: string | undefined;
  };
  /**
   * Name of a GrafanaFolder in this namespace to put the resource in (the grafana.app/folder annotation), for kinds Grafana keeps in folders.
   */
  folderRef?: string;
  /**
   * uid of an existing Grafana folder to put the resource in.
   */
  folderUID?: string;
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
  resyncPeriodSchema,
  suspendSchema,
} from './definitions.js';

/** The GrafanaAppResource custom resource. */
export interface GrafanaAppResource extends KubeObject {
  spec: GrafanaAppResourceSpec;
  status?: GrafanaAppResourceStatus;
}

export const GrafanaAppResourceResource = {
  group: 'grafana.provisioning.dev',
  version: 'v1beta1',
  plural: 'grafanaappresources',
  namespaced: true,
  kind: 'GrafanaAppResource',
} as const satisfies ResourceType;

/** The spec's OpenAPI schema (CEL rules and x-kubernetes-* keys removed) for runtime validation. */
export const grafanaAppResourceSpecSchema = {
  type: 'object',
  required: ['instanceSelector', 'apiVersion', 'kind', 'spec'],
  properties: {
    instanceSelector: instanceSelectorSchema,
    uid: grafanaUIDSchema,
    apiVersion: {
      type: 'string',
      pattern:
        '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+/v[0-9]+((alpha|beta)[0-9]+)?$',
      maxLength: 316,
    },
    kind: { type: 'string', pattern: '^[A-Z][A-Za-z0-9]*$', maxLength: 63 },
    spec: { type: 'object' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
    folderRef: { type: 'string', minLength: 1, maxLength: 253 },
    folderUID: { type: 'string', minLength: 1, maxLength: 40 },
    deletionPolicy: deletionPolicySchema,
    resyncPeriod: resyncPeriodSchema,
    suspend: suspendSchema,
    adopt: adoptSchema,
  },
} as const;
