/**
 * A SharedInformer over a fixed set of objects, for code that reads an informer (instance
 * selection, rule-group owners) outside a running operator: no list, no watch, no events.
 */
import type { InformerEvent, SharedInformer } from '../../runtime/informer.js';
import { objectKey, type KubeObject } from '../../runtime/kube/types.js';

export class FixedInformer<T extends KubeObject> implements SharedInformer<T> {
  private readonly objects = new Map<string, T>();

  set(object: T): void {
    this.objects.set(objectKey(object), object);
  }

  get(key: string): T | undefined {
    return this.objects.get(key);
  }

  list(): T[] {
    return [...this.objects.values()];
  }

  keys(): string[] {
    return [...this.objects.keys()];
  }

  on(_handler: (event: InformerEvent<T>) => void): void {}

  hasSynced(): boolean {
    return true;
  }

  async waitForSync(): Promise<void> {}

  start(): void {}

  async stop(): Promise<void> {}
}
