/**
 * Git Sync repositories: `provisioning.grafana.app` Repository objects, and the sync job that pulls
 * one (contract §22). The group is served from Grafana 12 with the feature toggle `provisioning`;
 * without it, discovery answers 404. Namespaces are those of the org (§10).
 *
 * A repository's access token is a secure value: written as `secure.token.create`, shown back only
 * as `secure.token.name` (a reference into Grafana's secret store). An update that leaves `secure`
 * out keeps the stored token (`CopySecureValues`, §22.3).
 */
import { AppPlatformResource } from './app-platform.js';
import { undefinedIfNotFound } from './errors.js';
import type { GrafanaHttpClient } from './http.js';

const GROUP = 'provisioning.grafana.app';
const REPOSITORIES = `/apis/${GROUP}/:version/namespaces/:namespace/repositories`;
const REPOSITORY = `${REPOSITORIES}/:name`;

/** The versions the operator writes, most preferred first (§22.1): the same Repository in both. */
export const REPOSITORY_VERSIONS = ['v1beta1', 'v0alpha1'] as const;

export type RepositoryType = 'git' | 'github' | 'local';
export type Workflow = 'write' | 'branch';

/** `RepositorySpec`, as far as the operator writes it. */
export interface RepositorySpec {
  title: string;
  description?: string;
  workflows: Workflow[];
  sync: { enabled: boolean; target: 'folder' | 'instance'; intervalSeconds?: number };
  type: RepositoryType;
  git?: { url: string; branch: string; tokenUser?: string; path?: string };
  github?: { url: string; branch: string; path?: string };
  local?: { path: string };
}

/** `common.InlineSecureValue`: `create` only in writes, `name` only in reads. */
export interface InlineSecureValue {
  create?: string;
  name?: string;
  remove?: boolean;
}

/** `RepositoryStatus.health` (times in Unix milliseconds). */
export interface RepositoryHealth {
  healthy: boolean;
  error?: string;
  checked?: number;
  message?: string[];
}

/** `RepositoryStatus.sync`: the last sync job. */
export interface RepositorySyncStatus {
  state: '' | 'pending' | 'working' | 'success' | 'warning' | 'error';
  job?: string;
  started?: number;
  finished?: number;
  message?: string[];
}

/** A Repository as Grafana answers it. */
export interface GrafanaRepository {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    generation?: number;
    deletionTimestamp?: string;
  };
  spec: RepositorySpec;
  secure?: { token?: InlineSecureValue };
  status?: { observedGeneration?: number; health?: RepositoryHealth; sync?: RepositorySyncStatus };
}

/** What a create or update sends. */
export interface RepositoryInput {
  metadata: { name: string; resourceVersion?: string };
  spec: RepositorySpec;
  secure?: { token: InlineSecureValue };
}

/** Where a repository lives: the served version and the org's namespace. */
export interface RepositoryPlace {
  version: string;
  namespace: string;
}

export class RepositoriesApi {
  readonly #discovery: AppPlatformResource;

  constructor(private readonly http: GrafanaHttpClient) {
    this.#discovery = new AppPlatformResource(http, GROUP, 'repositories', REPOSITORY_VERSIONS);
  }

  /** The version to use, or undefined where Grafana does not serve the group (11.x, toggle off). */
  servedVersion(): Promise<string | undefined> {
    return this.#discovery.servedVersion();
  }

  get(place: RepositoryPlace, name: string): Promise<GrafanaRepository | undefined> {
    return undefinedIfNotFound(
      this.http.call<GrafanaRepository>({ method: 'GET', route: REPOSITORY, params: { ...place, name } }),
    );
  }

  create(place: RepositoryPlace, input: RepositoryInput): Promise<GrafanaRepository> {
    return this.http.call<GrafanaRepository>({
      method: 'POST',
      route: REPOSITORIES,
      params: { ...place },
      body: this.#object(place, input),
    });
  }

  /** Replaces the spec; with `metadata.resourceVersion`, only if nobody wrote it since (409). */
  update(place: RepositoryPlace, input: RepositoryInput): Promise<GrafanaRepository> {
    return this.http.call<GrafanaRepository>({
      method: 'PUT',
      route: REPOSITORY,
      params: { ...place, name: input.metadata.name },
      body: this.#object(place, input),
    });
  }

  async delete(place: RepositoryPlace, name: string): Promise<void> {
    await this.http.call<unknown>({ method: 'DELETE', route: REPOSITORY, params: { ...place, name } });
  }

  /**
   * Starts a sync (a `pull` job) through the `jobs` subresource; answers the job's name. Refused
   * with 424 while Grafana does not find the repository healthy (§22.4).
   */
  async startSync(place: RepositoryPlace, name: string): Promise<string> {
    const job = await this.http.call<{ metadata?: { name?: string } }>({
      method: 'POST',
      route: `${REPOSITORY}/jobs`,
      params: { ...place, name },
      body: { action: 'pull', pull: { incremental: false } },
    });
    return job?.metadata?.name ?? '';
  }

  #object(place: RepositoryPlace, input: RepositoryInput) {
    return { apiVersion: `${GROUP}/${place.version}`, kind: 'Repository', ...input };
  }
}
