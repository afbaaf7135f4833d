import type { GrafanaInstance, InstanceSelector } from '../api/generated/index.js';
import type { SharedInformer } from '../runtime/informer.js';
import type { KubeClient } from '../runtime/kube/client.js';
import type { KubeObject, ResourceType } from '../runtime/kube/types.js';
import { ObjectError } from '../lib/object-error.js';
import { matchesSelector } from '../sync/selector.js';

/** An object that puts alert rules into a rule group. */
export interface RuleOwner {
  kind: string;
  namespace: string;
  name: string;
}

/** Where an owner's rules go on one instance. */
export interface RulePlacement {
  folderUid: string;
  group: string;
  ruleUids: readonly string[];
}

/** Another object, of the other kind, that claims the same group or rule uid on the instance. */
export interface RuleOwnerClash {
  owner: RuleOwner;
  /** What both claim, for a message: `rule group "G" in folder F`, `alert rule uid "x"`. */
  what: string;
}

interface ConnectedKind {
  resource: ResourceType;
  enqueue(key: string): void;
}

/**
 * Which objects put alert rules into which rule groups, per Grafana instance, across the two kinds
 * that can. A GrafanaAlertRuleGroup owns its group whole: its PUT replaces the group and deletes
 * every rule it does not list. A GrafanaAlertRule adds one rule to a group. Both in one group
 * would fight (the group's PUT deletes the single rules, which then create themselves again), and
 * so would both with one rule uid (a group PUT takes a rule with its uid from wherever it is). So
 * while objects of both kinds claim a group or a rule uid on an instance, all of them are
 * Ready=False/Conflict, each naming the others, and they are requeued whenever a claim on that
 * group or uid changes. Objects of the same kind sharing a claim are left to the kinds (single
 * rules may share a group; two group objects are told apart by the shared ClaimRegistry).
 *
 * Claims are recorded as objects reconcile, so after a restart the registry fills as they do.
 * A clash is confirmed against the other object's current state before it is reported: a deleted
 * object, or one that no longer selects the instance, no longer counts.
 */
export class RuleGroupOwners {
  /** Owner key → instance key → claim keys. */
  private readonly claims = new Map<string, Map<string, Set<string>>>();
  /** `instance|claim key` → owner keys. */
  private readonly holders = new Map<string, Set<string>>();
  private readonly kinds = new Map<string, ConnectedKind>();

  constructor(
    private readonly kube: KubeClient,
    private readonly instances: SharedInformer<GrafanaInstance>,
  ) {}

  /** Lets the registry requeue objects of this kind, and forget them once they are deleted. */
  connect(
    resource: ResourceType,
    informer: SharedInformer<KubeObject>,
    enqueue: (key: string) => void,
  ): void {
    this.kinds.set(resource.kind, { resource, enqueue });
    informer.on((event) => {
      if (event.type !== 'delete') return;
      const { namespace = '', name = '' } = event.object.metadata ?? {};
      this.release({ kind: resource.kind, namespace, name });
    });
  }

  /**
   * The folder an owner's rules go to on the instance (from `folderRef`, which `resolveFolder`
   * turns into a uid, or `folderUID`), with the group and rule uids claimed there. Waiting for the
   * folder, it claims nothing; a clash with an owner of the other kind is a Conflict, the message
   * ending with `advice`.
   */
  async claimPlacement(
    instanceKey: string,
    owner: RuleOwner,
    where: { folderRef?: string; folderUID?: string; group: string; ruleUids: readonly string[] },
    resolveFolder: (folderRef: string) => Promise<string>,
    advice: string,
  ): Promise<string> {
    let folderUid: string;
    try {
      folderUid = where.folderRef ? await resolveFolder(where.folderRef) : (where.folderUID ?? '');
    } catch (err) {
      this.release(owner, instanceKey);
      throw err;
    }
    const clashes = await this.place(owner, instanceKey, {
      folderUid,
      group: where.group,
      ruleUids: where.ruleUids,
    });
    if (clashes.length > 0) {
      throw new ObjectError(
        'Conflict',
        `${clashes.map((c) => `${c.what} is also claimed by ${describeOwner(c.owner)}`).join('; ')}: ${advice}`,
      );
    }
    return folderUid;
  }

  /**
   * Records where `owner` puts its rules on the instance, replacing what it claimed there before,
   * and returns the objects of the other kind that claim the same group or rule uids.
   */
  async place(owner: RuleOwner, instanceKey: string, placement: RulePlacement): Promise<RuleOwnerClash[]> {
    const keys = new Set([
      groupKey(placement.folderUid, placement.group),
      ...placement.ruleUids.map((uid) => `rule:${uid}`),
    ]);
    this.set(ownerKey(owner), instanceKey, keys);
    const clashes: RuleOwnerClash[] = [];
    const seen = new Set<string>();
    for (const key of keys) {
      for (const other of this.holders.get(`${instanceKey}|${key}`) ?? []) {
        const ref = parseOwnerKey(other);
        if (ref.kind === owner.kind || seen.has(`${other}|${key}`)) continue;
        seen.add(`${other}|${key}`);
        if (await this.stillClaims(ref, instanceKey)) clashes.push({ owner: ref, what: describeKey(key) });
      }
    }
    return clashes;
  }

  /** The objects (of either kind) that last claimed this group on the instance. */
  claimants(instanceKey: string, folderUid: string, group: string): RuleOwner[] {
    return [...(this.holders.get(`${instanceKey}|${groupKey(folderUid, group)}`) ?? [])].map(parseOwnerKey);
  }

  /** Forgets what `owner` claims on one instance, or everywhere; requeues objects that shared a claim. */
  release(owner: RuleOwner, instanceKey?: string): void {
    const key = ownerKey(owner);
    const instances = instanceKey === undefined ? [...(this.claims.get(key)?.keys() ?? [])] : [instanceKey];
    for (const instance of instances) this.set(key, instance, new Set());
  }

  private set(owner: string, instanceKey: string, keys: Set<string>): void {
    let byInstance = this.claims.get(owner);
    const before = byInstance?.get(instanceKey) ?? new Set<string>();
    const changed = [...before].filter((k) => !keys.has(k)).concat([...keys].filter((k) => !before.has(k)));
    if (changed.length === 0) return;
    for (const key of before) {
      const holders = this.holders.get(`${instanceKey}|${key}`);
      holders?.delete(owner);
      if (holders?.size === 0) this.holders.delete(`${instanceKey}|${key}`);
    }
    if (keys.size > 0) {
      if (!byInstance) this.claims.set(owner, (byInstance = new Map()));
      byInstance.set(instanceKey, keys);
    } else {
      byInstance?.delete(instanceKey);
      if (byInstance?.size === 0) this.claims.delete(owner);
    }
    const requeue = new Set<string>();
    for (const key of changed) {
      for (const other of this.holders.get(`${instanceKey}|${key}`) ?? []) requeue.add(other);
    }
    for (const key of keys) {
      let holders = this.holders.get(`${instanceKey}|${key}`);
      if (!holders) this.holders.set(`${instanceKey}|${key}`, (holders = new Set()));
      holders.add(owner);
    }
    requeue.delete(owner);
    for (const other of requeue) {
      const ref = parseOwnerKey(other);
      this.kinds.get(ref.kind)?.enqueue(`${ref.namespace}/${ref.name}`);
    }
  }

  /** Whether a recorded claim still stands: the object exists and still selects the instance. */
  private async stillClaims(owner: RuleOwner, instanceKey: string): Promise<boolean> {
    const kind = this.kinds.get(owner.kind);
    if (!kind) return true;
    const object = await this.kube.find<KubeObject & { spec?: { instanceSelector?: InstanceSelector } }>(
      kind.resource,
      owner.namespace,
      owner.name,
    );
    if (!object) {
      this.release(owner);
      return false;
    }
    const instance = this.instances.get(instanceKey);
    if (!instance || !matchesSelector(object.spec?.instanceSelector ?? {}, instance.metadata?.labels)) {
      this.release(owner, instanceKey);
      return false;
    }
    return true;
  }
}

function groupKey(folderUid: string, group: string): string {
  return `group:${locationKey(folderUid, group)}`;
}

/**
 * A group's place, as a GrafanaAlertRuleGroup's status records it (its uid) and as GrafanaAlertRules
 * compare it: `<folderUid>/<group>` (folder uids have no "/").
 */
export function locationKey(folderUid: string, group: string): string {
  return `${folderUid}/${group}`;
}

export function parseLocation(key: string): { folderUid: string; group: string } {
  const slash = key.indexOf('/');
  return { folderUid: key.slice(0, slash), group: key.slice(slash + 1) };
}

function describeKey(key: string): string {
  if (key.startsWith('rule:')) return `alert rule uid "${key.slice('rule:'.length)}"`;
  const location = key.slice('group:'.length);
  const slash = location.indexOf('/');
  return `rule group "${location.slice(slash + 1)}" in folder ${location.slice(0, slash)}`;
}

function ownerKey(owner: RuleOwner): string {
  return `${owner.kind}/${owner.namespace}/${owner.name}`;
}

function parseOwnerKey(key: string): RuleOwner {
  const [kind = '', namespace = '', name = ''] = key.split('/');
  return { kind, namespace, name };
}

/** "GrafanaAlertRule team/high-cpu", for messages. */
export function describeOwner(owner: RuleOwner): string {
  return `${owner.kind} ${owner.namespace}/${owner.name}`;
}
