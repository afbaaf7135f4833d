import { GrafanaFolderResource, type GrafanaFolder } from '../api/generated/index.js';
import { ReferenceTracker } from '../runtime/references.js';
import { ObjectError } from '../lib/object-error.js';
import type { KindContext } from '../sync/object-kind.js';
import type { InstanceTarget } from '../sync/targets.js';

/**
 * The Grafana uid of the GrafanaFolder named `folderName` on one instance. The caller waits
 * (DependencyNotReady) until that folder is synced there, and is requeued when it changes.
 */
export async function resolveFolderRef<T>(
  context: KindContext<T>,
  target: InstanceTarget,
  folderName: string,
): Promise<string> {
  context.references.add(ReferenceTracker.key(GrafanaFolderResource.kind, context.namespace, folderName));
  const folder = await context.folders(context.namespace, folderName);
  if (!folder)
    throw new ObjectError(
      'DependencyNotReady',
      `waiting for GrafanaFolder "${folderName}", which does not exist`,
    );
  if (folder.metadata?.deletionTimestamp) {
    throw new ObjectError('DependencyNotReady', `GrafanaFolder "${folderName}" is being deleted`);
  }
  const entry = folder.status?.instances?.find((e) => e.name === target.name);
  if (!entry?.synced || !entry.uid) {
    throw new ObjectError(
      'DependencyNotReady',
      `waiting for GrafanaFolder "${folderName}" to be synced to GrafanaInstance ${target.name}`,
    );
  }
  return entry.uid;
}

/**
 * The chain of parents from `start` when it leads back to `start` (`[a, b, a]`), else undefined.
 * A cycle further up that does not pass through `start` is undefined too: `start` merely waits
 * for a parent that never gets synced, and the folders in that cycle report it.
 */
export async function parentCycle(
  start: string,
  parentOf: (name: string) => Promise<string | undefined>,
): Promise<string[] | undefined> {
  const chain = [start];
  for (let current = start; ;) {
    const parent = await parentOf(current);
    if (parent === undefined) return undefined;
    if (parent !== start && chain.includes(parent)) return undefined;
    chain.push(parent);
    if (parent === start) return chain;
    current = parent;
  }
}

/** One walk per reconcile, whatever the number of instances. */
const checked = new WeakMap<object, Promise<void>>();

/**
 * Refuses (Ready=False/Cycle) a folder whose parentFolderRef chain leads back to itself: it could
 * never be synced, and waiting for a parent would hide why. Every folder of the cycle becomes a
 * reference, so breaking the cycle anywhere requeues this folder at once.
 */
export function refuseParentCycle(context: KindContext<GrafanaFolder>): Promise<void> {
  let check = checked.get(context.object);
  if (!check) {
    check = findParentCycle(context);
    checked.set(context.object, check);
  }
  return check;
}

async function findParentCycle(context: KindContext<GrafanaFolder>): Promise<void> {
  const { object, namespace } = context;
  const start = object.metadata?.name ?? '';
  const cycle = await parentCycle(start, async (name) => {
    if (name === start) return object.spec.parentFolderRef;
    return (await context.folders(namespace, name))?.spec.parentFolderRef;
  });
  if (cycle) {
    for (const name of cycle.slice(1, -1))
      context.references.add(ReferenceTracker.key(GrafanaFolderResource.kind, namespace, name));
    throw new ObjectError(
      'Cycle',
      `spec.parentFolderRef leads back to this folder: GrafanaFolder ${cycle.join(' → ')}; a folder cannot be nested in itself`,
    );
  }
}
