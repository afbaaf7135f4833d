/**
 * A plan: for each custom resource of a namespace (from files, or the cluster's) and each
 * GrafanaInstance it selects, what its reconcile would do there, asked of the sync layer's own
 * decision (instanceVerdict, src/sync/instance-verdict.ts) with the kinds the operator runs
 * (kinds.ts); the reconcile writes what that decides, the plan stops before. Nothing is written
 * to Grafana (the verdict only reads) or to Kubernetes (PlanKube refuses writes).
 *
 * Objects are planned kind by kind in the operator's order (folders first, parents before their
 * subfolders). An object planned for creation, adoption or update on an instance counts as synced
 * there for the objects planned after it, with the uid the plan decided: a dashboard in a folder
 * the plan creates is planned into that folder, "after creating" it, as the operator would do it
 * once the folder is synced.
 */
import pino from 'pino';
import { GrafanaInstanceResource, type GrafanaInstance } from '../../api/generated/index.js';
import { RuleGroupOwners } from '../../alerting/rule-group-owners.js';
import { buildKinds } from '../../controllers/kinds.js';
import type { KubeObject } from '../../runtime/kube/types.js';
import { ReferenceTracker } from '../../runtime/references.js';
import { OperatorMetrics } from '../../runtime/metrics.js';
import { ConfigMapReader, SecretReader } from '../../runtime/secrets.js';
import { validateSpec } from '../../runtime/validation.js';
import { ClaimRegistry } from '../../sync/claims.js';
import { GrafanaClients } from '../../sync/grafana-clients.js';
import { holdsContent } from '../../sync/instance-dependants.js';
import { onlyWaits, selectInstances, stateFor, type InstanceEntry } from '../../sync/instance-entries.js';
import { instanceVerdict, type InstanceVerdict } from '../../sync/instance-verdict.js';
import type { AnyObject, AnyObjectKind, KindContext } from '../../sync/object-kind.js';
import { InstanceTargets } from '../../sync/targets.js';
import { deriveUid } from '../../sync/uid.js';
import { fieldChanges } from './field-changes.js';
import { FixedInformer } from './fixed-informer.js';
import { checkedInstance } from './instances.js';
import type { Plan, PlanAction, PlannedChange, PlannedInstance } from './model.js';
import type { PlanKube } from './plan-kube.js';

export interface PlanInput {
  kube: PlanKube;
  namespace: string;
  /** The custom resources to plan; undefined: those in the cluster. */
  files?: readonly AnyObject[];
}

const silent = pino({ level: 'silent' });

export async function makePlan({ kube, namespace, files }: PlanInput): Promise<Plan> {
  const clients = new GrafanaClients(new OperatorMetrics({ processMetrics: false }), { limit: 0 });
  try {
    return await planWith(kube, namespace, files, clients);
  } finally {
    clients.closeAll();
  }
}

async function planWith(
  kube: PlanKube,
  namespace: string,
  files: readonly AnyObject[] | undefined,
  clients: GrafanaClients,
): Promise<Plan> {
  const informer = new FixedInformer<GrafanaInstance>();
  const kinds = buildKinds({ ruleGroupOwners: new RuleGroupOwners(kube, informer) });
  const ofKind = (kind: string) => (files ?? []).filter((object) => object.kind === kind);

  // The cluster's objects, before the planned ones are laid over them.
  const inCluster = new Map<AnyObjectKind, AnyObject[]>();
  for (const kind of kinds) inCluster.set(kind, (await kube.list<AnyObject>(kind.resource, namespace)).items);
  const clusterInstances = (await kube.list<GrafanaInstance>(GrafanaInstanceResource, namespace)).items;

  const instances = byName([
    ...clusterInstances,
    ...(ofKind(GrafanaInstanceResource.kind) as unknown as GrafanaInstance[]),
  ]);
  const planned: PlannedInstance[] = [];
  for (const instance of instances) {
    const checked = await checkedInstance(kube, clients, instance);
    informer.set(checked.instance);
    planned.push(checked.planned);
  }

  const targets = new InstanceTargets(kube, clients, new FixedInformer<KubeObject>(), 0);
  const claims = new ClaimRegistry();
  const changes: PlannedChange[] = [];
  /** `Kind/namespace/name@instance` of objects this plan creates or adopts there. */
  const creating = new Set<string>();

  for (const kind of kinds) {
    const cluster = inCluster.get(kind) ?? [];
    const objects = files ? ofKind(kind.resource.kind).map((o) => withClusterState(o, cluster)) : cluster;
    for (const object of objects) kube.put(kind.resource, object);
    const judge = instanceVerdict(kind, { targets, claims });
    for (const object of inPlanOrder(kind, objects)) {
      changes.push(...(await planObject(kind, object)));
    }
    // With files, the files are the namespace's objects: the cluster's others would be deleted.
    if (files) {
      const named = new Set(objects.map((o) => o.metadata?.name));
      for (const gone of cluster.filter((o) => !named.has(o.metadata?.name)))
        changes.push(...deletes(kind, gone, () => true));
    }

    async function planObject(kind: AnyObjectKind, object: AnyObject): Promise<PlannedChange[]> {
      const name = object.metadata?.name ?? '';
      const line = { kind: kind.resource.kind, name };
      if (object.metadata?.deletionTimestamp) return deletes(kind, object, () => true);
      if (object.spec.suspend)
        return [{ ...line, instance: '', action: 'no change', message: 'spec.suspend: nothing is written' }];
      const validation = validateSpec(kind.specSchema, object.spec);
      if (!validation.valid)
        return [{ ...line, instance: '', action: 'invalid', message: validation.errors.join('; ') }];
      const selected = selectInstances(informer, namespace, object.spec.instanceSelector);
      if (selected.length === 0) {
        const message = 'spec.instanceSelector matches no GrafanaInstance in this namespace';
        return [{ ...line, instance: '', action: 'waiting', message }];
      }
      const previous = new Map((object.status?.instances ?? []).map((entry) => [entry.name, entry]));
      const entries: InstanceEntry[] = [];
      const result: PlannedChange[] = [];
      for (const instance of selected) {
        const instanceName = instance.metadata?.name ?? '';
        const change = await planOnInstance(kind, object, instance, previous.get(instanceName), selected);
        result.push(change);
        const synced = ['create', 'adopt', 'update', 'no change'].includes(change.action);
        entries.push({ name: instanceName, synced, ...(change.uid ? { uid: change.uid } : {}) });
        if (change.action === 'create' || change.action === 'adopt')
          creating.add(`${ReferenceTracker.key(kind.resource.kind, namespace, name)}@${instanceName}`);
      }
      const chosen = new Set(selected.map((i) => i.metadata?.name));
      result.push(...deletes(kind, object, (instance) => !chosen.has(instance)));
      // Objects planned after this one see it as the operator would once this plan is applied.
      kube.put(kind.resource, { ...object, status: { ...object.status, instances: entries } });
      return result;
    }

    async function planOnInstance(
      kind: AnyObjectKind,
      object: AnyObject,
      instance: GrafanaInstance,
      previous: InstanceEntry | undefined,
      selected: GrafanaInstance[],
    ): Promise<PlannedChange> {
      const name = object.metadata?.name ?? '';
      const instanceName = instance.metadata?.name ?? '';
      const line = { instance: instanceName, kind: kind.resource.kind, name };
      const ready = instance.status?.conditions?.find((c) => c.type === 'Ready');
      if (ready?.status !== 'True')
        return {
          ...line,
          action: 'waiting',
          message: `GrafanaInstance ${instanceName} is not ready (${ready?.reason})`,
        };
      const context = planContext(object, selected);
      try {
        const verdict = await judge(context, instance, previous);
        const after = [...context.references]
          .filter((ref) => creating.has(`${ref}@${instanceName}`))
          .map((ref) =>
            ref
              .split('/')
              .filter((_, i) => i !== 1)
              .join('/'),
          );
        return {
          ...line,
          action:
            verdict.action === 'skip' ? 'no change' : verdict.action === 'revert' ? 'update' : verdict.action,
          uid: verdict.op.uid,
          message: verdict.why,
          ...(after.length > 0 ? { after } : {}),
          ...(verdict.action === 'update' || verdict.action === 'revert' || verdict.action === 'adopt'
            ? { fields: await fieldsOf(kind, verdict) }
            : {}),
        };
      } catch (err) {
        const state = stateFor(err);
        if (!state) throw err;
        return { ...line, action: failedAction(state), message: state.message };
      }
    }

    function planContext(object: AnyObject, selected: GrafanaInstance[]): KindContext<AnyObject> {
      const name = object.metadata?.name ?? '';
      return {
        object,
        key: `${namespace}/${name}`,
        namespace,
        kube,
        secrets: new SecretReader(kube, namespace),
        configMaps: new ConfigMapReader(kube, namespace),
        logger: silent,
        references: new Set(),
        event: async () => undefined,
        requeue: () => undefined,
        uid: object.spec.uid ?? deriveUid(namespace, name),
        kinds,
        selected: selected.map((i) => i.metadata?.name ?? ''),
      };
    }
  }
  return { namespace, instances: planned, changes };

  /** What leaving the instances `leaving` names would remove, as deletionPolicy says. */
  function deletes(
    kind: AnyObjectKind,
    object: AnyObject,
    leaving: (instance: string) => boolean,
  ): PlannedChange[] {
    return (object.status?.instances ?? [])
      .filter((entry) => leaving(entry.name) && holdsContent(entry, object.spec.deletionPolicy))
      .map((entry) => ({
        instance: entry.name,
        kind: kind.resource.kind,
        name: object.metadata?.name ?? '',
        action: 'delete' as const,
        uid: entry.uid,
        message: `deletionPolicy Delete: removed from Grafana`,
      }));
  }
}

/**
 * The fields behind an update, with values. When the kind's diff named none (only the spec, a
 * Secret or a ConfigMap changed, and the kind judged Grafana from its lists alone, as a dashboard
 * nobody saved since), the object is read again without its recorded version, for the values.
 */
async function fieldsOf(kind: AnyObjectKind, verdict: InstanceVerdict<AnyObject, unknown, unknown>) {
  const { op } = verdict;
  const view = kind.hashable ? kind.hashable(op.desired, op.uid) : op.desired;
  let { observed, drift } = verdict;
  if (drift.length === 0 && observed !== undefined) {
    const record = op.record && { ...op.record, version: undefined };
    const detailed = await kind.observe({ ...op, record });
    if (detailed !== undefined) {
      observed = detailed;
      drift = kind.diff(op.desired, detailed);
    }
  }
  return fieldChanges(drift, view, observed);
}

/** A file's object with what the cluster knows of it: its status and identity, so records count. */
function withClusterState(object: AnyObject, cluster: readonly AnyObject[]): AnyObject {
  const existing = cluster.find((o) => o.metadata?.name === object.metadata?.name);
  if (!existing) return object;
  const { uid, creationTimestamp, generation } = existing.metadata ?? {};
  return {
    ...object,
    metadata: { ...existing.metadata, ...object.metadata, uid, creationTimestamp, generation },
    status: existing.status,
  };
}

/** Objects by name, folders with their parents first (a subfolder resolves its parent's uid). */
function inPlanOrder(kind: AnyObjectKind, objects: readonly AnyObject[]): AnyObject[] {
  const sorted = byName(objects);
  if (!kind.folderRef || kind.resource.kind !== 'GrafanaFolder') return sorted;
  const names = new Set(sorted.map((o) => o.metadata?.name));
  const depth = (object: AnyObject, seen = new Set<string>()): number => {
    const parent = kind.folderRef?.(object.spec);
    if (!parent || !names.has(parent) || seen.has(parent)) return 0;
    seen.add(parent);
    const found = sorted.find((o) => o.metadata?.name === parent);
    return found ? 1 + depth(found, seen) : 0;
  };
  return sorted
    .map((o) => ({ o, d: depth(o) }))
    .sort((a, b) => a.d - b.d)
    .map(({ o }) => o);
}

/** How a failure shows in the plan: a conflict, a spec to fix, a wait, or an error. */
function failedAction(state: { reason: string }): PlanAction {
  if (state.reason === 'Conflict') return 'conflict';
  if (state.reason === 'InvalidSpec' || state.reason === 'Cycle') return 'invalid';
  return onlyWaits(state) ? 'waiting' : 'error';
}

function byName<T extends { metadata?: { name?: string } }>(objects: readonly T[]): T[] {
  const unique = new Map(objects.map((o) => [o.metadata?.name ?? '', o]));
  return [...unique.values()].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
}
