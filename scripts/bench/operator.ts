/**
 * The built operator (`node dist/main.js`, as a Deployment runs it) with the chart's defaults,
 * its metrics on a port of its own so the bench can scrape them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
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
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'main.js')], {
    cwd: options.cwd ?? ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      KUBECONFIG: options.kubeconfig,
      LEADER_ELECT: 'false',
      METRICS_PORT: String(metricsPort),
      HEALTH_PROBE_PORT: '0',
      BIND_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      // e.g. BENCH_NODE_OPTIONS=--max-old-space-size=96, or --cpu-prof to profile the run.
      ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.once('exit', () => child.kill('SIGKILL'));
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

/** A port nobody listens on now (the operator binds it a moment later). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
