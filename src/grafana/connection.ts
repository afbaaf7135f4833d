/**
 * How to reach and authenticate against one Grafana instance.
 */
import { GrafanaConfigurationError } from './errors.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';

/**
 * Service-account token (one org per token, contract §1.1) or basic auth (needed for
 * server-admin calls such as creating orgs).
 */
export type GrafanaAuth =
  { kind: 'token'; token: string } | { kind: 'basic'; username: string; password: string };

export interface GrafanaConnection {
  /** Base URL, possibly with a sub-path (`http://host/grafana/`). */
  url: string;
  auth: GrafanaAuth;
  /** Sent as `X-Grafana-Org-Id` (§1.2); omitted means the identity's default org. */
  orgId?: number;
  tls?: {
    /** PEM bundle to trust; like Node's `ca` option it replaces the default CA store for this client. */
    ca?: string;
    insecureSkipVerify?: boolean;
  };
  /** Per attempt, not per call including retries. Default 10. */
  timeoutSeconds?: number;
  retry?: Partial<RetryPolicy>;
  /**
   * At most this many requests in flight to this Grafana at once (a whole number ≥ 1); more wait
   * their turn before they are sent, so the wait does not count toward their timeout. Undefined:
   * no limit.
   */
  maxConcurrentRequests?: number;
}

export interface GrafanaRequestInfo {
  method: string;
  /** Templated route, e.g. `/api/datasources/uid/:uid`. */
  route: string;
  status: number | 'error';
  durationSeconds: number;
}

export interface GrafanaClientHooks {
  /** Called once per HTTP attempt (retries included), e.g. to feed Prometheus metrics. */
  onRequest?(info: GrafanaRequestInfo): void;
}

export const DEFAULT_TIMEOUT_SECONDS = 10;

/** Control characters, most often the trailing newline of a Secret written with `echo`. */
function hasControlCharacter(text: string): boolean {
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * Builds the header value; throws a GrafanaConfigurationError for credentials that could never work, so that the
 * mistake surfaces as a configuration error instead of a failing request on every reconcile.
 */
export function authorizationHeader(auth: GrafanaAuth): string {
  if (auth.kind === 'token') {
    if (auth.token === '' || hasControlCharacter(auth.token)) {
      throw new GrafanaConfigurationError(
        'Grafana token is empty or contains a line break or control character',
      );
    }
    return `Bearer ${auth.token}`;
  }
  if (auth.username === '' || auth.username.includes(':') || hasControlCharacter(auth.username)) {
    // RFC 7617: the user-id of basic auth cannot contain a colon.
    throw new GrafanaConfigurationError('Grafana username is empty or contains a colon or control character');
  }
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
}

/** Every form in which a credential could appear in text, for scrubbing error messages. */
export function secretsOf(auth: GrafanaAuth): string[] {
  const header = authorizationHeader(auth);
  const encoded = header.slice(header.indexOf(' ') + 1);
  const raw = auth.kind === 'token' ? [auth.token] : [auth.password];
  // JSON-escaped forms too, since error bodies are scrubbed before they are parsed.
  const escaped = raw.map((secret) => JSON.stringify(secret).slice(1, -1));
  // Scrubbing a 1–3 character secret would mangle ordinary words while protecting next to nothing.
  const unique = new Set([header, encoded, ...raw, ...escaped].filter((secret) => secret.length >= 4));
  // Longest first, so that a header is replaced whole rather than leaving its prefix behind.
  return [...unique].sort((a, b) => b.length - a.length);
}

export function resolveRetryPolicy(overrides: Partial<RetryPolicy> | undefined): RetryPolicy {
  const policy: RetryPolicy = {
    limit: overrides?.limit ?? DEFAULT_RETRY_POLICY.limit,
    baseDelayMs: overrides?.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
    maxDelayMs: overrides?.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
  };
  if (!Number.isInteger(policy.limit) || policy.limit < 0) {
    throw new TypeError('retry.limit must be a non-negative integer');
  }
  if (policy.baseDelayMs < 0 || policy.maxDelayMs < 0) {
    throw new TypeError('retry delays must not be negative');
  }
  return policy;
}
