import { GrafanaDashboardResource } from '../../src/api/generated/index.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { describePermissionScenarios } from './scenarios/permissions.js';

describe('GrafanaDashboard spec.permissions', () => {
  let f: ObjectFixture;

  beforeAll(async () => {
    f = await objectFixture('dashboard-permissions');
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
