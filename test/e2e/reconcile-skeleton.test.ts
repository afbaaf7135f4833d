/**
 * The reconcile skeleton's handling of failures, driven on real objects in the real apiserver with
 * an adapter whose behaviour each test sets: whatever the adapter throws ends in status. And what
 * the first reconcile of a new object asks the apiserver.
 */
import { pino, type DestinationStream } from 'pino';
import {
  GrafanaInstanceResource,
  grafanaInstanceSpecSchema,
  type GrafanaInstance,
  type GrafanaInstanceSpec,
  type GrafanaInstanceStatus,
} from '../../src/api/generated/index.js';
import { FINALIZER } from '../../src/runtime/finalizers.js';
import { MAX_INTERNAL_ERROR_MESSAGE } from '../../src/runtime/internal-error.js';
import { ReferenceTracker } from '../../src/runtime/references.js';
import type { KubeObject } from '../../src/runtime/kube/types.js';
import type { KindAdapter, Outcome } from '../../src/runtime/reconciler.js';
import { createTestNamespace } from '../support/cluster.js';
import { countedSkeletonSetup, type CountedSkeletonSetup } from '../support/counted-skeleton.js';
import { TestKube } from '../support/kube.js';
import { skeletonFor } from '../support/skeleton.js';
import { eventually, sleep } from '../support/wait.js';

type Adapter = KindAdapter<GrafanaInstanceSpec, GrafanaInstanceStatus, GrafanaInstance>;

interface LogLine {
  level: number;
  msg: string;
  name?: string;
  error?: { type: string; message: string; stack?: string };
}

describe('reconcile skeleton: every failure reaches status', () => {
  let kube: TestKube;
  const lines: LogLine[] = [];
  const destination: DestinationStream = { write: (line: string) => void lines.push(JSON.parse(line)) };
  const logger = pino({ level: 'debug' }, destination);
  /** What the adapter does on the next reconcile or finalize; set by each test. */
  let reconcileBehaviour: () => Promise<Outcome<GrafanaInstanceStatus>>;
  let finalizeBehaviour: () => Promise<Outcome<GrafanaInstanceStatus> | void>;

  const adapter: Adapter = {
    resource: GrafanaInstanceResource,
    specSchema: grafanaInstanceSpecSchema,
    finalizes: true,
    reconcile: () => reconcileBehaviour(),
    finalize: () => finalizeBehaviour(),
    // Knows one error only, as adapters do: everything else is unexpected.
    classifyError: (error) =>
      error instanceof KnownError
        ? { ready: { status: 'False', reason: 'Unreachable', message: error.message } }
        : undefined,
  };
  let reconcile: (key: string) => Promise<{ retry?: boolean; error?: boolean; requeueAfterMs?: number }>;

  beforeAll(async () => {
    kube = new TestKube(await createTestNamespace('skeleton'));
    reconcile = skeletonFor(adapter, kube.client, { logger });
  });

  beforeEach(() => {
    lines.length = 0;
    finalizeBehaviour = async () => undefined;
  });

  const spec: GrafanaInstanceSpec = {
    url: 'http://grafana.invalid',
    auth: { token: { secretKeyRef: { name: 'token', key: 'token' } } },
  };
  const key = (name: string) => `${kube.namespace}/${name}`;
  const ready = async (name: string) =>
    (await kube.get<GrafanaInstance>(GrafanaInstanceResource, name)).status?.conditions?.find(
      (c) => c.type === 'Ready',
    );

  it('an error the adapter does not know is Ready=False/InternalError with its message, retried with backoff and counted as an error', async () => {
    await kube.instance('unexpected', spec);
    reconcileBehaviour = async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'panels')");
    };
    expect(await reconcile(key('unexpected'))).toEqual({ retry: true, error: true });
    expect(await ready('unexpected')).toMatchObject({
      status: 'False',
      reason: 'InternalError',
      message: "Cannot read properties of undefined (reading 'panels')",
      observedGeneration: 1,
    });
    const logged = lines.find((l) => l.msg.includes('InternalError'));
    expect(logged?.level).toBe(50); // error
    expect(logged?.error?.type).toBe('TypeError');
    expect(logged?.error?.stack).toMatch(/^TypeError: Cannot read properties[^\n]*\n\s+at /);
    const events = await kube.events('unexpected');
    expect(events).toContainEqual(expect.objectContaining({ type: 'Warning', reason: 'InternalError' }));
  });

  it('keeps the status fields it had, and an error the adapter knows is not counted as unexpected', async () => {
    await kube.instance('known', spec);
    reconcileBehaviour = async () => ({
      ready: { status: 'True', reason: 'Connected', message: 'ok' },
      status: { version: '12.2.0', orgId: 1 },
    });
    expect(await reconcile(key('known'))).toEqual({});
    reconcileBehaviour = async () => {
      throw new RangeError('Maximum call stack size exceeded');
    };
    expect(await reconcile(key('known'))).toEqual({ retry: true, error: true });
    const object = await kube.get<GrafanaInstance>(GrafanaInstanceResource, 'known');
    expect(object.status).toMatchObject({ version: '12.2.0', orgId: 1 });
    expect(object.status?.conditions?.[0]).toMatchObject({ reason: 'InternalError' });
    reconcileBehaviour = async () => {
      throw new KnownError('connection refused');
    };
    expect(await reconcile(key('known'))).toEqual({ retry: true });
    expect(await ready('known')).toMatchObject({ reason: 'Unreachable', message: 'connection refused' });
  });

  it('bounds the message, hides credentials of URLs in it and in the log line, and copes with thrown non-errors', async () => {
    await kube.instance('long', spec);
    reconcileBehaviour = async () => {
      throw new Error(`GET http://admin:hunter2@grafana:3000/api failed: ${'x'.repeat(5000)}`);
    };
    await reconcile(key('long'));
    const condition = await ready('long');
    expect(condition?.message).toHaveLength(MAX_INTERNAL_ERROR_MESSAGE);
    expect(condition?.message).toMatch(/^GET http:\/\/\[REDACTED\]@grafana:3000\/api failed: x+…$/);
    expect(JSON.stringify(lines)).not.toContain('hunter2');

    for (const thrown of ['a thrown string', undefined, { toString: () => 'an object' }]) {
      reconcileBehaviour = async () => {
        throw thrown;
      };
      expect(await reconcile(key('long'))).toEqual({ retry: true, error: true });
      expect(await ready('long')).toMatchObject({
        reason: 'InternalError',
        message: thrown === undefined ? 'undefined' : String(thrown),
      });
    }
  });

  it('an unexpected error while finalizing is InternalError too, and the finalizer stays until finalize succeeds', async () => {
    await kube.instance('finalizing', spec);
    reconcileBehaviour = async () => ({ ready: { status: 'True', reason: 'Connected', message: 'ok' } });
    await reconcile(key('finalizing'));
    await kube.delete(GrafanaInstanceResource, 'finalizing');
    finalizeBehaviour = async () => {
      throw new Error('cleanup exploded');
    };
    expect(await reconcile(key('finalizing'))).toEqual({ retry: true, error: true });
    const object = await kube.get<GrafanaInstance>(GrafanaInstanceResource, 'finalizing');
    expect(object.metadata?.finalizers).toContain(FINALIZER);
    expect(object.status?.conditions?.[0]).toMatchObject({
      reason: 'InternalError',
      message: 'cleanup exploded',
    });
    finalizeBehaviour = async () => undefined;
    expect(await reconcile(key('finalizing'))).toEqual({});
    await kube.waitGone(GrafanaInstanceResource, 'finalizing');
  });

  it('when status itself cannot be written, the reconcile fails for the controller to log and retry', async () => {
    await kube.instance('vanishing', spec);
    reconcileBehaviour = async () => {
      // Gone by the time the status is written: the one failure that cannot reach status.
      await kube.client.mergePatch(GrafanaInstanceResource, kube.namespace, 'vanishing', {
        metadata: { finalizers: null },
      });
      await kube.delete(GrafanaInstanceResource, 'vanishing');
      throw new Error('boom');
    };
    await expect(reconcile(key('vanishing'))).rejects.toThrow(/not found/i);
  });
});

describe('reconcile skeleton: a reference counts from the moment it is named', () => {
  it('an event on a folder, Secret or ConfigMap read while the reconcile still runs requeues the reader; the next reconcile trims what it no longer reads', async () => {
    const kube = new TestKube(await createTestNamespace('skeleton-refs'));
    const references = new ReferenceTracker();
    const owner = ReferenceTracker.key(GrafanaInstanceResource.kind, kube.namespace, 'reader');
    const folder = ReferenceTracker.key('GrafanaFolder', kube.namespace, 'team');
    const secret = ReferenceTracker.key('Secret', kube.namespace, 'token');
    const configMap = ReferenceTracker.key('ConfigMap', kube.namespace, 'ca');
    /** Who an event on each reference would requeue, seen from inside the reconcile. */
    const seenDuringReconcile: Record<string, string[]> = {};
    let readsFolder = true;
    const reconcile = skeletonFor(
      {
        resource: GrafanaInstanceResource,
        specSchema: grafanaInstanceSpecSchema,
        finalizes: false,
        reconcile: async (context) => {
          if (readsFolder) context.references.add(folder);
          await context.secrets.value({ name: 'token', key: 'token' }).catch(() => undefined);
          await context.configMaps.value({ name: 'ca', key: 'ca.crt' }).catch(() => undefined);
          for (const ref of [folder, secret, configMap]) seenDuringReconcile[ref] = references.owners(ref);
          return { ready: { status: 'False', reason: 'DependencyNotReady', message: 'waiting' } };
        },
      } satisfies Adapter,
      kube.client,
      { references },
    );
    await kube.instance('reader', {
      url: 'http://grafana.invalid',
      auth: { token: { secretKeyRef: { name: 'token', key: 'token' } } },
    });
    await reconcile(`${kube.namespace}/reader`);
    expect(seenDuringReconcile).toEqual({ [folder]: [owner], [secret]: [owner], [configMap]: [owner] });
    expect(references.refs(owner).sort()).toEqual([configMap, folder, secret].sort());

    readsFolder = false;
    await reconcile(`${kube.namespace}/reader`);
    // Still there while it ran (an event then would have requeued it harmlessly), gone after.
    expect(seenDuringReconcile[folder]).toEqual([owner]);
    expect(references.owners(folder)).toEqual([]);
    expect(references.refs(owner).sort()).toEqual([configMap, secret].sort());
  });
});

class KnownError extends Error {}

/**
 * The first reconcile of a new object: our finalizer goes on with one PATCH carrying the
 * resourceVersion the metadata cache holds, and the PATCH's answer is the object the adapter works
 * on, so no GET comes first. A cache behind the apiserver (a 409) or an object being deleted falls
 * back to reading the object.
 */
describe('reconcile skeleton: the first reconcile of a new object', () => {
  let setup: CountedSkeletonSetup;
  let kube: TestKube;
  /** Every request the skeleton makes to the apiserver. */
  let requests: string[];
  /** What the metadata cache answers; the informer's record unless a test replaces it. */
  let cached: (key: string) => KubeObject | undefined;
  /** The objects the adapter was handed. */
  const seen: GrafanaInstance[] = [];

  const adapter: Adapter = {
    resource: GrafanaInstanceResource,
    specSchema: grafanaInstanceSpecSchema,
    finalizes: true,
    reconcile: async ({ object }) => {
      seen.push(structuredClone(object));
      return { ready: { status: 'True', reason: 'Connected', message: 'ok' }, status: { orgId: 1 } };
    },
  };
  const spec = (url: string): GrafanaInstanceSpec => ({
    url,
    auth: { token: { secretKeyRef: { name: 'token', key: 'token' } } },
  });
  const key = (name: string) => `${kube.namespace}/${name}`;
  let reconcile: (key: string) => Promise<unknown>;

  beforeAll(async () => {
    setup = await countedSkeletonSetup('skeleton-first');
    ({ kube, requests } = setup);
    const skeleton = skeletonFor(adapter, setup.counted, { cached: (k) => cached(k) });
    reconcile = (k) => skeleton(k);
  });

  beforeEach(() => {
    cached = (k) => setup.cache.get(k);
  });

  afterAll(async () => {
    await setup?.stop();
  });

  /** A new object, once the metadata cache holds it. */
  const created = async (name: string, url: string) => {
    const made = await kube.instance(name, spec(url));
    await eventually(
      () => setup.cache.get(key(name))?.metadata?.resourceVersion === made.metadata?.resourceVersion,
      {
        what: 'the cache holding the new object',
      },
    );
  };
  /** One reconcile: the apiserver requests it made and the object the adapter was handed. */
  const run = async (name: string) => {
    const [requestsBefore, seenBefore] = [requests.length, seen.length];
    await reconcile(key(name));
    return { requests: requests.slice(requestsBefore), handed: seen.slice(seenBefore) };
  };
  const finalizers = async (name: string) =>
    (await kube.get<GrafanaInstance>(GrafanaInstanceResource, name)).metadata?.finalizers ?? [];

  it('puts the finalizer on with one PATCH whose answer the adapter works on: no GET first', async () => {
    await created('fresh', 'http://fresh.example');
    const { requests: made, handed } = await run('fresh');
    expect(made[0]).toBe('PATCH grafanainstances');
    expect(made.filter((request) => request.startsWith('GET '))).toEqual([]);
    expect(handed).toHaveLength(1);
    expect(handed[0]?.spec.url).toBe('http://fresh.example');
    expect(handed[0]?.metadata?.finalizers).toContain(FINALIZER);
    expect(await finalizers('fresh')).toEqual([FINALIZER]);
    // With the finalizer on, the next reconcile reads the object as before.
    await eventually(
      async () => setup.cache.get(key('fresh'))?.metadata?.finalizers?.includes(FINALIZER) ?? false,
      {
        what: 'the cache holding the finalizer',
      },
    );
    expect((await run('fresh')).requests[0]).toBe('GET grafanainstances');
  });

  it('a cache behind the apiserver (409) falls back to reading the object; nothing is lost', async () => {
    await created('moved-on', 'http://before.example');
    const stale = structuredClone(setup.cache.get(key('moved-on'))!);
    // Someone changes the object (another finalizer, a new spec) after the cache's copy.
    await kube.client.mergePatch(GrafanaInstanceResource, kube.namespace, 'moved-on', {
      metadata: { finalizers: ['example.com/theirs'] },
      spec: { url: 'http://after.example' },
    });
    cached = (k) => (k === key('moved-on') ? stale : setup.cache.get(k));
    const { requests: made, handed } = await run('moved-on');
    expect(made.slice(0, 3)).toEqual([
      'PATCH grafanainstances',
      'GET grafanainstances',
      'PATCH grafanainstances',
    ]);
    expect(handed[0]?.spec.url).toBe('http://after.example');
    expect(await finalizers('moved-on')).toEqual(['example.com/theirs', FINALIZER]);
    await kube.client.mergePatch(GrafanaInstanceResource, kube.namespace, 'moved-on', {
      metadata: { finalizers: [FINALIZER] },
    });
  });

  it('an object the cache shows being deleted is read, and gets no finalizer', async () => {
    await created('leaving', 'http://leaving.example');
    cached = (k) => {
      const held = setup.cache.get(k);
      return held && { ...held, metadata: { ...held.metadata, deletionTimestamp: new Date().toISOString() } };
    };
    const { requests: made } = await run('leaving');
    expect(made[0]).toBe('GET grafanainstances');
  });
});

describe("reconcile skeleton: a new object's first waiting state", () => {
  const HELD_MS = 1_500;
  let setup: CountedSkeletonSetup;
  let kube: TestKube;
  /** What the adapter answers on the next reconcile; set by each test. */
  let outcome: Outcome<GrafanaInstanceStatus>;
  const adapter: Adapter = {
    resource: GrafanaInstanceResource,
    specSchema: grafanaInstanceSpecSchema,
    finalizes: true,
    reconcile: async () => outcome,
  };
  const waiting: Outcome<GrafanaInstanceStatus> = {
    ready: { status: 'False', reason: 'DependencyNotReady', message: 'waiting for GrafanaFolder "team"' },
    status: {},
    retry: true,
    nothingWritten: true,
  };
  const synced: Outcome<GrafanaInstanceStatus> = {
    ready: { status: 'True', reason: 'Synced', message: 'In sync on 1 instance' },
    status: {},
  };
  let reconcile: (key: string) => Promise<{ retry?: boolean; requeueAfterMs?: number }>;

  beforeAll(async () => {
    setup = await countedSkeletonSetup('skeleton-held');
    kube = setup.kube;
    reconcile = skeletonFor(adapter, setup.counted, { firstWaitHeldMs: HELD_MS });
  });
  afterAll(async () => {
    await setup?.stop();
  });

  const create = (name: string) =>
    kube.instance(name, {
      url: 'http://grafana.invalid',
      auth: { token: { secretKeyRef: { name: 'token', key: 'token' } } },
    });
  const run = (name: string) => reconcile(`${kube.namespace}/${name}`);
  const status = async (name: string) =>
    (await kube.get<GrafanaInstance>(GrafanaInstanceResource, name)).status;
  const ready = async (name: string) => (await status(name))?.conditions?.find((c) => c.type === 'Ready');

  it('is kept out of status until it has lasted, then written', async () => {
    await create('held');
    outcome = waiting;
    for (let i = 0; i < 2; i++) {
      // Retried with backoff as any wait, and looked at again by the time it is to be written.
      const result = await run('held');
      expect(result).toMatchObject({ retry: true });
      expect(result.requeueAfterMs).toBeGreaterThan(0);
      expect(result.requeueAfterMs).toBeLessThanOrEqual(HELD_MS);
    }
    expect(await status('held')).toBeUndefined();
    await sleep(HELD_MS);
    await run('held');
    expect(await ready('held')).toMatchObject({ status: 'False', reason: 'DependencyNotReady' });
  });

  it('an object Ready before the wait has lasted gets one status write, the Ready one', async () => {
    await create('ready-soon');
    const before = setup.requests.length;
    outcome = waiting;
    await run('ready-soon');
    outcome = synced;
    await run('ready-soon');
    expect(await ready('ready-soon')).toMatchObject({ status: 'True', reason: 'Synced' });
    // Each run reads the object; the writes are the finalizer and the Ready status (and its
    // Normal Event), nothing between.
    expect(setup.requests.slice(before)).toEqual([
      'GET grafanainstances',
      'PATCH grafanainstances',
      'GET grafanainstances',
      'PATCH grafanainstances',
      'POST events',
    ]);
    // A wait after that is news: written at once.
    outcome = waiting;
    await run('ready-soon');
    expect(await ready('ready-soon')).toMatchObject({ status: 'False', reason: 'DependencyNotReady' });
  });

  it('is written at once when the reconcile wrote something, or when it is a failure', async () => {
    await create('wrote');
    outcome = { ...waiting, nothingWritten: false };
    await run('wrote');
    expect(await ready('wrote')).toMatchObject({ status: 'False', reason: 'DependencyNotReady' });

    await create('failed');
    outcome = { ...waiting, ready: { status: 'False', reason: 'InvalidSpec', message: 'no' } };
    await run('failed');
    expect(await ready('failed')).toMatchObject({ status: 'False', reason: 'InvalidSpec' });
  });

  it('without a retry, comes back when the wait would have lasted', async () => {
    await create('no-instance');
    outcome = { ...waiting, retry: undefined, ready: { ...waiting.ready, reason: 'NoMatchingInstance' } };
    const result = await run('no-instance');
    expect(result.requeueAfterMs).toBeGreaterThan(0);
    expect(result.requeueAfterMs).toBeLessThanOrEqual(HELD_MS);
    expect(await status('no-instance')).toBeUndefined();
  });
});
