import { describe, expect, it } from '@jest/globals';
import {
  desiredPreferences,
  membersDrift,
  membershipChanges,
  missingMembers,
  observedMembers,
  preferencesDrift,
  preferencesOf,
  resolveMembers,
  type TeamMember,
} from '../../../src/access/team-members.js';
import type { GrafanaOrgUser, GrafanaTeamMember } from '../../../src/grafana/index.js';
import { ObjectError } from '../../../src/lib/object-error.js';

const user = (userId: number, login: string, email = `${login}@example.com`): GrafanaOrgUser => ({
  orgId: 1,
  userId,
  login,
  email,
  name: login,
  role: 'Viewer',
});

const USERS = [user(3, 'alice'), user(7, 'bob', 'Bob@Example.com'), user(9, 'noemail', '')];

const member = (userId: number, name: string, admin = false): TeamMember => ({ userId, admin, name });

describe('resolveMembers', () => {
  it('finds users by login or e-mail, letter case aside, sorted by user id', () => {
    expect(resolveMembers([{ email: 'bob@example.COM', admin: true }, { login: 'ALICE' }], USERS)).toEqual({
      members: [member(3, 'login "ALICE"'), member(7, 'e-mail "bob@example.COM"', true)],
      missing: [],
    });
  });

  it('names every login and e-mail that is no user of the org', () => {
    const { members, missing } = resolveMembers(
      [{ login: 'alice' }, { login: 'carol' }, { email: 'dave@example.com' }, { email: '' }],
      USERS,
    );
    expect(members).toEqual([member(3, 'login "alice"')]);
    // A user without an e-mail is not found by the empty one.
    expect(missing).toEqual(['login "carol"', 'e-mail "dave@example.com"', 'e-mail ""']);
  });

  it('refuses a user named twice, saying by what', () => {
    expect(() => resolveMembers([{ login: 'bob' }, { email: 'bob@example.com' }], USERS)).toThrow(
      new ObjectError(
        'InvalidSpec',
        'spec.members names user bob twice (login "bob" and e-mail "bob@example.com"); list each member once',
      ),
    );
  });
});

describe('missingMembers', () => {
  it('is DependencyNotReady naming the users and the org', () => {
    expect(missingMembers(['login "carol"'], 2)).toEqual(
      new ObjectError(
        'DependencyNotReady',
        'spec.members: no user with login "carol" in org 2 of this Grafana; a member must be a user of the org',
      ),
    );
    expect(missingMembers(['login "carol"', 'e-mail "d@x"'], 1).message).toMatch(
      /^spec\.members: no users with login "carol", e-mail "d@x" in org 1 /,
    );
  });
});

describe('observedMembers', () => {
  it('reads permission 4 as admin and sorts by user id', () => {
    const dto = (userId: number, login: string, permission: number): GrafanaTeamMember => ({
      orgId: 1,
      teamId: 1,
      userId,
      login,
      email: '',
      name: '',
      permission,
    });
    expect(observedMembers([dto(7, 'bob', 0), dto(3, 'alice', 4)])).toEqual([
      member(3, 'alice', true),
      member(7, 'bob'),
    ]);
  });
});

describe('membershipChanges and membersDrift', () => {
  const desired = [member(3, 'login "alice"', true), member(7, 'login "bob"')];

  it('find nothing when Grafana has the same members with the same permissions', () => {
    const observed = [member(3, 'alice', true), member(7, 'bob')];
    expect(membershipChanges(desired, observed)).toEqual({ add: [], remove: [], permission: [] });
    expect(membersDrift(desired, observed)).toEqual([]);
  });

  it('add the missing, remove the extra, and set the permission of added admins and changed members', () => {
    const observed = [member(7, 'bob', true), member(12, 'mallory')];
    expect(membershipChanges(desired, observed)).toEqual({
      add: [desired[0]],
      remove: [observed[1]],
      permission: [desired[0], desired[1]],
    });
    expect(membersDrift(desired, observed)).toEqual([
      'members (mallory added, login "alice" removed, login "bob" made admin)',
    ]);
  });

  it('name a member made admin in Grafana', () => {
    expect(membersDrift([member(7, 'login "bob"')], [member(7, 'bob', true)])).toEqual([
      'members (login "bob" made admin)',
    ]);
  });
});

describe('preferences', () => {
  it('are not managed without spec.preferences; set, a field left out is the default', () => {
    expect(desiredPreferences(undefined)).toBeUndefined();
    expect(desiredPreferences({ theme: 'dark' })).toEqual({
      theme: 'dark',
      homeDashboardUID: '',
      timezone: '',
      weekStart: '',
    });
  });

  it("read Grafana's answer, where a field not set is absent, in the same form", () => {
    expect(preferencesOf({ timezone: 'utc', language: 'de-DE' })).toEqual({
      theme: '',
      homeDashboardUID: '',
      timezone: 'utc',
      weekStart: '',
    });
  });

  it('drift by field', () => {
    const desired = desiredPreferences({ theme: 'dark', weekStart: 'monday' })!;
    expect(preferencesDrift(desired, preferencesOf({ theme: 'dark', weekStart: 'monday' }))).toEqual([]);
    expect(preferencesDrift(desired, preferencesOf({ theme: 'light', timezone: 'utc' }))).toEqual([
      'preferences.theme',
      'preferences.timezone',
      'preferences.weekStart',
    ]);
  });
});
