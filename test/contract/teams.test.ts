import { expectRbacDenied } from './http.js';
import { contractGrafana } from './harness.js';

/** Teams, members and preferences as GrafanaTeam relies on them (§17). */
describe('contract: teams (§17)', () => {
  const h = contractGrafana();

  /** POST /api/teams as the server admin (a user) in the test's org. */
  const createTeam = async (name: string, email = '') => {
    const res = await h.admin('POST', '/api/teams', { body: { name, email } });
    expect(res.status).toBe(200);
    return res.body.teamId as number;
  };
  const members = async (teamId: number) =>
    (
      (await h.admin('GET', `/api/teams/${teamId}/members`)).body as unknown as Array<Record<string, unknown>>
    ).map((m) => ({ userId: m.userId, login: m.login, permission: m.permission }));

  it('creates a team (200 {teamId, message}); the user who creates it becomes its admin, a service account not', async () => {
    const res = await h.admin('POST', '/api/teams', { body: { name: 'Ops', email: 'ops@example.com' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ teamId: expect.any(Number), message: 'Team created' });
    const teamId = res.body.teamId as number;
    const got = await h.admin('GET', `/api/teams/${teamId}`);
    expect(got.body).toMatchObject({
      id: teamId,
      uid: expect.any(String),
      name: 'Ops',
      email: 'ops@example.com',
    });
    expect(await members(teamId)).toEqual([
      { userId: expect.any(Number), login: h.adminLogin, permission: 4 },
    ]);

    const robot = await h.createToken('Admin');
    const byRobot = await h.as(robot, 'POST', '/api/teams', { body: { name: 'SRE' } });
    expect(byRobot.status).toBe(200);
    expect(await members(byRobot.body.teamId as number)).toEqual([]);
  });

  it('refuses a taken name: 409 on create, 400 on rename', async () => {
    await createTeam('Ops');
    const sre = await createTeam('SRE');
    const taken = await h.admin('POST', '/api/teams', { body: { name: 'Ops' } });
    expect([taken.status, taken.body.message]).toEqual([409, 'Team name taken']);
    const rename = await h.admin('PUT', `/api/teams/${sre}`, { body: { name: 'Ops', email: '' } });
    expect([rename.status, rename.body.message]).toEqual([400, 'Team name taken']);
    const renamed = await h.admin('PUT', `/api/teams/${sre}`, {
      body: { name: 'SRE 2', email: 'x@example.com' },
    });
    expect([renamed.status, renamed.body]).toEqual([200, { message: 'Team updated' }]);
    const search = await h.admin('GET', '/api/teams/search?name=SRE%202');
    expect(search.body).toMatchObject({
      totalCount: 1,
      teams: [{ id: sre, name: 'SRE 2', email: 'x@example.com' }],
    });
  });

  it('adds a member (plain), makes it admin, removes it', async () => {
    const teamId = await createTeam('Ops');
    const user = await h.createUser();
    const add = await h.admin('POST', `/api/teams/${teamId}/members`, { body: { userId: user.id } });
    expect([add.status, add.body]).toEqual([200, { message: 'Member added to Team' }]);
    const again = await h.admin('POST', `/api/teams/${teamId}/members`, { body: { userId: user.id } });
    expect([again.status, again.body.message]).toEqual([400, 'User is already added to this team']);
    expect(await members(teamId)).toContainEqual({ userId: user.id, login: user.login, permission: 0 });

    const admin = await h.admin('PUT', `/api/teams/${teamId}/members/${user.id}`, {
      body: { permission: 4 },
    });
    expect([admin.status, admin.body]).toEqual([200, { message: 'Team member updated' }]);
    expect(await members(teamId)).toContainEqual({ userId: user.id, login: user.login, permission: 4 });

    const removed = await h.admin('DELETE', `/api/teams/${teamId}/members/${user.id}`);
    expect([removed.status, removed.body]).toEqual([200, { message: 'Team Member removed' }]);
    expect((await members(teamId)).map((m) => m.userId)).not.toContain(user.id);
    const notMember = await h.admin('PUT', `/api/teams/${teamId}/members/${user.id}`, {
      body: { permission: 4 },
    });
    expect([notMember.status, notMember.body.message]).toEqual([404, 'Team member not found.']);
  });

  it('replaces the preferences with a PUT; GET leaves out what is not set', async () => {
    const teamId = await createTeam('Ops');
    const path = `/api/teams/${teamId}/preferences`;
    expect((await h.admin('GET', path)).body).toEqual({});
    const put = await h.admin('PUT', path, { body: { theme: 'dark', timezone: 'utc', weekStart: 'monday' } });
    expect([put.status, put.body]).toEqual([200, { message: 'Preferences updated' }]);
    expect((await h.admin('GET', path)).body).toEqual({
      theme: 'dark',
      timezone: 'utc',
      weekStart: 'monday',
    });
    await h.admin('PUT', path, { body: { timezone: 'browser' } });
    expect((await h.admin('GET', path)).body).toEqual({ timezone: 'browser' });
    const bad = await h.admin('PUT', path, { body: { theme: 'no-such-theme' } });
    expect([bad.status, bad.body.message]).toEqual([400, 'Invalid theme']);
    const home = await h.admin('PUT', path, { body: { homeDashboardUID: 'no-such-dashboard' } });
    expect([home.status, home.body.message]).toEqual([404, 'Dashboard not found']);
  });

  it('deletes a team (200), then answers 404 for it', async () => {
    const teamId = await createTeam('Ops');
    const deleted = await h.admin('DELETE', `/api/teams/${teamId}`);
    expect([deleted.status, deleted.body]).toEqual([200, { message: 'Team deleted' }]);
    expect((await h.admin('GET', `/api/teams/${teamId}`)).status).toBe(404);
    expect((await h.admin('DELETE', `/api/teams/${teamId}`)).status).toBe(404);
  });

  it('is for org Admins: an Editor service account may not create teams', async () => {
    const editor = await h.createToken('Editor');
    expectRbacDenied(await h.as(editor, 'POST', '/api/teams', { body: { name: 'Ops' } }), 'teams:create');
  });
});
