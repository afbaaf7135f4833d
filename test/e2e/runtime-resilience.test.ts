import { existsSync } from 'node:fs';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { GrafanaInstanceResource } from '../../src/api/generated/index.js';
import { KubeClient } from '../../src/runtime/kube/client.js';
import { CoreTypes, type KubeObject } from '../../src/runtime/kube/types.js';
import { ROOT } from '../../scripts/generate-api.js';
import type { ControlPlane } from '../cluster/control-plane.js';
import { GrafanaDouble } from '../grafana-double/server.js';
import { createTestNamespace, e2eCluster, startPrivateControlPlane } from '../support/cluster.js';
import { applyCrds } from '../support/crds.js';
import { TestKube } from '../support/kube.js';
import { spawnOperator, startOperator, waitForLog, type OperatorProcess } from '../support/operator.js';
import { eventually } from '../support/wait.js';

const TOKEN = 'glsa_resilience';

interface Lease extends KubeObject {
  spec?: { holderIdentity?: string | null; leaseTransitions?: number };
}

describe('leader election between two operator processes', () => {
  const cluster = e2eCluster();
  let kube: TestKube;
  let grafana: GrafanaDouble;
  const replicas: OperatorProcess[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, 'dist', 'main.js')))
      throw new Error('dist/main.js is missing: run `npm run build` first');
    kube = new TestKube(await createTestNamespace('leader'));
    grafana = new GrafanaDouble();
    await grafana.start();
    grafana.addServiceAccountToken(TOKEN, { orgId: 1, role: 'Admin', name: 'operator' });
    await kube.secret('token', { token: TOKEN });
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.kill('SIGKILL')));
    await grafana?.stop();
  });

  const lease = () => kube.get<Lease>(CoreTypes.lease, 'grafana-provisioning-operator');
  const spec = () => ({
    url: grafana.url,
    auth: { token: { secretKeyRef: { name: 'token', key: 'token' } } },
  });

  it('one replica reconciles; when it dies the other takes over within the lease duration; SIGTERM hands over at once', async () => {
    const first = spawnOperator({
      kubeconfig: cluster.adminKubeconfig,
      namespace: kube.namespace,
      identity: 'replica-a',
    });
    replicas.push(first);
    await waitForLog(first, /became leader/);
    const second = spawnOperator({
      kubeconfig: cluster.adminKubeconfig,
      namespace: kube.namespace,
      identity: 'replica-b',
    });
    replicas.push(second);
    await waitForLog(second, /operator started/);

    await kube.instance('before-failover', spec());
    await kube.waitReady(GrafanaInstanceResource, 'before-failover', { status: 'True', reason: 'Connected' });
    // LOG_LEVEL=debug reaches main.ts's logger: each reconcile is summed up at debug.
    await waitForLog(first, /"level":"debug".*"name":"before-failover".*"msg":"reconciled"/);
    expect((await lease()).spec?.holderIdentity).toBe('replica-a');
    expect(second.output()).not.toMatch(/became leader|controllers started/);

    // A crash: no chance to release the lease, so the standby must wait for it to expire.
    await first.kill('SIGKILL');
    const crashedAt = Date.now();
    await kube.instance('after-failover', spec());
    await waitForLog(second, /became leader/, 30_000);
    const takeoverMs = Date.now() - crashedAt;
    await kube.waitReady(GrafanaInstanceResource, 'after-failover', { status: 'True', reason: 'Connected' });
    const taken = await lease();
    expect(taken.spec?.holderIdentity).toBe('replica-b');
    expect(taken.spec?.leaseTransitions).toBeGreaterThanOrEqual(1);
    console.log(`standby took over ${takeoverMs} ms after the leader was killed`);

    // A graceful stop: in-flight work finishes, the lease is released, the process exits 0.
    const code = await second.kill('SIGTERM');
    expect(code).toBe(0);
    expect(second.output()).toMatch(/released leadership/);
    expect((await lease()).spec?.holderIdentity ?? '').toBe('');
  });
});

describe('a dropped watch (apiserver restart) loses no event', () => {
  let controlPlane: ControlPlane;
  let grafana: GrafanaDouble;
  let operator: Awaited<ReturnType<typeof startOperator>>;
  let client: KubeClient;
  const namespace = 'restart';

  beforeAll(async () => {
    controlPlane = await startPrivateControlPlane();
    await applyCrds(controlPlane, path.join(ROOT, 'crds'), () => undefined);
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(controlPlane.adminKubeconfig);
    client = new KubeClient(kubeConfig);
    await client.create(CoreTypes.namespace, undefined, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
    grafana = new GrafanaDouble();
    await grafana.start();
    grafana.addServiceAccountToken(TOKEN, { orgId: 1, role: 'Admin', name: 'operator' });
    operator = await startOperator({ namespace, kubeConfig });
  });

  afterAll(async () => {
    await operator?.stop();
    client?.close();
    await grafana?.stop();
    await controlPlane?.stop();
  });

  async function secret(name: string, token: string): Promise<void> {
    const body = { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, stringData: { token } };
    const existing = await client.find(CoreTypes.secret, namespace, name);
    if (existing)
      await client.replace(CoreTypes.secret, namespace, name, {
        ...body,
        metadata: { ...body.metadata, resourceVersion: existing.metadata?.resourceVersion },
      });
    else await client.create(CoreTypes.secret, namespace, body);
  }

  async function instance(name: string, secretName: string): Promise<void> {
    await client.create(GrafanaInstanceResource, namespace, {
      apiVersion: 'grafana.provisioning.dev/v1beta1',
      kind: 'GrafanaInstance',
      metadata: { name, namespace },
      spec: { url: grafana.url, auth: { token: { secretKeyRef: { name: secretName, key: 'token' } } } },
    } as KubeObject);
  }

  async function ready(name: string, reason: string): Promise<void> {
    await eventually(
      async () => {
        const object = await client.get<KubeObject & { status?: { conditions?: Array<{ reason: string }> } }>(
          GrafanaInstanceResource,
          namespace,
          name,
        );
        const actual = object.status?.conditions?.[0]?.reason;
        if (actual !== reason) throw new Error(`${name}: Ready reason is ${actual}, want ${reason}`);
        return true;
      },
      { timeoutMs: 60_000 },
    );
  }

  it('changes made right after the apiserver comes back reach the operator, for watched objects and Secrets', async () => {
    await secret('token', TOKEN);
    await instance('before', 'token');
    await ready('before', 'Connected');

    await controlPlane.stopApiserver();
    await controlPlane.startApiserver();
    // The operator's watches broke and are backing off; these changes land before they resume.
    await instance('after', 'token');
    await secret('token', 'glsa_revoked');

    await ready('after', 'Unauthorized');
    await ready('before', 'Unauthorized');
    const metrics = await (await fetch(operator.metricsUrl)).text();
    expect(metrics).toMatch(
      /grafana_operator_watch_errors_total\{resource="(grafanainstances|secrets)"\} [1-9]/,
    );
  });
});
