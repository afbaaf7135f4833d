import { bearer } from './http.js';
import { contractGrafana } from './harness.js';

describe('contract: health, version and identity probes (§2)', () => {
  const h = contractGrafana();

  it('serves /api/health without credentials, pretty-printed', async () => {
    const res = await h.call('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ database: 'ok', version: h.version, commit: expect.any(String) });
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

  it('answers /api/login/ping 200 {"message":"Logged in"} for valid credentials, 401 otherwise (§2.2)', async () => {
    const token = await h.createToken('Viewer');
    for (const res of [
      await h.serverAdmin('GET', '/api/login/ping'),
      await h.as(token, 'GET', '/api/login/ping'),
    ]) {
      expect([res.status, res.body]).toEqual([200, { message: 'Logged in' }]);
    }
    // Without an org named, 13.0 looks the token up in org 1, where it is unknown (§1.2).
    const noOrg = await h.call('GET', '/api/login/ping', { auth: token.auth });
    expect(noOrg.status).toBe(h.byVersion({ '>=13.0': 401, default: 200 }));
    for (const auth of [undefined, bearer('nope')]) {
      const res = await h.call('GET', '/api/login/ping', auth === undefined ? {} : { auth });
      expect([res.status, res.body]).toEqual([401, { message: 'Unauthorized' }]);
    }
  });

  it('answers /api/org with the org the request runs in, for users and tokens (§2.5)', async () => {
    const token = await h.createToken('Viewer');
    const org = await h.admin('GET', `/api/orgs/${h.orgId}`);
    const res = await h.as(token, 'GET', '/api/org');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: h.orgId, name: org.body.name });
    expect((await h.admin('GET', '/api/org')).body).toMatchObject({ id: h.orgId, name: org.body.name });
    expect((await h.call('GET', '/api/org')).status).toBe(401);
  });

  it('serves /healthz as plain text Ok', async () => {
    const res = await h.call('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.text).toBe('Ok');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('returns the minimal profile with the token org for a service account', async () => {
    const name = h.unique('reconciler');
    const token = await h.createToken('Editor', h.orgId, name);
    const res = await h.as(token, 'GET', '/api/user');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      isGrafanaAdmin: false,
      orgId: h.orgId,
      uid: token.serviceAccountUid,
      name,
      email: '',
      login: `sa-${h.orgId}-${name}`,
    });
  });

  it('returns the full profile for a user', async () => {
    const user = await h.createUser({ [h.orgId]: 'Editor' });
    const res = await h.call('GET', '/api/user', { auth: user.auth });
    // No org named: the user's current org, the one it was created in.
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: user.id,
      login: user.login,
      email: `${user.login}@example.test`,
      orgId: h.orgId,
      isGrafanaAdmin: false,
      isDisabled: false,
      authLabels: [],
    });
    expect(typeof res.body.uid).toBe('string');
    expect(res.body.avatarUrl).toMatch(/^\/avatar\/[0-9a-f]{32}$/);
    expect((await h.serverAdmin('GET', '/api/user')).body).toMatchObject({ isGrafanaAdmin: true });
  });

  it('serves /api/frontend/settings with buildInfo to signed-in callers only', async () => {
    expect((await h.call('GET', '/api/frontend/settings')).status).toBe(401);
    const { commit } = (await h.call('GET', '/api/health')).body as { commit: string };
    const res = await h.admin('GET', '/api/frontend/settings');
    expect(res.status).toBe(200);
    expect(res.body.buildInfo).toEqual({
      hideVersion: false,
      version: h.version,
      versionString: `Grafana v${h.version} (${commit.slice(0, 10)})`,
      commit,
      commitShort: commit.slice(0, 10),
      buildstamp: expect.any(Number),
      edition: 'Open Source',
      latestVersion: '',
      hasUpdate: false,
      env: 'production',
    });
    // The k8s dashboard API is on by default from 12.0 (§6.4, §15.3).
    expect(res.body.featureToggles).toMatchObject({
      nestedFolders: true,
      kubernetesDashboards: h.byVersion({ '<12.0': false, default: true }),
    });
  });
});
