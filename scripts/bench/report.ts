/** A run's figures: printed as a table, written as JSON under bench-results/ (git-ignored). */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from '../generate-api.js';
import { total, writesIn, type RouteCounts } from './grafana-counter.js';
import type { MachineCpuWindow } from './machine-cpu.js';
import type { RestartFigures } from './restart.js';
import type { BenchOptions } from './options.js';
import type { Sample } from './timeline.js';

export interface Figures {
  preset: string;
  startedAt: string;
  options: BenchOptions;
  /** Custom resources, each applied on every instance. */
  objects: number;
  seconds: {
    create: number;
    allReady: number;
    /** allReady less create: how long the operator took past the last object's create. */
    allReadyAfterCreate: number;
    /** Object × instance writes × write latency ÷ Grafana's concurrency: no operator converges faster. */
    limit: number;
    /** The same with the writes the operator did make while converging. */
    limitOfWritesMade: number;
    /** An edit of one dashboard until it is Ready at its new generation. */
    reactToOneChange: number;
  };
  /** Most requests the double served at once, and its limit. */
  grafanaConcurrency: { limit: number; mostAtOnce: number };
  steadyWindowSeconds: number;
  grafana: Record<Phase, RouteCounts>;
  /** `METHOD resource` (GET is get, list and watch alike). */
  apiserver: Record<Phase, Record<string, number>>;
  memory: {
    rssPeakBytes: number;
    rssSteadyBytes: number;
    rssFilePeakBytes: number;
    rssFileSteadyBytes: number;
    heapPeakBytes: number;
    heapSteadyBytes: number;
  };
  cpuSeconds: Record<Phase, number>;
  /** Every process's CPU in convergence: a machine whose cores are all busy bounds the time, not the operator. */
  convergenceCpu: MachineCpuWindow;
  /** The operator restarted after all that: every object checked again, one edit made meanwhile. */
  restart: RestartFigures & { grafana: RouteCounts };
  timeline: Sample[];
}

export type Phase = 'convergence' | 'steady' | 'change';

export function printTable(f: Figures, say: (line: string) => void): void {
  const row = (label: string, value: string) => say(`${label.padEnd(44)} ${value}`);
  const { seconds: s } = f;
  say('');
  row(
    'objects × instances',
    `${f.objects} × ${f.options.instances} (+ ${f.options.unmanagedDashboards} unmanaged)`,
  );
  row('time to create (apiserver)', secs(s.create));
  row('time until all Ready', `${secs(s.allReady)}  (${(s.allReady / s.limit).toFixed(1)}× the limit)`);
  row('  of it after the last create', secs(s.allReadyAfterCreate));
  row(
    'limit: objects × write ms ÷ concurrency',
    `${secs(s.limit)}  (${f.options.writeMs} ms, ${f.grafanaConcurrency.limit} at once)`,
  );
  row(
    'limit of the writes made',
    `${secs(s.limitOfWritesMade)}  (${writesIn(f.grafana.convergence)} writes)`,
  );
  row('Grafana requests at once, most', String(f.grafanaConcurrency.mostAtOnce));
  row('one changed dashboard → Ready', secs(s.reactToOneChange));
  row('RSS peak / steady', `${mib(f.memory.rssPeakBytes)} / ${mib(f.memory.rssSteadyBytes)}`);
  row(
    '  of it mapped files (node binary), most / steady',
    `${mib(f.memory.rssFilePeakBytes)} / ${mib(f.memory.rssFileSteadyBytes)}`,
  );
  row('heap used peak / steady', `${mib(f.memory.heapPeakBytes)} / ${mib(f.memory.heapSteadyBytes)}`);
  row(
    'CPU s convergence / steady / change',
    (['convergence', 'steady', 'change'] as const).map((p) => f.cpuSeconds[p].toFixed(1)).join(' / '),
  );
  const { cpuSeconds: cpu, cores, seconds } = f.convergenceCpu;
  row(
    'CPU s in convergence, every process',
    `operator ${cpu.operator.toFixed(1)}, kube-apiserver ${cpu.kubeApiserver.toFixed(1)}, etcd ${cpu.etcd.toFixed(1)}, bench + double ${cpu.benchAndDouble.toFixed(1)}`,
  );
  row(
    "  of the machine's cores × time",
    `${percent(cpu.operator + cpu.kubeApiserver + cpu.etcd + cpu.benchAndDouble, cores * seconds)} of ${cores} × ${secs(seconds)}`,
  );
  for (const phase of ['convergence', 'steady', 'change'] as const) {
    const grafana = f.grafana[phase];
    const label =
      phase === 'steady' ? `steady (${f.steadyWindowSeconds} s, resync ${f.options.resyncSeconds} s)` : phase;
    say('');
    say(
      `${label}: Grafana ${total(grafana)} requests, ${writesIn(grafana)} writes; apiserver ${total(f.apiserver[phase])}`,
    );
    for (const [key, n] of top(grafana)) say(`  grafana    ${String(n).padStart(7)}  ${key}`);
    for (const [key, n] of top(f.apiserver[phase])) say(`  apiserver  ${String(n).padStart(7)}  ${key}`);
  }
  printRestart(f.restart, row, say);
}

function printRestart(
  r: Figures['restart'],
  row: (label: string, value: string) => void,
  say: (line: string) => void,
): void {
  say('');
  say(
    `restart: Grafana ${total(r.grafana)} requests, ${writesIn(r.grafana)} writes; apiserver ${total(r.apiserver)} (its lists and watches included)`,
  );
  row('  every object reconciled again in', `${secs(r.seconds)}  (${r.reconciles} reconciles)`);
  row(
    '  one dashboard edited meanwhile → Ready',
    `${secs(r.editToReady)}  (${r.reconcilesBeforeEditReady} reconciles done by then)`,
  );
  row('  RSS peak / CPU s', `${mib(r.rssPeakBytes)} / ${r.cpuSeconds.toFixed(1)}`);
  for (const [key, n] of top(r.grafana)) say(`  grafana    ${String(n).padStart(7)}  ${key}`);
  for (const [key, n] of top(r.apiserver)) say(`  apiserver  ${String(n).padStart(7)}  ${key}`);
}

/** Writes the figures as JSON; returns the path without its extension, for the plot beside it. */
export async function writeFigures(f: Figures): Promise<string> {
  const dir = path.join(ROOT, 'bench-results');
  await mkdir(dir, { recursive: true });
  const base = path.join(dir, `${f.preset}-${f.startedAt.replace(/[:.]/g, '-')}`);
  await writeFile(`${base}.json`, `${JSON.stringify(f, null, 2)}\n`);
  return base;
}

const top = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .slice(0, 12);

const secs = (s: number) => `${s.toFixed(1)} s`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const percent = (part: number, whole: number) => `${whole > 0 ? Math.round((100 * part) / whole) : 0} %`;
