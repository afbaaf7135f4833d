import {
  GrafanaFolderResource,
  GrafanaInstanceResource,
  type GrafanaFolder,
  type GrafanaInstance,
} from '../api/generated/index.js';
import { Controller, specOrMetadataChanged } from '../runtime/controller.js';
import { EventRecorder } from '../runtime/events.js';
import type { InformerEvent, SharedInformer } from '../runtime/informer.js';
import { CoreTypes, splitKey, type KubeObject, type ResourceType } from '../runtime/kube/types.js';
import type { Manager } from '../runtime/manager.js';
import {
  reconcileWith,
  type KindAdapter,
  type ManagedObject,
  type ObjectStatus,
} from '../runtime/reconciler.js';
import { ReferenceTracker } from '../runtime/references.js';
import { ClaimRegistry } from '../sync/claims.js';
import { GrafanaClients } from '../sync/grafana-clients.js';
import { grafanaObjectAdapter } from '../sync/grafana-object.js';
import { InstanceDependants } from '../sync/instance-dependants.js';
import { referencedResources, type AnyObjectKind, type FolderReader } from '../sync/object-kind.js';
import { InstanceTargets } from '../sync/targets.js';
import { grafanaInstanceAdapter } from './grafanainstance.js';
import { buildKinds, PLAIN_KINDS } from './kinds.js';
import { RuleGroupOwners } from '../alerting/rule-group-owners.js';

export interface ControllerSettings {
  concurrency: number;
  /** Requests in flight to one GrafanaInstance at most; undefined: no limit. */
  grafanaMaxConcurrentRequests?: number | undefined;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  waitingWarningAfterMs: number;
  firstWaitHeldMs: number;
  /** How long a per-instance list of Grafana objects serves the reconciles that read it. */
  snapshotMaxAgeMs: number;
  /** How often, at most, a repeated Event's count is written back. */
  eventRewriteIntervalMs: number;
  identity: string;
  /** The share of a service-account token's lifetime after which it is renewed; undefined: two thirds. */
  tokenRotateAfterShare?: number | undefined;
}

/** A kind's controller, with the metadata cache of its objects. */
interface RegisteredKind {
  kind: AnyObjectKind;
  objects: SharedInformer<KubeObject>;
  controller: Controller;
}

/**
 * Registers the GrafanaInstance controller and one controller per kind of kinds.ts on the manager,
 * with the watches that requeue them, as each kind declares them (ObjectKind: folderRef, watches,
 * selects, namedByInstance, deletionWaitsForReferrers, connect; KindAdapter: requeuedBy).
 */
export function registerControllers(
  manager: Manager,
  settings: ControllerSettings,
): { clients: GrafanaClients; kinds: readonly AnyObjectKind[] } {
  const clients = new GrafanaClients(manager.metrics, undefined, settings.grafanaMaxConcurrentRequests);
  const events = new EventRecorder(
    manager.client,
    'grafana-provisioning-operator',
    settings.identity,
    manager.logger,
    settings.eventRewriteIntervalMs,
  );
  const references = new ReferenceTracker();
  const secrets = manager.informer<KubeObject>({ type: CoreTypes.secret, metadataOnly: true });
  const configMaps = manager.informer<KubeObject>({ type: CoreTypes.configMap, metadataOnly: true });
  // Instances are few and small, and every object reads their labels and status: cache them whole,
  // across shards too, since an object may select an instance another shard checks.
  const instances = manager.informer<GrafanaInstance>({ type: GrafanaInstanceResource });
  // The instances this operator checks: all of them, or its shard's.
  const ownInstances = manager.informer<GrafanaInstance>({ type: GrafanaInstanceResource, sharded: true });
  // Folders are small, and every dashboard, rule group and folder reads the one it names on
  // each reconcile: cache them whole (across shards, as objects name folders of any shard) and
  // requeue their readers from this same cache, so a requeue reads the change that caused it.
  const folders = manager.informer<KubeObject>({ type: GrafanaFolderResource });
  const readFolder: FolderReader = async (namespace, name) =>
    folders.get(`${namespace}/${name}`) as GrafanaFolder | undefined;
  /** The cache whose events requeue the objects that read `resource`. */
  const referenceInformer = (resource: ResourceType): SharedInformer<KubeObject> =>
    resource.kind === GrafanaFolderResource.kind
      ? folders
      : manager.informer<KubeObject>({ type: resource, metadataOnly: true });
  const targets = new InstanceTargets(manager.client, clients, secrets, settings.snapshotMaxAgeMs);
  const claims = new ClaimRegistry();
  const kinds = buildKinds({
    ruleGroupOwners: new RuleGroupOwners(manager.client, instances),
    tokenRotateAfterShare: settings.tokenRotateAfterShare,
  });
  const cached = kinds.map((kind) => ({
    kind,
    objects: manager.informer<KubeObject>({ type: kind.resource, metadataOnly: true, sharded: true }),
  }));

  function register<
    Spec,
    Status extends ObjectStatus,
    T extends ManagedObject<Spec, Status>,
    P extends KubeObject,
  >(adapter: KindAdapter<Spec, Status, T>, primary: SharedInformer<P>): Controller {
    const kind = adapter.resource.kind;
    const controller = new Controller({
      name: kind.toLowerCase(),
      concurrency: settings.concurrency,
      logger: manager.logger.child({ controller: kind }),
      metrics: manager.metrics,
      rateLimiter: { baseDelayMs: settings.retryBaseDelayMs, maxDelayMs: settings.retryMaxDelayMs },
      reconcile: reconcileWith(adapter, {
        kube: manager.client,
        events,
        references,
        logger: manager.logger,
        waitingWarningAfterMs: settings.waitingWarningAfterMs,
        firstWaitHeldMs: settings.firstWaitHeldMs,
        inShard: manager.sharded ? (key) => primary.get(key) !== undefined : undefined,
        cached: (key) => primary.get(key),
        // Every primary is its kind's objects of this shard, as listed here.
        initialReads: manager.initialReadsOf({ type: adapter.resource, sharded: true }, primary),
      }),
    });
    controller.watchPrimary(primary);
    controller.watchMapped(secrets, readersOf(references, CoreTypes.secret.kind, kind));
    controller.watchMapped(configMaps, readersOf(references, CoreTypes.configMap.kind, kind));
    manager.addController(controller);
    return controller;
  }

  // A GrafanaInstance being deleted waits for the objects that hold content through it.
  const instanceController = register(
    grafanaInstanceAdapter(
      clients,
      targets,
      new InstanceDependants(
        manager.client,
        // A shard's caches miss other shards' objects, which may hold content through its instances.
        cached.map(({ kind, objects }) => ({
          resource: kind.resource,
          informer: manager.sharded ? undefined : objects,
        })),
      ),
    ),
    ownInstances,
  );

  function registerObjectKind({ kind, objects }: Omit<RegisteredKind, 'controller'>): RegisteredKind {
    const controller = register(
      grafanaObjectAdapter(kind, { instances, targets, claims, kinds, folders: readFolder }),
      objects,
    );
    // A GrafanaInstance being deleted waits for the objects of its namespace: any change of one
    // (deleted, record dropped, deletionPolicy changed) may let it go.
    // An instance that names an object of this kind (namedByInstance) waits for it.
    instanceController.watchMapped(objects, (event) => {
      const namespace = event.object.metadata?.namespace;
      const name = event.object.metadata?.name;
      return instances
        .list()
        .filter(
          (i) =>
            i.metadata?.namespace === namespace &&
            (i.metadata?.deletionTimestamp || (kind.namedByInstance && kind.namedByInstance(i) === name)),
        )
        .map((i) => `${namespace}/${i.metadata?.name}`)
        .filter((key) => ownInstances.get(key) !== undefined);
    });
    // Any change of an instance in the namespace (labels, readiness, org) may change what an
    // object selects; instances change rarely, so requeue the namespace's objects of this kind.
    controller.watchMapped(instances, (event) => {
      const namespace = event.object.metadata?.namespace;
      // An instance being deleted rewrites its status as its dependants go; only its labels
      // (what selects it) or its disappearance still matter to the objects.
      const before = event.type === 'update' ? event.previous?.metadata : undefined;
      if (
        before?.deletionTimestamp &&
        JSON.stringify(before.labels ?? {}) === JSON.stringify(event.object.metadata?.labels ?? {})
      )
        return [];
      return objects.keys().filter((key) => splitKey(key).namespace === namespace);
    });
    // The objects an object reads (its folder, datasources, …) requeue it when they change.
    for (const resource of referencedResources(kind)) {
      controller.watchMapped(
        referenceInformer(resource),
        readersOf(references, resource.kind, kind.resource.kind),
      );
    }
    // Objects it selects by label: a new one may match, so any change but status requeues the namespace's.
    for (const resource of kind.selects ?? []) {
      controller.watchMapped(
        manager.informer<KubeObject>({ type: resource, metadataOnly: true }),
        inNamespaceUnlessStatusOnly(objects),
      );
    }
    kind.connect?.(objects, (key) => controller.enqueue(key));
    return { kind, objects, controller };
  }

  const registered = cached.map(registerObjectKind);
  // An object that leaves one whose deletion waits for it (a folder, for its contents) requeues that one.
  for (const waiting of registered) {
    if (!waiting.kind.deletionWaitsForReferrers) continue;
    const waitingKind = waiting.kind.resource.kind;
    for (const { kind, objects } of registered) {
      if (!referencedResources(kind).some((resource) => resource.kind === waitingKind)) continue;
      waiting.controller.watchMapped(objects, (event) =>
        event.type === 'delete' || event.object.metadata?.deletionTimestamp
          ? references
              .refs(
                ReferenceTracker.key(
                  kind.resource.kind,
                  event.object.metadata?.namespace,
                  event.object.metadata?.name ?? '',
                ),
              )
              .filter((ref) => ref.startsWith(`${waitingKind}/`))
              .map(toQueueKey)
          : [],
      );
    }
  }
  for (const adapter of PLAIN_KINDS) {
    const objects = manager.informer<KubeObject>({
      type: adapter.resource,
      metadataOnly: true,
      sharded: true,
    });
    const controller = register(adapter, objects);
    for (const resource of adapter.requeuedBy ?? []) {
      controller.watchMapped(manager.informer<KubeObject>({ type: resource, metadataOnly: true }), (event) =>
        objects.keys().filter((key) => splitKey(key).namespace === event.object.metadata?.namespace),
      );
    }
  }
  return { clients, kinds };
}

/** The keys of `objects` in an event's namespace, unless only the event object's status changed. */
function inNamespaceUnlessStatusOnly(objects: SharedInformer<KubeObject>) {
  return (event: InformerEvent<KubeObject>): string[] =>
    specOrMetadataChanged(event)
      ? objects.keys().filter((key) => splitKey(key).namespace === event.object.metadata?.namespace)
      : [];
}

/**
 * Objects of `kind` that read the object of an event, of kind `readKind` (a Secret, a folder, …),
 * as queue keys.
 */
function readersOf(references: ReferenceTracker, readKind: string, kind: string) {
  return (event: InformerEvent<KubeObject>): string[] =>
    references
      .readersOf(readKind, event.object.metadata?.namespace, event.object.metadata?.name ?? '')
      .filter((owner) => owner.startsWith(`${kind}/`))
      .map(toQueueKey);
}

function toQueueKey(referenceKey: string): string {
  const [, namespace, name] = referenceKey.split('/');
  return `${namespace}/${name}`;
}
