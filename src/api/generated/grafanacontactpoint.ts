// Generated from api/grafanacontactpoint.yaml by scripts/generate-api.ts; edit the source, then run `npm run generate`.

import type { KubeObject, ResourceType } from '../../runtime/kube/types.js';

import type {
  Adopt,
  DeletionPolicy,
  EditableInGrafana,
  GrafanaObjectStatus,
  InstanceSelector,
  ResyncPeriod,
  SecretKeyRef,
  Suspend,
} from './definitions.js';

export type GrafanaContactPointStatus = GrafanaObjectStatus;

export interface GrafanaContactPointParts {
  spec?: GrafanaContactPointSpec;
  status?: GrafanaContactPointStatus;
}
/**
 * The contact point as it should be in every selected Grafana.
 */
export interface GrafanaContactPointSpec {
  instanceSelector: InstanceSelector;
  /**
   * The contact point's name in Grafana, unique per org; notification policies and alert rules refer to it by this name. Omitted, metadata.name. Changing it renames the contact point, and Grafana renames it in the policies and rules that use it.
   */
  name?: string;
  /**
   * The integrations notified together when an alert reaches this contact point (each one is what Grafana's provisioning API calls a contact point). Removing one deletes that integration in Grafana.
   *
   * @minItems 1
   * @maxItems 32
   *
   * Items: One integration.
   */
  receivers: [
    {
      /**
       * The integration's uid in Grafana, unique across all integrations of the org. Omitted: derived from this object's name and namespace and the integration's type (so it is stable when receivers are reordered). Set it to take over an existing integration (with spec.adopt).
       */
      uid?: string;
      /**
       * The integration type, e.g. email, webhook, slack, pagerduty, opsgenie, teams, telegram, discord, googlechat.
       */
      type: string;
      /**
       * The integration's settings as Grafana names them (e.g. email: addresses, singleEmail, subject, message; webhook: url, httpMethod, title, message). Settings Grafana stores encrypted (a webhook's password or authorization_credentials, a Slack url or token, …) belong in secureSettings.
       */
      settings?: Record<string, unknown>;
      /**
       * Secret settings, each read from a Secret key and merged into settings when written, e.g. password, authorization_credentials, token, url (for Slack), or a nested key such as tlsConfig.clientKey. Grafana never returns them, so a change is noticed through the Secret; changing the Secret re-applies the integration.
       */
      secureSettings?: {
        /**
         * Where the setting's value comes from.
         */
        [k: string]:
          | {
              secretKeyRef: SecretKeyRef;
            }
          | undefined;
      };
      /**
       * Do not notify when an alert resolves.
       */
      disableResolveMessage?: boolean;
    },
    ...{
      /**
       * The integration's uid in Grafana, unique across all integrations of the org. Omitted: derived from this object's name and namespace and the integration's type (so it is stable when receivers are reordered). Set it to take over an existing integration (with spec.adopt).
       */
      uid?: string;
      /**
       * The integration type, e.g. email, webhook, slack, pagerduty, opsgenie, teams, telegram, discord, googlechat.
       */
      type: string;
      /**
       * The integration's settings as Grafana names them (e.g. email: addresses, singleEmail, subject, message; webhook: url, httpMethod, title, message). Settings Grafana stores encrypted (a webhook's password or authorization_credentials, a Slack url or token, …) belong in secureSettings.
       */
      settings?: Record<string, unknown>;
      /**
       * Secret settings, each read from a Secret key and merged into settings when written, e.g. password, authorization_credentials, token, url (for Slack), or a nested key such as tlsConfig.clientKey. Grafana never returns them, so a change is noticed through the Secret; changing the Secret re-applies the integration.
       */
      secureSettings?: {
        /**
         * Where the setting's value comes from.
         */
        [k: string]:
          | {
              secretKeyRef: SecretKeyRef;
            }
          | undefined;
      };
      /**
       * Do not notify when an alert resolves.
       */
      disableResolveMessage?: boolean;
    }[],
  ];
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
  secretKeyRefSchema,
  suspendSchema,
} from './definitions.js';

/** The GrafanaContactPoint custom resource. */
export interface GrafanaContactPoint extends KubeObject {
  spec: GrafanaContactPointSpec;
  status?: GrafanaContactPointStatus;
}

export const GrafanaContactPointResource = {
  group: 'grafana.provisioning.dev',
  version: 'v1beta1',
  plural: 'grafanacontactpoints',
  namespaced: true,
  kind: 'GrafanaContactPoint',
} as const satisfies ResourceType;

/** The spec's OpenAPI schema (CEL rules and x-kubernetes-* keys removed) for runtime validation. */
export const grafanaContactPointSpecSchema = {
  type: 'object',
  required: ['instanceSelector', 'receivers'],
  properties: {
    instanceSelector: instanceSelectorSchema,
    name: { type: 'string', minLength: 1, maxLength: 190 },
    receivers: {
      type: 'array',
      minItems: 1,
      maxItems: 32,
      items: {
        type: 'object',
        required: ['type'],
        properties: {
          uid: { type: 'string', minLength: 1, maxLength: 40, pattern: '^[a-zA-Z0-9_-]+$' },
          type: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-zA-Z0-9_.-]+$' },
          settings: { type: 'object' },
          secureSettings: {
            type: 'object',
            maxProperties: 16,
            additionalProperties: {
              type: 'object',
              required: ['secretKeyRef'],
              properties: { secretKeyRef: secretKeyRefSchema },
            },
          },
          disableResolveMessage: { type: 'boolean' },
        },
      },
    },
    editableInGrafana: editableInGrafanaSchema,
    deletionPolicy: deletionPolicySchema,
    resyncPeriod: resyncPeriodSchema,
    suspend: suspendSchema,
    adopt: adoptSchema,
  },
} as const;
