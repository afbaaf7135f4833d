/**
 * GrafanaOrganization's model: the org as the spec wants it, as Grafana holds it, and what differs
 * (contract §19). Pure: members are matched by login or e-mail against the org's users as
 * `GET /api/orgs/:orgId/users` lists them, so a user outside the org needs no lookup until it is
 * added (`POST` takes a login or an e-mail, §19.2).
 */
import type { GrafanaOrganizationSpec } from '../api/generated/index.js';
import type { GrafanaOrgListItem, GrafanaOrgRole, GrafanaOrgUser } from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import { preferencesDrift, type TeamPreferences } from './team-members.js';

/** A member as the spec names it. */
export type OrgMemberSpec = NonNullable<GrafanaOrganizationSpec['members']>[number];

export interface DesiredOrg {
  name: string;
  /** Exactly these members; undefined: the org's members are left as they are. */
  members?: OrgMemberSpec[];
  /** Undefined: the org's preferences are left as they are. */
  preferences?: TeamPreferences;
  /** Why the home dashboard of `preferences.homeDashboardRef` is not in `preferences` yet. */
  homeDashboardWaiting?: string;
  /** The login the instance acts as: always kept an Admin of the org (§19.2). */
  self: string;
}

export interface ObservedOrg {
  org: GrafanaOrgListItem;
  /** Found by the id this object recorded (else by its name). */
  recorded: boolean;
  users: GrafanaOrgUser[];
  /** Read only where the spec manages them. */
  preferences?: TeamPreferences;
}

export interface MemberChanges {
  add: Array<{ loginOrEmail: string; role: GrafanaOrgRole; name: string }>;
  role: Array<{ userId: number; role: GrafanaOrgRole; name: string; was: string }>;
  remove: Array<{ userId: number; name: string }>;
}

const same = (a: string, b: string | undefined) => b !== undefined && a.toLowerCase() === b.toLowerCase();

/** How a message names a member of the spec. */
export function memberName(member: OrgMemberSpec): string {
  return member.login !== undefined ? `login "${member.login}"` : `email "${member.email ?? ''}"`;
}

function matches(member: OrgMemberSpec, user: GrafanaOrgUser): boolean {
  return member.login !== undefined ? same(member.login, user.login) : same(member.email ?? '', user.email);
}

/**
 * The spec may list the instance's own user only as an Admin: it stays one whatever the spec says,
 * because the org's preferences are written as a member of the org (§19.3).
 */
export function checkSelf(desired: DesiredOrg, selfEmail: string, instance: string): void {
  const self = (desired.members ?? []).find(
    (m) => same(desired.self, m.login) || (selfEmail !== '' && same(selfEmail, m.email)),
  );
  if (self && self.role !== 'Admin')
    throw new ObjectError(
      'InvalidSpec',
      `members: ${memberName(self)} is the user GrafanaInstance ${instance} acts as, which stays an Admin of the org (the org's preferences are written as a member of it); list it as Admin or leave it out`,
    );
}

/**
 * The writes that make the org's users what `desired` says: the instance's own user first (added
 * or made Admin), promotions to Admin before other role changes and removals last, so the org
 * never passes through a state without an Admin (Grafana's last-admin rule, §19.2).
 */
export function memberChanges(desired: DesiredOrg, users: readonly GrafanaOrgUser[]): MemberChanges {
  const changes: MemberChanges = { add: [], role: [], remove: [] };
  const selfUser = users.find((u) => same(desired.self, u.login));
  if (!selfUser)
    changes.add.push({ loginOrEmail: desired.self, role: 'Admin', name: `login "${desired.self}"` });
  else if (selfUser.role !== 'Admin')
    changes.role.push({
      userId: selfUser.userId,
      role: 'Admin',
      name: `login "${selfUser.login}"`,
      was: selfUser.role,
    });
  if (desired.members === undefined) return changes;
  const kept = new Set<number>(selfUser ? [selfUser.userId] : []);
  for (const member of desired.members) {
    const user = users.find((u) => matches(member, u));
    if (user && user === selfUser) continue;
    if (!user) {
      changes.add.push({
        loginOrEmail: member.login ?? member.email ?? '',
        role: member.role,
        name: memberName(member),
      });
      continue;
    }
    kept.add(user.userId);
    if (user.role !== member.role)
      changes.role.push({ userId: user.userId, role: member.role, name: memberName(member), was: user.role });
  }
  changes.role.sort((a, b) => Number(b.role === 'Admin') - Number(a.role === 'Admin'));
  for (const user of users)
    if (!kept.has(user.userId)) changes.remove.push({ userId: user.userId, name: `login "${user.login}"` });
  return changes;
}

/** The members that differ, each named as in Grafana's drift: `members (login "bob" added, …)`. */
export function orgMembersDrift(desired: DesiredOrg, users: readonly GrafanaOrgUser[]): string[] {
  const { add, role, remove } = memberChanges(desired, users);
  const changes = [
    ...remove.map((m) => `${m.name} added`),
    ...add.map((m) => `${m.name} removed`),
    ...role.map((m) => `${m.name} made ${m.was}`),
  ];
  return changes.length > 0 ? [`members (${changes.join(', ')})`] : [];
}

/** Fields where Grafana's org differs from the spec. */
export function diffOrg(desired: DesiredOrg, observed: ObservedOrg): string[] {
  return [
    ...(desired.name !== observed.org.name ? ['name'] : []),
    ...orgMembersDrift(desired, observed.users),
    ...(desired.preferences && observed.preferences
      ? preferencesDrift(desired.preferences, observed.preferences)
      : []),
  ];
}

/**
 * The org this object manages: the one it recorded (by id), else the one with the spec's name
 * (Grafana's names are unique per server, §3), which is only this object's with spec.adopt.
 */
export function findOrg(
  orgs: readonly GrafanaOrgListItem[],
  recordedId: string | undefined,
  name: string,
): { org: GrafanaOrgListItem; recorded: boolean } | undefined {
  const recorded = recordedId !== undefined ? orgs.find((o) => String(o.id) === recordedId) : undefined;
  if (recorded) return { org: recorded, recorded: true };
  const named = orgs.find((o) => o.name === name);
  return named && { org: named, recorded: false };
}

/** Org 1 exists from Grafana's first start and holds the server's defaults: it is never deleted. */
export const MAIN_ORG_ID = 1;

export function mainOrgRefused(policy: string | undefined): ObjectError {
  return new ObjectError(
    'MainOrgNotDeletable',
    `org ${MAIN_ORG_ID} is Grafana's main org, which the operator never deletes${
      policy === 'Orphan' ? '' : '; an object that manages it must set spec.deletionPolicy: Orphan'
    }`,
  );
}
