/**
 * The reconcile skeleton's normal paths on real objects in the real apiserver, with an adapter
 * whose answers each test sets: what reaches status, Events and finalizers, what the controller
 * is told to do next, and which objects a change of a Secret requeues.
 */
import {
  GrafanaInstanceResource,
  grafanaInstanceSpecSchema,
  type GrafanaInstance,
  type GrafanaInstanceSpec,
  type GrafanaInstanceStatus,
} from '../../src/api/generated/index.js';
import { FINALIZER } from '../../src/runtime/finalizers.js';
import { CoreTypes } from '../../src/runtime/kube/types.js';
import type { KindAdapter, Outcome, ReconcileContext } from '../../src/runtime/reconciler.js';
import { ReferenceTracker } from '../../src/runtime/references.js';
import { createTestNamespace } from '../support/cluster.js';
import { TestKube } from '../support/kube.js';
import { skeletonFor } from '../support/skeleton.js';

type Adapter = KindAdapter<GrafanaInstanceSpec, GrafanaInstanceStatus, GrafanaInstance>;
type Context = ReconcileContext<GrafanaInstance>;

describe('reconcile skeleton', () => {
  let kube: TestKube;
  const references = new ReferenceTracker();
  /** What the adapter answers; set by each test. */
  let answer: (context: Context) => Promise<Outcome<GrafanaInstanceStatus>>;
  const calls: string[] = [];
  const forgotten: string[] = [];
  const adapter: Adapter = {
    resource: GrafanaInstanceResource,
    // The generated schema, and one rule of this test's own: http URLs only (to see InvalidSpec).
    specSchema: {
      ...grafanaInstanceSpecSchema,
      properties: {
        ...(grafanaInstanceSpecSchema as { properties: object }).properties,
        url: { type: 'string', pattern: '^http://' },
      },
    },
    finalizes: true,
    reconcile: async (context) => {
      calls.push(`reconcile ${context.object.metadata?.name}`);
      return answer(context);
    },
    finalize: async (context) => void calls.push(`finalize ${context.object.metadata?.name}`),
    forget: (key) => void forgotten.push(key),
  };
  let reconcile: (key: string) => Promise<{ retry?: boolean; error?: boolean; requeueAfterMs?: number }>;

  beforeAll(async () => {
    kube = new TestKube(await createTestNamespace('skeleton-paths'));
    reconcile = skeletonFor(adapter, kube.client, { references, waitingWarningAfterMs: 60_000 });
    await kube.secret('token', { token: 'glsa_x' });
  });

  afterAll(() => kube?.client.close());

  beforeEach(() => {
    calls.length = 0;
    forgotten.length = 0;
  });

  const spec: GrafanaInstanceSpec = {
    url: 'http://grafana.example',
    auth: { token: { secretKeyRef: { name: 'token', key: 'token' } } },
  };
  const key = (name: string) => `${kube.namespace}/${name}`;
  const get = (name: string) => kube.get<GrafanaInstance>(GrafanaInstanceResource, name);
  const ready = async (name: string) => (await get(name)).status?.conditions?.find((c) => c.type === 'Ready');
  const connected = (status: GrafanaInstanceStatus = { orgId: 1 }): Outcome<GrafanaInstanceStatus> => ({
    ready: { status: 'True', reason: 'Connected', message: 'ok' },
    status,
    requeueAfterMs: 600_000,
  });

  it('adds the finalizer, reports Ready and the adapter status for the generation, and passes the requeue on', async () => {
    await kube.instance('healthy', spec);
    answer = async () => connected({ orgId: 3, version: '12.2.0' });
    expect(await reconcile(key('healthy'))).toEqual({ requeueAfterMs: 600_000, periodic: true });
    const object = await get('healthy');
    expect(object.metadata?.finalizers).toEqual([FINALIZER]);
    expect(object.status).toMatchObject({ orgId: 3, version: '12.2.0', observedGeneration: 1 });
    expect(await ready('healthy')).toMatchObject({
      status: 'True',
      reason: 'Connected',
      observedGeneration: 1,
    });
    expect(await kube.events('healthy')).toEqual([
      expect.objectContaining({ type: 'Normal', reason: 'Connected', message: 'ok' }),
    ]);
  });

  it('an unchanged outcome writes nothing: no status write, no new Event', async () => {
    const before = await get('healthy');
    expect(await reconcile(key('healthy'))).toEqual({ requeueAfterMs: 600_000, periodic: true });
    expect((await get('healthy')).metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
    expect(await kube.events('healthy')).toHaveLength(1);
  });

  it('a new generation is reported as observed; status fields the adapter no longer sets go', async () => {
    await kube.patchSpec(GrafanaInstanceResource, 'healthy', { url: 'http://grafana.example/v2' });
    answer = async () => connected({ orgId: 3 });
    await reconcile(key('healthy'));
    const object = await get('healthy');
    expect(object.status?.observedGeneration).toBe(2);
    expect(object.status?.version).toBeUndefined();
    expect(await ready('healthy')).toMatchObject({ observedGeneration: 2 });
  });

  it('suspend: Ready=False/Suspended, the adapter is not called, the status it had stays', async () => {
    await kube.patchSpec(GrafanaInstanceResource, 'healthy', { suspend: true });
    expect(await reconcile(key('healthy'))).toEqual({});
    expect(calls).toEqual([]);
    expect(await ready('healthy')).toMatchObject({ status: 'False', reason: 'Suspended' });
    expect((await get('healthy')).status?.orgId).toBe(3);
    await kube.patchSpec(GrafanaInstanceResource, 'healthy', { suspend: false });
  });

  it('a spec its schema refuses is InvalidSpec naming the field; the adapter is not called, nothing retried', async () => {
    await kube.instance('invalid', { ...spec, url: 'https://grafana.example' });
    expect(await reconcile(key('invalid'))).toEqual({});
    expect(calls).toEqual([]);
    expect(await ready('invalid')).toMatchObject({ status: 'False', reason: 'InvalidSpec' });
    expect((await ready('invalid'))?.message).toMatch(/url/);
  });

  it('a waiting state is reported at once, told as a Warning only once it persists, and looked at again then', async () => {
    await kube.instance('waiting', spec);
    answer = async () => ({
      ready: {
        status: 'False',
        reason: 'DependencyNotReady',
        message: 'GrafanaFolder parent is not synced yet',
      },
      retry: true,
    });
    const retried = await reconcile(key('waiting'));
    expect(retried).toMatchObject({ retry: true });
    // Retried with backoff, and looked at again by the time it would be a Warning at the latest.
    expect(retried.requeueAfterMs).toBeGreaterThan(0);
    expect(retried.requeueAfterMs).toBeLessThanOrEqual(60_000);
    expect(await ready('waiting')).toMatchObject({ status: 'False', reason: 'DependencyNotReady' });
    expect(await kube.events('waiting')).toEqual([]);
    answer = async () => ({
      ready: {
        status: 'False',
        reason: 'DependencyNotReady',
        message: 'GrafanaFolder parent is not synced yet',
      },
      requeueAfterMs: 600_000,
    });
    const result = await reconcile(key('waiting'));
    expect(result.requeueAfterMs).toBeGreaterThan(0);
    expect(result.requeueAfterMs).toBeLessThanOrEqual(60_000);
    // Due at a time, not a resync: not moved to a wave.
    expect(result).not.toHaveProperty('periodic');
    // A failure that is no waiting state is a Warning at once.
    answer = async () => ({
      ready: { status: 'False', reason: 'Unauthorized', message: 'the token was refused' },
      retry: true,
    });
    await reconcile(key('waiting'));
    expect(await kube.events('waiting')).toEqual([
      expect.objectContaining({ type: 'Warning', reason: 'Unauthorized', message: 'the token was refused' }),
    ]);
  });

  it('what the adapter read (Secrets, other objects) is recorded, so their changes requeue the object', async () => {
    await kube.instance('reader', spec);
    answer = async (context) => {
      await context.secrets.value({ name: 'token', key: 'token' });
      context.references.add(ReferenceTracker.key('GrafanaFolder', kube.namespace, 'parent'));
      return connected();
    };
    await reconcile(key('reader'));
    expect(references.owners(ReferenceTracker.key(CoreTypes.secret.kind, kube.namespace, 'token'))).toContain(
      ReferenceTracker.key('GrafanaInstance', kube.namespace, 'reader'),
    );
    expect(references.owners(ReferenceTracker.key('GrafanaFolder', kube.namespace, 'parent'))).toContain(
      ReferenceTracker.key('GrafanaInstance', kube.namespace, 'reader'),
    );
    // Read no longer: no longer requeued by it.
    answer = async () => connected();
    await reconcile(key('reader'));
    expect(
      references.owners(ReferenceTracker.key(CoreTypes.secret.kind, kube.namespace, 'token')),
    ).not.toContain(ReferenceTracker.key('GrafanaInstance', kube.namespace, 'reader'));
  });

  it('deletion: finalize runs, our finalizer goes, the object goes; once gone, the adapter forgets it and its references', async () => {
    await kube.instance('deleted', spec);
    answer = async (context) => {
      await context.secrets.value({ name: 'token', key: 'token' });
      return connected();
    };
    await reconcile(key('deleted'));
    await kube.delete(GrafanaInstanceResource, 'deleted');
    expect(await reconcile(key('deleted'))).toEqual({});
    expect(calls).toEqual(['reconcile deleted', 'finalize deleted']);
    await kube.waitGone(GrafanaInstanceResource, 'deleted');
    expect(await reconcile(key('deleted'))).toEqual({});
    expect(forgotten).toContain(key('deleted'));
    expect(references.refs(ReferenceTracker.key('GrafanaInstance', kube.namespace, 'deleted'))).toEqual([]);
  });

  it('an object being deleted without our finalizer is left alone', async () => {
    await kube.instance('not-ours', spec);
    await kube.client.mergePatch(GrafanaInstanceResource, kube.namespace, 'not-ours', {
      metadata: { finalizers: ['example.com/hold'] },
    });
    await kube.delete(GrafanaInstanceResource, 'not-ours');
    expect(await reconcile(key('not-ours'))).toEqual({});
    expect(calls).toEqual([]);
    expect((await get('not-ours')).metadata?.finalizers).toEqual(['example.com/hold']);
    await kube.client.mergePatch(GrafanaInstanceResource, kube.namespace, 'not-ours', {
      metadata: { finalizers: null },
    });
  });
});
