/**
 * Speed, memory and API-load figures for the operator, printed (never asserted).
 *
 *   npm run bench                        # 1000 objects
 *   BENCH_OBJECTS=10000 npm run bench    # the scale the memory goal is set at
 *   BENCH_NODE_OPTIONS=--max-old-space-size=96 npm run bench   # node flags for the operator
 *
 * Runs the built operator (`node dist/main.js`, as a Deployment does) against a private control
 * plane and the Grafana API double, creates BENCH_OBJECTS GrafanaFolders (half) and
 * GrafanaDatasources (half), and reports: time until all are Ready, the operator's resident
 * memory (goal: ≤ 120 MiB at 10k objects), and the Grafana requests and writes one resync wave
 * of the unchanged objects costs.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import {
  GrafanaDatasourceResource,
  GrafanaFolderResource,
  GrafanaInstanceResource,
} from '../src/api/generated/index.js';
import { KubeClient } from '../src/runtime/kube/client.js';
import { CoreTypes, type KubeObject, type ResourceType } from '../src/runtime/kube/types.js';
import { ensureBinaries, startControlPlane } from '../test/cluster/control-plane.js';
import { applyCrds } from '../test/support/crds.js';
import { GrafanaDouble } from '../test/grafana-double/server.js';
import { ROOT } from './generate-api.js';

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 1000);
const RESYNC_SECONDS = 60;
const NAMESPACE = 'bench';
const say = (line: string) => process.stdout.write(`${line}\n`);

interface Listed extends KubeObject {
  status?: { conditions?: Array<{ type: string; status: string }> };
}

async function main(): Promise<void> {
  const controlPlane = await startControlPlane({ binaries: await ensureBinaries(), log: () => undefined });
  const grafana = new GrafanaDouble();
  const stopAll: Array<() => Promise<unknown>> = [() => controlPlane.stop(), () => grafana.stop()];
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
    const url = await grafana.start();
    grafana.addServiceAccountToken('glsa_bench', { orgId: 1, role: 'Admin', name: 'bench' });
    await kube.create(CoreTypes.secret, NAMESPACE, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'grafana', namespace: NAMESPACE },
      stringData: { token: 'glsa_bench' },
    } as KubeObject);
    await kube.create(GrafanaInstanceResource, NAMESPACE, {
      apiVersion: 'grafana.provisioning.dev/v1beta1',
      kind: 'GrafanaInstance',
      metadata: { name: 'main', namespace: NAMESPACE, labels: { grafana: 'main' } },
      spec: { url, auth: { token: { secretKeyRef: { name: 'grafana', key: 'token' } } } },
    } as KubeObject);

    const operator = spawn(process.execPath, [path.join(ROOT, 'dist', 'main.js')], {
      env: {
        PATH: process.env.PATH ?? '',
        KUBECONFIG: controlPlane.adminKubeconfig,
        LEADER_ELECT: 'false',
        METRICS_PORT: '0',
        HEALTH_PROBE_PORT: '0',
        BIND_HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        // e.g. BENCH_NODE_OPTIONS=--max-old-space-size=96 to see what a heap cap does to RSS.
        ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    stopAll.unshift(async () => {
      operator.kill('SIGTERM');
      await new Promise((resolve) => operator.once('exit', resolve));
    });

    say(`creating ${OBJECTS} objects …`);
    const started = Date.now();
    const spec = {
      instanceSelector: { matchLabels: { grafana: 'main' } },
      resyncPeriod: `${RESYNC_SECONDS}s`,
    };
    const creates: Array<() => Promise<unknown>> = [];
    for (let i = 0; i < OBJECTS; i++) {
      const name = `bench-${i}`;
      const [type, extra]: [ResourceType, object] =
        i % 2 === 0
          ? [GrafanaFolderResource, { title: `Folder ${i}` }]
          : [GrafanaDatasourceResource, { type: 'prometheus', url: `http://prom-${i}:9090` }];
      creates.push(() =>
        kube.create(type, NAMESPACE, {
          apiVersion: `${type.group}/${type.version}`,
          kind: type.kind,
          metadata: { name, namespace: NAMESPACE },
          spec: { ...spec, ...extra },
        } as KubeObject),
      );
    }
    await inBatches(creates, 20);
    const created = Date.now();
    say(`  created in ${seconds(created - started)}`);

    let ready = 0;
    while (ready < OBJECTS) {
      await sleep(2_000);
      ready =
        (await countReady(kube, GrafanaFolderResource)) + (await countReady(kube, GrafanaDatasourceResource));
      process.stdout.write(`\r  ready: ${ready}/${OBJECTS}`);
    }
    const allReady = Date.now();
    say('');

    const rss = await residentMemory(operator.pid ?? 0);
    grafana.clearRequests();
    await sleep((RESYNC_SECONDS * 1.15 + 5) * 1000);
    const requests = grafana.requests.length;
    const writes = grafana.writes().length;
    const rssAfterResync = await residentMemory(operator.pid ?? 0);

    say('');
    say(`objects                         ${OBJECTS}`);
    say(`time to create (apiserver)      ${seconds(created - started)}`);
    say(`time until all Ready            ${seconds(allReady - started)}`);
    say(`operator RSS when all Ready     ${mib(rss)}`);
    say(`operator RSS after a resync     ${mib(rssAfterResync)}`);
    say(`Grafana requests, one resync    ${requests} (${(requests / OBJECTS).toFixed(3)} per object)`);
    say(`Grafana writes, one resync      ${writes}`);
  } finally {
    for (const stop of stopAll) await stop().catch(() => undefined);
  }
}

async function countReady(kube: KubeClient, type: ResourceType): Promise<number> {
  const list = await kube.list<Listed>(type, NAMESPACE);
  return list.items.filter((o) =>
    o.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
  ).length;
}

async function inBatches(work: Array<() => Promise<unknown>>, size: number): Promise<void> {
  for (let i = 0; i < work.length; i += size) await Promise.all(work.slice(i, i + size).map((run) => run()));
}

/** VmRSS of a process, from /proc (bytes). */
async function residentMemory(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
