/**
 * InstanceTargets, the sync layer's connections to Grafana: built from a GrafanaInstance and its
 * Secrets in the real apiserver, reused until one of them changes, shared per Grafana org (lists
 * and the write lock), kept for an instance being deleted, and dropped by `forget`, which the
 * GrafanaInstance controller calls once it has finalized an instance.
 */
import { pino } from 'pino';
import type { GrafanaInstance, GrafanaInstanceSpec } from '../../src/api/generated/index.js';
import { GrafanaInstanceResource } from '../../src/api/generated/index.js';
import { GrafanaClients } from '../../src/sync/grafana-clients.js';
import { grafanaInstanceAdapter } from '../../src/controllers/grafanainstance.js';
import { InstanceDependants } from '../../src/sync/instance-dependants.js';
import { InstanceTargets } from '../../src/sync/targets.js';
import { GrafanaUnauthorizedError } from '../../src/grafana/index.js';
import { Informer } from '../../src/runtime/informer.js';
import { CoreTypes, type KubeObject } from '../../src/runtime/kube/types.js';
import { OperatorMetrics } from '../../src/runtime/metrics.js';
import { KeyNotFoundError } from '../../src/runtime/secrets.js';
import { GrafanaDouble } from '../grafana-double/server.js';
import { createTestNamespace } from '../support/cluster.js';
import { TestKube } from '../support/kube.js';
import { skeletonFor } from '../support/skeleton.js';
import { eventually } from '../support/wait.js';

describe('InstanceTargets: connections per instance, state per Grafana org', () => {
  let kube: TestKube;
  let secrets: Informer<KubeObject>;
  const double = new GrafanaDouble();
  const clients = () => new GrafanaClients(new OperatorMetrics({ processMetrics: false }), { limit: 0 });

  beforeAll(async () => {
    kube = new TestKube(await createTestNamespace('sync-targets'));
    await double.start();
    double.addServiceAccountToken('glsa_valid', { orgId: 1, role: 'Admin', name: 'operator' });
    secrets = new Informer<KubeObject>(kube.client, {
      type: CoreTypes.secret,
      namespace: kube.namespace,
      metadataOnly: true,
      logger: pino({ level: 'silent' }),
    });
    secrets.start();
    await secrets.waitForSync();
  });

  afterAll(async () => {
    await secrets?.stop();
    kube?.client.close();
    await double.stop();
  });

  const spec = (secret: string, url = double.url): GrafanaInstanceSpec => ({
    url,
    auth: { token: { secretKeyRef: { name: secret, key: 'token' } } },
  });
  /** A GrafanaInstance as the informer would hand it over: created, with the status its check wrote. */
  async function instance(
    name: string,
    instanceSpec: GrafanaInstanceSpec,
    orgId = 1,
  ): Promise<GrafanaInstance> {
    await kube.instance(name, instanceSpec);
    await kube.client.mergePatch(
      GrafanaInstanceResource,
      kube.namespace,
      name,
      { status: { orgId } },
      'status',
    );
    return kube.get<GrafanaInstance>(GrafanaInstanceResource, name);
  }
  /** Writes the Secret and waits until the metadata cache has the new version. */
  async function secret(name: string, token: string): Promise<void> {
    const before = secrets.get(`${kube.namespace}/${name}`)?.metadata?.resourceVersion;
    await kube.secret(name, { token });
    await eventually(() => {
      const now = secrets.get(`${kube.namespace}/${name}`)?.metadata?.resourceVersion;
      return now !== undefined && now !== before;
    });
  }

  it('one connection per instance, reused until its Secret changes; then the new credentials are used', async () => {
    const targets = new InstanceTargets(kube.client, clients(), secrets, 10_000);
    await secret('rotating', 'glsa_valid');
    const object = await instance('rotating', spec('rotating'));
    const first = await targets.get(object);
    expect(await targets.get(object)).toBe(first);
    expect((await first.api.orgs.current()).id).toBe(1);

    await secret('rotating', 'glsa_revoked');
    const second = await targets.get(object);
    expect(second).not.toBe(first);
    await expect(second.api.orgs.current()).rejects.toBeInstanceOf(GrafanaUnauthorizedError);
    // The org's lists and write lock are not the credentials': they stay.
    expect(second.snapshots).toBe(first.snapshots);
  });

  it('reconciles that ask at once (a restart, a wave) share one connection and one read of its Secret', async () => {
    const targets = new InstanceTargets(kube.client, clients(), secrets, 10_000);
    await secret('at-once', 'glsa_valid');
    const object = await instance('at-once', spec('at-once'));
    const secretGets: string[] = [];
    const request = kube.client.request.bind(kube.client);
    kube.client.request = ((method, path, options, label) => {
      if (method === 'GET' && path.includes('/secrets/')) secretGets.push(path);
      return request(method, path, options, label);
    }) as typeof kube.client.request;
    try {
      const all = await Promise.all(Array.from({ length: 20 }, () => targets.get(object)));
      expect(new Set(all).size).toBe(1);
      expect(secretGets).toHaveLength(1);
    } finally {
      kube.client.request = request;
    }
  });

  it('instances acting in one Grafana org share its lists and its write lock; another org has its own', async () => {
    const targets = new InstanceTargets(kube.client, clients(), secrets, 10_000);
    await secret('shared', 'glsa_valid');
    const x = await targets.get(await instance('org-x', spec('shared')));
    const y = await targets.get(await instance('org-y', spec('shared', `${double.url}/`)));
    const other = await targets.get(await instance('org-other', spec('shared'), 2));
    expect(y).not.toBe(x);
    expect(y.orgKey).toBe(x.orgKey);
    expect(y.snapshots).toBe(x.snapshots);
    expect(other.snapshots).not.toBe(x.snapshots);

    // One write at a time per org, in arrival order, whichever instance it comes through.
    const order: string[] = [];
    let finishFirst: () => void = () => undefined;
    const first = x.exclusive(async () => {
      order.push('x start');
      await new Promise<void>((resolve) => (finishFirst = resolve));
      order.push('x end');
    });
    const second = y.exclusive(async () => void order.push('y'));
    const elsewhere = other.exclusive(async () => void order.push('other org'));
    await elsewhere;
    await eventually(() => order.includes('x start'));
    expect(order).toEqual(['x start', 'other org']);
    finishFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['x start', 'other org', 'x end', 'y']);
    // A failed write does not block the next one.
    await expect(x.exclusive(async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    await expect(y.exclusive(async () => 'next')).resolves.toBe('next');
  });

  it('an instance being deleted keeps the connection it had, though its Secret is gone', async () => {
    const targets = new InstanceTargets(kube.client, clients(), secrets, 10_000);
    await secret('leaving', 'glsa_valid');
    const object = await instance('leaving', spec('leaving'));
    const before = await targets.get(object);
    await kube.client.mergePatch(GrafanaInstanceResource, kube.namespace, 'leaving', {
      metadata: { finalizers: ['example.com/hold'] },
    });
    await kube.client.delete(CoreTypes.secret, kube.namespace, 'leaving');
    await kube.delete(GrafanaInstanceResource, 'leaving');
    const deleting = await kube.get<GrafanaInstance>(GrafanaInstanceResource, 'leaving');
    expect(deleting.metadata?.deletionTimestamp).toBeDefined();
    await eventually(() => !secrets.get(`${kube.namespace}/leaving`));
    expect(await targets.get(deleting)).toBe(before);
    // Never connected before: nothing to keep, and the credentials are gone.
    await expect(
      new InstanceTargets(kube.client, clients(), secrets, 10_000).get(deleting),
    ).rejects.toBeInstanceOf(KeyNotFoundError);
    await kube.client.mergePatch(GrafanaInstanceResource, kube.namespace, 'leaving', {
      metadata: { finalizers: null },
    });
  });

  it('forget drops the connection but remembers where it went; the org state goes with its last instance', async () => {
    const targets = new InstanceTargets(kube.client, clients(), secrets, 10_000);
    await secret('forgotten', 'glsa_valid');
    const one = await instance('forget-one', spec('forgotten'));
    const two = await instance('forget-two', spec('forgotten'));
    const first = await targets.get(one);
    await targets.get(two);
    targets.forget(`${kube.namespace}/forget-one`);
    expect(targets.address(`${kube.namespace}/forget-one`)).toEqual({ url: double.url, orgId: 1 });
    const again = await targets.get(one);
    expect(again).not.toBe(first);
    expect(again.snapshots).toBe(first.snapshots);

    targets.forget(`${kube.namespace}/forget-one`);
    targets.forget(`${kube.namespace}/forget-two`);
    expect((await targets.get(one)).snapshots).not.toBe(first.snapshots);
  });

  it('a GrafanaInstance its controller finalizes is forgotten: its connection and its org state go with it', async () => {
    const connections = clients();
    const targets = new InstanceTargets(kube.client, connections, secrets, 10_000);
    // No Grafana-object kinds: nothing holds content through the instance, so it finalizes at once.
    const adapter = grafanaInstanceAdapter(connections, targets, new InstanceDependants(kube.client, []));
    const reconcile = skeletonFor(adapter, kube.client);
    const key = `${kube.namespace}/finalized`;
    await secret('finalized', 'glsa_valid');
    await kube.instance('finalized', spec('finalized'));
    expect(await reconcile(key)).toEqual({ requeueAfterMs: expect.any(Number), periodic: true });
    const connected = await kube.get<GrafanaInstance>(GrafanaInstanceResource, 'finalized');
    expect(connected.status?.conditions?.find((c) => c.type === 'Ready')?.reason).toBe('Connected');
    const before = await targets.get(connected);

    await kube.delete(GrafanaInstanceResource, 'finalized');
    const deleting = await kube.get<GrafanaInstance>(GrafanaInstanceResource, 'finalized');
    // Until it is finalized, a terminating instance keeps its connection for its dependants' deletes.
    expect(await targets.get(deleting)).toBe(before);
    expect(await reconcile(key)).toEqual({});
    await kube.waitGone(GrafanaInstanceResource, 'finalized');
    // Nothing of the gone instance is served any more: a lookup builds everything anew.
    const after = await targets.get(deleting);
    expect(after).not.toBe(before);
    expect(after.snapshots).not.toBe(before.snapshots);
    expect(targets.address(key)).toEqual({ url: double.url, orgId: 1 });
  });
});
