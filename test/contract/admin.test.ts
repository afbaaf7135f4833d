import { basic } from './http.js';
import { contractGrafana } from './harness.js';

/** The admin API the suite sets itself up with (§3.1): it must behave the same everywhere. */
describe('contract: service accounts, tokens, org users (§3.1)', () => {
  const h = contractGrafana();

  it('creates a service account (201, Viewer unless a role is given) and tokens acting as it', async () => {
    const name = h.unique('robot');
    const created = await h.admin('POST', '/api/serviceaccounts', { body: { name } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.any(Number),
      name,
      login: `sa-${h.orgId}-${name}`,
      orgId: h.orgId,
      isDisabled: false,
      role: 'Viewer',
    });
    const id = created.body.id as number;
    const token = await h.admin('POST', `/api/serviceaccounts/${id}/tokens`, { body: { name: 'key' } });
    expect(token.status).toBe(200);
    expect(token.body).toEqual({ id: expect.any(Number), name: 'key', key: expect.stringMatching(/^glsa_/) });
    const caller = { auth: `Bearer ${token.body.key}`, orgId: h.orgId };
    expect((await h.as(caller, 'GET', '/api/user')).body).toMatchObject({ login: `sa-${h.orgId}-${name}` });

    const taken = await h.admin('POST', '/api/serviceaccounts', { body: { name } });
    expect(taken.status).toBe(400);
    expect(taken.body).toMatchObject({ messageId: 'serviceaccounts.ErrAlreadyExists' });

    const deleted = await h.admin('DELETE', `/api/serviceaccounts/${id}`);
    expect([deleted.status, deleted.body]).toEqual([200, { message: 'Service account deleted' }]);
    expect((await h.as(caller, 'GET', '/api/user')).status).toBe(401);
  });

  it('re-reads the alerting provisioning files for the server admin only (§8.12)', async () => {
    const reload = await h.serverAdmin('POST', '/api/admin/provisioning/alerting/reload');
    expect([reload.status, reload.body]).toEqual([200, { message: 'Alerting config reloaded' }]);
    // An org's Admin (here a service account) holds no provisioning:reload.
    const account = await h.admin('POST', '/api/serviceaccounts', {
      body: { name: h.unique('reloader'), role: 'Admin' },
    });
    const token = await h.admin('POST', `/api/serviceaccounts/${account.body.id as number}/tokens`, {
      body: { name: 'key' },
    });
    const orgAdmin = { auth: `Bearer ${token.body.key as string}`, orgId: h.orgId };
    expect((await h.as(orgAdmin, 'POST', '/api/admin/provisioning/alerting/reload')).status).toBe(403);
  });

  it('requires a token name', async () => {
    const account = await h.admin('POST', '/api/serviceaccounts', {
      body: { name: h.unique('robot'), role: 'Editor' },
    });
    expect(account.body.role).toBe('Editor');
    const res = await h.admin('POST', `/api/serviceaccounts/${account.body.id}/tokens`, { body: {} });
    expect(res.status).toBe(400);
    await h.admin('DELETE', `/api/serviceaccounts/${account.body.id}`);
  });

  it('adds a user to an org, changes its role, and deletes the user', async () => {
    const login = h.unique('user');
    const created = await h.serverAdmin('POST', '/api/admin/users', {
      body: { login, password: 'secret-pw', orgId: h.orgId },
    });
    expect(created.status).toBe(200);
    const id = created.body.id as number;
    const other = await h.createOrg();
    const auth = basic(login, 'secret-pw');

    const added = await h.serverAdmin('POST', `/api/orgs/${other}/users`, {
      body: { loginOrEmail: login, role: 'Editor' },
    });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ message: 'User added to organization' });
    const again = await h.serverAdmin('POST', `/api/orgs/${other}/users`, {
      body: { loginOrEmail: login, role: 'Editor' },
    });
    expect([again.status, again.body]).toEqual([
      409,
      { message: 'User is already member of this organization' },
    ]);
    const unknown = await h.serverAdmin('POST', `/api/orgs/${other}/users`, {
      body: { loginOrEmail: h.unique('nobody'), role: 'Editor' },
    });
    expect([unknown.status, unknown.body]).toEqual([404, { message: 'User not found' }]);

    const inOther = { 'X-Grafana-Org-Id': String(other) };
    expect(
      (await h.call('POST', '/api/folders', { auth, headers: inOther, body: { title: 'x' } })).status,
    ).toBe(200);
    const demoted = await h.serverAdmin('PATCH', `/api/orgs/${other}/users/${id}`, {
      body: { role: 'Viewer' },
    });
    expect([demoted.status, demoted.body]).toEqual([200, { message: 'Organization user updated' }]);
    expect(
      (await h.call('POST', '/api/folders', { auth, headers: inOther, body: { title: 'y' } })).status,
    ).toBe(403);

    const deleted = await h.serverAdmin('DELETE', `/api/admin/users/${id}`);
    expect([deleted.status, deleted.body]).toEqual([200, { message: 'User deleted' }]);
    expect((await h.call('GET', '/api/user', { auth })).status).toBe(401);
    expect((await h.serverAdmin('DELETE', `/api/admin/users/${id}`)).status).toBe(404);
  });
});
