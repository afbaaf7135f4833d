/**
 * The built operator (`node dist/main.js`, as a Deployment runs it) with the chart's defaults,
 * its metrics on a port of its own so the bench can scrape them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { ROOT } from '../generate-api.js';

export interface RunningOperator {
  child: ChildProcess;
  pid: number;
  metricsUrl: string;
  stop(): Promise<void>;
}

export async function startOperator(options: { kubeconfig: string; cwd?: string }): Promise<RunningOperator> {
  const metricsPort = await freePort();
  // Node flags go on the command line: some (--cpu-prof, --heap-prof) are refused in NODE_OPTIONS.
  const nodeFlags = (process.env.BENCH_NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);
  const logFile = process.env.BENCH_OPERATOR_LOG;
  const child = spawn(process.execPath, [...nodeFlags, path.join(ROOT, 'dist', 'main.js')], {
    cwd: options.cwd ?? ROOT,
    env: {
      // What the image sets (MALLOC_MMAP_THRESHOLD_ among it), so the figures are a Pod's.
      ...imageEnv(),
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
    stdio: ['ignore', logFile ? openSync(logFile, 'w') : 'ignore', 'inherit'],
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

/** The `ENV` lines of the Dockerfile's last stage, the one the image runs. */
function imageEnv(): Record<string, string> {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const lastStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const env: Record<string, string> = {};
  for (const [, pairs] of lastStage.matchAll(/^ENV\s+(.+)$/gm)) {
    for (const pair of (pairs ?? '').trim().split(/\s+/)) {
      const at = pair.indexOf('=');
      if (at > 0) env[pair.slice(0, at)] = pair.slice(at + 1);
    }
  }
  return env;
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

/** A port nobody listens on now (the operator binds it a moment later). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
