/**
 * A GrafanaTeam's members and preferences as pure functions: the spec's members resolved against
 * the org's users, both sides in one form (user id, admin or not), what differs, and the calls
 * that make Grafana's membership the spec's.
 */
import type { GrafanaTeamSpec } from '../api/generated/index.js';
import {
  TEAM_PERMISSION,
  type GrafanaOrgUser,
  type GrafanaTeamMember,
  type GrafanaTeamPreferences,
  type TeamPreferencesInput,
} from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';

type SpecMember = NonNullable<GrafanaTeamSpec['members']>[number];

/** One member of the team: a user of the org, and whether a team admin. */
export interface TeamMember {
  userId: number;
  admin: boolean;
  /** How messages name the user: the spec's login or e-mail, Grafana's login. */
  name: string;
}

/** The managed preferences, `''` where Grafana's default applies. */
export type TeamPreferences = TeamPreferencesInput;

/** The spec's members by user id, and the logins and e-mails that name no user of the org. */
export interface ResolvedMembers {
  members: TeamMember[];
  missing: string[];
}

/**
 * The spec's members as users of the org, sorted by user id. Logins and e-mails are compared
 * without regard to letter case. A user named twice (by login and by e-mail, say) is InvalidSpec.
 */
export function resolveMembers(
  spec: readonly SpecMember[],
  users: readonly GrafanaOrgUser[],
): ResolvedMembers {
  const byLogin = new Map(users.map((u) => [u.login.toLowerCase(), u]));
  const byEmail = new Map(users.filter((u) => u.email !== '').map((u) => [u.email.toLowerCase(), u]));
  const members = new Map<number, TeamMember>();
  const missing: string[] = [];
  for (const entry of spec) {
    const name = entry.login !== undefined ? `login "${entry.login}"` : `e-mail "${entry.email}"`;
    const user =
      entry.login !== undefined
        ? byLogin.get(entry.login.toLowerCase())
        : byEmail.get((entry.email ?? '').toLowerCase());
    if (!user) {
      missing.push(name);
      continue;
    }
    const earlier = members.get(user.userId);
    if (earlier) {
      throw new ObjectError(
        'InvalidSpec',
        `spec.members names user ${user.login} twice (${earlier.name} and ${name}); list each member once`,
      );
    }
    members.set(user.userId, { userId: user.userId, admin: entry.admin ?? false, name });
  }
  return { members: [...members.values()].sort((a, b) => a.userId - b.userId), missing };
}

/** Why members are missing, as DependencyNotReady says it. */
export function missingMembers(missing: readonly string[], orgId: number): ObjectError {
  const users = missing.length === 1 ? `no user with ${missing[0]}` : `no users with ${missing.join(', ')}`;
  return new ObjectError(
    'DependencyNotReady',
    `spec.members: ${users} in org ${orgId} of this Grafana; a member must be a user of the org`,
  );
}

/** Grafana's members in the same form, sorted by user id. */
export function observedMembers(members: readonly GrafanaTeamMember[]): TeamMember[] {
  return members
    .map((m) => ({ userId: m.userId, admin: m.permission === TEAM_PERMISSION.Admin, name: m.login }))
    .sort((a, b) => a.userId - b.userId);
}

/** What makes `observed` the `desired` membership: users to add, to remove, and to give another permission. */
export interface MembershipChanges {
  add: TeamMember[];
  remove: TeamMember[];
  /** Members whose admin flag changes, and added admins (a POST adds a plain member). */
  permission: TeamMember[];
}

export function membershipChanges(
  desired: readonly TeamMember[],
  observed: readonly TeamMember[],
): MembershipChanges {
  const current = new Map(observed.map((m) => [m.userId, m]));
  const wanted = new Set(desired.map((m) => m.userId));
  const add = desired.filter((m) => !current.has(m.userId));
  const permission = desired.filter((m) => {
    const now = current.get(m.userId);
    return now ? now.admin !== m.admin : m.admin;
  });
  return { add, remove: observed.filter((m) => !wanted.has(m.userId)), permission };
}

/** The spec's preferences, every managed field present; undefined when the spec leaves them alone. */
export function desiredPreferences(spec: GrafanaTeamSpec['preferences']): TeamPreferences | undefined {
  if (!spec) return undefined;
  return preferencesOf(spec);
}

/** Grafana's answer in the same form: an absent field is the default. */
export function preferencesOf(answer: GrafanaTeamPreferences): TeamPreferences {
  return {
    theme: answer.theme ?? '',
    homeDashboardUID: answer.homeDashboardUID ?? '',
    timezone: answer.timezone ?? '',
    weekStart: answer.weekStart ?? '',
  };
}

/** The managed preferences that differ, as `preferences.<field>`. */
export function preferencesDrift(desired: TeamPreferences, observed: TeamPreferences): string[] {
  return (Object.keys(desired) as Array<keyof TeamPreferences>)
    .filter((field) => desired[field] !== observed[field])
    .map((field) => `preferences.${field}`);
}

/** The members that differ, each named: `members (bob added, login "alice" removed)`. */
export function membersDrift(desired: readonly TeamMember[], observed: readonly TeamMember[]): string[] {
  const { add, remove, permission } = membershipChanges(desired, observed);
  const changes = [
    ...remove.map((m) => `${m.name} added`),
    ...add.map((m) => `${m.name} removed`),
    ...permission
      .filter((m) => !add.includes(m))
      .map((m) => `${m.name} ${m.admin ? 'no longer admin' : 'made admin'}`),
  ];
  return changes.length > 0 ? [`members (${changes.join(', ')})`] : [];
}
