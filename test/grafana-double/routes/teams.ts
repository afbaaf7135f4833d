/**
 * Teams, their members and preferences (`pkg/services/team/teamapi`, earlier `pkg/api/team.go`,
 * `team_members.go`; docs/grafana-api.md §17). The team records themselves live in the
 * AccessStore (folder-permissions.ts), which folder permissions read too.
 *
 * What Grafana does, from its source:
 * - `POST /api/teams` answers 409 "Team name taken" for a name the org has; a user who creates a
 *   team becomes its admin (a service account does not: it is not a user).
 * - `:teamId` is an id, or a uid that the team-uid middleware turns into the id (404 "Not found"
 *   when no team has it).
 * - `PUT /api/teams/:id` with another team's name is 400 "Team name taken".
 * - `POST .../members` adds a plain member (its body has no permission); a member already there is
 *   400 "User is already added to this team". `PUT .../members/:userId` sets the permission (0
 *   member, 4 admin) of a member, 404 "Team member not found." for a user who is none;
 *   `DELETE .../members/:userId` removes one (404 "Team member not found" for a non-member is the
 *   handler's mapping; that the permission service raises it is assumed). Nothing guards the last
 *   admin. An unknown user is a 500 "Failed to add Member to Team" (assumed likewise).
 * - Preferences: `PUT` replaces the record (every field the body leaves out is cleared), refuses an
 *   unknown theme (400 "Invalid theme") and a home dashboard uid with no dashboard (404 "Dashboard
 *   not found"); `GET` leaves out every field not set.
 */
import { json, messageError, success, type Reply } from '../errors.js';
import type { RequestContext, RouteModule } from '../router.js';
import type { OrgState } from '../state.js';
import { boundPreferences, preferencesAnswer, type StoredPreferences } from '../preferences.js';
import { avatarUrl, compareStrings, parseGoInt } from '../util.js';
import { accessOf, type TeamRecord } from './folder-permissions.js';

type TeamPermission = 0 | 4;

/** Per-org members (user id → permission) and preferences of each team, by team id. */
class TeamExtras {
  readonly members = new Map<number, Map<number, TeamPermission>>();
  readonly preferences = new Map<number, StoredPreferences>();

  membersOf(teamId: number): Map<number, TeamPermission> {
    let members = this.members.get(teamId);
    if (!members) this.members.set(teamId, (members = new Map()));
    return members;
  }

  forget(teamId: number): void {
    this.members.delete(teamId);
    this.preferences.delete(teamId);
  }
}

const extrasOf = (org: OrgState) => org.extension('team-extras', () => new TeamExtras());

export const teamRoutes: RouteModule = {
  name: 'teams',
  register(router) {
    router.get('/api/teams/search', { kind: 'org', action: 'teams:read' }, searchTeams);
    router.post('/api/teams', { kind: 'org', action: 'teams:create' }, createTeam);
    router.get('/api/teams/:teamId', { kind: 'org', action: 'teams:read' }, withTeam(getTeam));
    router.put('/api/teams/:teamId', { kind: 'org', action: 'teams:write' }, withTeam(updateTeam));
    router.delete('/api/teams/:teamId', { kind: 'org', action: 'teams:delete' }, withTeam(deleteTeam));
    const members = '/api/teams/:teamId/members';
    router.get(members, { kind: 'org', action: 'teams.permissions:read' }, withTeam(getMembers));
    router.post(members, { kind: 'org', action: 'teams.permissions:write' }, withTeam(addMember));
    router.put(`${members}/:userId`, { kind: 'org', action: 'teams.permissions:write' }, withTeam(setMember));
    router.delete(
      `${members}/:userId`,
      { kind: 'org', action: 'teams.permissions:write' },
      withTeam(removeMember),
    );
    const preferences = '/api/teams/:teamId/preferences';
    router.get(preferences, { kind: 'org', action: 'teams:read' }, withTeam(getPreferences));
    router.put(preferences, { kind: 'org', action: 'teams:write' }, withTeam(setPreferences));
  },
};

type TeamHandler = (ctx: RequestContext, team: TeamRecord) => Reply;

/** The team-uid middleware, then the handler's own lookup of the id (404 either way). */
function withTeam(handler: TeamHandler) {
  return (ctx: RequestContext): Reply => {
    const param = ctx.params.teamId ?? '';
    const teams = accessOf(ctx.org()).teams;
    const id = parseGoInt(param);
    if (id === undefined) {
      const byUid = [...teams.values()].find((t) => t.uid === param);
      return byUid ? handler(ctx, byUid) : messageError(404, 'Not found');
    }
    const team = teams.get(id);
    return team ? handler(ctx, team) : messageError(404, 'Team not found', true);
  };
}

function teamDto(ctx: RequestContext, team: TeamRecord) {
  return {
    id: team.id,
    uid: team.uid,
    orgId: team.orgId,
    name: team.name,
    email: team.email,
    avatarUrl: avatarUrl(team.email || team.name),
    memberCount: liveMembers(teamUsers(ctx), extrasOf(ctx.org()).membersOf(team.id)).length,
    permission: 0,
  };
}

/** `SearchTeams`: `name` is an exact match, `query` a substring; 1-based pages of `perpage` (default 1000). */
function searchTeams(ctx: RequestContext): Reply {
  const name = ctx.query.get('name');
  const query = (ctx.query.get('query') ?? '').toLowerCase();
  const perPageParam = parseGoInt(ctx.query.get('perpage')) ?? 0;
  const perPage = perPageParam <= 0 ? 1000 : perPageParam;
  const pageParam = parseGoInt(ctx.query.get('page')) ?? 0;
  const page = pageParam <= 0 ? 1 : pageParam;
  const org = ctx.org();
  const matching = [...accessOf(org).teams.values()]
    .filter((t) => (name ? t.name === name : true))
    .filter((t) => query === '' || t.name.toLowerCase().includes(query))
    .sort((a, b) => compareStrings(a.name, b.name));
  return json(200, {
    totalCount: matching.length,
    teams: matching.slice((page - 1) * perPage, page * perPage).map((t) => teamDto(ctx, t)),
    page,
    perPage,
  });
}

const teamSchema = { name: { kind: 'string', required: true }, email: { kind: 'string' } } as const;

/** `CreateTeam`: `{"message":"Team created","teamId":N,"uid":"..."}`; 409 for a taken name. */
function createTeam(ctx: RequestContext): Reply {
  const bound = ctx.bind(teamSchema);
  if (!bound.ok) return bound.reply;
  const org = ctx.org();
  const store = accessOf(org);
  const name = bound.value.name ?? '';
  if ([...store.teams.values()].some((t) => t.name === name))
    return messageError(409, 'Team name taken', true);
  const team = store.addTeam(name, bound.value.email ?? '');
  if (ctx.identity?.kind === 'user') extrasOf(org).membersOf(team.id).set(ctx.identity.user.id, 4);
  return json(200, { message: 'Team created', teamId: team.id, uid: team.uid });
}

function getTeam(ctx: RequestContext, team: TeamRecord): Reply {
  return json(200, teamDto(ctx, team));
}

/** `UpdateTeam`: name and e-mail; the command has no `binding:"Required"`. */
function updateTeam(ctx: RequestContext, team: TeamRecord): Reply {
  const bound = ctx.bind({ name: { kind: 'string' }, email: { kind: 'string' } } as const);
  if (!bound.ok) return bound.reply;
  const name = bound.value.name ?? '';
  const teams = accessOf(ctx.org()).teams;
  if ([...teams.values()].some((t) => t.id !== team.id && t.name === name))
    return messageError(400, 'Team name taken', true);
  teams.set(team.id, { ...team, name, email: bound.value.email ?? '' });
  return success('Team updated');
}

function deleteTeam(ctx: RequestContext, team: TeamRecord): Reply {
  const org = ctx.org();
  accessOf(org).teams.delete(team.id);
  extrasOf(org).forget(team.id);
  return success('Team deleted');
}

/** Users by id, for the join Grafana's member query makes (a deleted user is no member). */
function teamUsers(ctx: RequestContext) {
  return new Map([...ctx.state.users.values()].map((u) => [u.id, u]));
}

function liveMembers(users: ReturnType<typeof teamUsers>, members: Map<number, TeamPermission>) {
  return [...members].filter(([userId]) => users.has(userId));
}

function getMembers(ctx: RequestContext, team: TeamRecord): Reply {
  const org = ctx.org();
  const users = teamUsers(ctx);
  return json(
    200,
    liveMembers(users, extrasOf(org).membersOf(team.id)).map(([userId, permission]) => {
      const user = users.get(userId)!;
      return {
        orgId: org.id,
        teamId: team.id,
        teamUID: team.uid,
        userId,
        userUID: user.uid,
        auth_module: '',
        email: user.email,
        name: user.name,
        login: user.login,
        avatarUrl: avatarUrl(user.email),
        labels: [],
        permission,
      };
    }),
  );
}

function addMember(ctx: RequestContext, team: TeamRecord): Reply {
  const bound = ctx.bind({ userId: { kind: 'int', required: true } } as const);
  if (!bound.ok) return bound.reply;
  const userId = bound.value.userId ?? 0;
  const members = extrasOf(ctx.org()).membersOf(team.id);
  if (members.has(userId)) return messageError(400, 'User is already added to this team');
  // The resource-permission service refuses a user it cannot find.
  if (!teamUsers(ctx).has(userId)) return messageError(500, 'Failed to add Member to Team', true);
  members.set(userId, 0);
  return json(200, { message: 'Member added to Team' });
}

function setMember(ctx: RequestContext, team: TeamRecord): Reply {
  const bound = ctx.bind({ permission: { kind: 'int' } } as const);
  if (!bound.ok) return bound.reply;
  const userId = parseGoInt(ctx.params.userId);
  if (userId === undefined) return messageError(400, 'userId is invalid', true);
  const members = extrasOf(ctx.org()).membersOf(team.id);
  if (!members.has(userId)) return messageError(404, 'Team member not found.');
  members.set(userId, bound.value.permission === 4 ? 4 : 0);
  return success('Team member updated');
}

function removeMember(ctx: RequestContext, team: TeamRecord): Reply {
  const userId = parseGoInt(ctx.params.userId);
  if (userId === undefined) return messageError(400, 'userId is invalid', true);
  const members = extrasOf(ctx.org()).membersOf(team.id);
  if (!members.delete(userId)) return messageError(404, 'Team member not found');
  return success('Team Member removed');
}

function getPreferences(ctx: RequestContext, team: TeamRecord): Reply {
  return preferencesAnswer(extrasOf(ctx.org()).preferences.get(team.id));
}

function setPreferences(ctx: RequestContext, team: TeamRecord): Reply {
  const prefs = boundPreferences(ctx);
  if ('status' in prefs) return prefs;
  extrasOf(ctx.org()).preferences.set(team.id, prefs);
  return success('Preferences updated');
}
