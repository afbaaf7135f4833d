import { loadConfig } from '../../src/config.js';
import { pino } from 'pino';
import type { ReconcileResult } from '../../src/runtime/controller.js';
import { EventRecorder } from '../../src/runtime/events.js';
import type { KubeClient } from '../../src/runtime/kube/client.js';
import {
  reconcileWith,
  type KindAdapter,
  type ManagedObject,
  type ObjectStatus,
  type SkeletonDeps,
} from '../../src/runtime/reconciler.js';
import { ReferenceTracker } from '../../src/runtime/references.js';
import type { QueuePriority } from '../../src/runtime/workqueue.js';

/**
 * The reconcile skeleton around a test's adapter, on `kube`, with the rest of its dependencies
 * as the operator makes them (a silent logger unless given); `deps` replaces any of them. There
 * is no controller: the adapters tested this way requeue nothing.
 */
export function skeletonFor<Spec, Status extends ObjectStatus, T extends ManagedObject<Spec, Status>>(
  adapter: KindAdapter<Spec, Status, T>,
  kube: KubeClient,
  deps: Partial<SkeletonDeps> = {},
): (key: string, trigger?: QueuePriority) => Promise<ReconcileResult> {
  const logger = deps.logger ?? pino({ level: 'silent' });
  const reconcile = reconcileWith(adapter, {
    kube,
    events: new EventRecorder(kube, 'skeleton-test', 'test', logger, loadConfig({}).eventRewriteIntervalMs),
    references: new ReferenceTracker(),
    logger,
    ...deps,
  });
  return (key, trigger = 'event') => reconcile(key, () => undefined, trigger);
}
