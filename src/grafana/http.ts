/**
 * The single place that talks HTTP to Grafana: URL building, auth and org headers, TLS,
 * per-attempt timeouts, retries (see retry.ts for the policy) and turning failures into typed
 * errors (see classify.ts). API modules only describe routes and payloads.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import { RequestError, got, type Got, type Response } from '../lib/got.js';
import { noteUnrepeatable } from '../lib/read-record.js';
import { errorFromConnectionFailure, errorFromResponse } from './classify.js';
import {
  DEFAULT_TIMEOUT_SECONDS,
  authorizationHeader,
  resolveRetryPolicy,
  secretsOf,
  type GrafanaClientHooks,
  type GrafanaConnection,
} from './connection.js';
import {
  GrafanaConfigurationError,
  GrafanaInvalidResponseError,
  GrafanaUnavailableError,
  type GrafanaApiError,
} from './errors.js';
import {
  delayBeforeRetryMs,
  isRetryable,
  parseRetryAfterMs,
  type AttemptOutcome,
  type RetryPolicy,
} from './retry.js';
import { hideUrlCredentials } from '../url-credentials.js';
import { buildUrl, normaliseBaseUrl, type PathParams, type QueryParams } from './route.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type ResponseHeaders = Record<string, string | string[] | undefined>;

export interface GrafanaRequest {
  method: HttpMethod;
  /** Templated route, e.g. `/api/folders/:uid`; values come from `params`. */
  route: string;
  params?: PathParams;
  query?: QueryParams;
  /** Serialised as JSON; Grafana's binder rejects anything but `application/json` (contract §1.4). */
  body?: unknown;
  /** Extra headers, e.g. `X-Disable-Provenance` for alerting (§8.1). Cannot replace the credentials. */
  headers?: Readonly<Record<string, string>>;
  /** `json` (default): parse the body; an empty body yields undefined. `text`: return it as is. */
  responseType?: 'json' | 'text';
  /** Send no credentials, for the unauthenticated `GET /api/health` (§2). */
  anonymous?: boolean;
  signal?: AbortSignal;
}

export interface GrafanaResponse<T> {
  status: number;
  body: T;
  headers: ResponseHeaders;
}

/** Connection-wide state shared by every org-scoped view of one Grafana (see withOrg). */
interface Transport {
  readonly got: Got;
  readonly agents: { http: HttpAgent; https: HttpsAgent };
  readonly baseUrl: URL;
  readonly authorization: string;
  readonly secrets: readonly string[];
  readonly retry: RetryPolicy;
  readonly timeoutSeconds: number;
  readonly hooks: GrafanaClientHooks;
  readonly connection: GrafanaConnection;
  /** Runs one attempt within the connection's limit of requests in flight (maxConcurrentRequests). */
  readonly inTurn: <T>(attempt: () => Promise<T>) => Promise<T>;
}

/** Carries an existing transport into the constructor so withOrg shares agents and settings. */
class OrgScopedConnection implements GrafanaConnection {
  readonly url: string;
  readonly auth: GrafanaConnection['auth'];
  constructor(
    readonly transport: Transport,
    readonly orgId: number,
  ) {
    this.url = transport.connection.url;
    this.auth = transport.connection.auth;
  }
}

type AttemptResult =
  { kind: 'response'; response: Response<string> } | { kind: 'connection'; code: string; detail: string };

const USER_AGENT = 'grafana-provisioning-operator';

export class GrafanaHttpClient {
  readonly orgId: number | undefined;
  readonly #transport: Transport;

  constructor(connection: GrafanaConnection, hooks: GrafanaClientHooks = {}) {
    this.#transport =
      connection instanceof OrgScopedConnection ? connection.transport : createTransport(connection, hooks);
    this.orgId = connection.orgId;
    if (this.orgId !== undefined && (!Number.isInteger(this.orgId) || this.orgId < 1)) {
      throw new TypeError('orgId must be a positive integer');
    }
  }

  /** A client for another org over the same connection pool, credentials and hooks (§1.2). */
  withOrg(orgId: number): GrafanaHttpClient {
    return new GrafanaHttpClient(new OrgScopedConnection(this.#transport, orgId));
  }

  /**
   * Destroys pooled sockets (shared with every client obtained through withOrg); later requests
   * open new ones.
   */
  close(): void {
    this.#transport.agents.http.destroy();
    this.#transport.agents.https.destroy();
  }

  /** One request resolving to the answer's body, for the calls that read neither status nor headers. */
  async call<T>(request: GrafanaRequest): Promise<T> {
    return (await this.request<T>(request)).body;
  }

  async request<T>(request: GrafanaRequest): Promise<GrafanaResponse<T>> {
    const transport = this.#transport;
    const method = request.method;
    const url = buildUrl(transport.baseUrl, request.route, request.params, request.query);
    const headers = this.#headersFor(request);
    const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
    // A resync cannot confirm this request's answer without making it again (read-record.ts).
    noteUnrepeatable(`Grafana ${method} ${request.route}`);

    for (let attempt = 1; ; attempt++) {
      // Only the attempt holds a place: a retry's pause does not keep others waiting.
      const result = await transport.inTurn(() =>
        this.#attempt(method, request.route, url, headers, payload, request.signal),
      );
      if (result.kind === 'response' && isSuccess(result.response.statusCode)) {
        return this.#success<T>(request, result.response, attempt);
      }
      const { error, outcome } = this.#failure(method, request.route, result, attempt);
      const retriesLeft = attempt <= transport.retry.limit;
      if (!retriesLeft || !(error instanceof GrafanaUnavailableError) || !isRetryable(method, outcome)) {
        throw error;
      }
      const delayMs = delayBeforeRetryMs(attempt - 1, transport.retry, error.retryAfterMs);
      await pause(delayMs, request.signal);
    }
  }

  #headersFor(request: GrafanaRequest): Record<string, string> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': USER_AGENT,
    };
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      headers[name.toLowerCase()] = value;
    }
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (this.orgId !== undefined) headers['x-grafana-org-id'] = String(this.orgId);
    if (request.anonymous) {
      delete headers['authorization'];
    } else {
      headers['authorization'] = this.#transport.authorization;
    }
    return headers;
  }

  async #attempt(
    method: HttpMethod,
    route: string,
    url: URL,
    headers: Record<string, string>,
    payload: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<AttemptResult> {
    const started = performance.now();
    try {
      const response = await this.#transport.got(url, {
        method,
        headers,
        ...(payload === undefined ? {} : { body: payload }),
        ...(signal ? { signal } : {}),
      });
      this.#report(method, route, response.statusCode, started);
      return { kind: 'response', response };
    } catch (error) {
      this.#report(method, route, 'error', started);
      if (signal?.aborted) throw signal.reason;
      return this.#connectionFailure(error);
    }
  }

  #success<T>(request: GrafanaRequest, response: Response<string>, attempts: number): GrafanaResponse<T> {
    const headers = response.headers as ResponseHeaders;
    if (request.responseType === 'text') {
      return { status: response.statusCode, body: response.body as T, headers };
    }
    if (response.body.trim() === '') {
      return { status: response.statusCode, body: undefined as T, headers };
    }
    try {
      return { status: response.statusCode, body: JSON.parse(response.body) as T, headers };
    } catch {
      throw new GrafanaInvalidResponseError({
        method: request.method,
        route: request.route,
        status: response.statusCode,
        grafanaMessage: `expected JSON, got ${String(response.headers['content-type'] ?? 'no content type')}`,
        body: this.#redact(response.body),
        attempts,
      });
    }
  }

  #failure(
    method: HttpMethod,
    route: string,
    result: AttemptResult,
    attempts: number,
  ): { error: GrafanaApiError; outcome: AttemptOutcome } {
    if (result.kind === 'connection') {
      const error = errorFromConnectionFailure({
        method,
        route,
        code: result.code,
        detail: result.detail,
        attempts,
      });
      return { error, outcome: { kind: 'connection', code: result.code } };
    }
    const { response } = result;
    const retryAfterMs = parseRetryAfterMs(response.headers['retry-after'], Date.now());
    const error = errorFromResponse(
      {
        method,
        route,
        status: response.statusCode,
        // Redacted as raw text so that an echoing proxy cannot smuggle a credential into the kept body.
        body: parseErrorBody(this.#redact(response.body)),
        attempts,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      },
      (text) => this.#redact(text),
    );
    return { error, outcome: { kind: 'response', status: response.statusCode } };
  }

  /**
   * got's errors carry the request options, headers included, so they are never passed on: only
   * the code and a scrubbed message survive.
   */
  #connectionFailure(error: unknown): AttemptResult {
    const code = errorCode(error);
    if (code === 'ETIMEDOUT') {
      return { kind: 'connection', code, detail: `timed out after ${this.#transport.timeoutSeconds}s` };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'connection', code, detail: this.#redact(message) };
  }

  #report(method: string, route: string, status: number | 'error', startedMs: number): void {
    const onRequest = this.#transport.hooks.onRequest;
    if (!onRequest) return;
    try {
      onRequest({ method, route, status, durationSeconds: (performance.now() - startedMs) / 1000 });
    } catch {
      // Observability must never change the outcome of a Grafana call.
    }
  }

  #redact(text: string): string {
    let result = text;
    for (const secret of this.#transport.secrets) result = result.split(secret).join('[REDACTED]');
    // The base URL cannot carry user-info (normaliseBaseUrl), but a proxy's or Grafana's text may quote one.
    return hideUrlCredentials(result);
  }
}

function createTransport(connection: GrafanaConnection, hooks: GrafanaClientHooks): Transport {
  const baseUrl = normaliseBaseUrl(connection.url);
  const timeoutSeconds = connection.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (!(timeoutSeconds > 0)) throw new GrafanaConfigurationError('timeoutSeconds must be positive');
  const { maxConcurrentRequests } = connection;
  if (
    maxConcurrentRequests !== undefined &&
    !(Number.isInteger(maxConcurrentRequests) && maxConcurrentRequests >= 1)
  )
    throw new GrafanaConfigurationError('maxConcurrentRequests must be a whole number of at least 1');
  // Idle pooled sockets are dropped after 5 s (Node's own global-agent default): reusing one
  // that a proxy already closed fails with ECONNRESET, which POST cannot safely retry.
  const agentOptions = { keepAlive: true, timeout: 5_000 };
  const agents = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
  const client = got.extend({
    agent: agents,
    https: {
      ...(connection.tls?.ca === undefined ? {} : { certificateAuthority: connection.tls.ca }),
      ...(connection.tls?.insecureSkipVerify ? { rejectUnauthorized: false } : {}),
    },
    timeout: { request: timeoutSeconds * 1000 },
    // Retries are ours (retry.ts): got's would bypass the POST rules and the onRequest hook.
    retry: { limit: 0 },
    throwHttpErrors: false,
    // A redirect means a misconfigured URL (e.g. a login page); following it would hide that.
    followRedirect: false,
    responseType: 'text',
  });
  return {
    got: client,
    agents,
    baseUrl,
    authorization: authorizationHeader(connection.auth),
    secrets: secretsOf(connection.auth),
    retry: resolveRetryPolicy(connection.retry),
    timeoutSeconds,
    hooks,
    connection,
    // p-limit queues the rest in order; shared by every org-scoped view of this connection.
    inTurn: maxConcurrentRequests === undefined ? (attempt) => attempt() : pLimit(maxConcurrentRequests),
  };
}

/** Waits between attempts; an abort ends the wait with the caller's own reason, as a request would. */
async function pause(delayMs: number, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return sleep(delayMs);
  try {
    await sleep(delayMs, undefined, { signal });
  } catch (error) {
    throw signal.aborted ? signal.reason : error;
  }
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** Error bodies are JSON when Grafana wrote them and text or HTML when a proxy did (§11.1). */
function parseErrorBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function errorCode(error: unknown): string {
  if (error instanceof RequestError) return error.code;
  if (error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string') {
    return (error as NodeJS.ErrnoException).code as string;
  }
  return 'ERR_REQUEST';
}
