/**
 * A periodic resync of an object nothing changed since its last in-sync reconcile, on real
 * objects in the real apiserver: the skeleton neither GETs nor writes the object and the adapter
 * is not called; only the checks of what the last reconcile read run. A change of the object or
 * of what was read, a request a check cannot repeat, a state that is not in sync, a clock-bound
 * outcome or a run asked for by an event each make the run a full one.
 */
import {
  GrafanaInstanceResource,
  grafanaInstanceSpecSchema,
  type GrafanaInstance,
  type GrafanaInstanceSpec,
  type GrafanaInstanceStatus,
} from '../../src/api/generated/index.js';
import { noteRead, noteUnrepeatable } from '../../src/lib/read-record.js';
import type { KubeClient } from '../../src/runtime/kube/client.js';
import type { KubeObject } from '../../src/runtime/kube/types.js';
import type { Informer } from '../../src/runtime/informer.js';
import type { KindAdapter, Outcome } from '../../src/runtime/reconciler.js';
import { countedSkeletonSetup, type CountedSkeletonSetup } from '../support/counted-skeleton.js';
import type { TestKube } from '../support/kube.js';
import { skeletonFor } from '../support/skeleton.js';
import { eventually } from '../support/wait.js';

type Adapter = KindAdapter<GrafanaInstanceSpec, GrafanaInstanceStatus, GrafanaInstance>;

describe('reconcile skeleton: a resync of an object nothing changed', () => {
  let setup: CountedSkeletonSetup;
  let kube: TestKube;
  /** The skeleton's client: every request it makes to the apiserver is counted. */
  let counted: KubeClient;
  let requests: string[];
  let cache: Informer<KubeObject>;
  let reconcile: ReturnType<typeof skeletonFor<GrafanaInstanceSpec, GrafanaInstanceStatus, GrafanaInstance>>;
  /** What "Grafana's list" holds now, and what the adapter answers. */
  let listed = 'v1';
  let outcome: () => Outcome<GrafanaInstanceStatus>;
  /** What else the adapter does: a request of its own, a check that fails to run. */
  let extra: 'none' | 'request' | 'failing check' = 'none';
  let calls = 0;

  const inSync = (): Outcome<GrafanaInstanceStatus> => ({
    ready: { status: 'True', reason: 'Connected', message: 'ok' },
    status: { orgId: 1 },
    requeueAfterMs: 60_000,
  });
  const adapter: Adapter = {
    resource: GrafanaInstanceResource,
    specSchema: grafanaInstanceSpecSchema,
    finalizes: true,
    reconcile: async () => {
      calls++;
      const seen = listed;
      noteRead(async () => listed === seen);
      if (extra === 'request') noteUnrepeatable('GET /api/health');
      if (extra === 'failing check')
        noteRead(async () => {
          throw new Error('the list call failed');
        });
      return outcome();
    },
  };
  const spec: GrafanaInstanceSpec = {
    url: 'http://grafana.example',
    auth: { token: { secretKeyRef: { name: 'token', key: 'token' } } },
  };
  const key = (name: string) => `${kube.namespace}/${name}`;

  beforeAll(async () => {
    setup = await countedSkeletonSetup('skeleton-resync');
    ({ kube, counted, requests, cache } = setup);
    reconcile = skeletonFor(adapter, counted, { cached: (k) => cache.get(k) });
  });

  afterAll(async () => {
    await setup?.stop();
  });

  beforeEach(() => {
    listed = 'v1';
    outcome = inSync;
    extra = 'none';
  });

  /** Runs one reconcile; what it cost: adapter calls and apiserver requests. */
  const run = async (name: string, trigger: 'event' | 'resync') => {
    const [callsBefore, requestsBefore] = [calls, requests.length];
    const result = await reconcile(key(name), trigger);
    return { result, calls: calls - callsBefore, requests: requests.slice(requestsBefore) };
  };
  /** A first full reconcile, and the cache caught up with the status it wrote. */
  const created = async (name: string) => {
    await kube.instance(name, spec);
    expect((await run(name, 'event')).calls).toBe(1);
    const written = (await kube.get<GrafanaInstance>(GrafanaInstanceResource, name)).metadata
      ?.resourceVersion;
    await eventually(() => cache.get(key(name))?.metadata?.resourceVersion === written, {
      what: 'the cache holding the status write',
    });
  };

  it('costs nothing but its checks: no GET, no write, no adapter call; the resync period passed on', async () => {
    await created('steady');
    for (let i = 0; i < 3; i++) {
      expect(await run('steady', 'resync')).toEqual({
        result: { requeueAfterMs: 60_000, periodic: true },
        calls: 0,
        requests: [],
      });
    }
    // A run an event asked for is always a full one.
    const full = await run('steady', 'event');
    expect(full.calls).toBe(1);
    expect(full.requests).toContain('GET grafanainstances');
  });

  it('runs in full when what the last reconcile read changed, and is quiet again after', async () => {
    await created('read-changed');
    listed = 'v2';
    const full = await run('read-changed', 'resync');
    expect(full.calls).toBe(1);
    expect(full.requests).toEqual(['GET grafanainstances']);
    expect(full.result).toEqual({ requeueAfterMs: 60_000, periodic: true });
    expect(await run('read-changed', 'resync')).toMatchObject({ calls: 0, requests: [] });
  });

  it('runs in full when the object changed', async () => {
    await created('object-changed');
    await kube.client.mergePatch(GrafanaInstanceResource, kube.namespace, 'object-changed', {
      metadata: { labels: { team: 'a' } },
    });
    await eventually(() => cache.get(key('object-changed'))?.metadata?.labels?.team === 'a', {
      what: 'the cache holding the label',
    });
    expect((await run('object-changed', 'resync')).calls).toBe(1);
  });

  it('runs in full every time after a reconcile that made a request no check repeats', async () => {
    extra = 'request';
    await created('unrepeatable');
    expect((await run('unrepeatable', 'resync')).calls).toBe(1);
    expect((await run('unrepeatable', 'resync')).calls).toBe(1);
    extra = 'none';
    expect((await run('unrepeatable', 'resync')).calls).toBe(1);
    expect((await run('unrepeatable', 'resync')).calls).toBe(0);
  });

  it('runs in full after a state not in sync, a clock-bound one, or a check that could not run', async () => {
    outcome = () => ({
      ready: { status: 'False', reason: 'Conflict', message: 'taken' },
      requeueAfterMs: 60_000,
    });
    await created('not-in-sync');
    expect((await run('not-in-sync', 'resync')).calls).toBe(1);

    outcome = () => ({ ...inSync(), clockBound: true });
    await created('clock-bound');
    expect((await run('clock-bound', 'resync')).calls).toBe(1);

    extra = 'failing check';
    await created('failing-check');
    extra = 'none';
    const full = await run('failing-check', 'resync');
    expect(full.calls).toBe(1);
    expect(full.requests).toEqual(['GET grafanainstances']);
  });

  it('a deleted object is not kept quiet: its resync reads it, finds it gone and lets it go', async () => {
    await created('deleted');
    await kube.client.delete(GrafanaInstanceResource, kube.namespace, 'deleted');
    await eventually(() => cache.get(key('deleted'))?.metadata?.deletionTimestamp !== undefined, {
      what: 'the cache holding the deletion',
    });
    expect((await run('deleted', 'resync')).requests).toContain('GET grafanainstances');
  });
});
