import { describe, expect, it } from '@jest/globals';
import { diffTeam, findTeam, type DesiredTeam, type ObservedTeam } from '../../../src/access/team.js';
import type { GrafanaTeam } from '../../../src/grafana/index.js';
import { ObjectError } from '../../../src/lib/object-error.js';

const team = (id: number, name: string, email = ''): GrafanaTeam => ({
  id,
  uid: `t${id}`,
  orgId: 1,
  name,
  email,
  memberCount: 0,
});

describe('findTeam', () => {
  const teams = [team(1, 'platform'), team(2, 'oncall')];

  it('is the team the object wrote, under its recorded uid, also when the spec renames it', () => {
    expect(findTeam(teams, 't1', 'platform')).toEqual({ team: teams[0], recorded: true });
    expect(findTeam(teams, 't1', 'platform-team')).toEqual({ team: teams[0], recorded: true });
  });

  it("else the team with the spec's name, not recorded (a Conflict until spec.adopt)", () => {
    expect(findTeam(teams, undefined, 'oncall')).toEqual({ team: teams[1], recorded: false });
    // Deleted in Grafana since: found by name, or not at all.
    expect(findTeam(teams, 't9', 'oncall')).toEqual({ team: teams[1], recorded: false });
    expect(findTeam(teams, 't9', 'sre')).toBeUndefined();
  });

  it("refuses a rename onto another team's name, naming it", () => {
    expect(() => findTeam(teams, 't1', 'oncall')).toThrow(
      new ObjectError(
        'Conflict',
        'cannot rename team "platform" to "oncall": another team in this Grafana org has that name (uid t2)',
      ),
    );
  });
});

describe('diffTeam', () => {
  const desired: DesiredTeam = {
    name: 'platform',
    email: 'platform@example.com',
    members: [{ userId: 3, admin: false, name: 'login "alice"' }],
  };
  const observed = (changes: Partial<ObservedTeam> = {}): ObservedTeam => ({
    team: team(1, 'platform', 'platform@example.com'),
    members: [{ userId: 3, admin: false, name: 'alice' }],
    recorded: true,
    ...changes,
  });

  it('finds nothing when Grafana matches; preferences count only when the spec manages them', () => {
    expect(diffTeam(desired, observed())).toEqual([]);
    const preferences = { theme: 'dark', homeDashboardUID: '', timezone: '', weekStart: '' };
    expect(diffTeam(desired, observed({ preferences: { ...preferences, theme: 'light' } }))).toEqual([]);
    expect(diffTeam({ ...desired, preferences }, observed({ preferences }))).toEqual([]);
  });

  it('names each field that differs', () => {
    const preferences = { theme: 'dark', homeDashboardUID: '', timezone: '', weekStart: '' };
    expect(
      diffTeam(
        { ...desired, preferences },
        observed({
          team: team(1, 'renamed', 'other@example.com'),
          members: [],
          preferences: { ...preferences, theme: '' },
        }),
      ),
    ).toEqual(['name', 'email', 'members (login "alice" removed)', 'preferences.theme']);
  });
});
