/**
 * The built operator as the default install's Pod runs it: the image's command (its node flags
 * before `dist/main.js`) and environment (Dockerfile), the chart's default NODE_OPTIONS
 * (deploy/operator.yaml, rendered from the chart), its metrics on a port of its own so the bench
 * can scrape them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../generate-api.js';
import { imageEnv, imageNodeArgs } from '../image.js';
import { containerEnv, DEPLOY_DIR, freePort, parseManifests } from '../../test/support/deploy.js';

export interface RunningOperator {
  child: ChildProcess;
  pid: number;
  metricsUrl: string;
  stop(): Promise<void>;
}

export async function startOperator(options: {
  kubeconfig: string;
  cwd?: string;
  /** A later start of the run (a restart) adds to BENCH_OPERATOR_LOG instead of starting it anew. */
  appendLog?: boolean;
}): Promise<RunningOperator> {
  const metricsPort = await freePort();
  // Node flags to try go on the command line (before the image's): some (--cpu-prof, --heap-prof)
  // are refused in NODE_OPTIONS.
  const nodeFlags = (process.env.BENCH_NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);
  const logFile = process.env.BENCH_OPERATOR_LOG;
  const chartNodeOptions = defaultInstallEnv().NODE_OPTIONS;
  const child = spawn(process.execPath, [...nodeFlags, ...imageNodeArgs()], {
    cwd: options.cwd ?? ROOT,
    env: {
      // What the image sets (MALLOC_MMAP_THRESHOLD_ among it), so the figures are a Pod's.
      ...imageEnv(),
      ...(chartNodeOptions ? { NODE_OPTIONS: chartNodeOptions } : {}),
      PATH: process.env.PATH ?? '',
      KUBECONFIG: options.kubeconfig,
      LEADER_ELECT: 'false',
      METRICS_PORT: String(metricsPort),
      HEALTH_PROBE_PORT: '0',
      BIND_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      // The operator's own settings to try, e.g. BENCH_OPERATOR_ENV=MAX_CONCURRENT_RECONCILES=8,SNAPSHOT_MAX_AGE_MS=30000
      ...operatorEnv(process.env.BENCH_OPERATOR_ENV ?? ''),
    },
    // BENCH_OPERATOR_LOG=<file>: the operator's log lines (LOG_LEVEL through BENCH_OPERATOR_ENV) go there.
    stdio: ['ignore', logFile ? openSync(logFile, options.appendLog ? 'a' : 'w') : 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.once('exit', () => child.kill('SIGKILL'));
  // Interrupted, the bench takes the operator with it (its control plane stops by itself).
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      child.kill('SIGKILL');
      process.exit(130);
    });
  return {
    child,
    pid: child.pid ?? 0,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The environment the default install (deploy/operator.yaml, the chart's defaults) gives the operator. */
function defaultInstallEnv(): Record<string, string> {
  const manifests = parseManifests(readFileSync(path.join(DEPLOY_DIR, 'operator.yaml'), 'utf8'));
  const deployment = manifests.find((manifest) => manifest.kind === 'Deployment');
  if (!deployment) throw new Error('deploy/operator.yaml: no Deployment');
  return containerEnv(deployment, { name: 'grafana-provisioning-operator-bench', namespace: 'bench' });
}

/** `NAME=value,NAME=value` as environment variables. */
function operatorEnv(list: string): Record<string, string> {
  const pairs = list.split(',').filter(Boolean);
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error(`BENCH_OPERATOR_ENV: "${pair}" is not NAME=value`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}
