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
 * the plan creates is planned into that folder, "after creating" it, as the operator does it once
 * the folder is synced.
 */
import pino from 'pino';
import {
  GrafanaFolderResource,
  GrafanaInstanceResource,
  type GrafanaFolder,
  type GrafanaInstance,
} from '../../api/generated/index.js';
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
import { observeThrough } from '../../sync/kind-calls.js';
import { onlyWaits, selectInstances, stateFor, type InstanceEntry } from '../../sync/instance-entries.js';
import { instanceVerdict, type InstanceVerdict } from '../../sync/instance-verdict.js';
import type { AnyObject, AnyObjectKind, CommonSpec, KindContext } from '../../sync/object-kind.js';
import { InstanceTargets } from '../../sync/targets.js';
import { deriveUid } from '../../sync/uid.js';
import { fieldChanges, type FieldChange } from './field-changes.js';
import { FixedInformer } from './fixed-informer.js';
import { checkedInstance } from './instances.js';
import type { Plan, PlanAction, PlannedChange, PlannedInstance } from './model.js';
import type { PlanKube } from './plan-kube.js';
import { byName, inPlanOrder, withClusterState } from './planned-objects.js';

export interface PlanInput {
  kube: PlanKube;
  namespace: string;
  /** The custom resources to plan; undefined: those in the cluster. */
  files?: readonly AnyObject[];
}

const silent = pino({ level: 'silent' });

/** What the operator's writes of a plan are called; `revert` (drift written back) is an update. */
const ACTIONS = {
  skip: 'no change',
  create: 'create',
  adopt: 'adopt',
  update: 'update',
  revert: 'update',
} as const;

export async function makePlan({ kube, namespace, files }: PlanInput): Promise<Plan> {
  // No retries: a plan reports what Grafana answers now.
  const clients = new GrafanaClients(new OperatorMetrics({ processMetrics: false }), { limit: 0 });
  try {
    const informer = new FixedInformer<GrafanaInstance>();
    const ofKind = (kind: string) => (files ?? []).filter((object) => object.kind === kind);
    const instances = byName([
      ...(await kube.list<GrafanaInstance>(GrafanaInstanceResource, namespace)).items,
      ...(ofKind(GrafanaInstanceResource.kind) as unknown as GrafanaInstance[]),
    ]);
    const checked: PlannedInstance[] = [];
    for (const instance of instances) {
      const { instance: withStatus, planned } = await checkedInstance(kube, clients, instance);
      informer.set(withStatus);
      checked.push(planned);
    }
    const planner = new Planner(kube, namespace, clients, informer);
    // The cluster's objects, read before any planned one is laid over them.
    const inCluster = new Map<AnyObjectKind, AnyObject[]>();
    for (const kind of planner.kinds)
      inCluster.set(kind, (await kube.list<AnyObject>(kind.resource, namespace)).items);
    const now = new Date();
    const changes: PlannedChange[] = [];
    for (const kind of planner.kinds) {
      const cluster = inCluster.get(kind) ?? [];
      if (!files) {
        changes.push(...(await planner.planKind(kind, cluster)));
        continue;
      }
      const planned = ofKind(kind.resource.kind).map((object) => withClusterState(object, cluster, now));
      changes.push(...(await planner.planKind(kind, planned)));
      // The files are the namespace's objects: the cluster's others would be deleted (pruned).
      const named = new Set(planned.map((o) => o.metadata?.name));
      for (const gone of cluster.filter((o) => !named.has(o.metadata?.name)))
        changes.push(...planner.deletes(kind, gone, () => true));
    }
    return { namespace, instances: checked, changes };
  } finally {
    clients.closeAll();
  }
}

class Planner {
  readonly kinds: readonly AnyObjectKind[];
  private readonly targets: InstanceTargets;
  private readonly claims = new ClaimRegistry();
  /** `Kind/namespace/name@instance` (ReferenceTracker keys) → `Kind/name` of objects created or adopted there. */
  private readonly creating = new Map<string, string>();

  constructor(
    private readonly kube: PlanKube,
    private readonly namespace: string,
    clients: GrafanaClients,
    private readonly instances: FixedInformer<GrafanaInstance>,
  ) {
    this.kinds = buildKinds({ ruleGroupOwners: new RuleGroupOwners(kube, instances) });
    this.targets = new InstanceTargets(kube, clients, new FixedInformer<KubeObject>(), 0);
  }

  async planKind(kind: AnyObjectKind, objects: readonly AnyObject[]): Promise<PlannedChange[]> {
    for (const object of objects) this.kube.put(kind.resource, object);
    const judge = instanceVerdict(kind, { targets: this.targets, claims: this.claims });
    const changes: PlannedChange[] = [];
    for (const object of inPlanOrder(kind, objects))
      changes.push(...(await this.planObject(kind, object, judge)));
    return changes;
  }

  /** What leaving the instances `leaving` names would remove, as deletionPolicy says. */
  deletes(kind: AnyObjectKind, object: AnyObject, leaving: (instance: string) => boolean): PlannedChange[] {
    return (object.status?.instances ?? [])
      .filter((entry) => leaving(entry.name) && holdsContent(entry, object.spec.deletionPolicy))
      .map((entry) => ({
        instance: entry.name,
        kind: kind.resource.kind,
        name: object.metadata?.name ?? '',
        action: 'delete' as const,
        uid: entry.uid,
        message: 'deletionPolicy Delete: removed from Grafana',
      }));
  }

  private async planObject(kind: AnyObjectKind, object: AnyObject, judge: Judge): Promise<PlannedChange[]> {
    const name = object.metadata?.name ?? '';
    const whole = (action: PlanAction, message: string): PlannedChange[] => [
      { instance: '', kind: kind.resource.kind, name, action, message },
    ];
    if (object.metadata?.deletionTimestamp) return this.deletes(kind, object, () => true);
    // As the reconcile skeleton does (src/runtime/reconciler.ts), before the kind is asked.
    if (object.spec.suspend) return whole('no change', 'spec.suspend: nothing is written');
    const validation = validateSpec(kind.specSchema, object.spec);
    if (!validation.valid) return whole('invalid', validation.errors.join('; '));
    const selected = selectInstances(this.instances, this.namespace, object.spec.instanceSelector);
    if (selected.length === 0)
      return whole('waiting', 'spec.instanceSelector matches no GrafanaInstance in this namespace');

    const previous = new Map((object.status?.instances ?? []).map((entry) => [entry.name, entry]));
    const entries: InstanceEntry[] = [];
    const changes: PlannedChange[] = [];
    // One context over all instances, as in the reconcile: what it read counts for the hash of each.
    const context = this.contextFor(object, selected);
    for (const instance of selected) {
      const instanceName = instance.metadata?.name ?? '';
      const change = await this.planOnInstance(kind, context, instance, previous.get(instanceName), judge);
      changes.push(change);
      const synced = ['create', 'adopt', 'update', 'no change'].includes(change.action);
      entries.push({ name: instanceName, synced, ...(change.uid ? { uid: change.uid } : {}) });
      if (change.action === 'create' || change.action === 'adopt')
        this.creating.set(
          `${ReferenceTracker.key(kind.resource.kind, this.namespace, name)}@${instanceName}`,
          `${kind.resource.kind}/${name}`,
        );
    }
    const chosen = new Set(selected.map((i) => i.metadata?.name));
    changes.push(...this.deletes(kind, object, (instance) => !chosen.has(instance)));
    // Objects planned after this one see it as they will once this plan is applied.
    this.kube.put(kind.resource, { ...object, status: { ...object.status, instances: entries } });
    return changes;
  }

  private async planOnInstance(
    kind: AnyObjectKind,
    context: KindContext<AnyObject>,
    instance: GrafanaInstance,
    previous: InstanceEntry | undefined,
    judge: Judge,
  ): Promise<PlannedChange> {
    const instanceName = instance.metadata?.name ?? '';
    const line = {
      instance: instanceName,
      kind: kind.resource.kind,
      name: context.object.metadata?.name ?? '',
    };
    const ready = instance.status?.conditions?.find((c) => c.type === 'Ready');
    if (ready?.status !== 'True') {
      const message = `GrafanaInstance ${instanceName} is not ready (${ready?.reason})`;
      return { ...line, action: 'waiting', message };
    }
    try {
      const verdict = await judge(context, instance, previous);
      const after = [...context.references].flatMap(
        (ref) => this.creating.get(`${ref}@${instanceName}`) ?? [],
      );
      const fields =
        verdict.action === 'skip' || verdict.action === 'create' ? [] : await fieldsOf(kind, verdict);
      return {
        ...line,
        action: ACTIONS[verdict.action],
        uid: verdict.op.uid,
        message: verdict.why,
        ...(after.length > 0 ? { after } : {}),
        ...(fields.length > 0 ? { fields } : {}),
      };
    } catch (err) {
      const state = stateFor(err);
      if (!state) throw err;
      return { ...line, action: failedAction(state), message: state.message };
    }
  }

  /** A reconcile's context without its effects: no Events, no requeues, references only noted. */
  private contextFor(object: AnyObject, selected: GrafanaInstance[]): KindContext<AnyObject> {
    const { kube, namespace } = this;
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
      // A plan reads Grafana as it is now, as a resync does.
      trigger: 'resync',
      uid: object.spec.uid ?? deriveUid(namespace, name),
      kinds: this.kinds,
      // The plan's own objects: a folder planned before its contents carries its planned uid.
      folders: (ns, folderName) => kube.find<GrafanaFolder>(GrafanaFolderResource, ns, folderName),
      selected: selected.map((i) => i.metadata?.name ?? ''),
    };
  }
}

type Judge = ReturnType<typeof instanceVerdict<CommonSpec, AnyObject, unknown, unknown, unknown>>;

/**
 * The fields behind an update or adoption, with values. When the kind's diff named none (only the
 * spec, a Secret or a ConfigMap changed, and the kind judged Grafana from its lists alone, as a
 * dashboard nobody saved since), the object is read again without its recorded version, for the
 * values: for display only, the action is decided.
 */
async function fieldsOf(
  kind: AnyObjectKind,
  verdict: InstanceVerdict<AnyObject, unknown, unknown>,
): Promise<FieldChange[]> {
  const { op } = verdict;
  const view = kind.hashable ? kind.hashable(op.desired, op.uid) : op.desired;
  let { observed, drift } = verdict;
  if (drift.length === 0 && observed !== undefined) {
    const record = op.record && { ...op.record, version: undefined };
    const detailed = await observeThrough(kind, { ...op, record });
    if (detailed !== undefined) {
      observed = detailed;
      drift = kind.diff(op.desired, detailed);
    }
  }
  return fieldChanges(drift, view, observed);
}

/** How a failure shows in the plan: a conflict, a spec to fix, a wait, or an error. */
function failedAction(state: { reason: string }): PlanAction {
  if (state.reason === 'Conflict') return 'conflict';
  if (state.reason === 'InvalidSpec' || state.reason === 'Cycle') return 'invalid';
  return onlyWaits(state) ? 'waiting' : 'error';
}
