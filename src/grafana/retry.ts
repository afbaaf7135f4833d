/**
 * When and how long to wait before repeating a Grafana call (contract §11.2).
 *
 * Only transient failures are retried: 429, 502, 503, 504, 500 on idempotent methods, and
 * connection failures / timeouts. Other 4xx are answers, not accidents, and repeating them only
 * adds load (401 in particular must not be retried hot, §1.3).
 *
 * POST and PATCH are not idempotent in Grafana (a repeated POST /api/datasources can create a
 * second datasource or answer 409 for the first one; a repeated POST /api/folders fails with
 * 409/412). They are retried only when the request surely was not processed:
 *  - the connection was never established (refused, DNS failure, unreachable network): the
 *    request never left this process;
 *  - 429 and 503: a rate limiter or an unavailable backend rejects before any handler runs.
 * A 500, 502, 504, reset connection or timeout may arrive after Grafana already acted, so for
 * POST/PATCH these are surfaced and the reconcile loop decides with a fresh GET.
 */

import { exponentialMs, fullJitter } from '../lib/backoff.js';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  limit: number;
  baseDelayMs: number;
  /** Ceiling for the backoff and for a server's `Retry-After`. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { limit: 3, baseDelayMs: 250, maxDelayMs: 10_000 };

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Statuses that signal a transient condition for any method (see module comment). */
const RETRYABLE_STATUSES_ANY_METHOD = new Set([429, 503]);

/** Statuses that may follow a processed request, so only idempotent methods repeat them. */
const RETRYABLE_STATUSES_IDEMPOTENT = new Set([500, 502, 504]);

/** Failures before a connection existed: the request was not sent. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** Failures during an exchange: the request may or may not have been processed. */
const MAYBE_SENT_CODES = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
  'ENETDOWN',
  'EHOSTDOWN',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

export type AttemptOutcome = { kind: 'response'; status: number } | { kind: 'connection'; code: string };

export function isRetryable(method: string, outcome: AttemptOutcome): boolean {
  const idempotent = isIdempotent(method);
  if (outcome.kind === 'response') {
    return (
      RETRYABLE_STATUSES_ANY_METHOD.has(outcome.status) ||
      (idempotent && RETRYABLE_STATUSES_IDEMPOTENT.has(outcome.status))
    );
  }
  return NOT_SENT_CODES.has(outcome.code) || (idempotent && MAYBE_SENT_CODES.has(outcome.code));
}

/**
 * Exponential backoff with full jitter: a uniform pick in [0, min(max, base·2^retry)], which
 * spreads out the many controllers that see the same outage at the same moment.
 */
export function backoffDelayMs(
  retry: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  return fullJitter(exponentialMs(retry, policy.baseDelayMs, policy.maxDelayMs), random);
}

/**
 * `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). Returns undefined when
 * absent or unparseable; negative values (a date in the past) become 0.
 */
export function parseRetryAfterMs(header: string | string[] | undefined, nowMs: number): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const dateMs = Date.parse(value);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}

/** The server's wish wins over our own backoff, within the policy's ceiling. */
export function delayBeforeRetryMs(
  retry: number,
  policy: RetryPolicy,
  retryAfterMs: number | undefined,
  random?: () => number,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
  return backoffDelayMs(retry, policy, random);
}
