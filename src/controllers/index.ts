import { Controller } from '../runtime/controller.js';
import { EventRecorder } from '../runtime/events.js';
import { CoreTypes, type KubeObject, type ResourceType } from '../runtime/kube/types.js';
import type { Manager } from '../runtime/manager.js';
import {
  reconcileWith,
  type KindAdapter,
  type ManagedObject,
  type ObjectStatus,
} from '../runtime/reconciler.js';
import { ReferenceTracker } from '../runtime/references.js';
import { GrafanaClients } from './grafana-clients.js';
import { grafanaInstanceAdapter } from './grafanainstance.js';

export interface ControllerSettings {
  concurrency: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  identity: string;
}

/** Registers every kind's controller on the manager. */
export function registerControllers(
  manager: Manager,
  settings: ControllerSettings,
): { clients: GrafanaClients } {
  const clients = new GrafanaClients(manager.metrics);
  const events = new EventRecorder(
    manager.client,
    'grafana-provisioning-operator',
    settings.identity,
    manager.logger,
  );
  const secrets = manager.informer({ type: CoreTypes.secret, metadataOnly: true });

  function register<Spec, Status extends ObjectStatus, T extends ManagedObject<Spec, Status>>(
    adapter: KindAdapter<Spec, Status, T>,
  ): Controller {
    const references = new ReferenceTracker();
    const controller = new Controller({
      name: adapter.resource.kind.toLowerCase(),
      concurrency: settings.concurrency,
      logger: manager.logger.child({ controller: adapter.resource.kind }),
      metrics: manager.metrics,
      rateLimiter: { baseDelayMs: settings.retryBaseDelayMs, maxDelayMs: settings.retryMaxDelayMs },
      reconcile: reconcileWith(adapter, {
        kube: manager.client,
        events,
        references,
        logger: manager.logger,
      }),
    });
    controller.watchPrimary(
      manager.informer<KubeObject>({ type: adapter.resource as ResourceType, metadataOnly: true }),
    );
    controller.watchMapped(secrets, (event) =>
      references.owners(
        ReferenceTracker.key(
          CoreTypes.secret.kind,
          event.object.metadata?.namespace,
          event.object.metadata?.name ?? '',
        ),
      ),
    );
    manager.addController(controller);
    return controller;
  }

  register(grafanaInstanceAdapter(clients));
  return { clients };
}
