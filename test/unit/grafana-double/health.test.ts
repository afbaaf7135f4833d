import { ADMIN, bearer, Harness } from './helpers.js';

describe('grafana double only: health switches (§2; the HTTP contract is test/contract/health.test.ts)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await Harness.start();
  });

  afterEach(() => h.stop());

  it('reports a configurable version and can hide it', async () => {
    h.double.options.version = '11.5.2';
    expect((await h.call('GET', '/api/health')).body.version).toBe('11.5.2');
    h.double.options.hideVersion = true;
    expect((await h.call('GET', '/api/health')).body).toEqual({ database: 'ok' });
  });

  it('answers 503 with "database":"failing" when the database is unhealthy', async () => {
    h.double.setDatabaseHealthy(false);
    const res = await h.call('GET', '/api/health');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ database: 'failing', version: '12.2.0', commit: h.double.options.commit });
    h.double.setDatabaseHealthy(true);
    expect((await h.call('GET', '/api/health')).status).toBe(200);
  });

  it('answers /api/user 403 to a service account where the build predates token profiles (§2.3)', async () => {
    h.double.addServiceAccountToken('glsa_old', { orgId: 1, role: 'Admin' });
    h.double.options.serviceAccountUserProfile = 'forbidden';
    const res = await h.call('GET', '/api/user', { auth: bearer('glsa_old') });
    expect([res.status, res.body]).toEqual([403, { message: 'Endpoint only available for users' }]);
    expect((await h.call('GET', '/api/user', { auth: ADMIN })).status).toBe(200);
  });
});
