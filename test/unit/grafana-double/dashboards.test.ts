import { dashboardsOf } from '../../grafana-double/dashboard-state.js';
import { Harness } from './helpers.js';

describe('grafana double only: switched options, plugin and file-provisioned dashboards, UI edits of the state (§6, §12, §13.6; the HTTP contract is test/contract/dashboards.test.ts)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await Harness.start();
  });

  afterEach(() => h.stop());

  function save(body: Record<string, unknown>) {
    return h.admin('POST', '/api/dashboards/db', { body });
  }

  describe('POST /api/dashboards/db', () => {
    it('answers 409 "Use overwrite flag" when switched to it (the 13.0 profile has it; the contract checks it per version)', async () => {
      h.double.options.dashboardConflictStatus = 409;
      await save({ dashboard: { uid: 'd', title: 'T' } });
      const res = await save({ dashboard: { uid: 'd', title: 'T' } });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ message: 'Dashboard already exists. Use overwrite flag to update.' });
      expect((await save({ dashboard: { uid: 'd', title: 'T', version: 1 } })).status).toBe(200);
    });

    it('answers 413 above the configured size', async () => {
      h.double.options.maxDashboardBytes = 2 * 1024 * 1024;
      const res = await save({ dashboard: { title: 'Big', blob: 'x'.repeat(2 * 1024 * 1024) } });
      expect(res.status).toBe(413);
      expect(res.body).toEqual({ message: 'Dashboard is too large, max is 2 MB' });
      expect((await save({ dashboard: { title: 'Small', blob: 'x'.repeat(1000) } })).status).toBe(200);
    });

    it('refuses plugin dashboards without overwrite (412 plugin-dashboard)', async () => {
      dashboardsOf(h.double.state.org(1)).seedDashboard({ uid: 'p', title: 'Plugin', pluginId: 'my-app' });
      const res = await save({ dashboard: { uid: 'p', title: 'Plugin', version: 1 } });
      expect(res.status).toBe(412);
      expect(res.body).toEqual({
        status: 'plugin-dashboard',
        message: 'The dashboard belongs to plugin my-app.',
      });
      expect((await save({ dashboard: { uid: 'p', title: 'Plugin' }, overwrite: true })).status).toBe(200);
    });
  });

  describe('file-provisioned dashboards', () => {
    it('are flagged in meta, cannot be saved (400) or deleted (400)', async () => {
      dashboardsOf(h.double.state.org(1)).seedProvisionedDashboard({
        uid: 'prov',
        title: 'From File',
        provisioning: { name: 'files', externalId: 'team/board.json' },
      });
      const got = await h.admin('GET', '/api/dashboards/uid/prov');
      expect(got.body.meta).toMatchObject({ provisioned: true, provisionedExternalId: 'team/board.json' });

      const saved = await save({ dashboard: { uid: 'prov', title: 'Edited', version: 1 } });
      expect(saved.status).toBe(400);
      expect(saved.body).toEqual({ message: 'Cannot save provisioned dashboard' });
      const overwritten = await save({ dashboard: { uid: 'prov', title: 'Edited' }, overwrite: true });
      expect(overwritten.body).toEqual({ message: 'Cannot save provisioned dashboard' });

      const deleted = await h.admin('DELETE', '/api/dashboards/uid/prov');
      expect(deleted.status).toBe(400);
      expect(deleted.body).toEqual({ message: 'provisioned dashboard cannot be deleted' });
      expect((await h.admin('GET', '/api/dashboards/uid/prov')).status).toBe(200);
    });

    it('with allowUiUpdates can be saved and are not flagged provisioned', async () => {
      dashboardsOf(h.double.state.org(1)).seedProvisionedDashboard({
        uid: 'prov',
        title: 'From File',
        provisioning: { allowUiUpdates: true },
      });
      const meta = (await h.admin('GET', '/api/dashboards/uid/prov')).body.meta;
      expect(meta).toMatchObject({ provisioned: false, provisionedExternalId: 'prov.json' });
      expect((await save({ dashboard: { uid: 'prov', title: 'Edited', version: 1 } })).status).toBe(200);
    });
  });

  describe('UI edits through the double (the UI-style save over HTTP is in the contract)', () => {
    it('change the stored JSON and bump the version, so a save with the old version is stale', async () => {
      await save({ dashboard: { uid: 'd', title: 'Mine', tags: ['x'] } });
      dashboardsOf(h.double.state.org(1)).uiEditDashboard('d', { title: 'Edited in UI', tags: ['y'] });
      const got = (await h.admin('GET', '/api/dashboards/uid/d')).body;
      expect(got.dashboard).toMatchObject({ title: 'Edited in UI', tags: ['y'], version: 2 });
      expect(got.meta.version).toBe(2);
      expect((await save({ dashboard: { uid: 'd', title: 'Mine', version: 1 } })).status).toBe(412);

      dashboardsOf(h.double.state.org(1)).uiEditDashboard('d', (data) => {
        data.description = 'added';
      });
      expect((await h.admin('GET', '/api/dashboards/uid/d')).body.dashboard).toMatchObject({
        description: 'added',
        version: 3,
      });
    });
  });
});
