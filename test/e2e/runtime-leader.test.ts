/**
 * Lease-based leader election against the real apiserver, with short leases so each test takes
 * a few seconds: one leader at a time, a hand-over on a graceful stop, a take-over after a crash,
 * a leader that loses its lease mid-reconcile stops reconciling, and a standby Manager runs nothing
 * until it leads.
 */
import { pino } from 'pino';
import { Controller } from '../../src/runtime/controller.js';
import { isConflict } from '../../src/runtime/kube/errors.js';
import { CoreTypes, type KubeObject } from '../../src/runtime/kube/types.js';
import { LeaderElector, type LeaderElectionOptions } from '../../src/runtime/leader.js';
import { Manager } from '../../src/runtime/manager.js';
import { OperatorMetrics } from '../../src/runtime/metrics.js';
import { createTestNamespace, e2eCluster } from '../support/cluster.js';
import { TestKube } from '../support/kube.js';
import { eventually, sleep } from '../support/wait.js';

interface Lease extends KubeObject {
  spec?: {
    holderIdentity?: string | null;
    leaseDurationSeconds?: number;
    renewTime?: string | null;
    leaseTransitions?: number;
  };
}

const logger = pino({ level: 'silent' });
/** Short enough for a test, long enough for a loaded machine to renew in time. */
const timing = { leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 200 };

/** Waits until the lease has been renewed `times` more times, so every candidate has tried meanwhile. */
async function renewedTimes(kube: TestKube, times: number): Promise<void> {
  const seen = new Set<string>();
  await eventually(async () => {
    seen.add(
      (await kube.client.find<Lease>(CoreTypes.lease, kube.namespace, 'operator'))?.spec?.renewTime ?? '',
    );
    return seen.size > times;
  });
}

describe('leader election (Lease)', () => {
  let kube: TestKube;
  const electors: LeaderElector[] = [];

  beforeEach(async () => {
    kube = new TestKube(await createTestNamespace('leader'));
  });

  afterEach(async () => {
    await Promise.all(electors.splice(0).map((e) => e.stop(false)));
    kube.client.close();
  });

  const lease = () => kube.client.find<Lease>(CoreTypes.lease, kube.namespace, 'operator');
  const renewals = (times: number) => renewedTimes(kube, times);

  function candidate(identity: string, extra: Partial<LeaderElectionOptions> = {}) {
    const log: string[] = [];
    const elector = new LeaderElector(kube.client, {
      namespace: kube.namespace,
      name: 'operator',
      identity,
      logger,
      ...timing,
      onStartedLeading: () => log.push('started'),
      onStoppedLeading: () => log.push('stopped'),
      ...extra,
    });
    electors.push(elector);
    elector.start();
    return { elector, log };
  }

  it('one candidate leads and renews; the other waits without taking over', async () => {
    const a = candidate('replica-a');
    await eventually(() => a.elector.isLeader());
    const b = candidate('replica-b');
    await renewals(3);
    expect(b.elector.isLeader()).toBe(false);
    expect(b.log).toEqual([]);
    expect(a.log).toEqual(['started']);
    expect((await lease())?.spec).toMatchObject({ holderIdentity: 'replica-a', leaseTransitions: 0 });
  });

  it('a leader that stops gracefully releases the lease, and the standby takes it, counted as a transition', async () => {
    const a = candidate('replica-a');
    await eventually(() => a.elector.isLeader());
    const b = candidate('replica-b');
    await a.elector.stop(true);
    expect((await lease())?.spec?.holderIdentity ?? '').toBe('');
    await eventually(() => b.elector.isLeader(), { timeoutMs: 10_000 });
    expect((await lease())?.spec).toMatchObject({ holderIdentity: 'replica-b', leaseTransitions: 1 });
    expect(a.log).toEqual(['started']);
  });

  it('a leader that crashes (no release) is replaced once its lease runs out, counted as a transition', async () => {
    const a = candidate('replica-a');
    await eventually(() => a.elector.isLeader());
    const b = candidate('replica-b');
    await renewals(1);
    await a.elector.stop(false);
    expect((await lease())?.spec?.holderIdentity).toBe('replica-a');
    await eventually(() => b.elector.isLeader(), { timeoutMs: 15_000 });
    expect((await lease())?.spec).toMatchObject({ holderIdentity: 'replica-b', leaseTransitions: 1 });
  });
});

describe('leadership lost mid-reconcile', () => {
  it('stops the controllers at once, lets the reconcile in flight finish, and takes no more work', async () => {
    const namespace = await createTestNamespace('leader-lost');
    const kube = new TestKube(namespace);
    const lost: number[] = [];
    const manager = new Manager({
      kubeConfig: e2eCluster().kubeConfig(),
      logger,
      metrics: new OperatorMetrics({ processMetrics: false }),
      leaderElection: { namespace, name: 'operator', identity: 'replica-a', ...timing },
      onLostLeadership: () => void lost.push(Date.now()),
    });
    const reconciled: string[] = [];
    let release: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => (release = resolve));
    const controller = new Controller({
      name: 'test',
      concurrency: 1,
      logger,
      metrics: manager.metrics,
      reconcile: async (key) => {
        reconciled.push(key);
        if (key === 'ns/slow') await inFlight;
        return {};
      },
    });
    manager.addController(controller);
    try {
      await manager.start();
      await eventually(() => manager.isLeader());
      controller.enqueue('ns/slow');
      await eventually(() => reconciled.includes('ns/slow'));

      // Another replica holds the lease now (as after a network partition): ours cannot be renewed.
      // Our replica may renew between the read and the write (409): read again and retry.
      await eventually(
        async () => {
          const current = await kube.client.get<Lease>(CoreTypes.lease, namespace, 'operator');
          try {
            await kube.client.replace<Lease>(CoreTypes.lease, namespace, 'operator', {
              ...current,
              spec: {
                ...current.spec,
                holderIdentity: 'replica-b',
                leaseDurationSeconds: 60,
                renewTime: current.spec?.renewTime,
              },
            });
            return true;
          } catch (err) {
            if (isConflict(err)) return false;
            throw err;
          }
        },
        { intervalMs: 50, what: 'the lease taken over by replica-b' },
      );
      await eventually(() => lost.length === 1, { timeoutMs: 10_000, what: 'leadership lost' });
      expect(manager.isLeader()).toBe(false);

      controller.enqueue('ns/after-loss');
      release();
      // The reconcile that was running finishes (the controller's stop waits for it); nothing new starts.
      await controller.stop();
      expect(reconciled).toEqual(['ns/slow']);
      expect(
        (await kube.client.get<Lease>(CoreTypes.lease, namespace, 'operator')).spec?.holderIdentity,
      ).toBe('replica-b');
    } finally {
      release();
      await manager.stop();
      kube.client.close();
    }
  });
});

describe('manager: only the leader runs informers and controllers', () => {
  it('a standby is ready but reconciles nothing; when the leader hands over, it lists and reconciles what exists', async () => {
    const namespace = await createTestNamespace('manager-standby');
    const kube = new TestKube(namespace);
    await kube.client.create(CoreTypes.configMap, namespace, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'existing', namespace },
    } as KubeObject);
    const replica = (identity: string) => {
      const manager = new Manager({
        kubeConfig: e2eCluster().kubeConfig(),
        logger,
        metrics: new OperatorMetrics({ processMetrics: false }),
        watchNamespaces: [namespace],
        leaderElection: { namespace, name: 'operator', identity, ...timing },
      });
      const reconciled: string[] = [];
      const controller = new Controller({
        name: 'configmaps',
        concurrency: 1,
        logger,
        metrics: manager.metrics,
        reconcile: async (key) => void reconciled.push(key),
      });
      controller.watchPrimary(manager.informer({ type: CoreTypes.configMap }));
      manager.addController(controller);
      return { manager, reconciled };
    };
    const a = replica('replica-a');
    const b = replica('replica-b');
    try {
      await a.manager.start();
      await eventually(() => a.reconciled.includes(`${namespace}/existing`));
      await b.manager.start();
      expect(b.manager.isReady()).toBe(true);
      await renewedTimes(kube, 3);
      expect(b.manager.isLeader()).toBe(false);
      expect(b.reconciled).toEqual([]);

      await a.manager.stop();
      await eventually(() => b.reconciled.includes(`${namespace}/existing`), { timeoutMs: 15_000 });
      expect(b.manager.isLeader()).toBe(true);
      expect(b.manager.isReady()).toBe(true);
    } finally {
      await Promise.all([a.manager.stop(), b.manager.stop()]);
      kube.client.close();
    }
  });
});

describe('manager: the Lease has connections of its own', () => {
  it('renews while every connection of the request pool is taken', async () => {
    const namespace = await createTestNamespace('manager-pool');
    const kube = new TestKube(namespace);
    let lost = false;
    const manager = new Manager({
      kubeConfig: e2eCluster().kubeConfig(),
      logger,
      metrics: new OperatorMetrics({ processMetrics: false }),
      watchNamespaces: [namespace],
      kubeRequestConnections: 1,
      leaderElection: { namespace, name: 'operator', identity: 'replica-a', ...timing },
      onLostLeadership: () => (lost = true),
    });
    try {
      await manager.start();
      await eventually(() => manager.isLeader());
      // A watch sent as a plain request holds the pool's one connection until the apiserver ends
      // it: longer than the lease lasts unrenewed.
      const held = manager.client
        .request('GET', `/api/v1/namespaces/${namespace}/configmaps`, {
          query: { watch: true, timeoutSeconds: 8 },
          timeoutMs: 0,
        })
        .catch(() => undefined);
      const heldFrom = Date.now();
      await renewedTimes(kube, 3);
      await sleep(timing.leaseDurationMs + 500);
      await renewedTimes(kube, 1);
      expect(Date.now() - heldFrom).toBeLessThan(8_000); // still held throughout
      expect(lost).toBe(false);
      expect(manager.isLeader()).toBe(true);
      await held;
    } finally {
      await manager.stop();
      kube.client.close();
    }
  });
});
