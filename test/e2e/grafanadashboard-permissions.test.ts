import { GrafanaDashboardResource } from '../../src/api/generated/index.js';
import { DEFAULT_PROFILE, VERSION_PROFILES } from '../grafana-double/profiles.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { usingRealGrafana } from '../support/grafana.js';
import { describePermissionScenarios } from './scenarios/permissions.js';

/**
 * Dashboard permissions are served alike by 11, 12 and 13 (grafana-api.md §6.10): the same paths
 * on each version profile of the double; once on a real Grafana in GRAFANA_URL, which has one version.
 */
const profiles = usingRealGrafana ? [DEFAULT_PROFILE] : [...VERSION_PROFILES];

describe.each(profiles)('GrafanaDashboard spec.permissions on Grafana %s', (version) => {
  let f: ObjectFixture;

  beforeAll(async () => {
    f = await objectFixture('dashboard-permissions', { grafanaVersion: version });
  });

  afterAll(async () => {
    await f?.stop();
  });

  describePermissionScenarios({
    fixture: () => f,
    resource: GrafanaDashboardResource,
    spec: (title, extra = {}) => ({
      instanceSelector: f.selector,
      resyncPeriod: '10s',
      json: JSON.stringify({ title, panels: [], schemaVersion: 39 }),
      ...extra,
    }),
    api: (fixture) => fixture.grafana.api.dashboardPermissions,
    route: (uid) => `/api/dashboards/uid/${uid}/permissions`,
    // A save would give the dashboard a new version.
    objectWrites: (_uid, writes) => writes.filter((r) => r.path === '/api/dashboards/db'),
    // The role defaults of a dashboard at the General level, and Admin for its creator, a user or a
    // service account (§6.10).
    defaults: () => ['role:Editor=Edit', 'role:Viewer=View', expect.stringMatching(/^user:\d+=Admin$/)],
  });
});
