import { hostname } from 'node:os';

/** Operator settings, from the environment (the Helm chart and the demo set these). */
export interface OperatorConfig {
  /** Watch one namespace, or every namespace when unset. */
  watchNamespace: string | undefined;
  leaderElection: boolean;
  leaseNamespace: string;
  leaseName: string;
  identity: string;
  concurrency: number;
  metricsPort: number;
  probePort: number;
  bindHost: string;
  /** Backoff of failed reconciles: base and ceiling, in ms. */
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  logLevel: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): OperatorConfig {
  return {
    watchNamespace: env.WATCH_NAMESPACE || undefined,
    leaderElection: bool(env.LEADER_ELECT, true),
    leaseNamespace: env.LEASE_NAMESPACE || env.POD_NAMESPACE || 'default',
    leaseName: env.LEASE_NAME || 'grafana-provisioning-operator',
    identity: env.POD_NAME || `${hostname()}-${process.pid}`,
    concurrency: int(env.MAX_CONCURRENT_RECONCILES, 4),
    metricsPort: int(env.METRICS_PORT, 8080),
    probePort: int(env.HEALTH_PROBE_PORT, 8081),
    bindHost: env.BIND_HOST || '0.0.0.0',
    retryBaseDelayMs: int(env.RETRY_BASE_DELAY_MS, 1_000),
    retryMaxDelayMs: int(env.RETRY_MAX_DELAY_MS, 5 * 60_000),
    leaseDurationMs: int(env.LEASE_DURATION_MS, 15_000),
    renewDeadlineMs: int(env.RENEW_DEADLINE_MS, 10_000),
    retryPeriodMs: int(env.RETRY_PERIOD_MS, 2_000),
    logLevel: env.LOG_LEVEL || 'info',
  };
}

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`expected a non-negative integer, got "${value}"`);
  return parsed;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['false', '0', 'no', 'off'].includes(value.toLowerCase());
}
