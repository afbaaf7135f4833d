/**
 * A tiny method + path router. Patterns are `/`-separated; `:name` captures one segment and a
 * final `*` captures the rest. Static segments win over parameters, so `/api/orgs/name/:name`
 * beats `/api/orgs/:orgId` as in Grafana's router.
 */
import type { IncomingHttpHeaders } from 'node:http';

import type { BindResult, Schema } from './binding.js';
import type { Reply } from './errors.js';
import type { GrafanaState, OrgState } from './state.js';
import type { Actor, GrafanaDoubleOptions, Identity } from './types.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route.
 * - `public`: no authentication (health endpoints, §2).
 * - `signedIn`: any valid identity, whatever its org (`reqSignedIn`; runs in org -1 for a user who
 *   is not a member of the requested org, §1.2).
 * - `org`: an RBAC action evaluated in the request's org (§1.2, §1.3).
 * - `global`: an RBAC action only Grafana server admins hold (orgs:create, orgs:read globally, §3).
 * - `targetOrg`: an RBAC action evaluated in the org named by a path parameter
 *   (`authorizeInOrg(UseOrgFromContextParams)`, §3).
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'signedIn' }
  | { kind: 'org'; action: string }
  | { kind: 'global'; action: string }
  | { kind: 'targetOrg'; action: string; param: string };

export interface RequestContext {
  readonly method: HttpMethod;
  /** Path without the query string. */
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
  /** Undefined on `public` routes. */
  readonly identity: Identity | undefined;
  /** The org the request runs in: -1 for a user outside the requested org (§1.2); 0 on public routes. */
  readonly orgId: number;
  readonly state: GrafanaState;
  readonly options: GrafanaDoubleOptions;
  /** The base URL the double listens on. */
  readonly baseUrl: string;
  /**
   * The org the request runs in. Org-scoped routes always have one (authorisation refuses org -1
   * before the handler runs); elsewhere this throws.
   */
  org(): OrgState;
  /** `web.Bind` (§1.4): content type, JSON decoding, `binding:"Required"`. */
  bind<S extends Schema>(schema: S): BindResult<S>;
  /** Login of the caller, as Grafana writes it into createdBy/updatedBy. */
  actorLogin(): string;
  /** The caller as stored with library elements and their connections (id, login, e-mail). */
  actor(): Actor;
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

/**
 * One API area (health, orgs, folders, data sources, and later dashboards, library panels,
 * alerting). A module only adds routes and hooks; it never edits another module.
 */
export interface RouteModule {
  readonly name: string;
  register(router: Router, env: ModuleEnv): void;
}

export interface ModuleEnv {
  readonly state: GrafanaState;
  readonly options: GrafanaDoubleOptions;
}

export interface Route {
  method: HttpMethod;
  pattern: string;
  access: Access;
  handler: Handler;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

interface CompiledRoute extends Route {
  segments: string[];
  /** One digit per segment: 0 static, 1 parameter, 2 wildcard; the smallest string wins. */
  rank: string;
}

export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(method: HttpMethod, pattern: string, access: Access, handler: Handler): this {
    const segments = splitPath(pattern);
    const rank = segments.map((s) => (s === '*' ? '2' : s.startsWith(':') ? '1' : '0')).join('');
    this.routes.push({ method, pattern, access, handler, segments, rank });
    return this;
  }

  get(pattern: string, access: Access, handler: Handler): this {
    return this.add('GET', pattern, access, handler);
  }

  post(pattern: string, access: Access, handler: Handler): this {
    return this.add('POST', pattern, access, handler);
  }

  put(pattern: string, access: Access, handler: Handler): this {
    return this.add('PUT', pattern, access, handler);
  }

  patch(pattern: string, access: Access, handler: Handler): this {
    return this.add('PATCH', pattern, access, handler);
  }

  delete(pattern: string, access: Access, handler: Handler): this {
    return this.add('DELETE', pattern, access, handler);
  }

  /** HEAD falls back to the GET route; Node drops the body of a HEAD response. */
  match(method: string, path: string): RouteMatch | undefined {
    return this.find(method, path) ?? (method === 'HEAD' ? this.find('GET', path) : undefined);
  }

  list(): readonly Route[] {
    return this.routes;
  }

  private find(method: string, path: string): RouteMatch | undefined {
    const parts = splitPath(path);
    let best: { route: CompiledRoute; params: Record<string, string> } | undefined;
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const params = matchSegments(route.segments, parts);
      if (params === undefined) continue;
      if (best === undefined || route.rank < best.route.rank) best = { route, params };
    }
    return best === undefined ? undefined : { route: best.route, params: best.params };
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const seg = pattern[i] as string;
    if (seg === '*') {
      params['*'] = parts.slice(i).map(decodeSegment).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeSegment(part);
    else if (seg !== part) return undefined;
  }
  return parts.length === pattern.length ? params : undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
