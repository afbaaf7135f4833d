import type { GrafanaObjectStatus } from '../api/generated/index.js';
import type { SharedInformer } from '../runtime/informer.js';
import type { KubeClient } from '../runtime/kube/client.js';
import { splitKey, type KubeObject, type ResourceType } from '../runtime/kube/types.js';
import type { InstanceEntry } from './instance-entries.js';

/**
 * Whether an object's record on an instance stands for content that deleting the object (or
 * deselecting the instance) would remove from that Grafana: then the instance must outlive the
 * record. With deletionPolicy Orphan nothing is ever removed, so nothing is held.
 */
export function holdsContent(
  entry: InstanceEntry | undefined,
  deletionPolicy: string | undefined,
): entry is InstanceEntry & { uid: string; appliedHash: string } {
  return deletionPolicy !== 'Orphan' && Boolean(entry?.uid && entry.appliedHash);
}

/** A Grafana-object kind, with the metadata cache of its objects. */
export interface DependantKind {
  resource: ResourceType;
  /** Undefined when the cache would not hold every object (a shard's): every namespace is listed. */
  informer: SharedInformer<KubeObject> | undefined;
}

type Dependant = KubeObject & {
  spec?: { deletionPolicy?: string };
  status?: GrafanaObjectStatus;
};

/**
 * Finds the objects that hold content in Grafana through a GrafanaInstance, for the instance's
 * deletion to wait for them. The kinds are cached as metadata only, so their status is read from
 * the apiserver; only kinds that have objects in the namespace are listed, and only while an
 * instance is being deleted.
 */
export class InstanceDependants {
  constructor(
    private readonly kube: KubeClient,
    /** Every Grafana-object kind the operator runs. */
    private readonly kinds: readonly DependantKind[],
  ) {}

  /** `Kind/name` of every object in `namespace` that holds content through `instance`. */
  async holding(namespace: string, instance: string): Promise<string[]> {
    const holders: string[] = [];
    for (const { resource, informer } of this.kinds) {
      if (informer && !informer.keys().some((key) => splitKey(key).namespace === namespace)) continue;
      const { items } = await this.kube.list<Dependant>(resource, namespace);
      for (const item of items) {
        const entry = item.status?.instances?.find((e) => e.name === instance);
        if (holdsContent(entry, item.spec?.deletionPolicy))
          holders.push(`${resource.kind}/${item.metadata?.name ?? ''}`);
      }
    }
    return holders;
  }
}
