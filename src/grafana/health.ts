/**
 * Reachability, version and identity probes (contract §2).
 */
import type { GrafanaHttpClient } from './http.js';

/** `GET /api/health`. `version` and `commit` are absent when `hide_version` is set. */
export interface GrafanaHealth {
  /** `ok`, or `failing` (then the call answers 503 and throws GrafanaUnavailableError). */
  database: string;
  version?: string;
  commit?: string;
  enterpriseCommit?: string;
}

/**
 * `GET /api/user`. Service-account tokens get the minimal profile
 * (`isGrafanaAdmin, orgId, uid, name, email, login`); users get more fields.
 */
export interface GrafanaCurrentUser {
  id?: number;
  uid?: string;
  login: string;
  email?: string;
  name?: string;
  /** The org the identity acts in by default (for a token: its only org, §1.1). */
  orgId: number;
  isGrafanaAdmin: boolean;
  theme?: string;
  isDisabled?: boolean;
  isExternal?: boolean;
  authLabels?: string[];
  updatedAt?: string;
  createdAt?: string;
}

export interface GrafanaBuildInfo {
  hideVersion?: boolean;
  version: string;
  /** `Grafana vX (commit)`. */
  versionString?: string;
  commit?: string;
  commitShort?: string;
  buildstamp?: number;
  edition?: string;
  latestVersion?: string;
  hasUpdate?: boolean;
  env?: string;
}

/** `GET /api/frontend/settings` is large; only the parts the operator reads are typed. */
export interface GrafanaFrontendSettings {
  buildInfo: GrafanaBuildInfo;
  /** Lets callers detect e.g. `kubernetesDashboards` or `provisioning` (§2). */
  featureToggles?: Record<string, boolean>;
  [key: string]: unknown;
}

export class HealthApi {
  constructor(private readonly http: GrafanaHttpClient) {}

  /** Unauthenticated, so it tells "Grafana is up" apart from "our credentials are wrong". */
  async check(): Promise<GrafanaHealth> {
    return this.http.call<GrafanaHealth>({
      method: 'GET',
      route: '/api/health',
      anonymous: true,
    });
  }

  /** The auth/org probe (§2): 401 here means the credentials are bad. */
  async currentUser(): Promise<GrafanaCurrentUser> {
    return this.http.call<GrafanaCurrentUser>({ method: 'GET', route: '/api/user' });
  }

  async frontendSettings(): Promise<GrafanaFrontendSettings> {
    return this.http.call<GrafanaFrontendSettings>({
      method: 'GET',
      route: '/api/frontend/settings',
    });
  }

  /** Build details for signed-in callers; `/api/health` may omit the version (`hide_version`, §2). */
  async buildInfo(): Promise<GrafanaBuildInfo> {
    return (await this.frontendSettings()).buildInfo;
  }
}
