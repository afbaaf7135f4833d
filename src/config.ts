import { hostname } from 'node:os';
import { LOG_FORMATS, type LogFormat } from './log.js';
import { labelSelectorProblem } from './runtime/kube/label-selector.js';

/** Operator settings, from the environment (the Helm chart and the demo set these). */
export interface OperatorConfig {
  /** Watch only these namespaces, or every namespace when undefined. */
  watchNamespaces: string[] | undefined;
  /**
   * A label selector: reconcile only the objects (of every kind, GrafanaInstances included) whose
   * labels match it, so several operators, each with its own Lease, split one cluster's objects
   * (docs/operations.md#shards). Undefined: every object.
   */
  shardSelector: string | undefined;
  leaderElection: boolean;
  leaseNamespace: string;
  leaseName: string;
  identity: string;
  concurrency: number;
  /**
   * Requests in flight to one GrafanaInstance at most (all kinds together); undefined: no limit
   * (GRAFANA_MAX_CONCURRENT_REQUESTS=0).
   */
  grafanaMaxConcurrentRequests: number | undefined;
  /**
   * Connections to the apiserver kept for requests (each watch has its own besides); more requests
   * at once wait for one. Undefined: no limit (KUBE_API_CONNECTIONS=0).
   */
  kubeRequestConnections: number | undefined;
  metricsPort: number;
  probePort: number;
  bindHost: string;
  /** Backoff of failed reconciles: base and ceiling, in ms. */
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** How long a waiting state (an instance or dependency not ready yet) lasts before it is a Warning Event. */
  waitingWarningAfterMs: number;
  /** How long a new object's first waiting state stays out of its status (0: written at once; HeldWaits). */
  firstWaitHeldMs: number;
  /**
   * How long a per-instance list of Grafana objects (datasources, dashboards, rules, …) serves the
   * reconciles that read it: a resync wave of N objects costs one list call per kind, and an edit
   * made in Grafana is seen by the first resync after the list aged out.
   */
  snapshotMaxAgeMs: number;
  /** How often, at most, the count of a repeated Event is written back to it. */
  eventRewriteIntervalMs: number;
  /**
   * The share of a service-account token's lifetime after which it is renewed; undefined: two
   * thirds. A shorter one lets a test see a rotation without waiting out most of a lifetime.
   */
  tokenRotateAfterShare: number | undefined;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  logLevel: string;
  logFormat: LogFormat;
  /** The provisioning HTTP API (docs/provisioning-api.md); undefined when it is off (the default). */
  provisioningApi: ProvisioningApiConfig | undefined;
}

export interface ProvisioningApiConfig {
  port: number;
  /** PEM files (a mounted Secret); both or neither. Without them the API speaks plain HTTP. */
  tlsCertFile: string | undefined;
  tlsKeyFile: string | undefined;
  /** A request body over this many bytes is answered 413. */
  bodyLimitBytes: number;
  /** Requests per caller (per bearer token) per minute; more are answered 429 with Retry-After. */
  rateLimitPerMinute: number;
}

/** A setting the operator cannot start with; main prints its message alone. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * The default of GRAFANA_MAX_CONCURRENT_REQUESTS. A Grafana on its default database (SQLite, one
 * writer at a time, docs/grafana-api.md §11.3) fails a write still locked out after a few retries,
 * so the operator's own queue is the better place for a burst; at 1,000 objects the bench
 * converged as fast with 10 as with no limit (within its run-to-run spread), and slower with 4.
 */
export const GRAFANA_MAX_CONCURRENT_REQUESTS = 10;

/**
 * The default of KUBE_API_CONNECTIONS. Without a limit, a burst of reconciles opens one connection
 * per request under way and keeps them all: 60-80 at 1,000 objects, each TLS connection about
 * 100 KiB of the operator's memory (and a goroutine and buffers in the apiserver). The 10k bench's
 * RSS peaked at 113 MiB with 32 and 111-113 with 16, against 114-118 without a limit, all Ready as
 * fast; at 1k, 32 converged in 14.4 s, 16 in 14.0-15.1 and no limit in 13.8-14.3 (a local
 * apiserver answers in a few ms; a cluster's, farther away, leaves each connection busy longer).
 */
export const KUBE_API_CONNECTIONS = 32;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): OperatorConfig {
  return {
    watchNamespaces: watchNamespaces(env),
    shardSelector: shardSelector(env),
    leaderElection: bool(env.LEADER_ELECT, true),
    leaseNamespace: env.LEASE_NAMESPACE || env.POD_NAMESPACE || 'default',
    leaseName: env.LEASE_NAME || 'grafana-provisioning-operator',
    identity: env.POD_NAME || `${hostname()}-${process.pid}`,
    concurrency: int(env, 'MAX_CONCURRENT_RECONCILES', 16),
    grafanaMaxConcurrentRequests: limitOrNone(
      env,
      'GRAFANA_MAX_CONCURRENT_REQUESTS',
      GRAFANA_MAX_CONCURRENT_REQUESTS,
    ),
    kubeRequestConnections: limitOrNone(env, 'KUBE_API_CONNECTIONS', KUBE_API_CONNECTIONS),
    metricsPort: int(env, 'METRICS_PORT', 8080),
    probePort: int(env, 'HEALTH_PROBE_PORT', 8081),
    bindHost: env.BIND_HOST || '0.0.0.0',
    retryBaseDelayMs: int(env, 'RETRY_BASE_DELAY_MS', 1_000),
    retryMaxDelayMs: int(env, 'RETRY_MAX_DELAY_MS', 5 * 60_000),
    waitingWarningAfterMs: int(env, 'WAITING_WARNING_AFTER_MS', 60_000),
    firstWaitHeldMs: int(env, 'FIRST_WAIT_HELD_MS', 5_000),
    snapshotMaxAgeMs: int(env, 'SNAPSHOT_MAX_AGE_MS', 10_000),
    eventRewriteIntervalMs: int(env, 'EVENT_REWRITE_INTERVAL_MS', 60_000),
    tokenRotateAfterShare: percentShare(env, 'TOKEN_ROTATION_PERCENT'),
    leaseDurationMs: int(env, 'LEASE_DURATION_MS', 15_000),
    renewDeadlineMs: int(env, 'RENEW_DEADLINE_MS', 10_000),
    retryPeriodMs: int(env, 'RETRY_PERIOD_MS', 2_000),
    logLevel: env.LOG_LEVEL || 'info',
    logFormat: oneOf(env, 'LOG_FORMAT', LOG_FORMATS, 'json'),
    provisioningApi: provisioningApi(env),
  };
}

/** On when PROVISIONING_API_PORT is set (0 picks a free port, for tests). */
function provisioningApi(env: NodeJS.ProcessEnv): ProvisioningApiConfig | undefined {
  if (env.PROVISIONING_API_PORT === undefined || env.PROVISIONING_API_PORT === '') return undefined;
  const tlsCertFile = env.PROVISIONING_API_TLS_CERT_FILE || undefined;
  const tlsKeyFile = env.PROVISIONING_API_TLS_KEY_FILE || undefined;
  if (Boolean(tlsCertFile) !== Boolean(tlsKeyFile))
    throw new ConfigError(
      'set both PROVISIONING_API_TLS_CERT_FILE and PROVISIONING_API_TLS_KEY_FILE, or neither',
    );
  return {
    port: int(env, 'PROVISIONING_API_PORT', 0),
    tlsCertFile,
    tlsKeyFile,
    bodyLimitBytes: int(env, 'PROVISIONING_API_BODY_LIMIT_BYTES', 1024 * 1024),
    rateLimitPerMinute: int(env, 'PROVISIONING_API_RATE_LIMIT_PER_MINUTE', 120),
  };
}

/** A namespace name is a DNS-1123 label. */
const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * WATCH_NAMESPACES, a comma-separated list; WATCH_NAMESPACE is its older, single-namespace name
 * and is read the same way. Unset or empty: every namespace.
 */
function watchNamespaces(env: NodeJS.ProcessEnv): string[] | undefined {
  const plural = env.WATCH_NAMESPACES?.trim();
  const singular = env.WATCH_NAMESPACE?.trim();
  if (plural && singular)
    throw new ConfigError('set WATCH_NAMESPACES or its older name WATCH_NAMESPACE, not both');
  const variable = plural ? 'WATCH_NAMESPACES' : 'WATCH_NAMESPACE';
  const value = plural || singular;
  if (!value) return undefined;
  const names = [
    ...new Set(
      value
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    ),
  ];
  if (names.length === 0) throw new ConfigError(`${variable}: "${env[variable]}" names no namespace`);
  for (const name of names) {
    if (name.length > 63 || !NAMESPACE_NAME.test(name))
      throw new ConfigError(
        `${variable}: "${name}" is not a namespace name (lowercase letters, digits and '-', ` +
          'starting and ending with a letter or digit, at most 63 characters)',
      );
  }
  return names;
}

/** SHARD_SELECTOR, a label selector string; unset or blank: no shard, every object. */
function shardSelector(env: NodeJS.ProcessEnv): string | undefined {
  const selector = env.SHARD_SELECTOR?.trim();
  if (!selector) return undefined;
  const problem = labelSelectorProblem(selector);
  if (problem) throw new ConfigError(`SHARD_SELECTOR: "${selector}" is not a label selector: ${problem}`);
  return selector;
}

/** A percentage from 1 to 99 as a share; undefined when unset. */
function percentShare(env: NodeJS.ProcessEnv, variable: string): number | undefined {
  if (env[variable] === undefined || env[variable] === '') return undefined;
  const percent = int(env, variable, 0);
  if (percent < 1 || percent > 99)
    throw new ConfigError(`${variable}: expected 1 to 99, got "${env[variable]}"`);
  return percent / 100;
}

function int(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const value = env[variable];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new ConfigError(`${variable}: expected a non-negative integer, got "${value}"`);
  return parsed;
}

/** A limit of at least 1; unset or empty: `fallback`; 0: no limit (undefined). */
function limitOrNone(env: NodeJS.ProcessEnv, variable: string, fallback: number): number | undefined {
  const value = env[variable];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new ConfigError(`${variable}: expected a whole number (0: no limit), got "${value}"`);
  return parsed === 0 ? undefined : parsed;
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
