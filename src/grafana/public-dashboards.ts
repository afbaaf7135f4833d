/**
 * A dashboard's public dashboard (shared by link) through
 * `/api/dashboards/uid/:dashboardUid/public-dashboards` (contract §6.12), which 11.x, 12.x and 13.x
 * serve while `[public_dashboards] enabled` is true (the default).
 */
import { GrafanaNotFoundError } from './errors.js';
import type { GrafanaHttpClient } from './http.js';

const PUBLIC_DASHBOARDS = '/api/dashboards/uid/:dashboardUid/public-dashboards';
const PUBLIC_DASHBOARD = '/api/dashboards/uid/:dashboardUid/public-dashboards/:uid';

/** The errutil id of Grafana's "this dashboard has no public dashboard" 404 (§6.12). */
const NOT_FOUND_ID = 'publicdashboards.notFound';

/** How a public dashboard is shared: by link to anyone, or to e-mail recipients (licensed builds). */
export type PublicDashboardShare = 'public' | 'email';

/** `PublicDashboardDTO`: every field optional; on update an absent one keeps its value (§6.12). */
export interface PublicDashboardInput {
  uid?: string;
  /** A UUID; omitted on create, Grafana generates one. */
  accessToken?: string;
  isEnabled?: boolean;
  timeSelectionEnabled?: boolean;
  annotationsEnabled?: boolean;
  share?: PublicDashboardShare;
}

/** `PublicDashboard` as Grafana answers it. */
export interface GrafanaPublicDashboard {
  uid: string;
  dashboardUid: string;
  /** In the public URL `/public-dashboards/<accessToken>`: anyone with it sees the dashboard. */
  accessToken: string;
  isEnabled: boolean;
  timeSelectionEnabled: boolean;
  annotationsEnabled: boolean;
  share: PublicDashboardShare;
}

export class PublicDashboardsApi {
  constructor(private readonly http: GrafanaHttpClient) {}

  /**
   * The dashboard's public dashboard; undefined when it has none (Grafana's `publicdashboards.notFound`
   * 404, or a `null` body). Any other 404 (the routes are not served) is thrown.
   */
  async get(dashboardUid: string): Promise<GrafanaPublicDashboard | undefined> {
    try {
      const found = await this.http.call<GrafanaPublicDashboard | null>({
        method: 'GET',
        route: PUBLIC_DASHBOARDS,
        params: { dashboardUid },
      });
      return found ?? undefined;
    } catch (err) {
      if (err instanceof GrafanaNotFoundError && err.messageId === NOT_FOUND_ID) return undefined;
      throw err;
    }
  }

  /** Creates the dashboard's public dashboard (400 `publicdashboards.dashboardIsPublic` if it has one). */
  create(dashboardUid: string, body: PublicDashboardInput): Promise<GrafanaPublicDashboard> {
    return this.http.call<GrafanaPublicDashboard>({
      method: 'POST',
      route: PUBLIC_DASHBOARDS,
      params: { dashboardUid },
      body,
    });
  }

  /** Updates the fields of `body` in place: uid and access token stay. */
  update(dashboardUid: string, uid: string, body: PublicDashboardInput): Promise<GrafanaPublicDashboard> {
    return this.http.call<GrafanaPublicDashboard>({
      method: 'PATCH',
      route: PUBLIC_DASHBOARD,
      params: { dashboardUid, uid },
      body,
    });
  }

  async delete(dashboardUid: string, uid: string): Promise<void> {
    await this.http.call<unknown>({
      method: 'DELETE',
      route: PUBLIC_DASHBOARD,
      params: { dashboardUid, uid },
    });
  }
}
