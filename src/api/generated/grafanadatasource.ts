// Generated from api/grafanadatasource.yaml by scripts/generate-api.ts; edit the source, then run `npm run generate`.

import type { KubeObject, ResourceType } from '../../runtime/kube/types.js';

import type {
  Adopt,
  DeletionPolicy,
  GrafanaObjectStatus,
  GrafanaUID,
  InstanceSelector,
  ResyncPeriod,
  SecretKeyRef,
  Suspend,
} from './definitions.js';

export type GrafanaDatasourceStatus = GrafanaObjectStatus;

export interface GrafanaDatasourceParts {
  spec?: GrafanaDatasourceSpec;
  status?: GrafanaDatasourceStatus;
}
/**
 * The datasource as it should be in every selected Grafana.
 */
export interface GrafanaDatasourceSpec {
  instanceSelector: InstanceSelector;
  uid?: GrafanaUID;
  /**
   * The datasource's name in Grafana, unique per org. Omitted, metadata.name.
   */
  name?: string;
  /**
   * The plugin id, e.g. prometheus, loki, grafana-postgresql-datasource.
   */
  type: string;
  /**
   * proxy (Grafana's backend calls the datasource) or direct (the browser does).
   */
  access?: 'proxy' | 'direct';
  /**
   * The datasource's URL.
   */
  url?: string;
  /**
   * User name for datasources that take one (e.g. databases).
   */
  user?: string;
  /**
   * Database name, for datasources that take one.
   */
  database?: string;
  /**
   * Use basic authentication towards the datasource.
   */
  basicAuth?: boolean;
  /**
   * Basic-auth user; the password goes in secureJsonData.basicAuthPassword.
   */
  basicAuthUser?: string;
  /**
   * Send cookies and credentials with browser (direct) requests.
   */
  withCredentials?: boolean;
  /**
   * Make this the org's default datasource. Only one object per instance may set it; a second one is reported as Ready=False/Conflict.
   */
  isDefault?: boolean;
  /**
   * Plugin-specific settings (Grafana's jsonData), e.g. httpMethod, timeInterval.
   */
  jsonData?: Record<string, unknown>;
  /**
   * Plugin-specific secret settings (Grafana's secureJsonData), each read from a Secret key, e.g. basicAuthPassword, password, httpHeaderValue1. A change of the Secret re-applies the datasource. Grafana never returns these values.
   */
  secureJsonData?: {
    [k: string]:
      | {
          secretKeyRef: SecretKeyRef;
        }
      | undefined;
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
  resyncPeriodSchema,
  secretKeyRefSchema,
  suspendSchema,
} from './definitions.js';

/** The GrafanaDatasource custom resource. */
export interface GrafanaDatasource extends KubeObject {
  spec: GrafanaDatasourceSpec;
  status?: GrafanaDatasourceStatus;
}

export const GrafanaDatasourceResource = {
  group: 'grafana.provisioning.dev',
  version: 'v1beta1',
  plural: 'grafanadatasources',
  namespaced: true,
  kind: 'GrafanaDatasource',
} as const satisfies ResourceType;

/** The spec's OpenAPI schema (CEL rules and x-kubernetes-* keys removed) for runtime validation. */
export const grafanaDatasourceSpecSchema = {
  type: 'object',
  required: ['instanceSelector', 'type'],
  properties: {
    instanceSelector: instanceSelectorSchema,
    uid: grafanaUIDSchema,
    name: { type: 'string', minLength: 1, maxLength: 190 },
    type: { type: 'string', minLength: 1, maxLength: 255 },
    access: { type: 'string', enum: ['proxy', 'direct'], default: 'proxy' },
    url: { type: 'string', maxLength: 255 },
    user: { type: 'string', maxLength: 255 },
    database: { type: 'string', maxLength: 255 },
    basicAuth: { type: 'boolean' },
    basicAuthUser: { type: 'string', maxLength: 255 },
    withCredentials: { type: 'boolean' },
    isDefault: { type: 'boolean' },
    jsonData: { type: 'object' },
    secureJsonData: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['secretKeyRef'],
        properties: { secretKeyRef: secretKeyRefSchema },
      },
    },
    deletionPolicy: deletionPolicySchema,
    resyncPeriod: resyncPeriodSchema,
    suspend: suspendSchema,
    adopt: adoptSchema,
  },
} as const;
