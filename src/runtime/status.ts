import type { KubeClient } from './kube/client.js';
import type { KubeObject, ResourceType } from './kube/types.js';
import { isDeepStrictEqual } from 'node:util';

export interface WithStatus<S> extends KubeObject {
  status?: S;
}

/**
 * Writes status through the /status subresource, and only when it differs from what the object
 * already has: a resync of an unchanged object must cost the apiserver (and etcd) nothing.
 * A JSON patch `replace` of the whole status removes fields we no longer set, which a merge
 * patch would leave behind; it never touches spec, so metadata.generation does not move. The
 * object's resourceVersion becomes the written one.
 */
export async function updateStatus<S>(
  client: KubeClient,
  type: ResourceType,
  object: WithStatus<S>,
  status: S,
): Promise<boolean> {
  if (isDeepStrictEqual(normalise(object.status), normalise(status))) return false;
  const op = object.status === undefined ? 'add' : 'replace';
  const written = await client.jsonPatch(
    type,
    object.metadata?.namespace,
    object.metadata?.name ?? '',
    [{ op, path: '/status', value: status }],
    'status',
    // Only its resourceVersion is read: not the whole object (a dashboard's JSON) back.
    'metadata',
  );
  object.status = status;
  // The object as it is now: what a later resync compares its cached resourceVersion with.
  object.metadata = { ...object.metadata, resourceVersion: written.metadata?.resourceVersion };
  return true;
}

/** Drops undefined members, which JSON serialisation drops too. */
function normalise(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}
