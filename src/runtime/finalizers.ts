import type { KubeClient } from './kube/client.js';
import type { KubeObject, ResourceType } from './kube/types.js';

export const FINALIZER = 'grafana.provisioning.dev/finalizer';

export function hasFinalizer(object: KubeObject, finalizer = FINALIZER): boolean {
  return object.metadata?.finalizers?.includes(finalizer) ?? false;
}

/**
 * Adds or removes our finalizer with a JSON patch that first tests the list it read, so a
 * concurrent edit of finalizers by someone else fails (409/422) and is retried, instead of being
 * overwritten.
 */
export async function addFinalizer(
  client: KubeClient,
  type: ResourceType,
  object: KubeObject,
  finalizer = FINALIZER,
): Promise<void> {
  if (hasFinalizer(object, finalizer)) return;
  const current = object.metadata?.finalizers;
  const ops = current
    ? [
        { op: 'test', path: '/metadata/finalizers', value: current },
        { op: 'add', path: '/metadata/finalizers/-', value: finalizer },
      ]
    : [{ op: 'add', path: '/metadata/finalizers', value: [finalizer] }];
  const updated = await client.jsonPatch(type, object.metadata?.namespace, object.metadata?.name ?? '', ops);
  object.metadata = {
    ...object.metadata,
    finalizers: updated.metadata?.finalizers ?? [finalizer],
    resourceVersion: updated.metadata?.resourceVersion,
  };
}

export async function removeFinalizer(
  client: KubeClient,
  type: ResourceType,
  object: KubeObject,
  finalizer = FINALIZER,
): Promise<void> {
  const current = object.metadata?.finalizers ?? [];
  if (!current.includes(finalizer)) return;
  await client.jsonPatch(type, object.metadata?.namespace, object.metadata?.name ?? '', [
    { op: 'test', path: '/metadata/finalizers', value: current },
    { op: 'replace', path: '/metadata/finalizers', value: current.filter((f) => f !== finalizer) },
  ]);
}
