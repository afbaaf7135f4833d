/**
 * One object per Grafana org scope that groups the typed API areas. Further areas (dashboards,
 * library panels, alerting provisioning) join as more modules built on the same client.
 */
import { DataSourcesApi } from './datasources.js';
import { FoldersApi } from './folders.js';
import { HealthApi } from './health.js';
import type { GrafanaHttpClient } from './http.js';
import { OrgsApi } from './orgs.js';

export class GrafanaApi {
  readonly health: HealthApi;
  readonly orgs: OrgsApi;
  readonly folders: FoldersApi;
  readonly datasources: DataSourcesApi;

  constructor(readonly http: GrafanaHttpClient) {
    this.health = new HealthApi(http);
    this.orgs = new OrgsApi(http);
    this.folders = new FoldersApi(http);
    this.datasources = new DataSourcesApi(http);
  }

  /** The same Grafana seen from another org (`X-Grafana-Org-Id`), sharing connections. */
  withOrg(orgId: number): GrafanaApi {
    return new GrafanaApi(this.http.withOrg(orgId));
  }
}
