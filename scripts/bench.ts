/**
 * Speed, memory and API-load figures for the operator, printed (never asserted).
 *
 *   npm run bench -- --preset small|1k|10k        # small by default
 *   npm run bench -- --preset 1k --dashboards 2000 --instances 3
 *   BENCH_DASHBOARDS=500 npm run bench            # each count flag has a BENCH_ variable
 *   BENCH_NODE_OPTIONS=--max-old-space-size=96 npm run bench   # node flags for the operator
 *
 * Runs the built operator (`node dist/main.js`, as a Deployment does) against a private control
 * plane and the Grafana API double, with the workload of scripts/bench/options.ts: dashboards
 * (the fixtures of test/fixtures/dashboards), datasources, nested folders, alert-rule groups and
 * contact points, each selecting every GrafanaInstance of the run, next to dashboards made by hand.
 */
import { sleep } from './bench/batches.js';
import { inBatches } from './bench/batches.js';
import {
  createInstances,
  NAMESPACE,
  seedUnmanagedDashboards,
  startEnvironment,
} from './bench/environment.js';
import { latencySpec } from './bench/grafana-latency.js';
import { startOperator } from './bench/operator.js';
import { managedObjects, parseOptions } from './bench/options.js';
import { ReadyTracker } from './bench/ready-tracker.js';
import { BENCH_KINDS, manifests } from './bench/workload.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const objects = managedObjects(options);
  say(`preset ${options.preset}: ${JSON.stringify(options)}`);
  const env = await startEnvironment();
  const tracker = new ReadyTracker(env.kube, NAMESPACE, BENCH_KINDS);
  try {
    const tokens = await createInstances(env, options);
    await seedUnmanagedDashboards(env.grafana.url, tokens[0]!, options.unmanagedDashboards);
    // Seeding the hand-made dashboards is set-up, not the operator's time: instant.
    env.grafana.setLatency(latencySpec(options));
    tracker.start();
    const operator = await startOperator({ kubeconfig: env.controlPlane.adminKubeconfig });
    try {
      say(`creating ${objects} objects on ${options.instances} instance(s) …`);
      const started = Date.now();
      const creates = manifests(options, NAMESPACE, options.resyncSeconds).map(
        ({ type, body }) =>
          () =>
            env.kube.create(type, NAMESPACE, body),
      );
      await inBatches(creates, 20);
      const created = Date.now();
      say(`  created in ${seconds(created - started)}`);
      await untilAllReady(tracker, objects);
      const allReady = Date.now();
      say('');

      const rss = await residentMemory(operator.pid);
      env.grafana.clearRequests();
      await sleep((options.resyncSeconds * 1.15 + 5) * 1000);
      const requests = env.grafana.requests.length;
      const writes = env.grafana.writes().length;
      const rssAfterResync = await residentMemory(operator.pid);

      say('');
      say(`objects                         ${objects} × ${options.instances} instance(s)`);
      say(`time to create (apiserver)      ${seconds(created - started)}`);
      say(`time until all Ready            ${seconds(allReady - started)}`);
      say(`operator RSS when all Ready     ${mib(rss)}`);
      say(`operator RSS after a resync     ${mib(rssAfterResync)}`);
      say(`Grafana requests, one resync    ${requests} (${(requests / objects).toFixed(3)} per object)`);
      say(`Grafana writes, one resync      ${writes}`);
    } finally {
      await operator.stop();
    }
  } finally {
    tracker.stop();
    await env.stop();
  }
}

/** Waits for every object to be Ready, printing progress; names the ones holding it up when it stalls. */
async function untilAllReady(tracker: ReadyTracker, objects: number): Promise<void> {
  let last = { count: -1, at: Date.now() };
  const progress = setInterval(() => {
    process.stdout.write(`\r  ready: ${tracker.count}/${objects}`);
    if (tracker.count !== last.count) last = { count: tracker.count, at: Date.now() };
    else if (Date.now() - last.at > STALL_MS) {
      say(`\n  no progress for ${STALL_MS / 1000} s; not Ready:`);
      for (const line of tracker.notReady()) say(`    ${line.slice(0, 300)}`);
      last.at = Date.now();
    }
  }, 2000);
  await tracker.until(() => tracker.count >= objects);
  clearInterval(progress);
}

const STALL_MS = 60_000;

/** VmRSS of a process, from /proc (bytes). */
async function residentMemory(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
