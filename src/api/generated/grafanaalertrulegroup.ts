// Generated from api/grafanaalertrulegroup.yaml by scripts/generate-api.ts; edit the source, then run `npm run generate`.

import type { KubeObject, ResourceType } from '../../runtime/kube/types.js';

import type {
  Adopt,
  AlertRuleGroupRuleSpec,
  DeletionPolicy,
  EditableInGrafana,
  GrafanaObjectStatus,
  InstanceSelector,
  ResyncPeriod,
  Suspend,
} from './definitions.js';

export type GrafanaAlertRuleGroupStatus = GrafanaObjectStatus;

export interface GrafanaAlertRuleGroupParts {
  spec?: GrafanaAlertRuleGroupSpec;
  status?: GrafanaAlertRuleGroupStatus;
}
/**
 * The rule group as it should be in every selected Grafana. Rules in Grafana's group that are not listed here are removed from it.
 */
export interface GrafanaAlertRuleGroupSpec {
  instanceSelector: InstanceSelector;
  /**
   * Name of the GrafanaFolder (in this namespace) that holds the group. The group waits until that folder is Ready, and the folder is not deleted before the group.
   */
  folderRef?: string;
  /**
   * uid of an existing Grafana folder that holds the group.
   */
  folderUID?: string;
  /**
   * The group's name in its folder. Omitted, metadata.name.
   */
  name?: string;
  /**
   * How often Grafana evaluates the group's rules: a positive multiple of 10s (Grafana's evaluation tick), such as 10s, 1m or 5m. Default 1m.
   */
  interval?: string;
  /**
   * The group's rules, in evaluation order. Each rule needs a uid that stays the same across changes, so Grafana updates it instead of replacing it: set uid, or let it be derived from this object and the rule's title (a new title is then a new rule).
   *
   * @minItems 1
   */
  rules: [AlertRuleGroupRuleSpec, ...AlertRuleGroupRuleSpec[]];
  editableInGrafana?: EditableInGrafana;
  deletionPolicy?: DeletionPolicy;
  resyncPeriod?: ResyncPeriod;
  suspend?: Suspend;
  /**
   * Take over a rule group of the same name in the folder that this object did not create (otherwise Ready=False/Conflict and nothing changes). Its rules are replaced by this object's. A group provisioned from files can never be taken over.
   */
  adopt?: Adopt;
}

/** The GrafanaAlertRuleGroup custom resource. */
export interface GrafanaAlertRuleGroup extends KubeObject {
  spec: GrafanaAlertRuleGroupSpec;
  status?: GrafanaAlertRuleGroupStatus;
}

export const GrafanaAlertRuleGroupResource = {
  group: 'grafana.provisioning.dev',
  version: 'v1beta1',
  plural: 'grafanaalertrulegroups',
  namespaced: true,
  kind: 'GrafanaAlertRuleGroup',
} as const satisfies ResourceType;

/** The spec's OpenAPI schema (CEL rules and x-kubernetes-* keys removed) for runtime validation. */
export const grafanaAlertRuleGroupSpecSchema = {
  type: 'object',
  required: ['instanceSelector', 'rules'],
  properties: {
    instanceSelector: {
      type: 'object',
      properties: {
        matchLabels: {
          type: 'object',
          additionalProperties: {
            type: 'string',
          },
        },
        matchExpressions: {
          type: 'array',
          items: {
            type: 'object',
            required: ['key', 'operator'],
            properties: {
              key: {
                type: 'string',
              },
              operator: {
                type: 'string',
                enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'],
              },
              values: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
            },
          },
        },
      },
    },
    folderRef: {
      type: 'string',
      minLength: 1,
      maxLength: 253,
    },
    folderUID: {
      type: 'string',
      minLength: 1,
      maxLength: 40,
    },
    name: {
      type: 'string',
      minLength: 1,
      maxLength: 190,
    },
    interval: {
      type: 'string',
      default: '1m',
      maxLength: 32,
    },
    rules: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['title', 'data'],
        properties: {
          uid: {
            type: 'string',
            minLength: 1,
            maxLength: 40,
            pattern: '^[a-zA-Z0-9_-]+$',
          },
          title: {
            type: 'string',
            minLength: 1,
            maxLength: 190,
          },
          condition: {
            type: 'string',
            minLength: 1,
            maxLength: 128,
          },
          data: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['refId', 'model'],
              properties: {
                refId: {
                  type: 'string',
                  minLength: 1,
                  maxLength: 128,
                },
                queryType: {
                  type: 'string',
                  maxLength: 128,
                },
                relativeTimeRange: {
                  type: 'object',
                  properties: {
                    from: {
                      type: 'integer',
                      format: 'int64',
                      minimum: 0,
                    },
                    to: {
                      type: 'integer',
                      format: 'int64',
                      minimum: 0,
                    },
                  },
                },
                datasourceUid: {
                  type: 'string',
                  minLength: 1,
                  maxLength: 40,
                },
                datasourceRef: {
                  type: 'string',
                  minLength: 1,
                  maxLength: 253,
                },
                model: {
                  type: 'object',
                },
              },
            },
          },
          noDataState: {
            type: 'string',
            enum: ['Alerting', 'NoData', 'OK', 'KeepLast'],
          },
          execErrState: {
            type: 'string',
            enum: ['Alerting', 'Error', 'OK', 'KeepLast'],
          },
          for: {
            type: 'string',
            minLength: 1,
            maxLength: 32,
            pattern: '^(0|([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?)$',
          },
          keep_firing_for: {
            type: 'string',
            minLength: 1,
            maxLength: 32,
            pattern: '^(0|([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?)$',
          },
          annotations: {
            type: 'object',
            additionalProperties: {
              type: 'string',
            },
          },
          labels: {
            type: 'object',
            additionalProperties: {
              type: 'string',
            },
          },
          isPaused: {
            type: 'boolean',
          },
          notification_settings: {
            type: 'object',
            required: ['receiver'],
            properties: {
              receiver: {
                type: 'string',
                minLength: 1,
              },
              group_by: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
              group_wait: {
                type: 'string',
                minLength: 1,
                maxLength: 32,
                pattern: '^(0|([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?)$',
              },
              group_interval: {
                type: 'string',
                minLength: 1,
                maxLength: 32,
                pattern: '^(0|([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?)$',
              },
              repeat_interval: {
                type: 'string',
                minLength: 1,
                maxLength: 32,
                pattern: '^(0|([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?)$',
              },
              mute_time_intervals: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
              active_time_intervals: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
            },
          },
          record: {
            type: 'object',
            required: ['metric', 'from'],
            properties: {
              metric: {
                type: 'string',
                minLength: 1,
                maxLength: 255,
                pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$',
              },
              from: {
                type: 'string',
                minLength: 1,
                maxLength: 128,
              },
              target_datasource_uid: {
                type: 'string',
                minLength: 1,
                maxLength: 40,
              },
            },
          },
          missingSeriesEvalsToResolve: {
            type: 'integer',
            format: 'int64',
            minimum: 1,
          },
        },
      },
    },
    editableInGrafana: {
      type: 'boolean',
    },
    deletionPolicy: {
      type: 'string',
      enum: ['Delete', 'Orphan'],
      default: 'Delete',
    },
    resyncPeriod: {
      type: 'string',
      default: '10m',
    },
    suspend: {
      type: 'boolean',
    },
    adopt: {
      type: 'boolean',
    },
  },
} as const;
