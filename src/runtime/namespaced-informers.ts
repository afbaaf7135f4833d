import type { InformerEvent, SharedInformer } from './informer.js';
import { splitKey, type KubeObject } from './kube/types.js';

/**
 * One kind watched in a fixed set of namespaces, as one informer per namespace behind the
 * interface of a single one. Namespaced Roles allow a list or watch in their own namespace only,
 * so a single watch across the set would be forbidden.
 */
export class NamespacedInformers<T extends KubeObject> implements SharedInformer<T> {
  constructor(private readonly byNamespace: ReadonlyMap<string, SharedInformer<T>>) {}

  on(handler: (event: InformerEvent<T>) => void): void {
    for (const informer of this.byNamespace.values()) informer.on(handler);
  }

  get(key: string): T | undefined {
    const { namespace } = splitKey(key);
    return namespace === undefined ? undefined : this.byNamespace.get(namespace)?.get(key);
  }

  list(): T[] {
    return [...this.byNamespace.values()].flatMap((informer) => informer.list());
  }

  keys(): string[] {
    return [...this.byNamespace.values()].flatMap((informer) => informer.keys());
  }

  hasSynced(): boolean {
    return [...this.byNamespace.values()].every((informer) => informer.hasSynced());
  }

  async waitForSync(): Promise<void> {
    await Promise.all([...this.byNamespace.values()].map((informer) => informer.waitForSync()));
  }

  start(): void {
    for (const informer of this.byNamespace.values()) informer.start();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.byNamespace.values()].map((informer) => informer.stop()));
  }
}
