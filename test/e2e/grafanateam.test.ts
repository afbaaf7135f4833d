import {
  GrafanaDashboardResource,
  GrafanaTeamResource,
  type GrafanaTeam,
} from '../../src/api/generated/index.js';
import { teamRef } from '../../src/grafana/index.js';
import { driftEvent } from '../support/events.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { editsIn } from '../support/grafana-edits.js';
import { reconcileOnFreshLists } from '../support/operator.js';
import { eventually } from '../support/wait.js';
import { readTeam } from './scenarios/teams.js';

describe('GrafanaTeam', () => {
  let f: ObjectFixture;
  /** Names unique per run, so a shared real Grafana does not see clashes between runs. */
  let n: (name: string) => string;
  const users = new Map<string, number>();

  beforeAll(async () => {
    f = await objectFixture('team');
    n = (name) => `${name}-${f.kube.namespace}`;
    for (const name of ['alice', 'bob', 'carol']) {
      users.set(name, await editsIn(f.grafana).createUser(n(name), `${n(name)}@example.com`));
    }
  });

  afterAll(async () => {
    if (f) await Promise.allSettled([...users.values()].map((id) => editsIn(f.grafana).deleteUser(id)));
    await f?.stop();
  });

  const team = (name: string, extra: Record<string, unknown> = {}) => ({
    instanceSelector: f.selector,
    name: n(name),
    resyncPeriod: '10s',
    ...extra,
  });

  const synced = async (name: string) =>
    (await f.kube.waitReady(GrafanaTeamResource, name, { status: 'True', reason: 'Synced' })) as GrafanaTeam;

  const message = (object: { status?: { conditions?: Array<{ type: string; message: string }> } }) =>
    object.status?.conditions?.find((c) => c.type === 'Ready')?.message ?? '';

  const grafanaTeam = async (name: string) => (await f.grafana.api.teams.list({ name: n(name) }))[0];

  const driftReverted = (object: string, ...parts: string[]) => driftEvent(f.kube, object, ...parts);

  it('makes the team with its members, named by login and by e-mail, and records its uid', async () => {
    await f.kube.create(
      GrafanaTeamResource,
      'platform',
      team('platform', {
        email: 'platform@example.com',
        members: [{ login: n('alice') }, { email: `${n('bob')}@example.com`.toUpperCase(), admin: true }],
      }),
    );
    const object = await synced('platform');
    const made = await grafanaTeam('platform');
    expect(object.status?.name).toBe(n('platform'));
    expect(object.status?.instances?.[0]?.uid).toBe(made?.uid);
    expect(await readTeam(f.grafana.api, n('platform'))).toEqual({
      email: 'platform@example.com',
      members: [
        { login: n('alice'), admin: false },
        { login: n('bob'), admin: true },
      ],
    });
  });

  it('reverts members added, removed or made admin in Grafana, naming them', async () => {
    const edits = editsIn(f.grafana);
    await edits.addTeamMember(n('platform'), users.get('carol')!, true);
    await edits.removeTeamMember(n('platform'), n('bob'));
    await reconcileOnFreshLists(f, GrafanaTeamResource, ['platform']);
    await eventually(
      async () =>
        JSON.stringify((await readTeam(f.grafana.api, n('platform')))?.members) ===
        JSON.stringify([
          { login: n('alice'), admin: false },
          { login: n('bob'), admin: true },
        ]),
      { what: 'the members as the spec lists them' },
    );
    await driftReverted(
      'platform',
      `${n('carol')} added`,
      `e-mail "${`${n('bob')}@example.com`.toUpperCase()}" removed`,
    );
  });

  it('renames the team in place: same uid, members kept', async () => {
    const before = await grafanaTeam('platform');
    await f.kube.patchSpec(GrafanaTeamResource, 'platform', { name: n('platform-renamed') });
    await eventually(async () => (await grafanaTeam('platform-renamed'))?.uid === before?.uid, {
      what: 'the team renamed under its uid',
    });
    expect(await grafanaTeam('platform')).toBeUndefined();
    expect((await readTeam(f.grafana.api, n('platform-renamed')))?.members).toHaveLength(2);
  });

  it("refuses a rename onto another team's name, as a Conflict naming it, changing nothing", async () => {
    await editsIn(f.grafana).createTeam(n('taken'));
    const taken = await grafanaTeam('taken');
    await f.kube.patchSpec(GrafanaTeamResource, 'platform', { name: n('taken') });
    const conflict = await f.kube.waitReady(GrafanaTeamResource, 'platform', {
      status: 'False',
      reason: 'Conflict',
    });
    expect(message(conflict)).toContain(
      `cannot rename team "${n('platform-renamed')}" to "${n('taken')}": another team in this Grafana org has that name (uid ${taken?.uid})`,
    );
    expect(await grafanaTeam('platform-renamed')).toBeDefined();
  });

  it('waits for a member that is no user of the org, naming it, and writes nothing', async () => {
    await f.kube.create(
      GrafanaTeamResource,
      'waiting',
      team('waiting', { members: [{ login: n('alice') }, { login: n('dave') }] }),
    );
    const waiting = await f.kube.waitReady(GrafanaTeamResource, 'waiting', {
      status: 'False',
      reason: 'DependencyNotReady',
    });
    expect(message(waiting)).toBe(
      `main: spec.members: no user with login "${n('dave')}" in org 1 of this Grafana; a member must be a user of the org`,
    );
    expect(await grafanaTeam('waiting')).toBeUndefined();
    // The user comes: the team follows.
    users.set('dave', await editsIn(f.grafana).createUser(n('dave'), `${n('dave')}@example.com`));
    await synced('waiting');
    expect((await readTeam(f.grafana.api, n('waiting')))?.members.map((m) => m.login)).toEqual([
      n('alice'),
      n('dave'),
    ]);
  });

  it('sets the preferences and reverts an edit of them', async () => {
    await f.kube.create(
      GrafanaTeamResource,
      'prefs',
      team('prefs', { preferences: { theme: 'dark', timezone: 'utc', weekStart: 'monday' } }),
    );
    await synced('prefs');
    const ref = teamRef((await grafanaTeam('prefs'))!);
    expect(await f.grafana.api.teams.preferences(ref)).toEqual({
      theme: 'dark',
      timezone: 'utc',
      weekStart: 'monday',
    });
    await editsIn(f.grafana).editTeamPreferences(n('prefs'), { theme: 'light', timezone: 'utc' });
    await reconcileOnFreshLists(f, GrafanaTeamResource, ['prefs']);
    await eventually(async () => (await f.grafana.api.teams.preferences(ref)).theme === 'dark', {
      what: 'the theme reverted',
    });
    await driftReverted('prefs', 'preferences.theme', 'preferences.weekStart');
  });

  it('a home dashboard that waits for the team (its permissions): the team is kept, waiting, then Ready with it', async () => {
    await f.kube.create(
      GrafanaTeamResource,
      'homed',
      team('homed', { preferences: { theme: 'dark', homeDashboardRef: 'team-home' } }),
    );
    const waiting = await f.kube.waitReady(GrafanaTeamResource, 'homed', {
      status: 'False',
      reason: 'DependencyNotReady',
    });
    expect(message(waiting)).toBe(
      'main: preferences.homeDashboardRef: waiting for GrafanaDashboard "team-home", which does not exist',
    );
    const made = (await grafanaTeam('homed'))!;
    expect(waiting.status?.instances?.[0]?.uid).toBe(made.uid);
    expect(await f.grafana.api.teams.preferences(teamRef(made))).toEqual({ theme: 'dark' });
    await f.kube.create(GrafanaDashboardResource, 'team-home', {
      instanceSelector: f.selector,
      json: JSON.stringify({ uid: n('team-home'), title: n('team-home'), panels: [], schemaVersion: 39 }),
      permissions: [{ team: n('homed'), permission: 'View' }],
    });
    await f.kube.waitReady(GrafanaDashboardResource, 'team-home', { status: 'True', reason: 'Synced' });
    await synced('homed');
    expect(await f.grafana.api.teams.preferences(teamRef(made))).toEqual({
      theme: 'dark',
      homeDashboardUID: n('team-home'),
    });
    expect((await grafanaTeam('homed'))?.uid).toBe(made.uid);
    await f.kube.delete(GrafanaDashboardResource, 'team-home');
    await f.kube.waitGone(GrafanaDashboardResource, 'team-home');
    await f.kube.delete(GrafanaTeamResource, 'homed');
    await f.kube.waitGone(GrafanaTeamResource, 'homed');
  });

  it('a create that fails half way leaves no team behind, and the retry makes it whole', async () => {
    const { recorder } = f.grafana;
    const from = recorder.requests.length;
    recorder.injectFault({ method: 'POST', path: /^\/api\/teams\/[^/]+\/members$/, status: 500, times: 1 });
    await f.kube.create(GrafanaTeamResource, 'retried', team('retried', { members: [{ login: n('bob') }] }));
    await synced('retried');
    expect((await readTeam(f.grafana.api, n('retried')))?.members).toEqual([
      { login: n('bob'), admin: false },
    ]);
    const calls = recorder.requests
      .slice(from)
      .filter((r) => r.method !== 'GET')
      .map((r) => `${r.method} ${r.path.replace(/\/\d+/g, '/:id')}`);
    expect(calls).toEqual([
      'POST /api/teams',
      'POST /api/teams/:id/members',
      'DELETE /api/teams/:id',
      'POST /api/teams',
      'POST /api/teams/:id/members',
    ]);
  });

  it('deletionPolicy Delete removes the team from Grafana', async () => {
    await f.kube.delete(GrafanaTeamResource, 'prefs');
    await f.kube.waitGone(GrafanaTeamResource, 'prefs');
    expect(await grafanaTeam('prefs')).toBeUndefined();
  });
});
