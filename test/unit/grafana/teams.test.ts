import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  GrafanaAlreadyExistsError,
  GrafanaApi,
  GrafanaHttpClient,
  GrafanaNotFoundError,
  GrafanaValidationError,
  TEAM_PERMISSION,
} from '../../../src/grafana/index.js';
import { dashboardsOf } from '../../grafana-double/dashboard-state.js';
import type { GrafanaDouble } from '../../grafana-double/server.js';
import { startDoubleTarget, type DoubleTarget } from '../../support/double-target.js';

/** TeamsApi against the double, which follows docs/grafana-api.md §17. */
let t: DoubleTarget;
let double: GrafanaDouble;
/** The server admin, a user: it becomes admin of the teams it creates. */
let admin: GrafanaApi;
/** An Admin service account: it does not. */
let robot: GrafanaApi;
const clients: GrafanaHttpClient[] = [];

/** Another client of the double, as a service-account token of org 1 with `role`. */
function tokenClient(token: string, role: 'Editor' | 'Admin'): GrafanaApi {
  double.addServiceAccountToken(token, { orgId: 1, role });
  const http = new GrafanaHttpClient({
    url: double.url,
    auth: { kind: 'token', token },
    retry: { limit: 0 },
  });
  clients.push(http);
  return new GrafanaApi(http);
}

beforeEach(async () => {
  t = await startDoubleTarget();
  double = t.double;
  admin = t.target.api;
  robot = tokenClient('glsa_robot', 'Admin');
});

afterEach(async () => {
  for (const http of clients.splice(0)) http.close();
  await t.stop();
});

const logins = async (api: GrafanaApi, team: number) =>
  (await api.teams.members(team)).map((m) => `${m.login}:${m.permission}`);

describe('TeamsApi against the double', () => {
  it('creates a team, answering its id and uid; the creating user becomes its admin, a service account not', async () => {
    const byUser = await admin.teams.create({ name: 'Ops', email: 'ops@example.com' });
    expect(byUser).toMatchObject({ teamId: expect.any(Number), uid: expect.any(String) });
    expect(await admin.teams.get(byUser.teamId)).toMatchObject({
      uid: byUser.uid,
      name: 'Ops',
      email: 'ops@example.com',
      memberCount: 1,
    });
    expect(await logins(admin, byUser.teamId)).toEqual(['admin:4']);

    const byRobot = await robot.teams.create({ name: 'SRE', email: '' });
    expect(await robot.teams.members(byRobot.teamId)).toEqual([]);
  });

  it('refuses a taken name: 409 on create, 400 "Team name taken" on rename, both as already exists', async () => {
    await robot.teams.create({ name: 'Ops', email: '' });
    const sre = await robot.teams.create({ name: 'SRE', email: '' });
    await expect(robot.teams.create({ name: 'Ops', email: '' })).rejects.toBeInstanceOf(
      GrafanaAlreadyExistsError,
    );
    const rename = robot.teams.update(sre.teamId, { name: 'Ops', email: '' });
    await expect(rename).rejects.toBeInstanceOf(GrafanaAlreadyExistsError);
    await expect(rename).rejects.toThrow('Team name taken');
    // Keeping its own name is no clash.
    await robot.teams.update(sre.teamId, { name: 'SRE', email: 'sre@example.com' });
    expect((await robot.teams.list({ name: 'SRE' }))[0]?.email).toBe('sre@example.com');
  });

  it('addresses a team by id or uid; an unknown one is 404', async () => {
    const { teamId, uid } = await robot.teams.create({ name: 'Ops', email: '' });
    expect((await robot.teams.get(uid!)).id).toBe(teamId);
    await expect(robot.teams.get('no-such-uid')).rejects.toBeInstanceOf(GrafanaNotFoundError);
    await robot.teams.delete(uid!);
    await expect(robot.teams.get(teamId)).rejects.toBeInstanceOf(GrafanaNotFoundError);
    await expect(robot.teams.delete(teamId)).rejects.toBeInstanceOf(GrafanaNotFoundError);
  });

  it('adds members as members, sets and unsets admin, removes them; a deleted user leaves the team', async () => {
    const alice = double.state.addUser('alice', 'pw', { orgs: { 1: 'Viewer' } });
    const bob = double.state.addUser('bob', 'pw', { orgs: { 1: 'Viewer' } });
    const { teamId } = await robot.teams.create({ name: 'Ops', email: '' });
    await robot.teams.addMember(teamId, alice.id);
    await robot.teams.addMember(teamId, bob.id);
    await expect(robot.teams.addMember(teamId, alice.id)).rejects.toThrow(
      'User is already added to this team',
    );
    await robot.teams.setMemberPermission(teamId, bob.id, TEAM_PERMISSION.Admin);
    expect(await logins(robot, teamId)).toEqual(['alice:0', 'bob:4']);

    // No last-admin rule: the only admin may go.
    await robot.teams.removeMember(teamId, bob.id);
    await expect(robot.teams.removeMember(teamId, bob.id)).rejects.toBeInstanceOf(GrafanaNotFoundError);
    await expect(robot.teams.setMemberPermission(teamId, bob.id, TEAM_PERMISSION.Admin)).rejects.toThrow(
      'Team member not found.',
    );

    double.state.deleteUser(alice.id);
    expect(await robot.teams.members(teamId)).toEqual([]);
  });

  it('replaces the preferences with each PUT and leaves out what is not set', async () => {
    const { teamId } = await robot.teams.create({ name: 'Ops', email: '' });
    expect(await robot.teams.preferences(teamId)).toEqual({});
    const dashboard = dashboardsOf(double.state.org(1)).seedDashboard({ uid: 'home', title: 'Home' });
    await robot.teams.setPreferences(teamId, {
      theme: 'dark',
      homeDashboardUID: dashboard.uid,
      timezone: 'utc',
      weekStart: 'monday',
    });
    expect(await robot.teams.preferences(teamId)).toEqual({
      theme: 'dark',
      homeDashboardUID: 'home',
      timezone: 'utc',
      weekStart: 'monday',
    });
    await robot.teams.setPreferences(teamId, {
      theme: '',
      homeDashboardUID: '',
      timezone: 'browser',
      weekStart: '',
    });
    expect(await robot.teams.preferences(teamId)).toEqual({ timezone: 'browser' });

    const unset = { homeDashboardUID: '', timezone: '', weekStart: '' };
    await expect(robot.teams.setPreferences(teamId, { theme: 'neon', ...unset })).rejects.toBeInstanceOf(
      GrafanaValidationError,
    );
    await expect(
      robot.teams.setPreferences(teamId, { ...unset, theme: '', homeDashboardUID: 'gone' }),
    ).rejects.toThrow('Dashboard not found');
  });

  it('is for org Admins: an Editor service account is refused', async () => {
    const editor = tokenClient('glsa_editor', 'Editor');
    await expect(editor.teams.create({ name: 'Ops', email: '' })).rejects.toThrow(/teams:create/);
    await expect(editor.teams.list()).rejects.toThrow(/teams:read/);
  });
});
