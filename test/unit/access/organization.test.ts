import { describe, expect, it } from '@jest/globals';
import {
  checkSelf,
  diffOrg,
  findOrg,
  mainOrgRefused,
  memberChanges,
  type DesiredOrg,
} from '../../../src/access/organization.js';
import type { GrafanaOrgUser } from '../../../src/grafana/index.js';
import { ObjectError } from '../../../src/lib/object-error.js';

const user = (userId: number, login: string, role: string): GrafanaOrgUser => ({
  orgId: 2,
  userId,
  login,
  email: `${login}@example.com`,
  name: login,
  role,
});

const operator = user(1, 'operator', 'Admin');
const alice = user(2, 'alice', 'Editor');
const bob = user(3, 'bob', 'Viewer');

const desired = (members?: DesiredOrg['members']): DesiredOrg => ({
  name: 'platform',
  self: 'operator',
  ...(members ? { members } : {}),
});

describe('memberChanges', () => {
  it('nothing when the users are the spec, the instance user an unlisted Admin', () => {
    const spec = desired([
      { login: 'ALICE', role: 'Editor' },
      { email: 'Bob@Example.com', role: 'Viewer' },
    ]);
    expect(memberChanges(spec, [operator, alice, bob])).toEqual({ add: [], role: [], remove: [] });
  });

  it('adds the missing by login or e-mail, changes roles, removes the unlisted, never the instance user', () => {
    const spec = desired([
      { login: 'alice', role: 'Viewer' },
      { email: 'carol@example.com', role: 'Admin' },
    ]);
    expect(memberChanges(spec, [operator, alice, bob])).toEqual({
      add: [{ loginOrEmail: 'carol@example.com', role: 'Admin', name: 'email "carol@example.com"' }],
      role: [{ userId: 2, role: 'Viewer', name: 'login "alice"', was: 'Editor' }],
      remove: [{ userId: 3, name: 'login "bob"' }],
    });
  });

  it('adds the instance user as Admin first, or makes it Admin again, before anything else', () => {
    const spec = desired([{ login: 'alice', role: 'Admin' }]);
    expect(memberChanges(spec, [alice]).add[0]).toEqual({
      loginOrEmail: 'operator',
      role: 'Admin',
      name: 'login "operator"',
    });
    const demoted = memberChanges(spec, [user(1, 'operator', 'Viewer'), alice]);
    expect(demoted.role.map((r) => [r.userId, r.role])).toEqual([
      [1, 'Admin'],
      [2, 'Admin'],
    ]);
  });

  it('promotions to Admin come before other role changes (the org never lacks an Admin)', () => {
    const spec = desired([
      { login: 'alice', role: 'Viewer' },
      { login: 'bob', role: 'Admin' },
    ]);
    expect(memberChanges(spec, [operator, alice, bob]).role.map((r) => r.role)).toEqual(['Admin', 'Viewer']);
  });

  it('with members omitted, only the instance user is looked after', () => {
    expect(memberChanges(desired(), [alice, bob])).toEqual({
      add: [{ loginOrEmail: 'operator', role: 'Admin', name: 'login "operator"' }],
      role: [],
      remove: [],
    });
  });
});

describe('diffOrg', () => {
  it('names the name, each member change and each preference', () => {
    const spec: DesiredOrg = {
      ...desired([{ login: 'alice', role: 'Editor' }]),
      preferences: { theme: 'dark', homeDashboardUID: '', timezone: 'utc', weekStart: '' },
    };
    const observed = {
      org: { id: 2, name: 'platform-old' },
      recorded: true,
      users: [operator, user(2, 'alice', 'Admin'), bob],
      preferences: { theme: 'dark', homeDashboardUID: '', timezone: '', weekStart: '' },
    };
    expect(diffOrg(spec, observed)).toEqual([
      'name',
      'members (login "bob" added, login "alice" made Admin)',
      'preferences.timezone',
    ]);
    expect(
      diffOrg(spec, {
        ...observed,
        org: { id: 2, name: 'platform' },
        users: [operator, alice],
        preferences: spec.preferences!,
      }),
    ).toEqual([]);
  });
});

describe('findOrg', () => {
  const orgs = [
    { id: 1, name: 'Main Org.' },
    { id: 2, name: 'platform' },
  ];

  it('is the org recorded (by id, also when renamed), else the one with the name, not recorded', () => {
    expect(findOrg(orgs, '2', 'renamed')).toEqual({ org: orgs[1], recorded: true });
    expect(findOrg(orgs, undefined, 'platform')).toEqual({ org: orgs[1], recorded: false });
    expect(findOrg(orgs, '9', 'sre')).toBeUndefined();
  });
});

describe('checkSelf and mainOrgRefused', () => {
  it('refuses the instance user listed with a role other than Admin, by login or e-mail', () => {
    expect(() => checkSelf(desired([{ login: 'Operator', role: 'Viewer' }]), '', 'admin')).toThrow(
      /login "Operator" is the user GrafanaInstance admin acts as/,
    );
    expect(() =>
      checkSelf(desired([{ email: 'op@example.com', role: 'Editor' }]), 'op@example.com', 'admin'),
    ).toThrow(ObjectError);
    expect(() => checkSelf(desired([{ login: 'operator', role: 'Admin' }]), '', 'admin')).not.toThrow();
  });

  it('org 1 is never deleted: the reason, and what to set', () => {
    const refused = mainOrgRefused(undefined);
    expect(refused.reason).toBe('MainOrgNotDeletable');
    expect(refused.message).toMatch(/set spec\.deletionPolicy: Orphan$/);
    expect(mainOrgRefused('Orphan').message).not.toMatch(/Orphan/);
  });
});
