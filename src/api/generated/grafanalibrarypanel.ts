// Generated from api/grafanalibrarypanel.yaml by scripts/generate-api.ts; edit the source, then run `npm run generate`.

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

export type GrafanaLibraryPanelStatus = GrafanaObjectStatus;

export interface GrafanaLibraryPanelParts {
  spec?: GrafanaLibraryPanelSpec;
  status?: GrafanaLibraryPanelStatus;
}
/**
 * The library panel as it should be in every selected Grafana. The panel JSON comes from exactly one of model, json or configMapRef.
 */
export interface GrafanaLibraryPanelSpec {
  instanceSelector: InstanceSelector;
  /**
   * The library panel's uid in Grafana, which dashboards use to refer to it (letters, digits, - and _; at most 40). Omitted: derived from this object's name and namespace, stable across re-creation. Cannot be changed later.
   */
  uid?: GrafanaUID;
  /**
   * The library panel's name in Grafana, unique per folder. Omitted, metadata.name.
   */
  name?: string;
  /**
   * The panel JSON (what Grafana shows as the panel's JSON model), e.g. type, title, datasource, targets, fieldConfig, options. Stored as given; Grafana only adds description ("" when omitted). On every resync the whole model is compared with Grafana's, key by key, and changes made in Grafana are reverted. An object over 256 KiB needs kubectl apply --server-side (plain kubectl apply's last-applied-configuration annotation is limited to 256 KiB).
   */
  model?: {
    /**
     * The panel plugin id, e.g. timeseries, stat, table, gauge. Grafana lists the library panel under this type.
     */
    type: string;
    /**
     * The title the panel shows on dashboards.
     */
    title?: string;
    /**
     * The panel's description; Grafana shows it as the library panel's description.
     */
    description?: string;
    [k: string]: unknown | undefined;
  };
  /**
   * The panel JSON as a string (e.g. copied from Grafana's panel JSON view): an object with a "type", treated exactly like model. At most 1 MiB; an object over 256 KiB fails with plain kubectl apply (its last-applied-configuration annotation is limited to 256 KiB): apply it with kubectl apply --server-side, or use a ConfigMap.
   */
  json?: string;
  /**
   * A ConfigMap key (in this namespace) holding the panel JSON, treated exactly like model. A change of the ConfigMap re-applies the panel.
   */
  configMapRef?: {
    /**
     * Name of the ConfigMap.
     */
    name: string;
    /**
     * Key within the ConfigMap's data (or binaryData).
     */
    key: string;
  };
  /**
   * Name of the GrafanaFolder (in this namespace) to keep the library panel in. The panel waits until that folder is Ready, and the folder is not deleted before the panel.
   */
  folderRef?: string;
  /**
   * uid of an existing Grafana folder to keep the library panel in ("general" is the General folder). Neither folderRef nor folderUID: the General folder.
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

/** The GrafanaLibraryPanel custom resource. */
export interface GrafanaLibraryPanel extends KubeObject {
  spec: GrafanaLibraryPanelSpec;
  status?: GrafanaLibraryPanelStatus;
}

export const GrafanaLibraryPanelResource = {
  group: 'grafana.provisioning.dev',
  version: 'v1beta1',
  plural: 'grafanalibrarypanels',
  namespaced: true,
  kind: 'GrafanaLibraryPanel',
} as const satisfies ResourceType;

/** The spec's OpenAPI schema (CEL rules and x-kubernetes-* keys removed) for runtime validation. */
export const grafanaLibraryPanelSpecSchema = {
  type: 'object',
  required: ['instanceSelector'],
  properties: {
    instanceSelector: instanceSelectorSchema,
    uid: grafanaUIDSchema,
    name: { type: 'string', minLength: 1, maxLength: 150 },
    model: {
      type: 'object',
      required: ['type'],
      properties: {
        type: { type: 'string', minLength: 1 },
        title: { type: 'string' },
        description: { type: 'string' },
      },
    },
    json: { type: 'string', minLength: 2, maxLength: 1048576 },
    configMapRef: {
      type: 'object',
      required: ['name', 'key'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 253 },
        key: { type: 'string', minLength: 1, maxLength: 253 },
      },
    },
    folderRef: { type: 'string', minLength: 1, maxLength: 253 },
    folderUID: { type: 'string', minLength: 1, maxLength: 40 },
    deletionPolicy: deletionPolicySchema,
    resyncPeriod: resyncPeriodSchema,
    suspend: suspendSchema,
    adopt: adoptSchema,
  },
} as const;
