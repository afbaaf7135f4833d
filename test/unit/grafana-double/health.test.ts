import { ADMIN, bearer, Harness } from './helpers.js';

describe('grafana double: health and version (§2)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await Harness.start();
  });

  afterEach(() => h.stop());

  it('serves /api/health without credentials, pretty-printed', async () => {
    const res = await h.call('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      database: 'ok',
      version: '12.2.0',
      commit: h.double.options.commit,
    });
    expect(res.text).toBe(JSON.stringify(res.body, null, 2));
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
  });

  it('ignores bad credentials on /api/health', async () => {
    const res = await h.call('GET', '/api/health', { auth: bearer('nope') });
    expect(res.status).toBe(200);
  });

  it('answers HEAD /api/health with the status and no body', async () => {
    const res = await h.call('HEAD', '/api/health');
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
  });

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

  it('answers /api/login/ping 200 {"message":"Logged in"} for valid credentials, 401 otherwise (§2.2)', async () => {
    h.double.addServiceAccountToken('glsa_ping', { orgId: 1, role: 'Viewer' });
    for (const auth of [ADMIN, bearer('glsa_ping')]) {
      const res = await h.call('GET', '/api/login/ping', { auth });
      expect([res.status, res.body]).toEqual([200, { message: 'Logged in' }]);
    }
    for (const auth of [undefined, bearer('nope')]) {
      const res = await h.call('GET', '/api/login/ping', auth === undefined ? {} : { auth });
      expect([res.status, res.body]).toEqual([401, { message: 'Unauthorized' }]);
    }
  });

  it('answers /api/org with the org the request runs in, for users and tokens (§2.5)', async () => {
    h.double.addServiceAccountToken('glsa_org', { orgId: 1, role: 'Viewer' });
    const res = await h.call('GET', '/api/org', { auth: bearer('glsa_org') });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 1, name: 'Main Org.' });
    expect((await h.call('GET', '/api/org')).status).toBe(401);
  });

  it('answers /api/user 403 to a service account where the build predates token profiles (§2.3)', async () => {
    h.double.addServiceAccountToken('glsa_old', { orgId: 1, role: 'Admin' });
    h.double.options.serviceAccountUserProfile = 'forbidden';
    const res = await h.call('GET', '/api/user', { auth: bearer('glsa_old') });
    expect([res.status, res.body]).toEqual([403, { message: 'Endpoint only available for users' }]);
    expect((await h.call('GET', '/api/user', { auth: ADMIN })).status).toBe(200);
  });

  it('serves /healthz as plain text Ok', async () => {
    const res = await h.call('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.text).toBe('Ok');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('returns the minimal profile with the token org for a service account', async () => {
    const org2 = h.double.state.createOrg('Two').id;
    const sa = h.double.addServiceAccountToken('glsa_two', {
      orgId: org2,
      role: 'Editor',
      name: 'reconciler',
    });
    const res = await h.call('GET', '/api/user', { auth: bearer('glsa_two') });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      isGrafanaAdmin: false,
      orgId: org2,
      uid: sa.uid,
      name: 'reconciler',
      email: '',
      login: `sa-${org2}-reconciler`,
    });
  });

  it('returns the full profile for a user', async () => {
    const res = await h.call('GET', '/api/user', { auth: ADMIN });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: 1,
      login: 'admin',
      email: 'admin@localhost',
      orgId: 1,
      isGrafanaAdmin: true,
      isDisabled: false,
      authLabels: [],
    });
    expect(typeof res.body.uid).toBe('string');
    expect(res.body.avatarUrl).toMatch(/^\/avatar\/[0-9a-f]{32}$/);
  });

  it('serves /api/frontend/settings with buildInfo to signed-in callers only', async () => {
    expect((await h.call('GET', '/api/frontend/settings')).status).toBe(401);
    const res = await h.call('GET', '/api/frontend/settings', { auth: ADMIN });
    expect(res.status).toBe(200);
    const commit = h.double.options.commit;
    expect(res.body.buildInfo).toEqual({
      hideVersion: false,
      version: '12.2.0',
      versionString: `Grafana v12.2.0 (${commit.slice(0, 10)})`,
      commit,
      commitShort: commit.slice(0, 10),
      buildstamp: expect.any(Number),
      edition: 'Open Source',
      latestVersion: '',
      hasUpdate: false,
      env: 'production',
    });
    expect(res.body.featureToggles).toMatchObject({ nestedFolders: true, kubernetesDashboards: true });
  });
});
