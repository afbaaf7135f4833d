// Generated from api/grafanafolder.yaml by scripts/generate-api.ts; edit the source, then run `npm run generate`.

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

export type GrafanaFolderStatus = GrafanaObjectStatus;

export interface GrafanaFolderParts {
  spec?: GrafanaFolderSpec;
  status?: GrafanaFolderStatus;
}
/**
 * The folder as it should be in every selected Grafana.
 */
export interface GrafanaFolderSpec {
  instanceSelector: InstanceSelector;
  uid?: GrafanaUID;
  /**
   * The folder's title.
   */
  title: string;
  /**
   * The folder's description.
   */
  description?: string;
  /**
   * Name of the GrafanaFolder (in this namespace) to nest this folder in. This folder waits until that one is Ready.
   */
  parentFolderRef?: string;
  /**
   * uid of an existing Grafana folder to nest this folder in.
   */
  parentFolderUID?: string;
  /**
   * Who may view, edit or administer this folder (and what it holds). When set, the folder's own permissions in Grafana are exactly this list: entries added in Grafana by hand are removed at the next resync, and an empty list leaves access to org Admins alone. When unset, the operator never touches the folder's permissions (Grafana gives a new root-level folder Edit for Editors and View for Viewers). Permissions inherited from parent folders are not part of this list.
   *
   * @maxItems 100
   *
   * Items: One grantee and its permission; name exactly one of role, user, userId, team or teamId.
   */
  permissions?: {
    /**
     * Every member of the org with this basic role.
     */
    role?: 'Viewer' | 'Editor' | 'Admin';
    /**
     * Login or e-mail of a user of the instance's org; resolved to the user's id on every instance.
     */
    user?: string;
    /**
     * Numeric id of a Grafana user (as in Grafana's permissions export).
     */
    userId?: number;
    /**
     * Name of a team in the instance's org; resolved to the team's id on every instance.
     */
    team?: string;
    /**
     * Numeric id of a Grafana team.
     */
    teamId?: number;
    /**
     * View reads the folder and its dashboards, Edit also changes and creates them, Admin also manages permissions.
     */
    permission: 'View' | 'Edit' | 'Admin';
  }[];
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

/** The GrafanaFolder custom resource. */
export interface GrafanaFolder extends KubeObject {
  spec: GrafanaFolderSpec;
  status?: GrafanaFolderStatus;
}

export const GrafanaFolderResource = {
  group: 'grafana.provisioning.dev',
  version: 'v1beta1',
  plural: 'grafanafolders',
  namespaced: true,
  kind: 'GrafanaFolder',
} as const satisfies ResourceType;

/** The spec's OpenAPI schema (CEL rules and x-kubernetes-* keys removed) for runtime validation. */
export const grafanaFolderSpecSchema = {
  type: 'object',
  required: ['instanceSelector', 'title'],
  properties: {
    instanceSelector: instanceSelectorSchema,
    uid: grafanaUIDSchema,
    title: { type: 'string', minLength: 1, maxLength: 189 },
    description: { type: 'string', maxLength: 1024 },
    parentFolderRef: { type: 'string', minLength: 1, maxLength: 253 },
    parentFolderUID: { type: 'string', minLength: 1, maxLength: 40 },
    permissions: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        required: ['permission'],
        properties: {
          role: { type: 'string', enum: ['Viewer', 'Editor', 'Admin'] },
          user: { type: 'string', minLength: 1, maxLength: 190 },
          userId: { type: 'integer', format: 'int64', minimum: 1 },
          team: { type: 'string', minLength: 1, maxLength: 190 },
          teamId: { type: 'integer', format: 'int64', minimum: 1 },
          permission: { type: 'string', enum: ['View', 'Edit', 'Admin'] },
        },
      },
    },
    deletionPolicy: deletionPolicySchema,
    resyncPeriod: resyncPeriodSchema,
    suspend: suspendSchema,
    adopt: adoptSchema,
  },
} as const;
