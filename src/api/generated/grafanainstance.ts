// Generated from api/grafanainstance.yaml by scripts/generate-api.ts; edit the source, then run `npm run generate`.

import type { KubeObject, ResourceType } from '../../runtime/kube/types.js';

import type { Conditions, SecretKeyRef } from './definitions.js';

export interface GrafanaInstanceParts {
  spec?: GrafanaInstanceSpec;
  status?: GrafanaInstanceStatus;
}
/**
 * How to reach and authenticate to one Grafana organization.
 */
export interface GrafanaInstanceSpec {
  /**
   * Base URL of Grafana, e.g. https://grafana.example.com or http://grafana.monitoring.svc:3000/grafana when Grafana serves from a sub-path.
   */
  url: string;
  /**
   * Credentials. Set exactly one of token (a service-account token, which belongs to one org) or basic (a user; a server admin can act in any org and resolve org names).
   */
  auth: {
    /**
     * A Grafana service-account token read from a Secret.
     */
    token?: {
      secretKeyRef: SecretKeyRef;
    };
    /**
     * Basic authentication with a Grafana user.
     */
    basic?: {
      /**
       * The user's login, inline.
       */
      username?: string;
      usernameSecretKeyRef?: SecretKeyRef;
      passwordSecretKeyRef: SecretKeyRef;
    };
  };
  /**
   * The organization to act in. Omitted: the credential's own org (a token's org, or the user's current org). A name is resolved to an id, which needs a server-admin user.
   */
  org?: {
    /**
     * Numeric org id (1 is the "Main Org.").
     */
    id?: number;
    /**
     * Org name, resolved to its id on every check.
     */
    name?: string;
    /**
     * A GrafanaOrganization in this namespace: the instance acts in the org it made, and waits (DependencyNotReady) until that object has an org on the Grafana server this instance points at, i.e. an entry in its status.instances for a GrafanaInstance with the same URL (scheme, host, port and sub-path; case and a trailing slash ignored).
     */
    organizationRef?: {
      /**
       * The GrafanaOrganization's metadata.name.
       */
      name: string;
    };
  };
  /**
   * TLS settings for https URLs.
   */
  tls?: {
    caSecretKeyRef?: SecretKeyRef;
    /**
     * Skip verification of Grafana's certificate. For tests only.
     */
    insecureSkipVerify?: boolean;
  };
  /**
   * Timeout of one HTTP request to Grafana, in seconds.
   */
  timeoutSeconds?: number;
  /**
   * Requests in flight to this Grafana at most, every kind's workers together; more wait their turn in the operator. Unset, the operator's GRAFANA_MAX_CONCURRENT_REQUESTS (10 unless set) applies; 0, no limit. Raise it for a Grafana on PostgreSQL or MySQL, which takes more writes at once than one on SQLite.
   */
  maxConcurrentRequests?: number;
  /**
   * How often the connection is checked again while it is healthy (a Go-style duration such as 30s, 5m or 1h). Failures are retried sooner, with backoff.
   */
  resyncPeriod?: string;
  /**
   * Stop checking this instance. Objects selecting it keep their Grafana state.
   */
  suspend?: boolean;
}
/**
 * Observed state of the connection, written by the operator.
 */
export interface GrafanaInstanceStatus {
  /**
   * The metadata.generation this status describes.
   */
  observedGeneration?: number;
  /**
   * Grafana's version, from /api/health.
   */
  version?: string;
  /**
   * The id of the org the operator acts in.
   */
  orgId?: number;
  conditions?: Conditions;
}

import { secretKeyRefSchema } from './definitions.js';

/** The GrafanaInstance custom resource. */
export interface GrafanaInstance extends KubeObject {
  spec: GrafanaInstanceSpec;
  status?: GrafanaInstanceStatus;
}

export const GrafanaInstanceResource = {
  group: 'grafana.provisioning.dev',
  version: 'v1beta1',
  plural: 'grafanainstances',
  namespaced: true,
  kind: 'GrafanaInstance',
} as const satisfies ResourceType;

/** The spec's OpenAPI schema (CEL rules and x-kubernetes-* keys removed) for runtime validation. */
export const grafanaInstanceSpecSchema = {
  type: 'object',
  required: ['url', 'auth'],
  properties: {
    url: { type: 'string', maxLength: 2048 },
    auth: {
      type: 'object',
      properties: {
        token: {
          type: 'object',
          required: ['secretKeyRef'],
          properties: { secretKeyRef: secretKeyRefSchema },
        },
        basic: {
          type: 'object',
          required: ['passwordSecretKeyRef'],
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 256 },
            usernameSecretKeyRef: secretKeyRefSchema,
            passwordSecretKeyRef: secretKeyRefSchema,
          },
        },
      },
    },
    org: {
      type: 'object',
      properties: {
        id: { type: 'integer', format: 'int64', minimum: 1 },
        name: { type: 'string', minLength: 1, maxLength: 190 },
        organizationRef: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string', minLength: 1, maxLength: 253 } },
        },
      },
    },
    tls: {
      type: 'object',
      properties: { caSecretKeyRef: secretKeyRefSchema, insecureSkipVerify: { type: 'boolean' } },
    },
    timeoutSeconds: { type: 'integer', minimum: 1, maximum: 300, default: 10 },
    maxConcurrentRequests: { type: 'integer', minimum: 0, maximum: 1000 },
    resyncPeriod: { type: 'string', default: '5m' },
    suspend: { type: 'boolean' },
  },
} as const;
