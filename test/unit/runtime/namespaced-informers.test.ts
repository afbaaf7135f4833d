import type { InformerEvent, SharedInformer } from '../../../src/runtime/informer.js';
import { objectKey, type KubeObject } from '../../../src/runtime/kube/types.js';
import { NamespacedInformers } from '../../../src/runtime/namespaced-informers.js';

/** An informer of one namespace whose cache and sync the test drives. */
class FakeInformer implements SharedInformer<KubeObject> {
  readonly cache = new Map<string, KubeObject>();
  private handlers: Array<(event: InformerEvent<KubeObject>) => void> = [];
  private synced = false;
  private waiters: Array<() => void> = [];
  running = false;

  add(namespace: string, name: string): void {
    const object = { metadata: { namespace, name } };
    const key = objectKey(object);
    this.cache.set(key, object);
    for (const handler of this.handlers) handler({ type: 'add', key, object });
  }
  sync(): void {
    this.synced = true;
    for (const resolve of this.waiters.splice(0)) resolve();
  }
  on(handler: (event: InformerEvent<KubeObject>) => void): void {
    this.handlers.push(handler);
  }
  get(key: string): KubeObject | undefined {
    return this.cache.get(key);
  }
  list(): KubeObject[] {
    return [...this.cache.values()];
  }
  keys(): string[] {
    return [...this.cache.keys()];
  }
  hasSynced(): boolean {
    return this.synced;
  }
  waitForSync(): Promise<void> {
    return this.synced ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
  start(): void {
    this.running = true;
  }
  async stop(): Promise<void> {
    this.running = false;
  }
}

describe('NamespacedInformers', () => {
  let a: FakeInformer;
  let b: FakeInformer;
  let set: NamespacedInformers<KubeObject>;

  beforeEach(() => {
    a = new FakeInformer();
    b = new FakeInformer();
    set = new NamespacedInformers(
      new Map([
        ['team-a', a],
        ['team-b', b],
      ]),
    );
  });

  it('reads an object from the informer of its namespace, and nothing from other namespaces', () => {
    a.add('team-a', 'main');
    b.add('team-b', 'main');
    expect(set.get('team-a/main')).toBe(a.cache.get('team-a/main'));
    expect(set.get('team-b/main')).toBe(b.cache.get('team-b/main'));
    expect(set.get('team-c/main')).toBeUndefined();
    expect(set.get('main')).toBeUndefined();
  });

  it('lists the objects and keys of every namespace', () => {
    a.add('team-a', 'one');
    b.add('team-b', 'two');
    b.add('team-b', 'three');
    expect(set.keys().sort()).toEqual(['team-a/one', 'team-b/three', 'team-b/two']);
    expect(set.list().map(objectKey).sort()).toEqual(['team-a/one', 'team-b/three', 'team-b/two']);
  });

  it("passes on every namespace's events to a handler", () => {
    const seen: string[] = [];
    set.on((event) => seen.push(`${event.type} ${event.key}`));
    a.add('team-a', 'one');
    b.add('team-b', 'two');
    expect(seen).toEqual(['add team-a/one', 'add team-b/two']);
  });

  it('has synced, and stops waiting for sync, only once every namespace has', async () => {
    let synced = false;
    const waiting = set.waitForSync().then(() => (synced = true));
    a.sync();
    await Promise.resolve();
    expect(set.hasSynced()).toBe(false);
    expect(synced).toBe(false);
    b.sync();
    await waiting;
    expect(set.hasSynced()).toBe(true);
  });

  it('starts and stops every namespace', async () => {
    set.start();
    expect([a.running, b.running]).toEqual([true, true]);
    await set.stop();
    expect([a.running, b.running]).toEqual([false, false]);
  });
});
