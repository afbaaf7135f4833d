import { GrafanaFolderResource, type GrafanaFolder } from '../../api/generated/index.js';
import { ReferenceTracker } from '../../runtime/references.js';
import { ObjectError, type KindContext } from './grafana-object.js';
import type { InstanceTarget } from './targets.js';

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
  const folder = await context.kube.find<GrafanaFolder>(GrafanaFolderResource, context.namespace, folderName);
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
