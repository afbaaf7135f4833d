/**
 * The double's Git Sync repositories (docs/grafana-api.md §22): what a Repository holds in one org,
 * Grafana's admission defaults, its health check and its sync jobs. The routes are
 * routes/repositories.ts.
 *
 * Grafana checks a repository's health by reaching it (a local path on its disk, a Git remote with
 * the token). The double has no remotes of its own: a test declares the remotes and branches that
 * exist with {@link addGitRemote}; any other URL or branch is unhealthy. A local path is healthy when
 * the directory exists on this machine (Grafana also requires it within permitted_provisioning_paths,
 * which the double does not model).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';

import type { GrafanaState, OrgState } from './state.js';
import type { JsonObject } from './types.js';

export interface RepositoryRecord {
  name: string;
  spec: JsonObject;
  /** The token's value in the secret store, and its reference name; never answered. */
  token?: { value: string; name: string };
  generation: number;
  resourceVersion: number;
  created: string;
  health: { healthy: boolean; checked: number; message?: string[] };
  sync: { state: string; job?: string; started?: number; finished?: number; message: string[] };
  jobs: JobRecord[];
}

export interface JobRecord {
  name: string;
  action: string;
  state: string;
  started: number;
  finished: number;
}

/** Grafana's default sync interval, which its admission sets where the spec has none (§22.2). */
export const DEFAULT_INTERVAL_SECONDS = 60;

let resourceVersions = 0;

export const repositoriesOf = (org: OrgState) =>
  org.extension('repositories', () => new Map<string, RepositoryRecord>());

const remotes = new WeakMap<GrafanaState, Map<string, Set<string>>>();

/** Declares a Git remote the double can reach, with its branches (shared by every org). */
export function addGitRemote(state: GrafanaState, url: string, branches: readonly string[]): void {
  const known = remotes.get(state) ?? new Map<string, Set<string>>();
  remotes.set(state, known);
  known.set(url, new Set([...(known.get(url) ?? []), ...branches]));
}

/** The admission mutator: a missing or zero interval becomes the default, no workflows become []. */
export function admitted(spec: JsonObject): JsonObject {
  const sync = (spec.sync ?? {}) as JsonObject;
  const interval = typeof sync.intervalSeconds === 'number' ? sync.intervalSeconds : 0;
  return {
    ...spec,
    workflows: Array.isArray(spec.workflows) ? spec.workflows : [],
    sync: { ...sync, intervalSeconds: interval > 0 ? interval : DEFAULT_INTERVAL_SECONDS },
  };
}

/** What the validator refuses (a 422 Invalid), or undefined. */
export function invalidSpec(spec: JsonObject): string | undefined {
  if (typeof spec.title !== 'string' || spec.title === '') return 'spec.title: Required value';
  const type = spec.type;
  if (type !== 'git' && type !== 'github' && type !== 'local')
    return `spec.type: Unsupported value: "${String(type)}"`;
  const config = spec[type] as JsonObject | undefined;
  if (!config) return `spec.${type}: Required value`;
  if (type !== 'local' && (!config.url || !config.branch)) return `spec.${type}: url and branch are required`;
  if (type === 'local' && !config.path) return 'spec.local.path: Required value';
  return undefined;
}

/** The health check the repository controller runs after each write. */
export function healthOf(state: GrafanaState, spec: JsonObject, now: number): RepositoryRecord['health'] {
  const type = spec.type as string;
  const config = (spec[type] ?? {}) as JsonObject;
  const fail = (message: string) => ({ healthy: false, checked: now, message: [message] });
  if (type === 'local') {
    const path = String(config.path ?? '');
    return existsSync(path) && statSync(path).isDirectory()
      ? { healthy: true, checked: now }
      : fail(`path not found: ${path}`);
  }
  const branches = remotes.get(state)?.get(String(config.url ?? ''));
  if (!branches) return fail('repository not found');
  if (!branches.has(String(config.branch ?? ''))) return fail(`branch not found: ${String(config.branch)}`);
  return { healthy: true, checked: now };
}

export function nextResourceVersion(): number {
  return ++resourceVersions;
}

/** A pull job, run at once: the double's sync has nothing to pull, so it always succeeds. */
export function runPullJob(record: RepositoryRecord, now: number): JobRecord {
  const job = { name: `pull-${randomUUID()}`, action: 'pull', state: 'success', started: now, finished: now };
  record.jobs.push(job);
  record.sync = { state: 'success', job: job.name, started: now, finished: now, message: [] };
  return job;
}
