import { hostname } from 'node:os';
import { LOG_FORMATS, type LogFormat } from './log.js';

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
  logFormat: LogFormat;
}

/** A setting the operator cannot start with; main prints its message alone. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): OperatorConfig {
  return {
    watchNamespace: env.WATCH_NAMESPACE || undefined,
    leaderElection: bool(env.LEADER_ELECT, true),
    leaseNamespace: env.LEASE_NAMESPACE || env.POD_NAMESPACE || 'default',
    leaseName: env.LEASE_NAME || 'grafana-provisioning-operator',
    identity: env.POD_NAME || `${hostname()}-${process.pid}`,
    concurrency: int(env, 'MAX_CONCURRENT_RECONCILES', 4),
    metricsPort: int(env, 'METRICS_PORT', 8080),
    probePort: int(env, 'HEALTH_PROBE_PORT', 8081),
    bindHost: env.BIND_HOST || '0.0.0.0',
    retryBaseDelayMs: int(env, 'RETRY_BASE_DELAY_MS', 1_000),
    retryMaxDelayMs: int(env, 'RETRY_MAX_DELAY_MS', 5 * 60_000),
    leaseDurationMs: int(env, 'LEASE_DURATION_MS', 15_000),
    renewDeadlineMs: int(env, 'RENEW_DEADLINE_MS', 10_000),
    retryPeriodMs: int(env, 'RETRY_PERIOD_MS', 2_000),
    logLevel: env.LOG_LEVEL || 'info',
    logFormat: oneOf(env, 'LOG_FORMAT', LOG_FORMATS, 'json'),
  };
}

function int(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const value = env[variable];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new ConfigError(`${variable}: expected a non-negative integer, got "${value}"`);
  return parsed;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['false', '0', 'no', 'off'].includes(value.toLowerCase());
}

function oneOf<T extends string>(
  env: NodeJS.ProcessEnv,
  variable: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = env[variable];
  if (value === undefined || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new ConfigError(`${variable}: expected one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}
