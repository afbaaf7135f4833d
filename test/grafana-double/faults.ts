/**
 * Fault injection per endpoint (§13.11): errors with optional `Retry-After`, latency, requests
 * that never get an answer, and reset connections, to drive a client's backoff and timeout paths.
 */
import { STATUS_CODES } from 'node:http';

import type { Reply } from './errors.js';

export interface FaultSpec {
  /** Upper-case HTTP method; any method when omitted. */
  method?: string;
  /** A string matches as a prefix of the path (no query string); a RegExp is tested on the path. */
  path: string | RegExp;
  /** Answer with this status instead of the real handler. */
  status?: number;
  /** Body for `status`: a string is sent as text, anything else as JSON. Default `{"message": <reason>}`. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Sets the `Retry-After` header (seconds or an HTTP date). */
  retryAfter?: number | string;
  /** Wait this long first; without `status`, `hang` or `resetConnection` the request then runs normally. */
  delayMs?: number;
  /** Never answer; the request ends when the client gives up or the double stops. */
  hang?: boolean;
  /** Destroy the socket without an answer (the client sees ECONNRESET / "socket hang up"). */
  resetConnection?: boolean;
  /** How many matching requests the fault applies to; unlimited when omitted. */
  times?: number;
}

export interface FaultHandle {
  readonly spec: Readonly<FaultSpec>;
  /** Requests this fault has applied to so far. */
  readonly hits: number;
  remove(): void;
}

interface ActiveFault extends FaultHandle {
  remaining: number;
  hits: number;
}

export class FaultInjector {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): FaultHandle {
    if (spec.times !== undefined && (!Number.isInteger(spec.times) || spec.times < 1)) {
      throw new Error('fault times must be a positive integer');
    }
    const fault: ActiveFault = {
      spec: { ...spec },
      hits: 0,
      remaining: spec.times ?? Number.POSITIVE_INFINITY,
      remove: () => {
        this.faults = this.faults.filter((f) => f !== fault);
      },
    };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  /** The first fault (in the order added) that matches and still applies; counts the hit. */
  take(method: string, path: string): Readonly<FaultSpec> | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && matches(f.spec, method, path));
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    fault.hits += 1;
    if (fault.remaining <= 0) fault.remove();
    return fault.spec;
  }
}

function matches(spec: FaultSpec, method: string, path: string): boolean {
  if (spec.method !== undefined && spec.method.toUpperCase() !== method) return false;
  return typeof spec.path === 'string' ? path.startsWith(spec.path) : spec.path.test(path);
}

/** The answer of a fault that has a `status`: its body (default `{"message": <reason>}`) and headers. */
export function faultReply(fault: Readonly<FaultSpec>): Reply {
  const status = fault.status as number;
  const headers: Record<string, string> = { ...(fault.headers ?? {}) };
  if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
  if (typeof fault.body === 'string') return { status, text: fault.body, headers };
  const body = fault.body ?? { message: STATUS_CODES[status] ?? `HTTP ${status}` };
  return { status, body, headers };
}
