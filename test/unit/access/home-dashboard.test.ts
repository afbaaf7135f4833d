import { describe, expect, it } from '@jest/globals';
import { writeHomePreferences } from '../../../src/access/home-dashboard.js';
import type { TeamPreferences } from '../../../src/access/team-members.js';
import { GrafanaNotFoundError, GrafanaValidationError } from '../../../src/grafana/index.js';
import { ObjectError } from '../../../src/lib/object-error.js';

const none: TeamPreferences = { theme: '', homeDashboardUID: '', timezone: '', weekStart: '' };
const wanted: TeamPreferences = { theme: 'dark', homeDashboardUID: 'home', timezone: 'utc', weekStart: '' };

/** A PUT that refuses every home dashboard but those of `dashboards`, as Grafana does (§17.4). */
function grafana(dashboards: string[] = []) {
  const puts: TeamPreferences[] = [];
  const put = async (preferences: TeamPreferences) => {
    if (preferences.homeDashboardUID !== '' && !dashboards.includes(preferences.homeDashboardUID))
      throw new GrafanaNotFoundError({
        method: 'PUT',
        route: '/api/org/preferences',
        status: 404,
        grafanaMessage: 'Dashboard not found',
        body: {},
      });
    puts.push(preferences);
  };
  return { puts, put };
}

describe('writeHomePreferences', () => {
  it('writes the preferences when they differ, and nothing when they do not', async () => {
    const g = grafana(['home']);
    expect(await writeHomePreferences(g.put, { preferences: wanted }, none)).toBeUndefined();
    expect(await writeHomePreferences(g.put, { preferences: wanted }, wanted)).toBeUndefined();
    expect(await writeHomePreferences(g.put, {}, none)).toBeUndefined();
    expect(g.puts).toEqual([wanted]);
  });

  it('a home dashboard Grafana does not have: the rest is written and the owner waits (DependencyNotReady)', async () => {
    const g = grafana();
    const unfinished = await writeHomePreferences(g.put, { preferences: wanted }, undefined);
    expect(unfinished).toEqual(
      new ObjectError(
        'DependencyNotReady',
        'preferences: Grafana has no dashboard with uid "home" in this org for the home dashboard; the other preferences are written, the home dashboard once it exists',
      ),
    );
    expect(g.puts).toEqual([{ ...wanted, homeDashboardUID: '' }]);
    // Tried again, the rest already in place: the one PUT Grafana refuses, no other.
    await writeHomePreferences(g.put, { preferences: wanted }, { ...wanted, homeDashboardUID: '' });
    expect(g.puts).toHaveLength(1);
  });

  it('a reference not resolved yet: what is written leaves the home dashboard unset, and the owner waits', async () => {
    const g = grafana();
    const preferences = { ...wanted, homeDashboardUID: '' };
    const waiting = 'preferences.homeDashboardRef: waiting for GrafanaDashboard "home" to be synced';
    const home = { preferences, homeDashboardWaiting: waiting };
    expect(await writeHomePreferences(g.put, home, none)).toEqual(
      new ObjectError('DependencyNotReady', waiting),
    );
    expect(await writeHomePreferences(g.put, home, preferences)).toEqual(
      new ObjectError('DependencyNotReady', waiting),
    );
    expect(g.puts).toEqual([preferences]);
  });

  it('any other refusal is thrown as it is', async () => {
    const invalid = new GrafanaValidationError({
      method: 'PUT',
      route: '/api/org/preferences',
      status: 400,
      grafanaMessage: 'Invalid theme',
      body: {},
    });
    const put = () => Promise.reject(invalid);
    await expect(writeHomePreferences(put, { preferences: wanted }, none)).rejects.toBe(invalid);
  });
});
