import { GrafanaTeamResource } from '../../../src/api/generated/index.js';
import { TEAM_PERMISSION, teamRef, type GrafanaApi } from '../../../src/grafana/index.js';
import { editsIn } from '../../support/grafana-edits.js';
import { objectSpec, type KindScenario, type ScenarioContext } from './scenario.js';

/** What `read` shows of a team: its e-mail and members, each by login, sorted. */
export interface TeamSeen {
  email: string;
  members: Array<{ login: string; admin: boolean }>;
}

/** The team named `name` as Grafana holds it, or undefined. */
export async function readTeam(api: GrafanaApi, name: string): Promise<TeamSeen | undefined> {
  const [team] = await api.teams.list({ name });
  if (!team) return undefined;
  const members = (await api.teams.members(teamRef(team)))
    .map((m) => ({ login: m.login, admin: m.permission === TEAM_PERMISSION.Admin }))
    .sort((a, b) => a.login.localeCompare(b.login));
  return { email: team.email, members };
}

/** The users the scenario's teams name; made by `prepare`, the same for every object. */
const alice = (c: ScenarioContext) => c.shared('team-alice');
const bob = (c: ScenarioContext) => c.shared('team-bob');
const bobEmail = (c: ScenarioContext) => `${bob(c)}@example.com`;
const userIds: number[] = [];

export const teams: KindScenario = {
  title: 'GrafanaTeam',
  type: GrafanaTeamResource,
  name: 'team',
  prepare: async (c) => {
    const edits = editsIn(c.f.grafana);
    userIds.push(await edits.createUser(alice(c), `${alice(c)}@example.com`));
    userIds.push(await edits.createUser(bob(c), bobEmail(c)));
  },
  spec: (c) => ({
    ...objectSpec(c),
    name: c.n('scenario-team'),
    email: 'platform@example.com',
    // One by login, one by e-mail.
    members: [{ login: alice(c) }, { email: bobEmail(c), admin: true }],
  }),
  change: (c) => ({ email: 'oncall@example.com', members: [{ login: alice(c), admin: true }] }),
  read: (c) => readTeam(c.f.grafana.api, c.n('scenario-team')),
  expected: (c, stage) =>
    stage === 'created'
      ? {
          email: 'platform@example.com',
          members: [
            { login: alice(c), admin: false },
            { login: bob(c), admin: true },
          ].sort((a, b) => a.login.localeCompare(b.login)),
        }
      : { email: 'oncall@example.com', members: [{ login: alice(c), admin: true }] },
  // The team's settings page and its members page.
  edit: async (c) => {
    const edits = editsIn(c.f.grafana);
    await edits.editTeam(c.n('scenario-team'), { email: 'edited@example.com' });
    await edits.removeTeamMember(c.n('scenario-team'), alice(c));
  },
  drift: ['email', 'members (login "team-alice-', '" removed)'],
  // Made on the Teams page by the server admin, who becomes its admin.
  byHand: async (c) => {
    await editsIn(c.f.grafana).createTeam(c.n('scenario-team'), 'by-hand@example.com');
    return {};
  },
  cleanup: async (c) => {
    const edits = editsIn(c.f.grafana);
    await Promise.all(userIds.splice(0).map((id) => edits.deleteUser(id)));
  },
};
