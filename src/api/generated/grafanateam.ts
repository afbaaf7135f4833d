// Generated from api/grafanateam.yaml by scripts/generate-api.ts; edit the source, then run `npm run generate`.

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

export type GrafanaTeamStatus = GrafanaObjectStatus;

export interface GrafanaTeamParts {
  spec?: GrafanaTeamSpec;
  status?: GrafanaTeamStatus;
}
/**
 * The team as it should be in every selected Grafana.
 */
export interface GrafanaTeamSpec {
  instanceSelector: InstanceSelector;
  /**
   * The team's name, unique per org. Omitted, metadata.name. Changing it renames the team in place (it keeps its uid, members and permissions).
   */
  name?: string;
  /**
   * The team's e-mail address. Omitted, none.
   */
  email?: string;
  /**
   * Exactly the team's members: a user not listed is removed from the team. Each must be a user of the org; one that is not is reported as DependencyNotReady, naming it. Omitted or empty, the team has no members.
   *
   * @maxItems 500
   *
   * Items: A user of the org, by login or by e-mail (one of them).
   */
  members?: {
    /**
     * The user's login (compared without regard to letter case).
     */
    login?: string;
    /**
     * The user's e-mail address (compared without regard to letter case).
     */
    email?: string;
    /**
     * A team admin (Grafana's team permission Admin: may manage the team's members and settings) rather than a member. Default false.
     */
    admin?: boolean;
  }[];
  /**
   * The team's preferences, which its members inherit unless they set their own. Omitted, the team's preferences are left as they are in Grafana. Set, these four are managed, a field left out meaning Grafana's default; Grafana's PUT replaces the whole record, so preferences only its UI sets (language) are cleared when these are written.
   */
  preferences?: {
    /**
     * The UI theme.
     */
    theme?: 'light' | 'dark' | 'system';
    /**
     * The uid of the dashboard members see as their home page. While the org has no dashboard with that uid, the team is kept with its members and the other preferences written and is reported as DependencyNotReady.
     */
    homeDashboardUID?: GrafanaUID;
    /**
     * Name of the GrafanaDashboard (in this namespace) members see as their home page, synced to the team's GrafanaInstance. Until it is synced there, the team is kept with its members and the other preferences written and is reported as DependencyNotReady; its changes requeue the team.
     */
    homeDashboardRef?: string;
    /**
     * utc, browser, or an IANA time zone such as Europe/Berlin. Omitted, Grafana's default.
     */
    timezone?: string;
    /**
     * The first day of the week in time pickers.
     */
    weekStart?: 'saturday' | 'sunday' | 'monday';
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
  suspendSchema,
} from './definitions.js';

/** The GrafanaTeam custom resource. */
export interface GrafanaTeam extends KubeObject {
  spec: GrafanaTeamSpec;
  status?: GrafanaTeamStatus;
}

export const GrafanaTeamResource = {
  group: 'grafana.provisioning.dev',
  version: 'v1beta1',
  plural: 'grafanateams',
  namespaced: true,
  kind: 'GrafanaTeam',
} as const satisfies ResourceType;

/** The spec's OpenAPI schema (CEL rules and x-kubernetes-* keys removed) for runtime validation. */
export const grafanaTeamSpecSchema = {
  type: 'object',
  required: ['instanceSelector'],
  properties: {
    instanceSelector: instanceSelectorSchema,
    name: { type: 'string', minLength: 1, maxLength: 190 },
    email: { type: 'string', maxLength: 190 },
    members: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        properties: {
          login: { type: 'string', minLength: 1, maxLength: 190 },
          email: { type: 'string', minLength: 1, maxLength: 190 },
          admin: { type: 'boolean' },
        },
      },
    },
    preferences: {
      type: 'object',
      properties: {
        theme: { type: 'string', enum: ['light', 'dark', 'system'] },
        homeDashboardUID: grafanaUIDSchema,
        homeDashboardRef: { type: 'string', minLength: 1, maxLength: 253 },
        timezone: { type: 'string', maxLength: 64 },
        weekStart: { type: 'string', enum: ['saturday', 'sunday', 'monday'] },
      },
    },
    deletionPolicy: deletionPolicySchema,
    resyncPeriod: resyncPeriodSchema,
    suspend: suspendSchema,
    adopt: adoptSchema,
  },
} as const;
