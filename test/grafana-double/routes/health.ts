/** Health, version and identity probes (§2). */
import { authenticate } from '../auth.js';
import { json, type Reply } from '../errors.js';
import type { RequestContext, RouteModule } from '../router.js';
import type {
  BuildInfoDTO,
  FrontendSettingsDTO,
  GrafanaDoubleOptions,
  HealthDTO,
  ServiceAccountProfileDTO,
  UserProfileDTO,
} from '../types.js';
import { avatarUrl } from '../util.js';

/** Fixed so that buildInfo does not change between calls. */
const BUILD_STAMP = Math.floor(Date.now() / 1000);

export const healthRoutes: RouteModule = {
  name: 'health',
  register(router) {
    // `apiHealthHandler` runs before authentication: no credentials needed, bad ones ignored.
    router.get('/api/health', { kind: 'public' }, health);
    router.add('HEAD', '/api/health', { kind: 'public' }, health);
    router.get('/healthz', { kind: 'public' }, () => ({ status: 200, text: 'Ok' }));
    router.get('/api/login/ping', { kind: 'public' }, loginPing);
    router.get('/api/user', { kind: 'signedIn' }, signedInUser);
    router.get('/api/frontend/settings', { kind: 'signedIn' }, frontendSettings);
  },
};

/** 200 `{database: "ok", version, commit}` pretty-printed, or 503 `"failing"` (§2). */
function health(ctx: RequestContext): Reply {
  const healthy = ctx.state.databaseHealthy;
  const database = healthy ? 'ok' : 'failing';
  const { commit, version, hideVersion } = ctx.options;
  const body: HealthDTO = hideVersion ? { database } : { commit, database, version };
  return {
    status: healthy ? 200 : 503,
    body,
    pretty: true,
    headers: { 'content-type': 'application/json; charset=UTF-8' },
  };
}

/**
 * `LoginAPIPing` (§2.2): outside the signed-in group, so it answers itself: 200 for valid
 * credentials, a generic 401 for anything else (the double has no anonymous access).
 */
function loginPing(ctx: RequestContext): Reply {
  const auth = authenticate(ctx.headers, ctx.query, ctx.state, ctx.options.tokenOrgLookup);
  return auth.ok ? json(200, { message: 'Logged in' }) : json(401, { message: 'Unauthorized' });
}

/**
 * A service account gets the minimal profile with its own org; a user gets the full profile with
 * the *stored* default org, so this is no membership probe (§1.2, §2).
 */
function signedInUser(ctx: RequestContext): Reply {
  const identity = ctx.identity;
  if (identity === undefined) throw new Error('signedIn route without identity');
  if (identity.kind === 'serviceAccount') {
    // 10.3–11.1 builds: `getUserID` accepts users only (§2.3).
    if (ctx.options.serviceAccountUserProfile === 'forbidden') {
      return json(403, { message: 'Endpoint only available for users' });
    }
    const sa = identity.serviceAccount;
    const body: ServiceAccountProfileDTO = {
      isGrafanaAdmin: false,
      orgId: sa.orgId,
      uid: sa.uid,
      name: sa.name,
      email: '',
      login: sa.login,
    };
    return json(200, body);
  }
  const user = identity.user;
  const body: UserProfileDTO = {
    id: user.id,
    uid: user.uid,
    email: user.email,
    name: user.name,
    login: user.login,
    theme: '',
    orgId: user.defaultOrgId,
    isGrafanaAdmin: user.isGrafanaAdmin,
    isDisabled: false,
    isExternal: false,
    isExternallySynced: false,
    isGrafanaAdminExternallySynced: false,
    authLabels: [],
    updatedAt: user.updated,
    createdAt: user.created,
    avatarUrl: avatarUrl(user.email),
  };
  return json(200, body);
}

function frontendSettings(ctx: RequestContext): Reply {
  const body: FrontendSettingsDTO = {
    appUrl: `${ctx.baseUrl}/`,
    appSubUrl: '',
    buildInfo: buildInfo(ctx.options),
    featureToggles: { ...ctx.options.featureToggles },
    unifiedAlertingEnabled: true,
    namespace: ctx.orgId === 1 ? 'default' : `org-${ctx.orgId}`,
  };
  return json(200, body);
}

/** `frontendsettings.go` buildInfo; version fields empty when the version is hidden. */
export function buildInfo(options: GrafanaDoubleOptions): BuildInfoDTO {
  const hide = options.hideVersion;
  const version = hide ? '' : options.version;
  const commit = hide ? '' : options.commit;
  const commitShort = commit.slice(0, 10);
  return {
    hideVersion: hide,
    version,
    versionString: hide ? 'Grafana' : `Grafana v${version} (${commitShort})`,
    commit,
    commitShort,
    buildstamp: BUILD_STAMP,
    edition: options.edition,
    latestVersion: '',
    hasUpdate: false,
    env: 'production',
  };
}
