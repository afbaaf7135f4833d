/**
 * A GrafanaTeam's team as desired and as found in Grafana, what differs between them, and how it is
 * written: the team (created, or renamed and its e-mail set), then its members one call each
 * (contract §17.3), then its preferences when the spec manages them.
 */
import {
  TEAM_PERMISSION,
  teamKey,
  teamRef,
  type GrafanaApi,
  type GrafanaTeam,
  type TeamRef,
} from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import { writeHomePreferences } from './home-dashboard.js';
import {
  membersDrift,
  membershipChanges,
  observedMembers,
  preferencesDrift,
  type TeamMember,
  type TeamPreferences,
} from './team-members.js';

export interface DesiredTeam {
  name: string;
  email: string;
  /** Sorted by user id. */
  members: TeamMember[];
  /** Undefined: the team's preferences are not managed. */
  preferences?: TeamPreferences;
  /** Why the home dashboard of `preferences.homeDashboardRef` is not in `preferences` yet. */
  homeDashboardWaiting?: string;
}

export interface ObservedTeam {
  team: GrafanaTeam;
  members: TeamMember[];
  /** Read only when the spec manages preferences. */
  preferences?: TeamPreferences;
  /** The team this object wrote last on the instance (its recorded uid). */
  recorded: boolean;
}

/** The fields where Grafana's team differs from the desired one; [] = in sync. */
export function diffTeam(desired: DesiredTeam, observed: ObservedTeam): string[] {
  const drift: string[] = [];
  if (observed.team.name !== desired.name) drift.push('name');
  if (observed.team.email !== desired.email) drift.push('email');
  drift.push(...membersDrift(desired.members, observed.members));
  if (desired.preferences)
    drift.push(...preferencesDrift(desired.preferences, observed.preferences ?? desired.preferences));
  return drift;
}

/**
 * The team this object manages among the org's: the one it wrote (`written`, its recorded uid),
 * else the one with the spec's name; a rename onto the name of another team is a Conflict.
 */
export function findTeam(
  teams: readonly GrafanaTeam[],
  written: string | undefined,
  name: string,
): { team: GrafanaTeam; recorded: boolean } | undefined {
  const mine = teams.find((team) => teamKey(team) === written);
  const named = teams.find((team) => team.name === name);
  if (mine && named && named !== mine) {
    throw new ObjectError(
      'Conflict',
      `cannot rename team "${mine.name}" to "${name}": another team in this Grafana org has that name (uid ${teamKey(named)})`,
    );
  }
  const team = mine ?? named;
  return team && { team, recorded: team === mine };
}

const NO_PREFERENCES: TeamPreferences = { theme: '', homeDashboardUID: '', timezone: '', weekStart: '' };

/** The team as Grafana holds it, and why it still waits for its home dashboard. */
export interface WrittenTeam {
  team: GrafanaTeam;
  unfinished?: ObjectError;
}

/** Creates or updates the team, then its members and preferences. */
export async function writeTeam(
  api: GrafanaApi,
  desired: DesiredTeam,
  observed: ObservedTeam | undefined,
): Promise<WrittenTeam> {
  const { name, email } = desired;
  if (observed) {
    let team = observed.team;
    if (team.name !== name || team.email !== email) {
      await api.teams.update(teamRef(team), { name, email });
      team = { ...team, name, email };
    }
    return complete(api, desired, team, observed);
  }
  // A name taken meanwhile is a 409 (GrafanaAlreadyExistsError): the sync layer observes again.
  const created = await api.teams.create({ name, email });
  try {
    // Read back for the uid, which not every release's answer carries (§17.1), and the members:
    // a user who creates a team becomes its admin.
    const team = await api.teams.get(created.teamId);
    const members = observedMembers(await api.teams.members(created.teamId));
    return await complete(api, desired, team, { members });
  } catch (err) {
    // Only a write that succeeds is recorded as this object's: a team left half made would be
    // found by its name next time and taken for someone else's (a Conflict). Best effort: if the
    // delete fails too, that Conflict says what to do. A home dashboard Grafana does not have yet
    // is no failure (home-dashboard.ts): a dashboard may wait for this team (its permissions).
    await api.teams.delete(created.teamId).catch(() => undefined);
    throw err;
  }
}

/** The team's members, then its preferences where the spec manages them and they differ. */
async function complete(
  api: GrafanaApi,
  desired: DesiredTeam,
  team: GrafanaTeam,
  observed: Pick<ObservedTeam, 'members' | 'preferences'>,
): Promise<WrittenTeam> {
  await applyMembership(api, teamRef(team), desired.members, observed.members);
  const unfinished = await writeHomePreferences(
    (preferences) => api.teams.setPreferences(teamRef(team), preferences),
    desired,
    observed.preferences ?? NO_PREFERENCES,
  );
  const written = { ...team, memberCount: desired.members.length };
  return unfinished ? { team: written, unfinished } : { team: written };
}

async function applyMembership(
  api: GrafanaApi,
  team: TeamRef,
  desired: readonly TeamMember[],
  observed: readonly TeamMember[],
): Promise<void> {
  const { add, remove, permission } = membershipChanges(desired, observed);
  for (const member of add) await api.teams.addMember(team, member.userId);
  for (const member of permission) {
    const level = member.admin ? TEAM_PERMISSION.Admin : TEAM_PERMISSION.Member;
    await api.teams.setMemberPermission(team, member.userId, level);
  }
  for (const member of remove) await api.teams.removeMember(team, member.userId);
}
