import { contractGrafana } from './harness.js';

/** An org's users, preferences and the server-admin flag, as GrafanaOrganization relies on them (§19). */
describe('contract: org users and preferences (§19)', () => {
  const h = contractGrafana();

  const users = async (orgId = h.orgId) =>
    (
      (await h.serverAdmin('GET', `/api/orgs/${orgId}/users`)).body as unknown as Array<
        Record<string, unknown>
      >
    )
      .map((u) => ({ login: u.login, role: u.role }))
      .sort((a, b) => String(a.login).localeCompare(String(b.login)));
  const adminId = async (orgId = h.orgId) =>
    (
      (await h.serverAdmin('GET', `/api/orgs/${orgId}/users`)).body as unknown as Array<
        Record<string, unknown>
      >
    ).find((u) => u.login === h.adminLogin)!.userId as number;

  it('lists an org by its id, adds a user by e-mail with role None, needs no org header', async () => {
    const user = await h.createUser({ 1: 'Viewer' });
    const added = await h.serverAdmin('POST', `/api/orgs/${h.orgId}/users`, {
      body: { loginOrEmail: `${user.login}@example.test`, role: 'None' },
    });
    expect([added.status, added.body.message]).toEqual([200, 'User added to organization']);
    expect(await users()).toEqual(
      [
        { login: h.adminLogin, role: 'Admin' },
        { login: user.login, role: 'None' },
      ].sort((a, b) => a.login.localeCompare(b.login)),
    );
    const unknown = await h.serverAdmin('POST', `/api/orgs/${h.orgId}/users`, {
      body: { loginOrEmail: h.unique('nobody'), role: 'Viewer' },
    });
    expect([unknown.status, unknown.body.message]).toEqual([404, 'User not found']);
  });

  it('refuses to demote or remove the last Admin (400), and removes a user that is not', async () => {
    const id = await adminId();
    const demote = await h.serverAdmin('PATCH', `/api/orgs/${h.orgId}/users/${id}`, {
      body: { role: 'Editor' },
    });
    expect([demote.status, demote.body.message]).toEqual([
      400,
      'Cannot change role so that there is no organization admin left',
    ]);
    const remove = await h.serverAdmin('DELETE', `/api/orgs/${h.orgId}/users/${id}`);
    expect([remove.status, remove.body.message]).toEqual([400, 'Cannot remove last organization admin']);
    expect(await users()).toEqual([{ login: h.adminLogin, role: 'Admin' }]);

    const other = await h.createUser({ [h.orgId]: 'Admin' });
    const removed = await h.serverAdmin('DELETE', `/api/orgs/${h.orgId}/users/${id}`);
    expect([removed.status, removed.body.message]).toEqual([200, 'User removed from organization']);
    expect(await users()).toEqual([{ login: other.login, role: 'Admin' }]);
  });

  it("reads and replaces the org's preferences in the org the request names; a server admin outside it is refused", async () => {
    const put = await h.admin('PUT', '/api/org/preferences', {
      body: { theme: 'dark', weekStart: 'monday' },
    });
    expect([put.status, put.body.message]).toEqual([200, 'Preferences updated']);
    expect((await h.admin('GET', '/api/org/preferences')).body).toMatchObject({
      theme: 'dark',
      weekStart: 'monday',
    });
    await h.admin('PUT', '/api/org/preferences', { body: { timezone: 'utc' } });
    const replaced = (await h.admin('GET', '/api/org/preferences')).body;
    expect(replaced).toMatchObject({ timezone: 'utc' });
    expect(replaced.theme ?? '').toBe('');

    await h.createUser({ [h.orgId]: 'Admin' });
    await h.serverAdmin('DELETE', `/api/orgs/${h.orgId}/users/${await adminId()}`);
    expect((await h.admin('GET', '/api/org/preferences')).status).toBe(403);
  });

  it('makes a user a server admin with PUT /api/admin/users/:id/permissions', async () => {
    const user = await h.createUser();
    const res = await h.serverAdmin('PUT', `/api/admin/users/${user.id}/permissions`, {
      body: { isGrafanaAdmin: true },
    });
    expect([res.status, res.body.message]).toEqual([200, 'User permissions updated']);
    expect((await h.as(user, 'GET', '/api/user')).body.isGrafanaAdmin).toBe(true);
  });
});
