/**
 * Where a bench run happens: a private control plane with the CRDs, the Grafana double, one
 * Grafana org and GrafanaInstance per instance of the workload, and the dashboards a user made in
 * the first org by hand before the operator came.
 */
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { GrafanaInstanceResource } from '../../src/api/generated/index.js';
import { KubeClient } from '../../src/runtime/kube/client.js';
import { CoreTypes, type KubeObject } from '../../src/runtime/kube/types.js';
import { ensureBinaries, startControlPlane, type ControlPlane } from '../../test/cluster/control-plane.js';
import { GrafanaDouble } from '../../test/grafana-double/server.js';
import { applyCrds } from '../../test/support/crds.js';
import { ROOT } from '../generate-api.js';
import { inBatches } from './batches.js';
import type { Workload } from './options.js';
import { INSTANCE_LABELS } from './workload.js';

export const NAMESPACE = 'bench';

export interface BenchEnvironment {
  controlPlane: ControlPlane;
  grafana: GrafanaDouble;
  kube: KubeClient;
  stop(): Promise<void>;
}

export async function startEnvironment(): Promise<BenchEnvironment> {
  const controlPlane = await startControlPlane({ binaries: await ensureBinaries(), log: () => undefined });
  const grafana = new GrafanaDouble();
  const stop = async () => {
    await grafana.stop().catch(() => undefined);
    await controlPlane.stop().catch(() => undefined);
  };
  try {
    await applyCrds(controlPlane, path.join(ROOT, 'crds'), () => undefined);
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(controlPlane.adminKubeconfig);
    const kube = new KubeClient(kubeConfig);
    await kube.create(CoreTypes.namespace, undefined, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: NAMESPACE },
    });
    await grafana.start();
    return { controlPlane, grafana, kube, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** One org per instance (the first is Grafana's org 1), an Admin token for each, and its GrafanaInstance. */
export async function createInstances(env: BenchEnvironment, w: Workload): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < w.instances; i++) {
    const orgId = i === 0 ? 1 : env.grafana.state.createOrg(`Bench ${i}`).id;
    const token = `glsa_bench_${i}`;
    env.grafana.addServiceAccountToken(token, { orgId, role: 'Admin', name: 'bench' });
    tokens.push(token);
    const name = `grafana-${i}`;
    await env.kube.create(CoreTypes.secret, NAMESPACE, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace: NAMESPACE },
      stringData: { token },
    } as KubeObject);
    await env.kube.create(GrafanaInstanceResource, NAMESPACE, {
      apiVersion: `${GrafanaInstanceResource.group}/${GrafanaInstanceResource.version}`,
      kind: GrafanaInstanceResource.kind,
      metadata: { name, namespace: NAMESPACE, labels: INSTANCE_LABELS },
      spec: { url: env.grafana.url, auth: { token: { secretKeyRef: { name, key: 'token' } } } },
    } as KubeObject);
  }
  return tokens;
}

/** Dashboards saved through Grafana's HTTP API, as a user would, in the org of `token`. */
export async function seedUnmanagedDashboards(url: string, token: string, count: number): Promise<void> {
  const saves = Array.from({ length: count }, (_, i) => async () => {
    const response = await fetch(`${url}/api/dashboards/db`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        dashboard: {
          uid: `by-hand-${i}`,
          title: `Made by hand ${i}`,
          panels: [{ id: 1, type: 'timeseries', title: 'Requests', gridPos: { h: 8, w: 12, x: 0, y: 0 } }],
          schemaVersion: 39,
        },
        overwrite: false,
      }),
    });
    if (!response.ok) throw new Error(`seeding a dashboard: ${response.status} ${await response.text()}`);
  });
  await inBatches(saves, 20);
}
