import type { KubeClient, PatchAnswer } from './kube/client.js';
import { isConflict, isNotFound } from './kube/errors.js';
import type { KubeObject, ResourceType } from './kube/types.js';

export const FINALIZER = 'grafana.provisioning.dev/finalizer';

export function hasFinalizer(object: KubeObject, finalizer = FINALIZER): boolean {
  return object.metadata?.finalizers?.includes(finalizer) ?? false;
}

/**
 * Adds or removes our finalizer with a merge patch that carries the resourceVersion it read, so a
 * concurrent edit by someone else (their finalizer added or removed) fails with 409 Conflict and
 * is retried, instead of being overwritten. (A JSON patch `test` op fails as a 422, like invalid
 * input, and cannot guard a list that is not there yet.)
 */
export async function addFinalizer(
  client: KubeClient,
  type: ResourceType,
  object: KubeObject,
  finalizer = FINALIZER,
): Promise<void> {
  if (hasFinalizer(object, finalizer)) return;
  const updated = await patchFinalizers(
    client,
    type,
    object,
    [...(object.metadata?.finalizers ?? []), finalizer],
    'metadata',
  );
  object.metadata = {
    ...object.metadata,
    finalizers: updated.metadata?.finalizers ?? [finalizer],
    resourceVersion: updated.metadata?.resourceVersion,
  };
}

/**
 * Adds our finalizer to the object as the metadata cache holds it (its resourceVersion and
 * finalizers), answering with the whole object as the PATCH left it: the read a reconcile would
 * otherwise make first. Undefined when the cached metadata is stale (409 Conflict) or the object
 * is gone (404): the caller reads it then.
 */
export async function addFinalizerFromCache(
  client: KubeClient,
  type: ResourceType,
  cached: KubeObject,
  finalizer = FINALIZER,
): Promise<KubeObject | undefined> {
  try {
    return await patchFinalizers(client, type, cached, [...(cached.metadata?.finalizers ?? []), finalizer]);
  } catch (err) {
    if (isConflict(err) || isNotFound(err)) return undefined;
    throw err;
  }
}

export async function removeFinalizer(
  client: KubeClient,
  type: ResourceType,
  object: KubeObject,
  finalizer = FINALIZER,
): Promise<void> {
  const current = object.metadata?.finalizers ?? [];
  if (!current.includes(finalizer)) return;
  await patchFinalizers(
    client,
    type,
    object,
    current.filter((f) => f !== finalizer),
    'metadata',
  );
}

/** `answer` 'metadata' where the caller reads nothing else back (not a dashboard's JSON). */
function patchFinalizers(
  client: KubeClient,
  type: ResourceType,
  object: KubeObject,
  finalizers: string[],
  answer: PatchAnswer = 'object',
): Promise<KubeObject> {
  return client.mergePatch(
    type,
    object.metadata?.namespace,
    object.metadata?.name ?? '',
    { metadata: { resourceVersion: object.metadata?.resourceVersion, finalizers } },
    undefined,
    answer,
  );
}
