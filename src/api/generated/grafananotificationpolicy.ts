// Generated from api/grafananotificationpolicy.yaml by scripts/generate-api.ts; edit the source, then run `npm run generate`.

import type { KubeObject, ResourceType } from '../../runtime/kube/types.js';

import type {
  Adopt,
  Conditions,
  DeletionPolicy,
  EditableInGrafana,
  InstanceSelector,
  InstanceStatuses,
  NotificationRoutes,
  PrometheusDuration,
  ResyncPeriod,
  RouteGroupBy,
  Suspend,
} from './definitions.js';

export interface GrafanaNotificationPolicyParts {
  spec?: GrafanaNotificationPolicySpec;
  status?: GrafanaNotificationPolicyStatus;
}
/**
 * The root of the tree (the default policy) and its nested routes, as they should be in every selected Grafana. Field names are Grafana's, as in its policy export.
 */
export interface GrafanaNotificationPolicySpec {
  instanceSelector: InstanceSelector;
  /**
   * The default contact point: the name of the contact point (receiver) that gets every alert no nested route takes. It must exist in Grafana (a GrafanaContactPoint's name, or one made in Grafana); the tree waits (DependencyNotReady) until it does.
   */
  receiver: string;
  group_by?: RouteGroupBy;
  /**
   * How long to wait before the first notification of a new group, to collect more alerts for it (a duration such as 30s, 1m or 1h30m; Grafana's default 30s). Omitted on a nested route: inherited.
   */
  group_wait?: PrometheusDuration;
  /**
   * How long to wait before notifying about alerts added to a group that was already notified (a non-zero duration such as 5m; Grafana's default 5m). Omitted on a nested route: inherited.
   */
  group_interval?: PrometheusDuration;
  /**
   * How long to wait before sending a notification again for a group whose alerts have not changed (a non-zero duration such as 4h; Grafana's default 4h). Omitted on a nested route: inherited.
   */
  repeat_interval?: PrometheusDuration;
  routes?: NotificationRoutes;
  /**
   * Selects GrafanaNotificationPolicyRoute objects in this namespace by their labels (an empty selector ({}) selects all; omitted: none). Their routes follow spec.routes at the top level of the tree, by their spec.priority (higher first), then by name. A route that another selected route shadows (the same matchers, the earlier one without continue) is left out, and both routes say so.
   */
  routeSelector?: InstanceSelector;
  editableInGrafana?: EditableInGrafana;
  /**
   * What happens in Grafana when this object is deleted or stops selecting an instance: Delete resets the tree to Grafana's default (a single policy sending everything to the default e-mail contact point), Orphan leaves the tree there (still locked in the UI unless editableInGrafana was set).
   */
  deletionPolicy?: DeletionPolicy;
  resyncPeriod?: ResyncPeriod;
  suspend?: Suspend;
  /**
   * Take over a tree that already exists in Grafana and was not written by this object (one edited in the UI, or written through the API by someone else); without it such a tree is Ready=False/Conflict and nothing changes. Grafana's untouched default tree needs no adopt. A tree provisioned from files is never taken over: Grafana would restore it from its files on the next restart.
   */
  adopt?: Adopt;
}
/**
 * Observed state, written by the operator: the shared fields of every Grafana object (GrafanaObjectStatus), and the routes merged into the tree.
 */
export interface GrafanaNotificationPolicyStatus {
  /**
   * The metadata.generation this status describes.
   */
  observedGeneration?: number;
  /**
   * policy-tree, the identity that stands for the org's one tree.
   */
  uid?: string;
  /**
   * Instances in sync / instances selected, e.g. 2/2.
   */
  instancesSummary?: string;
  instances?: InstanceStatuses;
  /**
   * The GrafanaNotificationPolicyRoute objects merged into the tree last written, in their order in the tree, each at the generation merged.
   */
  routes?: {
    /**
     * The route object's metadata.name.
     */
    name: string;
    /**
     * The route object's metadata.generation that was merged.
     */
    generation: number;
  }[];
  conditions?: Conditions;
}

import {
  adoptSchema,
  deletionPolicySchema,
  editableInGrafanaSchema,
  instanceSelectorSchema,
  prometheusDurationSchema,
  resyncPeriodSchema,
  routeGroupBySchema,
  suspendSchema,
} from './definitions.js';

/** The GrafanaNotificationPolicy custom resource. */
export interface GrafanaNotificationPolicy extends KubeObject {
  spec: GrafanaNotificationPolicySpec;
  status?: GrafanaNotificationPolicyStatus;
}

export const GrafanaNotificationPolicyResource = {
  group: 'grafana.provisioning.dev',
  version: 'v1beta1',
  plural: 'grafananotificationpolicies',
  namespaced: true,
  kind: 'GrafanaNotificationPolicy',
} as const satisfies ResourceType;

/** The spec's OpenAPI schema (CEL rules and x-kubernetes-* keys removed) for runtime validation. */
export const grafanaNotificationPolicySpecSchema = {
  type: 'object',
  required: ['instanceSelector', 'receiver'],
  properties: {
    instanceSelector: instanceSelectorSchema,
    receiver: { type: 'string', minLength: 1, maxLength: 190 },
    group_by: routeGroupBySchema,
    group_wait: prometheusDurationSchema,
    group_interval: prometheusDurationSchema,
    repeat_interval: prometheusDurationSchema,
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
    routeSelector: instanceSelectorSchema,
    editableInGrafana: editableInGrafanaSchema,
    deletionPolicy: deletionPolicySchema,
    resyncPeriod: resyncPeriodSchema,
    suspend: suspendSchema,
    adopt: adoptSchema,
  },
} as const;
