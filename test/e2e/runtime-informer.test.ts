/**
 * The informer against the real apiserver: list, then watch from the list's resourceVersion;
 * resume where a watch ended; relist on 410 Gone; back off and resume after a failed watch; a
 * periodic relist that repairs what a watch missed. The client is the real one, wrapped only to
 * count calls and to make one watch start late, fail or miss its deletes, as networks do.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { Informer, type InformerOptions } from '../../src/runtime/informer.js';
import { KubeClient } from '../../src/runtime/kube/client.js';
import { CoreTypes, type KubeObject, type WatchEvent } from '../../src/runtime/kube/types.js';
import type { ControlPlane } from '../cluster/control-plane.js';
import { createTestNamespace, startPrivateControlPlane } from '../support/cluster.js';
import { TestKube } from '../support/kube.js';
import { eventually } from '../support/wait.js';

type WatchOptions = Parameters<KubeClient['watch']>[2];

/** What the next watch call meets: held until `gate` resolves, refused, or missing its DELETED events. */
interface WatchTwist {
  gate?: Promise<void>;
  fail?: boolean;
  dropDeletes?: boolean;
}

interface Observed {
  informer: Informer<KubeObject>;
  /** `type name` of every event handlers got, in order. */
  events: string[];
  /** Names of the adds marked `initial` (the first list's). */
  initial: string[];
  lists: () => number;
  /** Watch calls made, counting one still held by a gate. */
  watchCalls: () => number;
  /** The resourceVersion each watch started from. */
  watchedFrom: string[];
  watchErrors: unknown[];
  twist(next: WatchTwist): void;
  /** Holds the next list call until the gate resolves; `started` resolves once it is made. */
  holdNextList(gate: Promise<void>): { started: Promise<void> };
}

/** Where a test's ConfigMaps live: the shared apiserver, or one of the test's own. */
let kube: { client: KubeClient; namespace: string };
const running: Array<Informer<KubeObject>> = [];

const stopInformers = () => Promise.all(running.splice(0).map((i) => i.stop()));

function observe(options: Partial<InformerOptions<KubeObject>> = {}): Observed {
  const real = kube.client;
  let lists = 0;
  const watchedFrom: string[] = [];
  const twists: WatchTwist[] = [];
  let watchCalls = 0;
  let listHold: { gate: Promise<void>; started: () => void } | undefined;
  const client = Object.create(real) as KubeClient;
  client.list = async (...args: Parameters<KubeClient['list']>) => {
    lists++;
    const hold = listHold;
    listHold = undefined;
    hold?.started();
    await hold?.gate;
    return real.list(...args);
  };
  client.watch = async (type, namespace, watchOptions: WatchOptions, onEvent: (e: WatchEvent) => void) => {
    watchCalls++;
    const twist = twists.shift() ?? {};
    await twist.gate;
    watchedFrom.push(watchOptions.resourceVersion ?? '');
    if (twist.fail) throw new Error('connect ECONNREFUSED 127.0.0.1:6443');
    return real.watch(
      type,
      namespace,
      watchOptions,
      twist.dropDeletes ? (e) => e.type !== 'DELETED' && onEvent(e) : onEvent,
    );
  };
  const watchErrors: unknown[] = [];
  const informer = new Informer<KubeObject>(client, {
    type: CoreTypes.configMap,
    namespace: kube.namespace,
    logger: pino({ level: 'silent' }),
    onWatchError: (err) => watchErrors.push(err),
    ...options,
  });
  const events: string[] = [];
  const initial: string[] = [];
  informer.on((e) => {
    events.push(`${e.type} ${e.object.metadata?.name}`);
    if (e.initial) initial.push(e.object.metadata?.name ?? '');
  });
  running.push(informer);
  return {
    informer,
    events,
    initial,
    lists: () => lists,
    watchCalls: () => watchCalls,
    watchedFrom,
    watchErrors,
    twist: (t) => void twists.push(t),
    holdNextList(held) {
      let started: () => void = () => undefined;
      const made = new Promise<void>((resolve) => (started = resolve));
      listHold = { gate: held, started };
      return { started: made };
    },
  };
}

const configMap = (name: string, data: Record<string, string> = {}) =>
  kube.client.create(CoreTypes.configMap, kube.namespace, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: kube.namespace },
    data,
  } as KubeObject);
const update = (name: string, data: Record<string, string>) =>
  kube.client.mergePatch(CoreTypes.configMap, kube.namespace, name, { data });
const remove = (name: string) => kube.client.delete(CoreTypes.configMap, kube.namespace, name);
const gate = () => {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
};
const until = (o: Observed, event: string) =>
  eventually(() => o.events.includes(event), { what: `event "${event}"; got ${JSON.stringify(o.events)}` });

/**
 * An informer synced and between two watches: the first ended (the server closes it after about a
 * second) and the next one waits, meeting `next`, until `resume` is called.
 */
async function betweenWatches(next: WatchTwist = {}): Promise<{ o: Observed; resume: () => void }> {
  const o = observe({ watchTimeoutSeconds: 1 });
  const pause = gate();
  o.twist({});
  o.twist({ ...next, gate: pause.promise });
  o.informer.start();
  await o.informer.waitForSync();
  await eventually(() => o.watchCalls() === 2, { timeoutMs: 10_000, what: 'the first watch ended' });
  return { o, resume: pause.open };
}

describe('informer (list + watch) against the real apiserver', () => {
  beforeEach(async () => {
    kube = new TestKube(await createTestNamespace('informer'));
  });

  afterEach(async () => {
    await stopInformers();
    kube.client.close();
  });

  it('lists what exists, then delivers each change once and in order; a watch the server ends resumes from where it was, without a relist', async () => {
    await configMap('existing');
    const o = observe({ watchTimeoutSeconds: 1 });
    o.informer.start();
    await o.informer.waitForSync();
    expect(o.informer.keys()).toEqual([`${kube.namespace}/existing`]);
    expect(o.events).toEqual(['add existing']);
    await configMap('created');
    await update('existing', { changed: 'yes' });
    await remove('created');
    await until(o, 'delete created');
    // The server ends each watch after about a second; two resumptions later nothing is replayed.
    const watches = o.watchedFrom.length;
    await eventually(() => o.watchedFrom.length >= watches + 2, { timeoutMs: 10_000 });
    expect(o.events).toEqual(['add existing', 'add created', 'update existing', 'delete created']);
    // What was there before it started, and only that, is marked so (a controller checks it
    // behind changes).
    expect(o.initial).toEqual(['existing']);
    expect(o.informer.get(`${kube.namespace}/existing`)).toMatchObject({ data: { changed: 'yes' } });
    expect(o.lists()).toBe(1);
    expect(o.watchedFrom.every((rv) => rv !== '')).toBe(true);
  });

  it('what changed while no watch was open arrives when the next one starts', async () => {
    await configMap('kept');
    await configMap('removed');
    const { o, resume } = await betweenWatches();
    await configMap('added');
    await update('kept', { changed: 'yes' });
    await remove('removed');
    resume();
    await until(o, 'delete removed');
    expect(o.events.slice(2)).toEqual(['add added', 'update kept', 'delete removed']);
    expect(o.lists()).toBe(1);
    expect(o.watchErrors).toEqual([]);
  });

  it('a failed watch is reported, backed off and resumed from the last resourceVersion, losing nothing', async () => {
    await configMap('before');
    const { o, resume } = await betweenWatches({ fail: true });
    await configMap('during-outage');
    resume();
    await until(o, 'add during-outage');
    expect(o.watchErrors).toHaveLength(1);
    expect(String(o.watchErrors[0])).toMatch(/ECONNREFUSED/);
    expect(o.lists()).toBe(1);
    expect(o.events).toEqual(['add before', 'add during-outage']);
  });

  it('stopped while a relist is in flight, it opens no watch after it: stop returns once the list does', async () => {
    const o = observe();
    o.informer.start();
    await o.informer.waitForSync();
    await eventually(() => o.watchCalls() === 1, { what: 'the first watch' });
    const listed = gate();
    const { started } = o.holdNextList(listed.promise);
    o.informer.requestRelist();
    await started;
    const stopped = o.informer.stop();
    listed.open();
    // Before, the list's return led straight into a new watch, which nothing aborted: stop waited
    // for the watch's timeout (5 minutes).
    await stopped;
    expect(o.watchCalls()).toBe(1);
    expect(o.lists()).toBe(2);
  });

  it('the periodic relist repairs a delete the watch missed, and replays nothing unchanged', async () => {
    await configMap('missed');
    await configMap('unchanged');
    const o = observe({ relistIntervalMs: 500 });
    o.twist({ dropDeletes: true });
    o.informer.start();
    await o.informer.waitForSync();
    await remove('missed');
    await until(o, 'delete missed');
    expect(o.lists()).toBeGreaterThanOrEqual(2);
    expect(o.events.sort()).toEqual(['add missed', 'add unchanged', 'delete missed']);
    expect(o.initial.sort()).toEqual(['missed', 'unchanged']);
    expect(o.informer.keys()).toEqual([`${kube.namespace}/unchanged`]);
  });
});

describe('informer: 410 Gone from an apiserver whose watches etcd serves', () => {
  let controlPlane: ControlPlane;
  let etcdUrl: string;

  beforeAll(async () => {
    // Without the watch cache, a watch from a resourceVersion etcd has compacted away is
    // answered 410 Gone, as a watch cache answers one older than its window.
    controlPlane = await startPrivateControlPlane({ watchCache: false });
    etcdUrl = controlPlane.etcdUrl;
    const config = new KubeConfig();
    config.loadFromFile(controlPlane.adminKubeconfig);
    kube = { client: new KubeClient(config), namespace: 'informer-gone' };
    await kube.client.create(CoreTypes.namespace, undefined, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: kube.namespace },
    });
  });

  afterAll(async () => {
    await stopInformers();
    kube?.client.close();
    await controlPlane?.stop();
  });

  /** Compacts etcd up to now, as kube-apiserver itself does every five minutes. */
  const compactEtcd = async () => {
    const revision = (await kube.client.list(CoreTypes.configMap, kube.namespace)).metadata?.resourceVersion;
    const response = await fetch(`${etcdUrl}/v3/kv/compaction`, {
      method: 'POST',
      body: JSON.stringify({ revision }),
    });
    if (!response.ok) throw new Error(`etcd compaction: ${await response.text()}`);
  };

  it('410 Gone (a resourceVersion etcd compacted away): relists, and the difference reaches handlers as events', async () => {
    await configMap('kept');
    await configMap('removed');
    await configMap('unchanged');
    const { o, resume } = await betweenWatches();
    await configMap('added');
    await update('kept', { changed: 'yes' });
    await remove('removed');
    await compactEtcd();
    resume();
    await until(o, 'delete removed');
    expect(o.lists()).toBe(2);
    expect(o.events.slice(3).sort()).toEqual(['add added', 'delete removed', 'update kept']);
    // An add the relist found is a change the watch missed, not what the start found.
    expect(o.initial.sort()).toEqual(['kept', 'removed', 'unchanged']);
    expect(o.informer.keys().sort()).toEqual(
      ['added', 'kept', 'unchanged'].map((name) => `${kube.namespace}/${name}`),
    );
    // Expiry is routine, not a failure of the watch.
    expect(o.watchErrors).toEqual([]);
    // And watching goes on from the new list.
    await configMap('after');
    await until(o, 'add after');
  });
});
