import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { KubeConfig } from '@kubernetes/client-node';
import { loadConfig, type OperatorConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { createOperator, type Operator } from '../../src/operator.js';
import { OperatorMetrics } from '../../src/runtime/metrics.js';
import type { ResourceType } from '../../src/runtime/kube/types.js';
import { imageNodeArgs } from '../../scripts/image.js';
import type { TestKube } from './kube.js';
import { eventually, sleep } from './wait.js';

/**
 * SNAPSHOT_MAX_AGE_MS of the test operator: a reconcile that starts this long after an edit in
 * Grafana reads Grafana again, so tests wait for that reconcile instead of the default 10 s. Still
 * long enough that the reconciles of a wave of touched objects share one list.
 */
export const TEST_SNAPSHOT_MAX_AGE_MS = 800;

/**
 * Fast retries, short-lived Grafana lists, waiting states written after half a second (tests that
 * wait for one need not wait 5 s; reconcile-skeleton tests the hold itself) and no fixed ports, so
 * tests neither wait nor collide.
 */
export const TEST_ENV: Record<string, string> = {
  RETRY_BASE_DELAY_MS: '200',
  RETRY_MAX_DELAY_MS: '2000',
  FIRST_WAIT_HELD_MS: '500',
  SNAPSHOT_MAX_AGE_MS: String(TEST_SNAPSHOT_MAX_AGE_MS),
  METRICS_PORT: '0',
  HEALTH_PROBE_PORT: '0',
  BIND_HOST: '127.0.0.1',
  LOG_LEVEL: 'debug',
};

export interface InProcessOperator {
  operator: Operator;
  logFile: string;
  metricsUrl: string;
  probesUrl: string;
  /** The provisioning API's base URL, when PROVISIONING_API_PORT is set in `env`. */
  provisioningApiUrl: string | undefined;
  stop(): Promise<void>;
}

/** The operator in this test process, watching one namespace. */
export async function startOperator(options: {
  namespace: string;
  kubeConfig: KubeConfig;
  leaderElection?: boolean;
  env?: Record<string, string>;
}): Promise<InProcessOperator> {
  const config: OperatorConfig = loadConfig({
    ...TEST_ENV,
    WATCH_NAMESPACES: options.namespace,
    LEASE_NAMESPACE: options.namespace,
    LEADER_ELECT: options.leaderElection ? 'true' : 'false',
    ...options.env,
  });
  const logFile = path.join(mkdtempSync(path.join(tmpdir(), 'gpo-operator-')), 'operator.log');
  const stream = createWriteStream(logFile);
  // The operator's own logger, as main.ts makes it: LOG_LEVEL (debug here) and LOG_FORMAT apply.
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, destination: stream });
  const operator = await createOperator(config, logger, {
    kubeConfig: options.kubeConfig,
    metrics: new OperatorMetrics({ processMetrics: false }),
  });
  await operator.start();
  const ports = operator.manager.ports;
  const apiPort = operator.provisioningApiPort();
  return {
    operator,
    logFile,
    metricsUrl: `http://127.0.0.1:${ports.metrics}/metrics`,
    probesUrl: `http://127.0.0.1:${ports.probes}`,
    provisioningApiUrl: apiPort === undefined ? undefined : `http://127.0.0.1:${apiPort}`,
    stop: async () => {
      await operator.stop();
      await new Promise((resolve) => stream.end(resolve));
    },
  };
}

export interface OperatorProcess {
  child: ChildProcess;
  identity: string;
  output: () => string;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The built entry point (`node dist/main.js`, with the image's node flags) as its own process, as a Deployment runs it. */
export function spawnOperator(options: {
  kubeconfig: string;
  namespace: string;
  identity: string;
  env?: Record<string, string>;
}): OperatorProcess {
  const child = spawn(process.execPath, imageNodeArgs(), {
    env: {
      PATH: process.env.PATH ?? '',
      ...TEST_ENV,
      KUBECONFIG: options.kubeconfig,
      WATCH_NAMESPACES: options.namespace,
      LEASE_NAMESPACE: options.namespace,
      POD_NAME: options.identity,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  process.once('exit', () => child.kill('SIGKILL'));
  return {
    child,
    identity: options.identity,
    output: () => output,
    exited,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function waitForLog(proc: OperatorProcess, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
  await eventually(() => pattern.test(proc.output()), { timeoutMs, what: `log line ${pattern}` });
}

/** How many reconciles of each named object the operator has finished (its debug "reconciled" lines). */
export async function reconcileCounts(
  operator: InProcessOperator,
  type: ResourceType,
  names: readonly string[],
): Promise<number[]> {
  const counts = new Map(names.map((name) => [name, 0]));
  for (const line of (await readFile(operator.logFile, 'utf8')).split('\n')) {
    // The last line may be half written yet.
    if (!line.includes('"reconciled"') || !line.endsWith('}')) continue;
    const entry = JSON.parse(line) as { msg?: string; kind?: string; name?: string };
    if (entry.msg === 'reconciled' && entry.kind === type.kind && counts.has(entry.name ?? ''))
      counts.set(entry.name!, counts.get(entry.name!)! + 1);
  }
  return names.map((name) => counts.get(name)!);
}

/** Until every list the operator read before this call has aged past SNAPSHOT_MAX_AGE_MS. */
export const waitOutSnapshots = () => sleep(TEST_SNAPSHOT_MAX_AGE_MS + 50);

/**
 * Touches the objects and waits until each has finished a reconcile after that: what a resync
 * does, without waiting a resync period for it. Returns the resourceVersions the touches made, which
 * the objects keep unless the operator writes them.
 */
export async function reconcileNow(
  f: { kube: TestKube; operator: InProcessOperator },
  type: ResourceType,
  names: readonly string[],
): Promise<Array<string | undefined>> {
  const before = await reconcileCounts(f.operator, type, names);
  const touched = await Promise.all(names.map((name) => f.kube.touch(type, name)));
  await eventually(
    async () => (await reconcileCounts(f.operator, type, names)).every((count, i) => count > before[i]!),
    { what: `a reconcile of ${names.join(', ')} after the touch` },
  );
  return touched;
}

/**
 * A resync of the objects against Grafana as it is now: once the lists read before have aged out,
 * each object is reconciled again, so what it compares with was read from Grafana after this call.
 */
export async function reconcileOnFreshLists(
  f: { kube: TestKube; operator: InProcessOperator },
  type: ResourceType,
  names: readonly string[],
): Promise<void> {
  await waitOutSnapshots();
  await reconcileNow(f, type, names);
}
