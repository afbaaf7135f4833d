// Generated from api/grafanadashboard.yaml by scripts/generate-api.ts; edit the source, then run `npm run generate`.

import type { KubeObject, ResourceType } from '../../runtime/kube/types.js';

import type {
  Adopt,
  DeletionPolicy,
  GrafanaObjectStatus,
  GrafanaUID,
  InstanceSelector,
  Permissions,
  ResyncPeriod,
  SecretKeyRef,
  Suspend,
} from './definitions.js';

export type GrafanaDashboardStatus = GrafanaObjectStatus;

export interface GrafanaDashboardParts {
  spec?: GrafanaDashboardSpec;
  status?: GrafanaDashboardStatus;
}
/**
 * The dashboard as it should be in every selected Grafana. Its content comes from exactly one of json, gzipJson, configMapRef, url and grafanaCom.
 */
export interface GrafanaDashboardSpec {
  instanceSelector: InstanceSelector;
  /**
   * The dashboard's uid in Grafana (letters, digits, - and _; at most 40). Omitted: the uid in the dashboard JSON, else one derived from this object's name and namespace. Cannot be changed later.
   */
  uid?: GrafanaUID;
  /**
   * The dashboard JSON, as exported from Grafana ("Export as JSON", with or without "Export for sharing externally"). Its id and version are ignored; its uid is the dashboard's uid unless spec.uid is set. An object over 256 KiB fails with plain kubectl apply (its last-applied-configuration annotation is limited to 256 KiB): apply it with kubectl apply --server-side (up to etcd's limit, 1.5 MiB by default), or use gzipJson or a ConfigMap.
   */
  json?: string;
  /**
   * The dashboard JSON, gzipped and base64-encoded (`gzip -c dashboard.json | base64 -w0`), for dashboards too large to inline: plain kubectl apply takes objects up to 256 KiB (the limit of its last-applied-configuration annotation), kubectl apply --server-side up to etcd's limit (1.5 MiB by default).
   */
  gzipJson?: string;
  /**
   * A key of a ConfigMap in this namespace that holds the dashboard JSON (in data, or gzipped in binaryData). A change of the ConfigMap re-applies the dashboard. A ConfigMap holds at most 1 MiB, and one over 256 KiB needs kubectl apply --server-side (or kubectl create).
   */
  configMapRef?: {
    /**
     * Name of the ConfigMap.
     */
    name: string;
    /**
     * Key within the ConfigMap.
     */
    key: string;
  };
  /**
   * An http(s) URL to download the dashboard JSON from. The download is cached in the operator's memory for urlCacheDuration.
   */
  url?: string;
  /**
   * Sends the value of a Secret key as the Authorization header of the download from url, e.g. "Bearer <token>" or "Basic <base64>".
   */
  urlAuthorization?: {
    secretKeyRef: SecretKeyRef;
  };
  /**
   * How long a download from url or grafana.com is reused before it is fetched again (a duration such as 30m or 1h; 0s downloads on every reconcile). Default 1h.
   */
  urlCacheDuration?: string;
  /**
   * A dashboard published on grafana.com/grafana/dashboards, downloaded from https://grafana.com/api/dashboards/<id>/revisions/<revision>/download.
   */
  grafanaCom?: {
    /**
     * The dashboard's id on grafana.com (the number in its URL, e.g. 1860).
     */
    id: number;
    /**
     * The revision to use. Omitted, the latest one (pin it to avoid surprises).
     */
    revision?: number;
  };
  /**
   * Name of the GrafanaFolder (in this namespace) to put the dashboard in. The dashboard waits until that folder is Ready.
   */
  folderRef?: string;
  /**
   * uid of an existing Grafana folder to put the dashboard in.
   */
  folderUID?: string;
  /**
   * The datasources for the dashboard's inputs (its `__inputs`, the ${DS_…} placeholders of a dashboard exported for sharing). Every datasource input needs an entry here.
   */
  datasources?: {
    /**
     * The input's name in `__inputs`, e.g. DS_PROMETHEUS (without ${ }).
     */
    inputName: string;
    /**
     * uid of the datasource to use for this input.
     */
    datasourceUid?: string;
    /**
     * Name of the datasource to use for this input; resolved to its uid on each instance (the dashboard waits until a datasource with this name exists).
     */
    datasourceName?: string;
  }[];
  /**
   * Let people edit the dashboard in Grafana: their changes are kept (not reverted as drift) until this object or its content source changes, which applies the spec again. Also sets the dashboard's "editable" flag; false (the default) makes it read-only in the UI.
   */
  editableInGrafana?: boolean;
  permissions?: Permissions;
  /**
   * Defaults of the dashboard's template variables (templating.list[]): the value each one shows when the dashboard is opened, written into the JSON before it is saved. Every name must be a variable of the dashboard. Changing an entry saves the dashboard again; a change of the value in Grafana's JSON is drift and is reverted.
   *
   * @maxItems 100
   */
  variables?: {
    /**
     * The variable's name (templating.list[].name), without the $.
     */
    name: string;
    /**
     * The value selected by default (for a datasource variable the datasource's uid or name; for a constant or textbox its value; "$__all" selects All where the variable includes it).
     */
    value?: string;
    /**
     * The values selected by default, for a variable with multi-value on.
     *
     * @minItems 1
     * @maxItems 100
     */
    values?: [string, ...string[]];
    /**
     * What the variable's picker shows for value (Grafana's current.text). Default: the value itself; "All" suits "$__all".
     */
    text?: string;
  }[];
  /**
   * Share the dashboard by link with anyone (Grafana's public, or "externally shared", dashboard). The operator creates it once per instance and then only updates it, so its access token and public URL (status.instances[].publicDashboard) stay as long as the block is here. enabled: false pauses it (the URL answers nothing, and comes back unchanged when enabled again). Removing the block deletes the public dashboard the object made; without the block ever set, Grafana's public dashboard of this dashboard is left alone.
   */
  publicDashboard?: {
    /**
     * Whether the public URL shows the dashboard. Default true.
     */
    enabled?: boolean;
    /**
     * Let viewers of the public URL change the time range. Default false.
     */
    timeSelectionEnabled?: boolean;
    /**
     * Show the dashboard's annotations at the public URL. Default false.
     */
    annotationsEnabled?: boolean;
    /**
     * public (default): anyone with the URL. email: only invited e-mail recipients, a Grafana Enterprise and Cloud feature (publicDashboardsEmailSharing); an open-source Grafana hides such a public dashboard, which is reported.
     */
    share?: 'public' | 'email';
  };
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
  secretKeyRefSchema,
  suspendSchema,
} from './definitions.js';

/** The GrafanaDashboard custom resource. */
export interface GrafanaDashboard extends KubeObject {
  spec: GrafanaDashboardSpec;
  status?: GrafanaDashboardStatus;
}

export const GrafanaDashboardResource = {
  group: 'grafana.provisioning.dev',
  version: 'v1beta1',
  plural: 'grafanadashboards',
  namespaced: true,
  kind: 'GrafanaDashboard',
} as const satisfies ResourceType;

/** The spec's OpenAPI schema (CEL rules and x-kubernetes-* keys removed) for runtime validation. */
export const grafanaDashboardSpecSchema = {
  type: 'object',
  required: ['instanceSelector'],
  properties: {
    instanceSelector: instanceSelectorSchema,
    uid: grafanaUIDSchema,
    json: { type: 'string', minLength: 1 },
    gzipJson: { type: 'string', minLength: 1 },
    configMapRef: {
      type: 'object',
      required: ['name', 'key'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 253 },
        key: { type: 'string', minLength: 1, maxLength: 253 },
      },
    },
    url: { type: 'string', maxLength: 2048, pattern: '^https?://' },
    urlAuthorization: {
      type: 'object',
      required: ['secretKeyRef'],
      properties: { secretKeyRef: secretKeyRefSchema },
    },
    urlCacheDuration: { type: 'string' },
    grafanaCom: {
      type: 'object',
      required: ['id'],
      properties: { id: { type: 'integer', minimum: 1 }, revision: { type: 'integer', minimum: 1 } },
    },
    folderRef: { type: 'string', minLength: 1, maxLength: 253 },
    folderUID: { type: 'string', minLength: 1, maxLength: 40 },
    datasources: {
      type: 'array',
      items: {
        type: 'object',
        required: ['inputName'],
        properties: {
          inputName: { type: 'string', minLength: 1, maxLength: 253 },
          datasourceUid: { type: 'string', minLength: 1, maxLength: 40 },
          datasourceName: { type: 'string', minLength: 1, maxLength: 190 },
        },
      },
    },
    editableInGrafana: { type: 'boolean' },
    permissions: permissionsSchema,
    variables: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 253 },
          value: { type: 'string', maxLength: 4096 },
          values: { type: 'array', minItems: 1, maxItems: 100, items: { type: 'string', maxLength: 4096 } },
          text: { type: 'string', maxLength: 4096 },
        },
      },
    },
    publicDashboard: {
      type: 'object',
      properties: {
        enabled: { type: 'boolean' },
        timeSelectionEnabled: { type: 'boolean' },
        annotationsEnabled: { type: 'boolean' },
        share: { type: 'string', enum: ['public', 'email'] },
      },
    },
    deletionPolicy: deletionPolicySchema,
    resyncPeriod: resyncPeriodSchema,
    suspend: suspendSchema,
    adopt: adoptSchema,
  },
} as const;
