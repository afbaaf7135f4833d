/**
 * Speed, memory and API-load figures for the operator, printed and written as JSON (never asserted).
 *
 *   npm run bench -- --preset small|1k|10k        # small by default
 *   npm run bench -- --preset 1k --dashboards 2000 --instances 3 --write-ms 50
 *   BENCH_DASHBOARDS=500 npm run bench            # each flag has a BENCH_ variable
 *   BENCH_NODE_OPTIONS="--cpu-prof --diagnostic-dir=/tmp/prof" npm run bench   # node flags for the operator, after the image's
 *   BENCH_OPERATOR_ENV=MAX_CONCURRENT_RECONCILES=8 npm run bench  # operator settings to try
 *   BENCH_OPERATOR_LOG=/tmp/operator.log BENCH_OPERATOR_ENV=LOG_LEVEL=debug npm run bench  # its log
 *
 * Runs the built operator as the default install's Pod does (the image's command and environment,
 * the chart's default NODE_OPTIONS: scripts/bench/operator.ts) against a private control
 * plane and the Grafana API double with a latency model (test/grafana-double/latency.ts), with the
 * workload of scripts/bench/options.ts: dashboards (the fixtures of test/fixtures/dashboards),
 * datasources, nested folders, alert-rule groups and contact points, each selecting every
 * GrafanaInstance of the run, next to dashboards made by hand. The clock starts once the operator
 * has connected every GrafanaInstance (Ready), as a user applies objects to an operator already
 * running: its start-up is not convergence. Then it watches one steady-state
 * window (one and a half resync periods: every object resyncs in it), the reaction to one
 * changed dashboard, and a restart of the operator (scripts/bench/restart.ts).
 */
import type { KubeClient } from '../src/runtime/kube/client.js';
import { GrafanaInstanceResource } from '../src/api/generated/index.js';
import { inBatches, sleep } from './bench/batches.js';
import {
  createInstances,
  NAMESPACE,
  seedUnmanagedDashboards,
  startEnvironment,
} from './bench/environment.js';
import { GrafanaCounter, writesIn } from './bench/grafana-counter.js';
import { latencySpec } from './bench/grafana-latency.js';
import { machineCpuWindow } from './bench/machine-cpu.js';
import { difference, readMetrics, readProcess } from './bench/operator-metrics.js';
import { startOperator } from './bench/operator.js';
import { managedObjects, parseOptions } from './bench/options.js';
import { ReadyTracker } from './bench/ready-tracker.js';
import { restartOperator } from './bench/restart.js';
import { editToReady } from './bench/edit.js';
import { writePlot } from './bench/plot.js';
import { printTable, writeFigures, type Figures } from './bench/report.js';
import { Timeline } from './bench/timeline.js';
import { BENCH_KINDS, manifests } from './bench/workload.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const objects = managedObjects(options);
  const startedAt = new Date().toISOString();
  say(`preset ${options.preset}: ${JSON.stringify(options)}`);
  const env = await startEnvironment();
  const tracker = new ReadyTracker(env.kube, NAMESPACE, BENCH_KINDS);
  const counter = new GrafanaCounter(env.grafana);
  try {
    const tokens = await createInstances(env, options);
    await seedUnmanagedDashboards(env.grafana.url, tokens[0]!, options.unmanagedDashboards);
    // Seeding the hand-made dashboards is set-up, not the operator's time: instant.
    const latency = env.grafana.setLatency(latencySpec(options));
    tracker.start();
    let operator = await startOperator({ kubeconfig: env.controlPlane.adminKubeconfig });
    const spawned = Date.now();
    await instancesReady(env.kube, options.instances);
    say(`\r  operator up, ${options.instances} instance(s) Ready in ${seconds(Date.now() - spawned)}`);
    const started = Date.now();
    const timeline = new Timeline(started, operator.pid, operator.metricsUrl, () => tracker.count);
    const machineCpu = await machineCpuWindow(env.controlPlane, operator.pid);
    try {
      counter.enter('convergence');
      say(`creating ${objects} objects on ${options.instances} instance(s) …`);
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
      // The last reconciles' Events are posted after their status: counted with convergence,
      // not as steady-state writes.
      const converged = await settled(operator);
      const convergenceCpu = await machineCpu.end();

      // Resyncs come in waves one half to one and a half periods apart (nextWave): a window of one
      // and a half periods sees every object's resync at least once.
      const steadyWindowSeconds = Math.round(options.resyncSeconds * 1.5 + 5);
      say(`\n  steady state: watching ${steadyWindowSeconds} s …`);
      counter.enter('steady');
      timeline.enter('steady');
      await sleep(steadyWindowSeconds * 1000);
      const steady = await readings(operator);

      counter.enter('change');
      timeline.enter('change');
      const reactToOneChange = await editToReady(
        env.kube,
        tracker,
        `dashboard-${Math.floor(options.dashboards / 2)}`,
        '(changed)',
      );
      const changed = await readings(operator);
      timeline.stop();

      say('  restarting the operator …');
      counter.enter('restart');
      const restart = await restartOperator(operator, {
        kubeconfig: env.controlPlane.adminKubeconfig,
        kube: env.kube,
        tracker,
        objects,
        // The last in the order the restart's check takes them (by name).
        dashboard: lastByName(options.dashboards),
      });
      operator = restart.operator;

      const writes = writesIn(counter.of('convergence'));
      const concurrency = options.grafanaConcurrency;
      // Peaks over convergence and the steady window: the highest RSS can come as the last
      // objects turn Ready, just after convergence ends.
      const run = ['convergence', 'steady'];
      const memoryOf = (field: 'rssBytes' | 'rssFileBytes' | 'heapUsedBytes') => ({
        peak: timeline.peakAndLast(run, field).peak,
        steady: timeline.peakAndLast(['steady'], field).last,
      });
      const [rss, rssFile, heap] = [
        memoryOf('rssBytes'),
        memoryOf('rssFileBytes'),
        memoryOf('heapUsedBytes'),
      ];
      const figures: Figures = {
        preset: options.preset,
        startedAt,
        options,
        objects,
        seconds: {
          create: (created - started) / 1000,
          allReady: (allReady - started) / 1000,
          allReadyAfterCreate: (allReady - created) / 1000,
          limit: (objects * options.instances * options.writeMs) / concurrency / 1000,
          limitOfWritesMade: (writes * options.writeMs) / concurrency / 1000,
          reactToOneChange,
        },
        grafanaConcurrency: { limit: concurrency, mostAtOnce: latency?.maxActive ?? 0 },
        steadyWindowSeconds,
        grafana: {
          convergence: counter.of('convergence'),
          steady: counter.of('steady'),
          change: counter.of('change'),
        },
        apiserver: {
          convergence: converged.apiserver,
          steady: difference(converged.apiserver, steady.apiserver),
          change: difference(steady.apiserver, changed.apiserver),
        },
        memory: {
          rssPeakBytes: rss.peak,
          rssSteadyBytes: rss.steady,
          rssFilePeakBytes: rssFile.peak,
          rssFileSteadyBytes: rssFile.steady,
          heapPeakBytes: heap.peak,
          heapSteadyBytes: heap.steady,
        },
        cpuSeconds: {
          convergence: converged.cpuSeconds,
          steady: steady.cpuSeconds - converged.cpuSeconds,
          change: changed.cpuSeconds - steady.cpuSeconds,
        },
        convergenceCpu,
        restart: { ...restart.figures, grafana: counter.of('restart') },
        timeline: timeline.samples,
      };
      printTable(figures, say);
      const written = await writeFigures(figures);
      await writePlot(figures, `${written}.png`);
      say(`\nwritten: ${written}.json, ${written}.png`);
    } finally {
      timeline.stop();
      await operator.stop();
    }
  } finally {
    counter.stop();
    tracker.stop();
    await env.stop();
  }
}

/**
 * Until the operator has connected every GrafanaInstance (Ready): the run measures a user applying
 * objects to a running operator, not the operator's own start-up.
 */
async function instancesReady(kube: KubeClient, instances: number): Promise<void> {
  const tracker = new ReadyTracker(kube, NAMESPACE, [GrafanaInstanceResource]);
  tracker.start();
  try {
    await untilAllReady(tracker, instances);
  } finally {
    tracker.stop();
  }
}

/** The operator's apiserver counts and CPU time now. */
async function readings(operator: { pid: number; metricsUrl: string }) {
  const [metrics, process] = await Promise.all([readMetrics(operator.metricsUrl), readProcess(operator.pid)]);
  return { apiserver: metrics.apiserver, cpuSeconds: process.cpuSeconds };
}

/** {@link readings} once the operator's apiserver requests have stopped for a second (10 s at most). */
async function settled(operator: { pid: number; metricsUrl: string }) {
  const total = (r: Awaited<ReturnType<typeof readings>>) =>
    Object.values(r.apiserver).reduce((sum, n) => sum + n, 0);
  let last = await readings(operator);
  for (let i = 0; i < 10; i++) {
    await sleep(1000);
    const now = await readings(operator);
    if (total(now) === total(last)) return now;
    last = now;
  }
  return last;
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

/** The dashboard whose name sorts last (dashboard-999 of 1,000): the apiserver lists by name. */
function lastByName(dashboards: number): string {
  const names = Array.from({ length: dashboards }, (_, i) => `dashboard-${i}`);
  return names.sort().at(-1)!;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
