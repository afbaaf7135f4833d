// Generated from api/grafananotificationpolicyroute.yaml by scripts/generate-api.ts; edit the source, then run `npm run generate`.

import type { KubeObject, ResourceType } from '../../runtime/kube/types.js';

import type { Conditions, NotificationRoute, Suspend } from './definitions.js';

export interface GrafanaNotificationPolicyRouteParts {
  spec?: GrafanaNotificationPolicyRouteSpec;
  status?: GrafanaNotificationPolicyRouteStatus;
}
/**
 * The nested policy, and where it goes among the routes a policy selects.
 */
export interface GrafanaNotificationPolicyRouteSpec {
  /**
   * Order among the routes a policy selects: a higher priority comes first; equal priorities go by metadata.name. All selected routes follow the policy's own spec.routes.
   */
  priority?: number;
  /**
   * Take the route out of every tree while true (Ready=False/Suspended), as deleting it would, keeping the object.
   */
  suspend?: Suspend;
  /**
   * The nested policy, with the fields of a policy's spec.routes entry: the contact point (receiver) and mute timings it names must exist in Grafana, or the policy waits (DependencyNotReady) for them.
   */
  route: NotificationRoute;
}
/**
 * Observed state, written by the operator.
 */
export interface GrafanaNotificationPolicyRouteStatus {
  /**
   * The metadata.generation this status describes.
   */
  observedGeneration?: number;
  /**
   * The GrafanaNotificationPolicy objects whose applied tree holds this route, comma-separated.
   */
  policies?: string;
  conditions?: Conditions;
}

import { suspendSchema } from './definitions.js';

/** The GrafanaNotificationPolicyRoute custom resource. */
export interface GrafanaNotificationPolicyRoute extends KubeObject {
  spec: GrafanaNotificationPolicyRouteSpec;
  status?: GrafanaNotificationPolicyRouteStatus;
}

export const GrafanaNotificationPolicyRouteResource = {
  group: 'grafana.provisioning.dev',
  version: 'v1beta1',
  plural: 'grafananotificationpolicyroutes',
  namespaced: true,
  kind: 'GrafanaNotificationPolicyRoute',
} as const satisfies ResourceType;

/** The spec's OpenAPI schema (CEL rules and x-kubernetes-* keys removed) for runtime validation. */
export const grafanaNotificationPolicyRouteSpecSchema = {
  type: 'object',
  required: ['route'],
  properties: {
    priority: { type: 'integer', format: 'int32', default: 0 },
    suspend: suspendSchema,
    route: {
      type: 'object',
      properties: {
        receiver: { type: 'string', minLength: 1, maxLength: 190 },
        object_matchers: {
          type: 'array',
          items: { type: 'array', minItems: 3, maxItems: 3, items: { type: 'string' } },
        },
        continue: { type: 'boolean' },
        group_by: { type: 'array', items: { type: 'string', minLength: 1 } },
        group_wait: { type: 'string', minLength: 1, maxLength: 32 },
        group_interval: { type: 'string', minLength: 1, maxLength: 32 },
        repeat_interval: { type: 'string', minLength: 1, maxLength: 32 },
        mute_time_intervals: { type: 'array', items: { type: 'string', minLength: 1 } },
        active_time_intervals: { type: 'array', items: { type: 'string', minLength: 1 } },
        routes: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              receiver: { type: 'string', minLength: 1, maxLength: 190 },
              object_matchers: {
                type: 'array',
                items: { type: 'array', minItems: 3, maxItems: 3, items: { type: 'string' } },
              },
              continue: { type: 'boolean' },
              group_by: { type: 'array', items: { type: 'string', minLength: 1 } },
              group_wait: { type: 'string', minLength: 1, maxLength: 32 },
              group_interval: { type: 'string', minLength: 1, maxLength: 32 },
              repeat_interval: { type: 'string', minLength: 1, maxLength: 32 },
              mute_time_intervals: { type: 'array', items: { type: 'string', minLength: 1 } },
              active_time_intervals: { type: 'array', items: { type: 'string', minLength: 1 } },
              routes: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    receiver: { type: 'string', minLength: 1, maxLength: 190 },
                    object_matchers: {
                      type: 'array',
                      items: { type: 'array', minItems: 3, maxItems: 3, items: { type: 'string' } },
                    },
                    continue: { type: 'boolean' },
                    group_by: { type: 'array', items: { type: 'string', minLength: 1 } },
                    group_wait: { type: 'string', minLength: 1, maxLength: 32 },
                    group_interval: { type: 'string', minLength: 1, maxLength: 32 },
                    repeat_interval: { type: 'string', minLength: 1, maxLength: 32 },
                    mute_time_intervals: { type: 'array', items: { type: 'string', minLength: 1 } },
                    active_time_intervals: { type: 'array', items: { type: 'string', minLength: 1 } },
                    routes: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          receiver: { type: 'string', minLength: 1, maxLength: 190 },
                          object_matchers: {
                            type: 'array',
                            items: { type: 'array', minItems: 3, maxItems: 3, items: { type: 'string' } },
                          },
                          continue: { type: 'boolean' },
                          group_by: { type: 'array', items: { type: 'string', minLength: 1 } },
                          group_wait: { type: 'string', minLength: 1, maxLength: 32 },
                          group_interval: { type: 'string', minLength: 1, maxLength: 32 },
                          repeat_interval: { type: 'string', minLength: 1, maxLength: 32 },
                          mute_time_intervals: { type: 'array', items: { type: 'string', minLength: 1 } },
                          active_time_intervals: { type: 'array', items: { type: 'string', minLength: 1 } },
                          routes: {
                            type: 'array',
                            items: {
                              type: 'object',
                              properties: {
                                receiver: { type: 'string', minLength: 1, maxLength: 190 },
                                object_matchers: {
                                  type: 'array',
                                  items: {
                                    type: 'array',
                                    minItems: 3,
                                    maxItems: 3,
                                    items: { type: 'string' },
                                  },
                                },
                                continue: { type: 'boolean' },
                                group_by: { type: 'array', items: { type: 'string', minLength: 1 } },
                                group_wait: { type: 'string', minLength: 1, maxLength: 32 },
                                group_interval: { type: 'string', minLength: 1, maxLength: 32 },
                                repeat_interval: { type: 'string', minLength: 1, maxLength: 32 },
                                mute_time_intervals: {
                                  type: 'array',
                                  items: { type: 'string', minLength: 1 },
                                },
                                active_time_intervals: {
                                  type: 'array',
                                  items: { type: 'string', minLength: 1 },
                                },
                                routes: { type: 'array', items: { type: 'object' } },
                              },
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;
