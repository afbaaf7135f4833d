import {
  GrafanaDashboardResource,
  GrafanaTeamResource,
  grafanaTeamSpecSchema,
  type GrafanaTeam,
  type GrafanaTeamSpec,
} from '../api/generated/index.js';
import { desiredHomePreferences } from '../access/home-dashboard.js';
import { missingMembers, observedMembers, preferencesOf, resolveMembers } from '../access/team-members.js';
import { diffTeam, findTeam, writeTeam, type DesiredTeam, type ObservedTeam } from '../access/team.js';
import {
  teamKey,
  teamRef,
  type GrafanaOrgUser,
  type GrafanaTeam as GrafanaTeamDto,
} from '../grafana/index.js';
import { teamList } from '../access/grantee-lists.js';
import { grafanaName, takenMeanwhile, type ObjectKind, showName, writtenUid } from '../sync/object-kind.js';
import type { InstanceTarget } from '../sync/targets.js';

/** Users change rarely: one list per instance per minute serves every team. */
const USERS_MAX_AGE_MS = 60_000;

/**
 * GrafanaTeam: a team in the org, its exact members and, when the spec has them, its preferences
 * (contract §17). Grafana gives a team its uid; `status.instances[].uid` records it per instance,
 * and a team found there is this object's. A team with the spec's name that the object did not
 * write is a Conflict until spec.adopt, as team names are unique per org (also claimed among
 * objects here). Teams come from one list per instance; members cost one GET per team and
 * preferences one more where the spec manages them.
 */
export const grafanaTeamKind: ObjectKind<
  GrafanaTeamSpec,
  GrafanaTeam,
  DesiredTeam,
  ObservedTeam,
  GrafanaTeamDto
> = {
  resource: GrafanaTeamResource,
  specSchema: grafanaTeamSpecSchema,
  list: teamList,
  watches: [GrafanaDashboardResource],

  async desired(context, target) {
    const { spec } = context.object;
    const named = spec.members ?? [];
    // A team without members needs no user list.
    const lookUp = async (afterMiss: boolean) =>
      resolveMembers(named, named.length > 0 ? await orgUsers(target, afterMiss) : []);
    let resolved = await lookUp(false);
    // A login or e-mail not found may be a new user: looked up again in a fresher list.
    if (resolved.missing.length > 0) resolved = await lookUp(true);
    if (resolved.missing.length > 0) throw missingMembers(resolved.missing, target.orgId);
    return {
      name: grafanaName(context.object),
      email: spec.email ?? '',
      members: resolved.members,
      ...(await desiredHomePreferences(context, spec.preferences, target.name)),
    };
  },

  claims: ({ name }) => [`name:${name}`],

  async observe({ target, desired, record }) {
    const teams = [...(await teamList.on(target).items()).values()];
    const found = findTeam(teams, writtenUid(record), desired.name);
    if (!found) return undefined;
    const ref = teamRef(found.team);
    const members = observedMembers(await target.api.teams.members(ref));
    const preferences = desired.preferences && preferencesOf(await target.api.teams.preferences(ref));
    return { ...found, members, ...(preferences ? { preferences } : {}) };
  },

  owns: ({ recorded, team }) =>
    recorded
      ? { ours: true }
      : {
          ours: false,
          message: `team "${team.name}" (uid ${teamKey(team)}) already exists in this Grafana org and was not created by this object; set spec.adopt: true to take it over`,
        },

  diff: diffTeam,

  async write({ target, desired, observed }) {
    try {
      const { team, unfinished } = await writeTeam(target.api, desired, observed);
      return { uid: teamKey(team), listed: team, ...(unfinished ? { unfinished } : {}) };
    } catch (err) {
      // A rename onto a name another team took since the list was read.
      throw takenMeanwhile(
        err,
        observed !== undefined,
        `team name "${desired.name}" is taken in this Grafana org by another team`,
      );
    }
  },

  async remove(target, uid) {
    // Not in a list read now: already gone (the layer takes it off the list either way).
    const team = await teamList.on(target).getListedNow(uid);
    if (team) await target.api.teams.delete(teamRef(team));
  },

  describe: (observed) => ({ uid: teamKey(observed.team) }),
  shown: showName,
};

/** The org's users, from a per-instance list (read again sooner after a miss). */
async function orgUsers(target: InstanceTarget, afterMiss: boolean): Promise<GrafanaOrgUser[]> {
  const load = async () =>
    (await target.api.orgUsers.list()).map((u): [string, GrafanaOrgUser] => [String(u.userId), u]);
  const users = afterMiss
    ? await target.snapshots.getAfterMiss<GrafanaOrgUser>('org-users', load)
    : await target.snapshots.get<GrafanaOrgUser>('org-users', load, USERS_MAX_AGE_MS);
  return [...users.values()];
}
