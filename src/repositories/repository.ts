/**
 * A GrafanaRepository's domain logic (contract §22): the Repository the spec describes, how it
 * compares with the one in Grafana, what a write sends, and what of Grafana's status the object
 * shows.
 *
 * Drift is judged by the spec the operator wrote, field by field, not by Grafana's
 * `metadata.generation`: a generation says that something changed, not what (the DriftReverted
 * Event names the fields), it starts again at 1 when a repository is deleted and made again, and
 * Grafana's own admission rewrites what it stores (a missing interval, `workflows: null`), which a
 * generation cannot tell from an edit. The token cannot be compared at all: Grafana never shows a
 * secure value again (§22.3). Whether one is stored is compared; a new value in the Secret changes
 * its resourceVersion, which the applied hash holds, and is sent again.
 */
import type { GrafanaRepositorySpec } from '../api/generated/index.js';
import type {
  GrafanaRepository,
  RepositoryInput,
  RepositoryPlace,
  RepositorySpec,
} from '../grafana/index.js';

/** The spec fields that decide the repository. */
export type RepositorySpecFields = Pick<
  GrafanaRepositorySpec,
  'title' | 'description' | 'type' | 'url' | 'branch' | 'path' | 'tokenUser' | 'workflows' | 'sync'
>;

/** The repository as the spec describes it, where it goes, and its token (never hashed or shown). */
export interface DesiredRepository {
  place: RepositoryPlace;
  spec: RepositorySpec;
  /** The access token's value, from its Secret; undefined: none. */
  token?: string;
}

/** The Repository the spec describes, with Grafana's defaults for what it leaves out. */
export function repositorySpec(fields: RepositorySpecFields): RepositorySpec {
  const sync = fields.sync ?? {};
  const path = fields.path ? { path: fields.path } : {};
  return {
    title: fields.title,
    ...(fields.description ? { description: fields.description } : {}),
    workflows: [...(fields.workflows ?? [])],
    sync: {
      enabled: sync.enabled ?? true,
      target: sync.target ?? 'folder',
      ...(sync.intervalSeconds !== undefined ? { intervalSeconds: sync.intervalSeconds } : {}),
    },
    type: fields.type,
    ...(fields.type === 'git'
      ? {
          git: {
            url: fields.url ?? '',
            branch: fields.branch ?? '',
            ...(fields.tokenUser ? { tokenUser: fields.tokenUser } : {}),
            ...path,
          },
        }
      : fields.type === 'github'
        ? { github: { url: fields.url ?? '', branch: fields.branch ?? '', ...path } }
        : { local: { path: fields.path ?? '' } }),
  };
}

/** The location fields of the spec's type, flattened: what the user set as url, branch and path. */
function location(spec: RepositorySpec): Record<string, string> {
  const config: { url?: string; branch?: string; path?: string; tokenUser?: string } =
    spec.type === 'git'
      ? (spec.git ?? {})
      : spec.type === 'github'
        ? (spec.github ?? {})
        : (spec.local ?? {});
  return {
    url: config.url ?? '',
    branch: config.branch ?? '',
    path: config.path ?? '',
    tokenUser: config.tokenUser ?? '',
  };
}

/** The fields where Grafana's repository differs from the spec's; [] when in sync. */
export function repositoryDrift(desired: DesiredRepository, observed: GrafanaRepository): string[] {
  const want = desired.spec;
  const have = observed.spec ?? ({} as Partial<RepositorySpec>);
  const fields: string[] = [];
  const differs = (field: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) fields.push(field);
  };
  differs('title', have.title ?? '', want.title);
  differs('description', have.description ?? '', want.description ?? '');
  differs('type', have.type ?? '', want.type);
  if (have.type === want.type) {
    const [haveAt, wantAt] = [location(have as RepositorySpec), location(want)];
    for (const key of Object.keys(wantAt)) differs(key, haveAt[key], wantAt[key]);
  }
  // Grafana stores a missing list as [] (admission); the order is a precedence, so it counts.
  differs('workflows', have.workflows ?? [], want.workflows);
  differs('sync.enabled', have.sync?.enabled ?? false, want.sync.enabled);
  differs('sync.target', have.sync?.target ?? '', want.sync.target);
  // Omitted in the spec, the interval is Grafana's default (its admission fills it in).
  if (want.sync.intervalSeconds !== undefined)
    differs('sync.intervalSeconds', have.sync?.intervalSeconds, want.sync.intervalSeconds);
  if (Boolean(observed.secure?.token?.name) !== (desired.token !== undefined)) fields.push('secure.token');
  return fields;
}

/**
 * What a create or update sends: the spec; the token when the spec has one (a stored one is
 * replaced), or its removal when Grafana holds one the spec no longer has (leaving `secure` out
 * would keep it); the resourceVersion read, so that an update over someone else's is refused.
 */
export function repositoryInput(
  name: string,
  desired: DesiredRepository,
  observed: GrafanaRepository | undefined,
): RepositoryInput {
  const resourceVersion = observed?.metadata.resourceVersion;
  const secure =
    desired.token !== undefined
      ? { token: { create: desired.token } }
      : observed?.secure?.token?.name
        ? { token: { remove: true } }
        : undefined;
  return {
    metadata: { name, ...(resourceVersion ? { resourceVersion } : {}) },
    spec: desired.spec,
    ...(secure ? { secure } : {}),
  };
}

/** The object's status.health and status.sync: Grafana's, with times as RFC 3339. */
export interface MirroredStatus {
  health?: { healthy: boolean; checked?: string; message?: string };
  sync?: { state: string; job?: string; started?: string; finished?: string; message?: string };
}

const time = (ms: number | undefined) => (ms ? { value: new Date(ms).toISOString() } : undefined);
const joined = (lines: string[] | undefined) => (lines && lines.length > 0 ? lines.join('; ') : undefined);

/** Grafana's health and last sync of `observed`, as the object's status shows them. */
export function mirroredStatus(observed: GrafanaRepository | undefined): MirroredStatus {
  const health = observed?.status?.health;
  const sync = observed?.status?.sync;
  const out: MirroredStatus = {};
  if (health) {
    const checked = time(health.checked);
    const message = joined(health.message);
    out.health = {
      healthy: health.healthy,
      ...(checked ? { checked: checked.value } : {}),
      ...(message ? { message } : {}),
    };
  }
  if (sync) {
    const [started, finished, message] = [time(sync.started), time(sync.finished), joined(sync.message)];
    out.sync = {
      state: sync.state ?? '',
      ...(sync.job ? { job: sync.job } : {}),
      ...(started ? { started: started.value } : {}),
      ...(finished ? { finished: finished.value } : {}),
      ...(message ? { message } : {}),
    };
  }
  return out;
}
