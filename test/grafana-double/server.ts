/**
 * An in-process HTTP server that answers like Grafana 12.x for the endpoints the operator calls,
 * following docs/grafana-api.md (§n below). Tests and the demo point the operator at
 * `double.url` and inspect `double.requests` / `double.state`.
 *
 * Request pipeline: record → injected fault → route → authenticate (401/400) → authorise (403)
 * → handler. Unknown paths answer 404 `{"message":"Not found"}` before authentication, as
 * Grafana's router does.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

import { authenticate, authorize } from './auth.js';
import { bindJson } from './binding.js';
import { internalError, routeNotFound, type Reply } from './errors.js';
import { FaultInjector, faultReply, type FaultHandle, type FaultSpec } from './faults.js';
import { LatencyModel, type LatencySpec } from './latency.js';
import { Recorder, type RecordedRequest } from './recorder.js';
import type { HttpMethod, RequestContext, RouteModule } from './router.js';
import { Router } from './router.js';
import { DEFAULT_PROFILE, profileOptions, type ProfileSwitches } from './profiles.js';
import { defaultRouteModules } from './routes/index.js';
import { GrafanaState } from './state.js';
import type {
  Actor,
  GrafanaDoubleOptions,
  Identity,
  OrgRole,
  ServiceAccountTokenRecord,
  UserRecord,
} from './types.js';

/** The switches every profile shares; profiles.ts sets the ones that differ per release. */
const COMMON_OPTIONS: Omit<GrafanaDoubleOptions, keyof ProfileSwitches> = {
  commit: 'b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6',
  edition: 'Open Source',
  hideVersion: false,
  publicDashboards: true,
  maxFolderDepth: 4,
  maxDashboardBytes: 16 * 1024 * 1024,
  minRefreshInterval: '5s',
  traceId: false,
  serviceAccountUserProfile: 'minimal',
  saveAnswerVersion: 'stored',
  adminLogin: 'admin',
  adminPassword: 'admin',
};

/** The default profile's options (Grafana 12.2). */
export const DEFAULT_OPTIONS: Readonly<GrafanaDoubleOptions> = optionsFor(DEFAULT_PROFILE);

/**
 * A profile's options with `overrides` on top. `version` may name a profile (`'11.2'`) or be a
 * full version string (`'12.2.0'`), which picks the profile of its minor.
 */
function optionsFor(version: string, overrides: Partial<GrafanaDoubleOptions> = {}): GrafanaDoubleOptions {
  const profile = profileOptions(version);
  const { version: _named, ...rest } = overrides;
  return {
    ...COMMON_OPTIONS,
    ...profile,
    ...rest,
    featureToggles: { ...profile.featureToggles, ...overrides.featureToggles },
  };
}

export interface ServiceAccountTokenOptions {
  orgId: number;
  role: OrgRole;
  name?: string;
  /** Known but rejected tokens: 401 `api-key.expired` / `api-key.revoked` (§1.3). */
  expired?: boolean;
  revoked?: boolean;
}

export interface UserOptions {
  isGrafanaAdmin?: boolean;
  /** Memberships: org id → role. */
  orgs: Record<number, OrgRole>;
  email?: string;
  name?: string;
  /** The org used when a request names none (default: the lowest membership). */
  defaultOrgId?: number;
}

interface PendingDelay {
  timer: NodeJS.Timeout;
  resolve: (continued: boolean) => void;
}

export class GrafanaDouble {
  /** Switches, mutable while running (version, folder behaviours, traceID...). */
  readonly options: GrafanaDoubleOptions;
  /** The stored Grafana: read, seed and "edit in the UI" from tests. */
  readonly state = new GrafanaState();
  readonly router = new Router();
  private readonly recorder = new Recorder();
  private readonly faults = new FaultInjector();
  private readonly sockets = new Set<Socket>();
  private readonly delays = new Set<PendingDelay>();
  private server: Server | undefined;
  /** Off (instant answers) unless a benchmark sets one. */
  private latency: LatencyModel | undefined;
  private baseUrl: string | undefined;

  constructor(options: Partial<GrafanaDoubleOptions> = {}) {
    this.options = optionsFor(options.version ?? DEFAULT_PROFILE, options);
    // The server admin Grafana creates on first start, member of org 1 as Admin (§1.1).
    this.state.addUser(this.options.adminLogin, this.options.adminPassword, {
      isGrafanaAdmin: true,
      orgs: { 1: 'Admin' },
    });
    for (const module of defaultRouteModules) this.use(module);
  }

  /** Registers another API area (dashboards, library panels, alerting...). */
  use(module: RouteModule): this {
    module.register(this.router, { state: this.state, options: this.options });
    return this;
  }

  /** Listens on loopback by default; resolves to the base URL, e.g. `http://127.0.0.1:41234`. */
  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    if (this.server !== undefined) throw new Error('GrafanaDouble is already started');
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        console.error('grafana-double: request failed', err);
        res.destroy();
      });
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('unexpected server address');
    this.server = server;
    this.baseUrl = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
    return this.baseUrl;
  }

  /** Closes the listener and every connection at once, hung requests included. */
  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    for (const delay of this.delays) {
      clearTimeout(delay.timer);
      delay.resolve(false);
    }
    this.delays.clear();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  get url(): string {
    if (this.baseUrl === undefined) throw new Error('GrafanaDouble is not started');
    return this.baseUrl;
  }

  /** Every request received, in arrival order. */
  get requests(): readonly RecordedRequest[] {
    return this.recorder.requests;
  }

  /** Requests other than GET and HEAD. */
  writes(): RecordedRequest[] {
    return this.recorder.writes();
  }

  clearRequests(): void {
    this.recorder.clear();
  }

  addServiceAccountToken(token: string, options: ServiceAccountTokenOptions): ServiceAccountTokenRecord {
    return this.state.addServiceAccountToken(token, options);
  }

  addUser(login: string, password: string, options: UserOptions): UserRecord {
    return this.state.addUser(login, password, options);
  }

  injectFault(spec: FaultSpec): FaultHandle {
    return this.faults.add(spec);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Answers take the spec's latency and share its concurrency limit; undefined: instant again. */
  setLatency(spec: LatencySpec | undefined): LatencyModel | undefined {
    this.latency = spec === undefined ? undefined : new LatencyModel(spec);
    return this.latency;
  }

  /** false: /api/health answers 503 with `"database":"failing"` (§2). */
  setDatabaseHealthy(healthy: boolean): void {
    this.state.databaseHealthy = healthy;
  }

  // -------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let rawBody: Buffer;
    try {
      rawBody = await readBody(req);
    } catch {
      return; // the client went away mid-body
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const target = req.url ?? '/';
    const url = new URL(target.startsWith('/') ? `http://double${target}` : target);
    const entry = this.recorder.record(method, url, req.headers, rawBody);

    const fault = this.faults.take(method, url.pathname);
    if (fault !== undefined) {
      entry.fault = true;
      if (fault.delayMs !== undefined && fault.delayMs > 0 && !(await this.delay(fault.delayMs))) return;
      if (fault.resetConnection === true) {
        req.socket.resetAndDestroy();
        return;
      }
      if (fault.hang === true) return;
      if (fault.status !== undefined) {
        this.send(res, faultReply(fault), entry);
        return;
      }
    }

    if (method !== 'GET' && method !== 'HEAD') {
      for (const listener of this.state.beforeWriteListeners) listener();
    }
    let reply: Reply;
    try {
      const dispatch = () => this.dispatch(method, url, req, rawBody, entry);
      const latency = this.latency;
      reply =
        latency === undefined
          ? await dispatch()
          : await latency.serve(
              method,
              this.router.match(method, url.pathname)?.route.pattern,
              dispatch,
              (r) => (Array.isArray(r.body) ? r.body.length : 0),
            );
    } catch (err) {
      console.error('grafana-double: handler failed', err);
      reply = internalError();
    }
    this.send(res, reply, entry);
  }

  private async dispatch(
    method: string,
    url: URL,
    req: IncomingMessage,
    rawBody: Buffer,
    entry: RecordedRequest,
  ): Promise<Reply> {
    const match = this.router.match(method, url.pathname);
    if (match === undefined) return routeNotFound();
    const { route, params } = match;

    let identity: Identity | undefined;
    let orgId = 0;
    if (route.access.kind !== 'public') {
      const auth = authenticate(req.headers, url.searchParams, this.state, this.options.tokenOrgLookup);
      if (!auth.ok) return auth.reply;
      identity = auth.identity;
      orgId = auth.orgId;
      entry.orgId = orgId;
      entry.identity = loginOf(identity);
      const denied = authorize(route.access, identity, orgId, params);
      if (denied !== undefined) return denied;
    }

    const state = this.state;
    const ctx: RequestContext = {
      method: method as HttpMethod,
      path: url.pathname,
      params,
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      identity,
      orgId,
      state,
      options: this.options,
      baseUrl: this.baseUrl ?? '',
      org: () => {
        const org = orgId > 0 ? state.findOrg(orgId) : undefined;
        if (org === undefined) throw new Error(`route ${route.pattern} has no org (org id ${orgId})`);
        return org;
      },
      bind: (schema) => bindJson(req.headers, rawBody, schema),
      actorLogin: () => (identity === undefined ? 'Anonymous' : loginOf(identity)),
      actor: () => actorOf(identity),
    };
    return route.handler(ctx);
  }

  private send(res: ServerResponse, reply: Reply, entry: RecordedRequest): void {
    if (res.destroyed || res.writableEnded) return;
    const headers: Record<string, string> = {};
    let payload: string | undefined;
    if (reply.text !== undefined) {
      payload = reply.text;
      headers['content-type'] = 'text/plain; charset=utf-8';
    } else if (reply.body !== undefined) {
      let body = reply.body;
      if (reply.traceable === true && this.options.traceId && isPlainObject(body)) {
        body = { ...body, traceID: randomBytes(16).toString('hex') };
      }
      payload = reply.pretty === true ? JSON.stringify(body, null, 2) : JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    for (const [name, value] of Object.entries(reply.headers ?? {})) headers[name.toLowerCase()] = value;
    headers['content-length'] = String(payload === undefined ? 0 : Buffer.byteLength(payload));
    entry.status = reply.status;
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  /** Resolves true after `ms`, or false when the double stops first. */
  private delay(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const pending: PendingDelay = {
        resolve,
        timer: setTimeout(() => {
          this.delays.delete(pending);
          resolve(true);
        }, ms),
      };
      this.delays.add(pending);
    });
  }
}

function actorOf(identity: Identity | undefined): Actor {
  if (identity === undefined) return { id: 0, login: 'Anonymous', email: '' };
  if (identity.kind === 'user') {
    return { id: identity.user.id, login: identity.user.login, email: identity.user.email };
  }
  return { id: identity.serviceAccount.id, login: identity.serviceAccount.login, email: '' };
}

function loginOf(identity: Identity): string {
  return identity.kind === 'user' ? identity.user.login : identity.serviceAccount.login;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('request aborted'));
    });
  });
}
