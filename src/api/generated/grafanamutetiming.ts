// Generated from api/grafanamutetiming.yaml by scripts/generate-api.ts; edit the source, then run `npm run generate`.

import type { KubeObject, ResourceType } from '../../runtime/kube/types.js';

import type {
  Adopt,
  DeletionPolicy,
  EditableInGrafana,
  GrafanaObjectStatus,
  InstanceSelector,
  ResyncPeriod,
  Suspend,
} from './definitions.js';

export type GrafanaMuteTimingStatus = GrafanaObjectStatus;

export interface GrafanaMuteTimingParts {
  spec?: GrafanaMuteTimingSpec;
  status?: GrafanaMuteTimingStatus;
}
/**
 * The mute timing as it should be in every selected Grafana. It is active whenever any one of its time_intervals matches.
 */
export interface GrafanaMuteTimingSpec {
  instanceSelector: InstanceSelector;
  /**
   * The mute timing's name in Grafana, unique per org; notification policies refer to it by this name. Omitted, metadata.name. Changing it renames the timing, and Grafana renames it in the policies that use it.
   */
  name?: string;
  /**
   * The intervals, as in Grafana (and Alertmanager): each one matches when all of its fields match (an omitted field matches always). Ranges are written start:end, inclusive.
   *
   * @minItems 1
   * @maxItems 24
   *
   * Items: One time interval.
   */
  time_intervals: [
    {
      /**
       * Times of day (in location) during which the interval matches.
       *
       * @maxItems 32
       *
       * Items: A time range within a day, start included, end excluded.
       */
      times?: {
        /**
         * HH:MM, from 00:00 to 23:59.
         */
        start_time: string;
        /**
         * HH:MM, from 00:01 to 24:00 (the end of the day).
         */
        end_time: string;
      }[];
      /**
       * Days of the week, e.g. saturday, or monday:friday.
       *
       * @maxItems 32
       *
       * Items: A day name or a range of day names (sunday first).
       */
      weekdays?: string[];
      /**
       * Days of the month, 1 to 31, or counted from the end, -1 (the last day) to -31; e.g. 1, 1:15, -1, -7:-1.
       *
       * @maxItems 32
       *
       * Items: A day of the month or a range of them.
       */
      days_of_month?: string[];
      /**
       * Months, by name or number (1 to 12), e.g. december, 1:3, june:august.
       *
       * @maxItems 32
       *
       * Items: A month or a range of months.
       */
      months?: string[];
      /**
       * Years, from 1970, e.g. 2026 or 2026:2027.
       *
       * @maxItems 32
       *
       * Items: A year or a range of years.
       */
      years?: string[];
      /**
       * The IANA time zone the times, days and months are in, e.g. Europe/Berlin or America/New_York. Omitted: UTC. An unknown zone is reported as InvalidSpec.
       */
      location?: string;
    },
    ...{
      /**
       * Times of day (in location) during which the interval matches.
       *
       * @maxItems 32
       *
       * Items: A time range within a day, start included, end excluded.
       */
      times?: {
        /**
         * HH:MM, from 00:00 to 23:59.
         */
        start_time: string;
        /**
         * HH:MM, from 00:01 to 24:00 (the end of the day).
         */
        end_time: string;
      }[];
      /**
       * Days of the week, e.g. saturday, or monday:friday.
       *
       * @maxItems 32
       *
       * Items: A day name or a range of day names (sunday first).
       */
      weekdays?: string[];
      /**
       * Days of the month, 1 to 31, or counted from the end, -1 (the last day) to -31; e.g. 1, 1:15, -1, -7:-1.
       *
       * @maxItems 32
       *
       * Items: A day of the month or a range of them.
       */
      days_of_month?: string[];
      /**
       * Months, by name or number (1 to 12), e.g. december, 1:3, june:august.
       *
       * @maxItems 32
       *
       * Items: A month or a range of months.
       */
      months?: string[];
      /**
       * Years, from 1970, e.g. 2026 or 2026:2027.
       *
       * @maxItems 32
       *
       * Items: A year or a range of years.
       */
      years?: string[];
      /**
       * The IANA time zone the times, days and months are in, e.g. Europe/Berlin or America/New_York. Omitted: UTC. An unknown zone is reported as InvalidSpec.
       */
      location?: string;
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
  suspendSchema,
} from './definitions.js';

/** The GrafanaMuteTiming custom resource. */
export interface GrafanaMuteTiming extends KubeObject {
  spec: GrafanaMuteTimingSpec;
  status?: GrafanaMuteTimingStatus;
}

export const GrafanaMuteTimingResource = {
  group: 'grafana.provisioning.dev',
  version: 'v1beta1',
  plural: 'grafanamutetimings',
  namespaced: true,
  kind: 'GrafanaMuteTiming',
} as const satisfies ResourceType;

/** The spec's OpenAPI schema (CEL rules and x-kubernetes-* keys removed) for runtime validation. */
export const grafanaMuteTimingSpecSchema = {
  type: 'object',
  required: ['instanceSelector', 'time_intervals'],
  properties: {
    instanceSelector: instanceSelectorSchema,
    name: { type: 'string', minLength: 1, maxLength: 190 },
    time_intervals: {
      type: 'array',
      minItems: 1,
      maxItems: 24,
      items: {
        type: 'object',
        properties: {
          times: {
            type: 'array',
            maxItems: 32,
            items: {
              type: 'object',
              required: ['start_time', 'end_time'],
              properties: {
                start_time: { type: 'string', maxLength: 5 },
                end_time: { type: 'string', maxLength: 5 },
              },
            },
          },
          weekdays: { type: 'array', maxItems: 32, items: { type: 'string', maxLength: 20 } },
          days_of_month: { type: 'array', maxItems: 32, items: { type: 'string', maxLength: 8 } },
          months: { type: 'array', maxItems: 32, items: { type: 'string', maxLength: 20 } },
          years: { type: 'array', maxItems: 32, items: { type: 'string', maxLength: 9 } },
          location: { type: 'string', minLength: 1, maxLength: 64 },
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
