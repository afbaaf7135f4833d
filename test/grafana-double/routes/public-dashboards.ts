/**
 * Public dashboards (`/api/dashboards/uid/:dashboardUid/public-dashboards`, docs/grafana-api.md
 * §6.12), as `publicdashboards/api/api.go` and the service's Create/Update/Delete answer them on 11,
 * 12 and 13 alike:
 * - the routes exist only with `[public_dashboards] enabled` (option `publicDashboards`): otherwise
 *   every path is Grafana's plain 404 `Not found`;
 * - GET: the public dashboard, or 404 `publicdashboards.notFound` when the dashboard has none, and
 *   also for an e-mail share on a build without the publicDashboardsEmailSharing licence (any edition
 *   but Enterprise here);
 * - POST creates (isEnabled, timeSelectionEnabled, annotationsEnabled default false, share
 *   `public`); a uid and a UUID access token may be given. 400 `dashboardIsPublic` when the
 *   dashboard has one, except a hidden e-mail share, which is updated to `public`; 404
 *   `dashboardNotFound` without the dashboard; 400 for a taken uid or token, a bad token or share;
 * - PATCH updates the fields it is given, never uid or token; DELETE removes (200, no body).
 */
import { randomUUID } from 'node:crypto';

import { dashboardsOf } from '../dashboard-state.js';
import { empty, errutil, json, routeNotFound, type Reply } from '../errors.js';
import { publicDashboardsOf, type PublicDashboardRecord } from '../public-dashboard-state.js';
import type { RequestContext, RouteModule } from '../router.js';
import type { OrgState } from '../state.js';
import { nowIso, shortUid, uidProblem } from '../util.js';
import { bindBody } from './alerting-common.js';

const BASE = '/api/dashboards/uid/:dashboardUid/public-dashboards';
const READ = { kind: 'org', action: 'dashboards:read' } as const;
const WRITE = { kind: 'org', action: 'dashboards.public:write' } as const;

const SHARES = ['public', 'email'] as const;
/** `uuid.Parse`: with or without dashes (Grafana generates them without). */
const ACCESS_TOKEN = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export const publicDashboardRoutes: RouteModule = {
  name: 'public-dashboards',
  register(router) {
    router.get(BASE, READ, served(getPublicDashboard));
    router.post(BASE, WRITE, served(createPublicDashboard));
    router.patch(`${BASE}/:uid`, WRITE, served(updatePublicDashboard));
    router.delete(`${BASE}/:uid`, WRITE, served(deletePublicDashboard));
  },
};

/** Registered only while `[public_dashboards] enabled`: Grafana's 404 for an unknown `/api` path. */
function served(handler: (ctx: RequestContext) => Reply): (ctx: RequestContext) => Reply {
  return (ctx) => (ctx.options.publicDashboards ? handler(ctx) : routeNotFound());
}

const notFound = () => errutil(404, 'publicdashboards.notFound', 'Dashboard not found');
const badRequest = (id: string, message: string) => errutil(400, `publicdashboards.${id}`, message);

/** Without the licence an e-mail share is hidden, as if there were none. */
const hidden = (ctx: RequestContext, pd: PublicDashboardRecord) =>
  pd.share === 'email' && ctx.options.edition !== 'Enterprise';

function dto(pd: PublicDashboardRecord) {
  return { ...pd, createdBy: 1, updatedBy: 1 };
}

function getPublicDashboard(ctx: RequestContext): Reply {
  const pd = publicDashboardsOf(ctx.org()).get(ctx.params.dashboardUid ?? '');
  return pd && !hidden(ctx, pd) ? json(200, dto(pd)) : notFound();
}

/** `PublicDashboardDTO`: its pointers, `undefined` when absent. */
interface Input {
  uid: string;
  accessToken: string;
  isEnabled?: boolean;
  timeSelectionEnabled?: boolean;
  annotationsEnabled?: boolean;
  share: string;
}

function decode(ctx: RequestContext): Input | Reply {
  const bound = bindBody(ctx);
  if (!bound.ok) return badRequest('badRequest', 'Bad request data');
  const body = (bound.value ?? {}) as Record<string, unknown>;
  const flag = (key: string) => (typeof body[key] === 'boolean' ? (body[key] as boolean) : undefined);
  const input: Input = {
    uid: typeof body.uid === 'string' ? body.uid : '',
    accessToken: typeof body.accessToken === 'string' ? body.accessToken : '',
    share: typeof body.share === 'string' ? body.share : '',
  };
  for (const key of ['isEnabled', 'timeSelectionEnabled', 'annotationsEnabled'] as const) {
    const value = flag(key);
    if (value !== undefined) input[key] = value;
  }
  if (input.share !== '' && !(SHARES as readonly string[]).includes(input.share))
    return badRequest('invalidShareType', 'Invalid share type');
  return input;
}

const isReply = (value: Input | Reply): value is Reply => 'status' in value;

function dashboardMissing(org: OrgState, dashboardUid: string): Reply | undefined {
  if (dashboardsOf(org).dashboard(dashboardUid)) return undefined;
  return errutil(404, 'publicdashboards.dashboardNotFound', 'Dashboard not found');
}

function createPublicDashboard(ctx: RequestContext): Reply {
  const input = decode(ctx);
  if (isReply(input)) return input;
  if (input.uid !== '' && uidProblem(input.uid)) return badRequest('invalidUid', 'Invalid Uid');
  if (input.accessToken !== '' && !ACCESS_TOKEN.test(input.accessToken))
    return badRequest('invalidAccessToken', 'Invalid access token');
  const org = ctx.org();
  const dashboardUid = ctx.params.dashboardUid ?? '';
  const missing = dashboardMissing(org, dashboardUid);
  if (missing) return missing;
  const store = publicDashboardsOf(org);
  const existing = store.get(dashboardUid);
  if (existing) {
    if (!hidden(ctx, existing)) return badRequest('dashboardIsPublic', 'Dashboard is already public');
    return json(200, dto(update(existing, { ...input, share: 'public' })));
  }
  const all = [...store.values()];
  if (input.uid !== '' && all.some((pd) => pd.uid === input.uid))
    return badRequest('uidExists', 'Dashboard Uid already exists');
  if (input.accessToken !== '' && all.some((pd) => pd.accessToken === input.accessToken))
    return badRequest('accessTokenExists', 'Dashboard Access Token already exists');
  const now = nowIso();
  const pd: PublicDashboardRecord = {
    uid: input.uid || shortUid(),
    dashboardUid,
    accessToken: input.accessToken || randomUUID().replaceAll('-', ''),
    isEnabled: input.isEnabled ?? false,
    timeSelectionEnabled: input.timeSelectionEnabled ?? false,
    annotationsEnabled: input.annotationsEnabled ?? false,
    share: (input.share || 'public') as PublicDashboardRecord['share'],
    createdAt: now,
    updatedAt: now,
  };
  store.set(dashboardUid, pd);
  return json(200, dto(pd));
}

/** `newUpdatePublicDashboard`: the given fields, the rest as they were. */
function update(pd: PublicDashboardRecord, input: Input): PublicDashboardRecord {
  pd.isEnabled = input.isEnabled ?? pd.isEnabled;
  pd.timeSelectionEnabled = input.timeSelectionEnabled ?? pd.timeSelectionEnabled;
  pd.annotationsEnabled = input.annotationsEnabled ?? pd.annotationsEnabled;
  if (input.share !== '') pd.share = input.share as PublicDashboardRecord['share'];
  pd.updatedAt = nowIso();
  return pd;
}

/** The public dashboard `uid` of the org, checked to be the dashboard's; else Grafana's refusal. */
function findOwn(ctx: RequestContext): { pd: PublicDashboardRecord } | { refused: Reply } {
  const pd = [...publicDashboardsOf(ctx.org()).values()].find((p) => p.uid === ctx.params.uid);
  if (!pd) return { refused: notFound() };
  if (pd.dashboardUid !== ctx.params.dashboardUid)
    return { refused: badRequest('invalidUid', 'Invalid Uid') };
  return { pd };
}

function updatePublicDashboard(ctx: RequestContext): Reply {
  const input = decode(ctx);
  if (isReply(input)) return input;
  const missing = dashboardMissing(ctx.org(), ctx.params.dashboardUid ?? '');
  if (missing) return missing;
  const own = findOwn(ctx);
  return 'refused' in own ? own.refused : json(200, dto(update(own.pd, input)));
}

function deletePublicDashboard(ctx: RequestContext): Reply {
  const own = findOwn(ctx);
  if ('refused' in own) return own.refused;
  publicDashboardsOf(ctx.org()).delete(own.pd.dashboardUid);
  return empty(200);
}
