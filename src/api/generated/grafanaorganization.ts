// Generated from api/grafanaorganization.yaml by scripts/generate-api.ts; edit the source, then run `npm run generate`.

import type { KubeObject, ResourceType } from '../../runtime/kube/types.js';

import type {
  Adopt,
  Conditions,
  DeletionPolicy,
  GrafanaUID,
  InstanceSelector,
  InstanceStatuses,
  ResyncPeriod,
  Suspend,
} from './definitions.js';

export interface GrafanaOrganizationParts {
  spec?: GrafanaOrganizationSpec;
  status?: GrafanaOrganizationStatus;
}
/**
 * The organization as it should be on every selected Grafana server.
 */
export interface GrafanaOrganizationSpec {
  instanceSelector: InstanceSelector;
  /**
   * The org's name, unique per Grafana server. Omitted, metadata.name. Changing it renames the org in place (it keeps its id and everything in it).
   */
  name?: string;
  /**
   * Exactly the org's members and their roles: a user not listed is removed from the org (the user itself stays). The instance's own user is always kept as an Admin of the org, listed or not, since the org's preferences are written as a member of it. Each must be a Grafana user; one that is not is reported as DependencyNotReady, naming it. Omitted, the org's members are left as they are.
   *
   * @maxItems 500
   *
   * Items: A Grafana user, by login or by e-mail (one of them), and its role.
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
     * The user's basic role in the org. None: a member without a basic role (Grafana 11 and later), who sees only what is granted to it.
     */
    role: 'Viewer' | 'Editor' | 'Admin' | 'None';
  }[];
  /**
   * The org's preferences, which its users and teams inherit unless they set their own. Omitted, they are left as they are in Grafana. Set, these four are managed, a field left out meaning Grafana's default; Grafana's PUT replaces the whole record, so preferences only its UI sets (language) are cleared when these are written.
   */
  preferences?: {
    /**
     * The UI theme.
     */
    theme?: 'light' | 'dark' | 'system';
    /**
     * The uid of the org's home dashboard, a dashboard in this org. While the org has no dashboard with that uid, the org is kept with the other preferences written and is reported as DependencyNotReady.
     */
    homeDashboardUID?: GrafanaUID;
    /**
     * Name of the GrafanaDashboard (in this namespace) that is the org's home dashboard, a dashboard made in this org (through a GrafanaInstance acting in it). Until it is synced, and while this org has no dashboard with its uid, the org is kept with the other preferences written and is reported as DependencyNotReady; its changes requeue the org.
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
  /**
   * Delete (default): deleting this object deletes the org in Grafana, with everything in it (folders, dashboards, data sources, alerting, service accounts; users stay). Orphan: the org stays. The main org (id 1) is never deleted: an object that manages it must say Orphan.
   */
  deletionPolicy?: DeletionPolicy;
  resyncPeriod?: ResyncPeriod;
  suspend?: Suspend;
  adopt?: Adopt;
}
/**
 * Observed state, written by the operator: the shared fields of every Grafana object (GrafanaObjectStatus), and the org's id.
 */
export interface GrafanaOrganizationStatus {
  /**
   * The metadata.generation this status describes.
   */
  observedGeneration?: number;
  /**
   * The key the operator derives for this object; the org's id is orgId.
   */
  uid?: string;
  /**
   * The org's name in Grafana, spec.name or metadata.name.
   */
  name?: string;
  /**
   * The org's id, when every selected instance that has the org names the same one (always so with one instance); per instance it is status.instances[].uid.
   */
  orgId?: number;
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
  grafanaUIDSchema,
  instanceSelectorSchema,
  resyncPeriodSchema,
  suspendSchema,
} from './definitions.js';

/** The GrafanaOrganization custom resource. */
export interface GrafanaOrganization extends KubeObject {
  spec: GrafanaOrganizationSpec;
  status?: GrafanaOrganizationStatus;
}

export const GrafanaOrganizationResource = {
  group: 'grafana.provisioning.dev',
  version: 'v1beta1',
  plural: 'grafanaorganizations',
  namespaced: true,
  kind: 'GrafanaOrganization',
} as const satisfies ResourceType;

/** The spec's OpenAPI schema (CEL rules and x-kubernetes-* keys removed) for runtime validation. */
export const grafanaOrganizationSpecSchema = {
  type: 'object',
  required: ['instanceSelector'],
  properties: {
    instanceSelector: instanceSelectorSchema,
    name: { type: 'string', minLength: 1, maxLength: 190 },
    members: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        required: ['role'],
        properties: {
          login: { type: 'string', minLength: 1, maxLength: 190 },
          email: { type: 'string', minLength: 1, maxLength: 190 },
          role: { type: 'string', enum: ['Viewer', 'Editor', 'Admin', 'None'] },
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
