import { loadConfig } from '../../src/config.js';
import { jest } from '@jest/globals';
import { pino, type DestinationStream, type Logger } from 'pino';
import {
  GrafanaFolderResource,
  GrafanaInstanceResource,
  type GrafanaFolder,
  type GrafanaInstance,
  type GrafanaObjectStatus,
} from '../../src/api/generated/index.js';
import { GrafanaClients } from '../../src/sync/grafana-clients.js';
import { grafanaInstanceAdapter } from '../../src/controllers/grafanainstance.js';
import { ClaimRegistry } from '../../src/sync/claims.js';
import type { CommonSpec, ObjectKind } from '../../src/sync/object-kind.js';
import { grafanaObjectAdapter } from '../../src/sync/grafana-object.js';
import { InstanceDependants } from '../../src/sync/instance-dependants.js';
import { InstanceTargets } from '../../src/sync/targets.js';
import { isTrue } from '../../src/runtime/conditions.js';
import type { ReconcileResult } from '../../src/runtime/controller.js';
import { EventRecorder } from '../../src/runtime/events.js';
import { Informer } from '../../src/runtime/informer.js';
import { CoreTypes, type KubeObject } from '../../src/runtime/kube/types.js';
import { OperatorMetrics } from '../../src/runtime/metrics.js';
import { reconcileWith, type ManagedObject } from '../../src/runtime/reconciler.js';
import { ReferenceTracker } from '../../src/runtime/references.js';
import type { GrafanaDouble } from '../grafana-double/server.js';
import { KubeClient } from '../../src/runtime/kube/client.js';
import type { QueuePriority } from '../../src/runtime/workqueue.js';
import { createTestNamespace, e2eCluster } from './cluster.js';
import { TestKube } from './kube.js';
import { eventually } from './wait.js';

/**
 * One kind's reconcile, built the way the operator builds it, on a namespace of the real
 * apiserver, called by the test one reconcile at a time (no controller, so no timing): what a
 * test sees is what reaches Kubernetes (status, Events, finalizers), what reaches Grafana, and
 * which other objects the sync layer asks to requeue.
 */
export interface SyncHarness {
  kube: TestKube;
  logger: Logger;
  /**
   * Reconciles `namespace/name` of the kind once; `resync` as a periodic resync does (the queue's
   * trigger), otherwise as a change does. First the cache catches up with the object, as in the
   * operator, where a run follows the event that reached its cache: its read is not older than
   * the cached version, which a change just written by another client may not have reached yet.
   */
  reconcile(name: string, trigger?: QueuePriority): Promise<ReconcileResult>;
  /** Every request the reconcile skeleton and the kind made to the apiserver, as `METHOD resource`. */
  apiserverRequests: string[];
  /** Keys the sync layer asked to requeue since the last call; clears them. */
  takeRequeued(): string[];
  /**
   * A GrafanaInstance `name` for `double` (a service-account token of its org 1), reconciled by
   * the operator's instance adapter and seen by the informer the sync layer selects from.
   */
  connect(name: string, double: GrafanaDouble, labels: Record<string, string>): Promise<void>;
  /** Waits until the sync layer's instance cache has the instance in this state. */
  seesInstance(name: string, state: (instance: GrafanaInstance | undefined) => boolean): Promise<void>;
  /** Lets `ms` pass for everything that reads Date.now (list caches age, Events aggregate). */
  advanceClock(ms: number): void;
  stop(): Promise<void>;
}

export async function syncHarness<
  Spec extends CommonSpec,
  T extends ManagedObject<Spec, GrafanaObjectStatus>,
  D,
  O,
  L,
>(prefix: string, kind: ObjectKind<Spec, T, D, O, L>): Promise<SyncHarness> {
  const kube = new TestKube(await createTestNamespace(prefix));
  const lines: string[] = [];
  const destination: DestinationStream = { write: (line: string) => void lines.push(line) };
  const logger = pino({ level: 'debug' }, destination);
  const metrics = new OperatorMetrics({ processMetrics: false });
  const clients = new GrafanaClients(metrics, { limit: 0 });
  const instances = new Informer<GrafanaInstance>(kube.client, {
    type: GrafanaInstanceResource,
    namespace: kube.namespace,
    logger,
  });
  const secrets = new Informer<KubeObject>(kube.client, {
    type: CoreTypes.secret,
    namespace: kube.namespace,
    metadataOnly: true,
    logger,
  });
  // The cache of the kind's objects, as the operator keeps it (metadata only).
  const objects = new Informer<KubeObject>(kube.client, {
    type: kind.resource,
    namespace: kube.namespace,
    metadataOnly: true,
    logger,
  });
  instances.start();
  secrets.start();
  objects.start();
  await Promise.all([instances.waitForSync(), secrets.waitForSync(), objects.waitForSync()]);
  const apiserverRequests: string[] = [];
  const counted = new KubeClient(e2eCluster().kubeConfig(), {
    onRequest: ({ method, resource }) => void apiserverRequests.push(`${method} ${resource}`),
  });
  // The operator's default list age, which the tests age past with advanceClock.
  const targets = new InstanceTargets(kube.client, clients, secrets, loadConfig({}).snapshotMaxAgeMs);
  const skeleton = {
    kube: counted,
    events: new EventRecorder(
      kube.client,
      'sync-test',
      'test',
      logger,
      loadConfig({}).eventRewriteIntervalMs,
    ),
    references: new ReferenceTracker(),
    logger,
  };
  const requeued: string[] = [];
  const reconcileObject = reconcileWith(
    grafanaObjectAdapter(kind, {
      instances,
      targets,
      claims: new ClaimRegistry(),
      kinds: [kind],
      folders: (namespace, name) => kube.client.find<GrafanaFolder>(GrafanaFolderResource, namespace, name),
    }),
    { ...skeleton, cached: (key: string) => objects.get(key) },
  );
  const reconcileInstance = reconcileWith(
    grafanaInstanceAdapter(clients, targets, new InstanceDependants(kube.client, [])),
    skeleton,
  );
  const realNow = Date.now.bind(Date);
  let offset = 0;
  const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);

  /** Until the cache of the kind's objects holds `name` as the apiserver does now (or not, when it is gone). */
  async function cacheCaughtUp(name: string): Promise<void> {
    const now = await kube.client.find(kind.resource, kube.namespace, name);
    await eventually(
      () =>
        objects.get(`${kube.namespace}/${name}`)?.metadata?.resourceVersion ===
        now?.metadata?.resourceVersion,
      { what: `the cache holding ${name} as it is now` },
    );
  }

  const harness: SyncHarness = {
    kube,
    logger,
    async reconcile(name, trigger = 'event') {
      await cacheCaughtUp(name);
      return (
        (await reconcileObject(`${kube.namespace}/${name}`, (keys) => requeued.push(...keys), trigger)) ?? {}
      );
    },
    apiserverRequests,
    takeRequeued: () => requeued.splice(0),
    async connect(name, double, labels) {
      const token = `glsa_${name}_${kube.namespace}`;
      double.addServiceAccountToken(token, { orgId: 1, role: 'Admin', name: 'operator' });
      await kube.secret(`${name}-token`, { token });
      await kube.instance(
        name,
        { url: double.url, auth: { token: { secretKeyRef: { name: `${name}-token`, key: 'token' } } } },
        labels,
      );
      await eventually(() => secrets.get(`${kube.namespace}/${name}-token`), {
        what: `Secret ${name}-token seen`,
      });
      // The instance adapter requeues nothing.
      await reconcileInstance(`${kube.namespace}/${name}`, () => undefined);
      await harness.seesInstance(name, (i) => isTrue(i?.status?.conditions, 'Ready'));
    },
    async seesInstance(name, state) {
      await eventually(() => state(instances.get(`${kube.namespace}/${name}`)), {
        what: `GrafanaInstance ${name} seen in the wanted state`,
      });
    },
    advanceClock: (ms) => void (offset += ms),
    async stop() {
      clock.mockRestore();
      await Promise.all([instances.stop(), secrets.stop(), objects.stop()]);
      counted.close();
      kube.client.close();
    },
  };
  return harness;
}
