// Generated from api/grafanasilence.yaml by scripts/generate-api.ts; edit the source, then run `npm run generate`.

import type { KubeObject, ResourceType } from '../../runtime/kube/types.js';

import type {
  Adopt,
  Conditions,
  DeletionPolicy,
  InstanceSelector,
  InstanceStatuses,
  ResyncPeriod,
  Suspend,
} from './definitions.js';

export interface GrafanaSilenceParts {
  spec?: GrafanaSilenceSpec;
  status?: GrafanaSilenceStatus;
}
/**
 * The silence as it should be in every selected Grafana.
 */
export interface GrafanaSilenceSpec {
  instanceSelector: InstanceSelector;
  /**
   * The alerts the silence mutes: those whose labels match every matcher. Their order does not matter. Changing them gives the silence a new id in Grafana.
   *
   * @minItems 1
   * @maxItems 100
   */
  matchers: [
    {
      /**
       * The label's name.
       */
      name: string;
      /**
       * The value, or with isRegex a regular expression (anchored).
       */
      value: string;
      /**
       * false, the label must not match (!= or !~). Default true.
       */
      isEqual?: boolean;
      /**
       * The value is a regular expression (=~ or !~). Default false.
       */
      isRegex?: boolean;
    },
    ...{
      /**
       * The label's name.
       */
      name: string;
      /**
       * The value, or with isRegex a regular expression (anchored).
       */
      value: string;
      /**
       * false, the label must not match (!= or !~). Default true.
       */
      isEqual?: boolean;
      /**
       * The value is a regular expression (=~ or !~). Default false.
       */
      isRegex?: boolean;
    }[],
  ];
  /**
   * When the silence starts (RFC 3339). Omitted, when this object was created. A start already past is, in Grafana, the moment the silence was saved.
   */
  startsAt?: string;
  /**
   * When the silence ends (RFC 3339). Set this or duration.
   */
  endsAt?: string;
  /**
   * How long the silence lasts from its start (startsAt, else this object's creation), e.g. 2h or 1h30m. Set this or endsAt.
   */
  duration?: string;
  /**
   * Why the alerts are silenced. With the matchers it is what spec.adopt finds an existing silence by.
   */
  comment: string;
  /**
   * Who the silence is by. Omitted, grafana-provisioning-operator.
   */
  createdBy?: string;
  deletionPolicy?: DeletionPolicy;
  resyncPeriod?: ResyncPeriod;
  suspend?: Suspend;
  adopt?: Adopt;
}
/**
 * Observed state, written by the operator: the shared fields of every Grafana object (GrafanaObjectStatus), the silence's state and its id.
 */
export interface GrafanaSilenceStatus {
  /**
   * The metadata.generation this status describes.
   */
  observedGeneration?: number;
  /**
   * The key the operator derives for this object; the silence's id is silenceId.
   */
  uid?: string;
  /**
   * Where the silence's window stands: pending before its start, active, expired after its end (an expired silence is in sync; it is not made again).
   */
  state?: 'active' | 'pending' | 'expired';
  /**
   * The silence's current id, when every selected instance that has it names the same one (always so with one instance); per instance it is status.instances[].uid.
   */
  silenceId?: string;
  /**
   * Instances in sync / instances selected, e.g. 2/2.
   */
  instancesSummary?: string;
  instances?: InstanceStatuses;
  conditions?: Conditions;
}

import {
  adoptSchema,
  deletionPolicySchema,
  instanceSelectorSchema,
  resyncPeriodSchema,
  suspendSchema,
} from './definitions.js';

/** The GrafanaSilence custom resource. */
export interface GrafanaSilence extends KubeObject {
  spec: GrafanaSilenceSpec;
  status?: GrafanaSilenceStatus;
}

export const GrafanaSilenceResource = {
  group: 'grafana.provisioning.dev',
  version: 'v1beta1',
  plural: 'grafanasilences',
  namespaced: true,
  kind: 'GrafanaSilence',
} as const satisfies ResourceType;

/** The spec's OpenAPI schema (CEL rules and x-kubernetes-* keys removed) for runtime validation. */
export const grafanaSilenceSpecSchema = {
  type: 'object',
  required: ['instanceSelector', 'matchers', 'comment'],
  properties: {
    instanceSelector: instanceSelectorSchema,
    matchers: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        required: ['name', 'value'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 256 },
          value: { type: 'string', maxLength: 1024 },
          isEqual: { type: 'boolean' },
          isRegex: { type: 'boolean' },
        },
      },
    },
    startsAt: { type: 'string', format: 'date-time' },
    endsAt: { type: 'string', format: 'date-time' },
    duration: { type: 'string', minLength: 2, maxLength: 32, pattern: '^([0-9]+h)?([0-9]+m)?([0-9]+s)?$' },
    comment: { type: 'string', minLength: 1, maxLength: 1024 },
    createdBy: { type: 'string', minLength: 1, maxLength: 256 },
    deletionPolicy: deletionPolicySchema,
    resyncPeriod: resyncPeriodSchema,
    suspend: suspendSchema,
    adopt: adoptSchema,
  },
} as const;
