/**
 * Every request the double receives, so tests assert on the API calls a client made (§13.11),
 * e.g. "zero writes" after a no-op reconcile.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface RecordedRequest {
  /** 1, 2, 3... in arrival order. */
  seq: number;
  method: string;
  /** Path without the query string. */
  path: string;
  /** Path and query as sent. */
  url: string;
  /** First value of each query parameter. */
  query: Record<string, string>;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** The body parsed as JSON; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
  /** Status sent; null while pending, and for hung or reset requests. */
  status: number | null;
  /** The org the request ran in (-1: a user outside the requested org); null when not authenticated. */
  orgId: number | null;
  /** Login of the authenticated caller (service accounts: `sa-<org>-<name>`). */
  identity: string | null;
  /** Set when an injected fault answered, delayed, hung or reset the request. */
  fault: boolean;
  receivedAt: Date;
}

export class Recorder {
  private readonly entries: RecordedRequest[] = [];
  private seq = 0;

  get requests(): readonly RecordedRequest[] {
    return this.entries;
  }

  record(method: string, url: URL, headers: IncomingHttpHeaders, rawBody: Buffer): RecordedRequest {
    const entry: RecordedRequest = {
      seq: ++this.seq,
      method,
      path: url.pathname,
      url: url.pathname + url.search,
      query: firstValues(url.searchParams),
      headers: flattenHeaders(headers),
      body: parseBody(rawBody),
      status: null,
      orgId: null,
      identity: null,
      fault: false,
      receivedAt: new Date(),
    };
    this.entries.push(entry);
    return entry;
  }

  /** Requests that may change state: everything but GET and HEAD. */
  writes(): RecordedRequest[] {
    return this.entries.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
  }

  clear(): void {
    this.entries.length = 0;
  }
}

function firstValues(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) if (!(k in out)) out[k] = v;
  return out;
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function parseBody(rawBody: Buffer): unknown {
  if (rawBody.length === 0) return undefined;
  const text = rawBody.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
