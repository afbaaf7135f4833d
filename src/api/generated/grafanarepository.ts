// Generated from api/grafanarepository.yaml by scripts/generate-api.ts; edit the source, then run `npm run generate`.

import type { KubeObject, ResourceType } from '../../runtime/kube/types.js';

import type {
  Adopt,
  Conditions,
  DeletionPolicy,
  InstanceSelector,
  InstanceStatuses,
  ResyncPeriod,
  SecretKeyRef,
  Suspend,
} from './definitions.js';

export interface GrafanaRepositoryParts {
  spec?: GrafanaRepositorySpec;
  status?: GrafanaRepositoryStatus;
}
/**
 * The repository as it should be in every selected Grafana.
 */
export interface GrafanaRepositorySpec {
  instanceSelector: InstanceSelector;
  /**
   * The repository's name in Grafana (its metadata.name there, and the name of the folder a folder-target sync makes). Omitted, derived from this object's namespace and name. Cannot be changed later.
   */
  uid?: string;
  /**
   * The name Grafana shows for the repository.
   */
  title: string;
  /**
   * The repository's description.
   */
  description?: string;
  /**
   * Where the files are: any Git server (git), GitHub (github), or a path on the Grafana server's file system (local, within its permitted_provisioning_paths).
   */
  type: 'git' | 'github' | 'local';
  /**
   * The repository's URL (git, github), e.g. https://github.com/example/dashboards.
   */
  url?: string;
  /**
   * The branch Grafana reads (git, github).
   */
  branch?: string;
  /**
   * The directory Grafana reads: within the repository (git, github; omitted, its root), or on the Grafana server (local, required).
   */
  path?: string;
  /**
   * The user a personal access token belongs to (git).
   */
  tokenUser?: string;
  /**
   * The access token Grafana reads the repository with (git, github), from a Secret key. Sent to Grafana as a secure value, which Grafana never shows again; a new value in the Secret is sent again.
   */
  token?: {
    secretKeyRef: SecretKeyRef;
  };
  /**
   * How Grafana may change the repository's files from its UI: write to the branch, or open a branch (a pull request). Omitted or empty, read-only. Order sets which Grafana offers first.
   *
   * @maxItems 2
   */
  workflows?: [] | ['write' | 'branch'] | ['write' | 'branch', 'write' | 'branch'];
  /**
   * How Grafana pulls the files.
   */
  sync?: {
    /**
     * Whether Grafana syncs the repository. Default true. While true, each change of this spec written to Grafana starts a sync job.
     */
    enabled?: boolean;
    /**
     * Where the files go: a folder of the repository's own (default), or the whole org (only one repository of an org may have that).
     */
    target?: 'folder' | 'instance';
    /**
     * Seconds between Grafana's periodic syncs. Omitted, Grafana's default, which is not compared.
     */
    intervalSeconds?: number;
  };
  deletionPolicy?: DeletionPolicy;
  resyncPeriod?: ResyncPeriod;
  suspend?: Suspend;
  adopt?: Adopt;
}
/**
 * Observed state, written by the operator: the shared fields of every Grafana object (GrafanaObjectStatus), and the repository's health and sync state as Grafana reported them at the last check in which nothing needed writing (first selected instance).
 */
export interface GrafanaRepositoryStatus {
  /**
   * The metadata.generation this status describes.
   */
  observedGeneration?: number;
  /**
   * The repository's name in Grafana.
   */
  uid?: string;
  /**
   * Grafana's health check of the repository (its status.health).
   */
  health?: {
    /**
     * Whether Grafana can read the repository.
     */
    healthy?: boolean;
    /**
     * When Grafana checked last.
     */
    checked?: string;
    /**
     * What Grafana found wrong, when not healthy.
     */
    message?: string;
  };
  /**
   * Grafana's last sync job (its status.sync).
   */
  sync?: {
    /**
     * pending, working, success, warning or error; empty before the first sync.
     */
    state?: string;
    /**
     * The job's name in Grafana.
     */
    job?: string;
    /**
     * When the job started.
     */
    started?: string;
    /**
     * When the job finished.
     */
    finished?: string;
    /**
     * What the job reported.
     */
    message?: string;
  };
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
  secretKeyRefSchema,
  suspendSchema,
} from './definitions.js';

/** The GrafanaRepository custom resource. */
export interface GrafanaRepository extends KubeObject {
  spec: GrafanaRepositorySpec;
  status?: GrafanaRepositoryStatus;
}

export const GrafanaRepositoryResource = {
  group: 'grafana.provisioning.dev',
  version: 'v1beta1',
  plural: 'grafanarepositories',
  namespaced: true,
  kind: 'GrafanaRepository',
} as const satisfies ResourceType;

/** The spec's OpenAPI schema (CEL rules and x-kubernetes-* keys removed) for runtime validation. */
export const grafanaRepositorySpecSchema = {
  type: 'object',
  required: ['instanceSelector', 'title', 'type'],
  properties: {
    instanceSelector: instanceSelectorSchema,
    uid: { type: 'string', minLength: 1, maxLength: 40, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
    title: { type: 'string', minLength: 1, maxLength: 256 },
    description: { type: 'string', maxLength: 1024 },
    type: { type: 'string', enum: ['git', 'github', 'local'] },
    url: { type: 'string', minLength: 1, maxLength: 2048, pattern: '^https?://' },
    branch: { type: 'string', minLength: 1, maxLength: 256 },
    path: { type: 'string', maxLength: 1024 },
    tokenUser: { type: 'string', minLength: 1, maxLength: 256 },
    token: { type: 'object', required: ['secretKeyRef'], properties: { secretKeyRef: secretKeyRefSchema } },
    workflows: { type: 'array', maxItems: 2, items: { type: 'string', enum: ['write', 'branch'] } },
    sync: {
      type: 'object',
      properties: {
        enabled: { type: 'boolean' },
        target: { type: 'string', enum: ['folder', 'instance'] },
        intervalSeconds: { type: 'integer', format: 'int64', minimum: 60, maximum: 86400 },
      },
    },
    deletionPolicy: deletionPolicySchema,
    resyncPeriod: resyncPeriodSchema,
    suspend: suspendSchema,
    adopt: adoptSchema,
  },
} as const;
