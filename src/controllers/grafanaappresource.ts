import {
  GrafanaAppResourceResource,
  grafanaAppResourceSpecSchema,
  type GrafanaAppResource,
  type GrafanaAppResourceSpec,
} from '../api/generated/index.js';
import {
  appResourceDrift,
  appResourceInput,
  desiredAppResource,
  observedAgainst,
  placeOf,
  type DesiredAppResource,
  type ObservedAppResource,
} from '../app-resources/app-resource.js';
import { resolveFolderRef } from '../folders/folder-ref.js';
import type { AppResourceObject } from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import type { Applied, ObjectKind } from '../sync/object-kind.js';

/**
 * GrafanaAppResource: any resource of Grafana's app-platform API (contract §24) by `apiVersion`,
 * `kind` and a free-form `spec`, in the org's namespace, named by the object's uid. The plural is
 * found by discovery; a group version or kind Grafana does not serve is Unsupported. Drift is
 * judged by Grafana's generation (app-resources/app-resource.ts).
 */
export const grafanaAppResourceKind: ObjectKind<
  GrafanaAppResourceSpec,
  GrafanaAppResource,
  DesiredAppResource,
  ObservedAppResource,
  never
> = {
  resource: GrafanaAppResourceResource,
  specSchema: grafanaAppResourceSpecSchema,
  folderRef: (spec) => spec.folderRef,

  async desired(context, target) {
    const { spec } = context.object;
    const place = await placeOf(target, spec);
    const folderUid = spec.folderRef
      ? await resolveFolderRef(context, target, spec.folderRef)
      : (spec.folderUID ?? '');
    return desiredAppResource(spec, place, folderUid);
  },

  observe: async ({ target, uid, desired, record }) => {
    const found = await target.api.appResources.get(desired.place, uid);
    return found && observedAgainst(found, record?.version);
  },

  diff: appResourceDrift,

  async write({ target, uid, desired, observed }) {
    const written = await target.api.appResources.save(
      desired.place,
      appResourceInput(uid, desired, observed),
    );
    return applied(written);
  },

  async remove(target, uid, object) {
    if (!object) throw new ObjectError('Unsupported', `no spec to find resource ${uid} by`);
    // Where Grafana no longer serves the kind there is nothing of it left to remove.
    const place = await placeOf(target, object.spec).catch((err: unknown) => {
      if (err instanceof ObjectError && err.reason === 'Unsupported') return undefined;
      throw err;
    });
    if (place) await target.api.appResources.delete(place, uid);
  },

  describe: applied,
};

/** The resource's name and Grafana's generation of it, the version drift is judged by. */
function applied(resource: AppResourceObject): Applied {
  return { uid: resource.name, ...(resource.generation > 0 ? { version: resource.generation } : {}) };
}
