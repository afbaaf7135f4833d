import {
  GrafanaAlertRuleGroupResource,
  GrafanaAlertRuleResource,
  GrafanaDashboardResource,
  GrafanaDatasourceResource,
  GrafanaFolderResource,
  GrafanaInstanceResource,
  GrafanaContactPointResource,
  GrafanaMuteTimingResource,
  GrafanaNotificationPolicyResource,
  type GrafanaContactPointSpec,
  type GrafanaMuteTimingSpec,
  GrafanaLibraryPanelResource,
  type GrafanaAlertRuleGroupSpec,
  type GrafanaAlertRuleSpec,
  type GrafanaDashboardSpec,
  type GrafanaFolderSpec,
  type GrafanaInstance,
  type GrafanaLibraryPanelSpec,
  type GrafanaObjectStatus,
} from '../api/generated/index.js';
import { Controller } from '../runtime/controller.js';
import { EventRecorder } from '../runtime/events.js';
import type { InformerEvent, SharedInformer } from '../runtime/informer.js';
import { CoreTypes, splitKey, type KubeObject } from '../runtime/kube/types.js';
import type { Manager } from '../runtime/manager.js';
import {
  reconcileWith,
  type KindAdapter,
  type ManagedObject,
  type ObjectStatus,
} from '../runtime/reconciler.js';
import { ReferenceTracker } from '../runtime/references.js';
import { GrafanaClients } from '../sync/grafana-clients.js';
import { grafanaAlertRuleKind } from './grafanaalertrule.js';
import { grafanaAlertRuleGroupKind } from './grafanaalertrulegroup.js';
import { grafanaDashboardKind } from './grafanadashboard.js';
import { grafanaDatasourceKind } from './grafanadatasource.js';
import { grafanaFolderKind, type FolderContentKind } from './grafanafolder.js';
import { grafanaContactPointKind } from './grafanacontactpoint.js';
import { grafanaInstanceAdapter } from './grafanainstance.js';
import { grafanaLibraryPanelKind } from './grafanalibrarypanel.js';
import { grafanaMuteTimingKind } from './grafanamutetiming.js';
import { grafanaNotificationPolicyKind, type PolicyDependencyKind } from './grafananotificationpolicy.js';
import { grafanaNotificationTemplateKind } from './grafananotificationtemplate.js';
import { ClaimRegistry } from '../sync/claims.js';
import type { CommonSpec, ObjectKind } from '../sync/object-kind.js';
import { grafanaObjectAdapter } from '../sync/grafana-object.js';
import { InstanceDependants, type DependantKind } from '../sync/instance-dependants.js';
import { RuleGroupOwners } from './rule-group-owners.js';
import { InstanceTargets } from '../sync/targets.js';

export interface ControllerSettings {
  concurrency: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  waitingWarningAfterMs: number;
  /** How long a per-instance list of Grafana objects serves the reconciles that read it. */
  snapshotMaxAgeMs: number;
  /** How often, at most, a repeated Event's count is written back. */
  eventRewriteIntervalMs: number;
  identity: string;
}

/** Registers every kind's controller on the manager, and the watches that requeue them. */
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
    settings.eventRewriteIntervalMs,
  );
  const references = new ReferenceTracker();
  const secrets = manager.informer<KubeObject>({ type: CoreTypes.secret, metadataOnly: true });
  const configMaps = manager.informer<KubeObject>({ type: CoreTypes.configMap, metadataOnly: true });
  // Instances are few and small, and every object reads their labels and status: cache them whole.
  const instances = manager.informer<GrafanaInstance>({ type: GrafanaInstanceResource });
  const folders = manager.informer<KubeObject>({ type: GrafanaFolderResource, metadataOnly: true });
  const targets = new InstanceTargets(manager.client, clients, secrets, settings.snapshotMaxAgeMs);
  const claims = new ClaimRegistry();
  // Every Grafana-object kind, for a GrafanaInstance being deleted to find the objects it waits for.
  const dependantKinds: DependantKind[] = [];

  function register<Spec, Status extends ObjectStatus, T extends ManagedObject<Spec, Status>>(
    adapter: KindAdapter<Spec, Status, T>,
    primary: SharedInformer<KubeObject>,
  ): Controller {
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
      }),
    });
    controller.watchPrimary(primary);
    // Objects of this kind that read the changed object (a Secret, a parent folder, …).
    const dependents = (refKind: string) => (event: InformerEvent<KubeObject>) =>
      ownersOfKind(
        references,
        kind,
        ReferenceTracker.key(refKind, event.object.metadata?.namespace, event.object.metadata?.name ?? ''),
      );
    controller.watchMapped(secrets, dependents(CoreTypes.secret.kind));
    controller.watchMapped(configMaps, dependents(CoreTypes.configMap.kind));
    controller.watchMapped(folders, dependents(GrafanaFolderResource.kind));
    manager.addController(controller);
    return controller;
  }

  function registerObjectKind<
    Spec extends CommonSpec,
    T extends ManagedObject<Spec, GrafanaObjectStatus>,
    D,
    O,
  >(
    kind: ObjectKind<Spec, T, D, O>,
    primary: SharedInformer<KubeObject> = manager.informer<KubeObject>({
      type: kind.resource,
      metadataOnly: true,
    }),
  ): Controller {
    // The adapter needs to requeue through the controller that is built around it.
    const late: { controller?: Controller } = {};
    const adapter = grafanaObjectAdapter(kind, {
      instances,
      targets,
      claims,
      requeue: (keys) => keys.forEach((key) => late.controller?.enqueue(key)),
    });
    const controller = register(adapter, primary);
    late.controller = controller;
    dependantKinds.push({ resource: kind.resource, informer: primary });
    // A GrafanaInstance being deleted waits for the objects of its namespace: any change of one
    // (deleted, record dropped, deletionPolicy changed) may let it go.
    instanceController.watchMapped(primary, (event) => {
      const namespace = event.object.metadata?.namespace;
      return instances
        .list()
        .filter((i) => i.metadata?.namespace === namespace && i.metadata?.deletionTimestamp)
        .map((i) => `${namespace}/${i.metadata?.name}`);
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
      return primary.keys().filter((key) => splitKey(key).namespace === namespace);
    });
    return controller;
  }

  const instanceController = register(
    grafanaInstanceAdapter(clients, targets, new InstanceDependants(manager.client, dependantKinds)),
    instances as unknown as SharedInformer<KubeObject>,
  );
  const libraryPanels = manager.informer<KubeObject>({
    type: GrafanaLibraryPanelResource,
    metadataOnly: true,
  });
  const dashboards = manager.informer<KubeObject>({ type: GrafanaDashboardResource, metadataOnly: true });
  const alertRuleGroups = manager.informer<KubeObject>({
    type: GrafanaAlertRuleGroupResource,
    metadataOnly: true,
  });
  const alertRules = manager.informer<KubeObject>({ type: GrafanaAlertRuleResource, metadataOnly: true });
  // Kinds whose objects live in folders: a folder's deletion waits for them.
  const folderContents: Array<FolderContentKind & { informer: SharedInformer<KubeObject> }> = [
    {
      resource: GrafanaFolderResource,
      folderRefOf: (spec) => (spec as GrafanaFolderSpec | undefined)?.parentFolderRef,
      informer: folders,
    },
    {
      resource: GrafanaLibraryPanelResource,
      folderRefOf: (spec) => (spec as GrafanaLibraryPanelSpec | undefined)?.folderRef,
      informer: libraryPanels,
    },
    {
      resource: GrafanaDashboardResource,
      folderRefOf: (spec) => (spec as GrafanaDashboardSpec | undefined)?.folderRef,
      informer: dashboards,
    },
    {
      resource: GrafanaAlertRuleGroupResource,
      folderRefOf: (spec) => (spec as GrafanaAlertRuleGroupSpec | undefined)?.folderRef,
      informer: alertRuleGroups,
    },
    {
      resource: GrafanaAlertRuleResource,
      folderRefOf: (spec) => (spec as GrafanaAlertRuleSpec | undefined)?.folderRef,
      informer: alertRules,
    },
  ];
  const folderController = registerObjectKind(grafanaFolderKind(folderContents), folders);
  registerObjectKind(grafanaDatasourceKind);
  registerObjectKind(grafanaDashboardKind(), dashboards);
  registerObjectKind(grafanaLibraryPanelKind, libraryPanels);
  // Alert rules, whole groups or one by one; a group cannot be both (RuleGroupOwners). Their
  // queries may name GrafanaDatasources, whose changes requeue them.
  const ruleGroupOwners = new RuleGroupOwners(manager.client, instances);
  const datasources = manager.informer<KubeObject>({ type: GrafanaDatasourceResource, metadataOnly: true });
  for (const [resource, informer, controller] of [
    [
      GrafanaAlertRuleGroupResource,
      alertRuleGroups,
      registerObjectKind(grafanaAlertRuleGroupKind({ owners: ruleGroupOwners }), alertRuleGroups),
    ],
    [
      GrafanaAlertRuleResource,
      alertRules,
      registerObjectKind(grafanaAlertRuleKind({ owners: ruleGroupOwners }), alertRules),
    ],
  ] as const) {
    ruleGroupOwners.connect(resource, informer, (key) => controller.enqueue(key));
    controller.watchMapped(datasources, (event) =>
      ownersOfKind(
        references,
        resource.kind,
        ReferenceTracker.key(
          GrafanaDatasourceResource.kind,
          event.object.metadata?.namespace,
          event.object.metadata?.name ?? '',
        ),
      ),
    );
  }
  // Alerting notification resources, identified in Grafana by name.
  registerObjectKind(grafanaContactPointKind);
  registerObjectKind(grafanaNotificationTemplateKind);
  registerObjectKind(grafanaMuteTimingKind);

  // The policy tree names contact points and mute timings; the objects that provide those names
  // (referenced by the tree) requeue it when they change, e.g. once synced to Grafana.
  const policyDependencies: PolicyDependencyKind[] = [
    {
      resource: GrafanaContactPointResource,
      provides: 'receiver',
      nameOf: (o) => (o.spec as GrafanaContactPointSpec | undefined)?.name ?? o.metadata?.name ?? '',
    },
    {
      resource: GrafanaMuteTimingResource,
      provides: 'timeInterval',
      nameOf: (o) => (o.spec as GrafanaMuteTimingSpec | undefined)?.name ?? o.metadata?.name ?? '',
    },
  ];
  const policyController = registerObjectKind(grafanaNotificationPolicyKind(policyDependencies));
  for (const { resource } of policyDependencies) {
    policyController.watchMapped(
      manager.informer<KubeObject>({ type: resource, metadataOnly: true }),
      (event) =>
        ownersOfKind(
          references,
          GrafanaNotificationPolicyResource.kind,
          ReferenceTracker.key(
            resource.kind,
            event.object.metadata?.namespace,
            event.object.metadata?.name ?? '',
          ),
        ),
    );
  }

  // Each object that leaves a folder requeues the folder, whose deletion may be waiting for it.
  for (const content of folderContents) {
    folderController.watchMapped(content.informer, (event) =>
      event.type === 'delete' || event.object.metadata?.deletionTimestamp
        ? references
            .refs(
              ReferenceTracker.key(
                content.resource.kind,
                event.object.metadata?.namespace,
                event.object.metadata?.name ?? '',
              ),
            )
            .filter((ref) => ref.startsWith(`${GrafanaFolderResource.kind}/`))
            .map(toQueueKey)
        : [],
    );
  }
  return { clients };
}

/** Owners of `ref` that are of `kind`, as queue keys (namespace/name). */
function ownersOfKind(references: ReferenceTracker, kind: string, ref: string): string[] {
  return references
    .owners(ref)
    .filter((owner) => owner.startsWith(`${kind}/`))
    .map(toQueueKey);
}

function toQueueKey(referenceKey: string): string {
  const [, namespace, name] = referenceKey.split('/');
  return `${namespace}/${name}`;
}
