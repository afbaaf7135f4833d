/**
 * One object per Grafana org scope that groups the typed API areas. Further areas (alerting
 * provisioning) join as more modules built on the same client.
 */
import { DashboardsApi } from './dashboards.js';
import { DataSourcesApi } from './datasources.js';
import { FoldersApi } from './folders.js';
import { HealthApi } from './health.js';
import type { GrafanaHttpClient } from './http.js';
import { LibraryPanelsApi } from './library-panels.js';
import { OrgsApi } from './orgs.js';
import { SearchApi } from './search.js';

export class GrafanaApi {
  readonly health: HealthApi;
  readonly orgs: OrgsApi;
  readonly folders: FoldersApi;
  readonly datasources: DataSourcesApi;
  readonly dashboards: DashboardsApi;
  readonly search: SearchApi;
  readonly libraryPanels: LibraryPanelsApi;

  constructor(readonly http: GrafanaHttpClient) {
    this.health = new HealthApi(http);
    this.orgs = new OrgsApi(http);
    this.folders = new FoldersApi(http);
    this.datasources = new DataSourcesApi(http);
    this.dashboards = new DashboardsApi(http);
    this.search = new SearchApi(http);
    this.libraryPanels = new LibraryPanelsApi(http);
  }

  /** The same Grafana seen from another org (`X-Grafana-Org-Id`), sharing connections. */
  withOrg(orgId: number): GrafanaApi {
    return new GrafanaApi(this.http.withOrg(orgId));
  }
}
