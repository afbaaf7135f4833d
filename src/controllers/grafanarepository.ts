import {
  GrafanaRepositoryResource,
  grafanaRepositorySpecSchema,
  type GrafanaRepository,
  type GrafanaRepositorySpec,
} from '../api/generated/index.js';
import {
  GrafanaApiError,
  orgNamespace,
  type GrafanaRepository as GrafanaRepositoryDto,
  type RepositoryPlace,
} from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import {
  mirroredStatus,
  repositoryDrift,
  repositoryInput,
  repositorySpec,
  type DesiredRepository,
} from '../repositories/repository.js';
import type { Applied, ObjectKind } from '../sync/object-kind.js';
import type { InstanceTarget } from '../sync/targets.js';

/** Grafana's answer to a job for a repository it has not found healthy (§22.4). */
const FAILED_DEPENDENCY = 424;

/**
 * GrafanaRepository: a Git Sync repository (`provisioning.grafana.app` Repository, contract §22)
 * in the org's namespace, named by the object's uid. Where Grafana does not serve the group (11.x,
 * or 12+ without the feature toggle `provisioning`) the object is Unsupported. Every write is
 * followed by a sync job while sync is enabled, since Grafana itself only syncs periodically once
 * a first sync ran; a job Grafana refuses because it has not found the repository healthy yet
 * fails the write, which is retried. The token goes to Grafana as a secure value and nowhere else.
 */
export const grafanaRepositoryKind: ObjectKind<
  GrafanaRepositorySpec,
  GrafanaRepository,
  DesiredRepository,
  GrafanaRepositoryDto,
  never
> = {
  resource: GrafanaRepositoryResource,
  specSchema: grafanaRepositorySpecSchema,

  async desired({ object, secrets }, target) {
    const version = await target.api.repositories.servedVersion();
    if (!version) {
      throw new ObjectError(
        'Unsupported',
        `Grafana${target.grafanaVersion ? ` ${target.grafanaVersion}` : ''} does not serve provisioning.grafana.app (Git Sync): it needs Grafana 12 or later with the feature toggle provisioning enabled`,
      );
    }
    const { spec } = object;
    const ref = spec.token?.secretKeyRef;
    return {
      place: placeOn(target, version),
      spec: repositorySpec(spec),
      ...(ref ? { token: await secrets.value(ref) } : {}),
    };
  },

  // The token's value never enters the hash: its Secret's resourceVersion does.
  hashable: ({ place, spec, token }) => ({ namespace: place.namespace, spec, token: token !== undefined }),

  observe: async ({ target, uid, desired }) => {
    const found = await target.api.repositories.get(desired.place, uid);
    // One being deleted is gone once Grafana's finalizers ran: not there to keep (§22.2).
    return found?.metadata.deletionTimestamp ? undefined : found;
  },

  diff: repositoryDrift,

  async write({ target, uid, desired, observed }) {
    const api = target.api.repositories;
    const input = repositoryInput(uid, desired, observed);
    const written = observed
      ? await api.update(desired.place, input)
      : await api.create(desired.place, input);
    if (!desired.spec.sync.enabled) return { ...applied(written), held: written };
    await startSync(() => api.startSync(desired.place, uid));
    // Read again for the status: the job changed the repository's sync state.
    const held = (await api.get(desired.place, uid)) ?? written;
    return { ...applied(held), held };
  },

  async remove(target, uid) {
    const version = await target.api.repositories.servedVersion();
    // Without the group there is nothing of it left to remove.
    if (version) await target.api.repositories.delete(placeOn(target, version), uid);
  },

  describe: applied,
  statusOf: (_instances, _desired, inSync) => mirroredStatus(inSync),
};

/** The repository's name and Grafana's generation of it. */
function applied(repository: GrafanaRepositoryDto): Applied {
  const { name, generation } = repository.metadata;
  return { uid: name, ...(generation ? { version: generation } : {}) };
}

/** The repositories of the target's org: the namespace Grafana gives it (§10, §22.1). */
function placeOn(target: InstanceTarget, version: string): RepositoryPlace {
  return { version, namespace: orgNamespace(target.orgId) };
}

/** Starts the sync; a refusal for an unhealthy repository is this object's failure, retried. */
async function startSync(start: () => Promise<string>): Promise<void> {
  try {
    await start();
  } catch (err) {
    if (err instanceof GrafanaApiError && err.status === FAILED_DEPENDENCY) {
      throw new ObjectError(
        'RepositoryUnhealthy',
        `the repository is written, but Grafana has not found it healthy, so no sync job was started (${err.grafanaMessage}); see status.health`,
      );
    }
    throw err;
  }
}
