/**
 * The home dashboard of an org's or a team's preferences (contract §17.4, §19.3), by uid or by
 * reference to a GrafanaDashboard, and the preferences write that lets it wait: Grafana refuses a
 * home dashboard it does not have (404 "Dashboard not found"), and the org or team must not be
 * undone for that. Its dashboard may well be made through it: a dashboard of a new org is written
 * through an instance acting in that org, a dashboard may grant a permission to the team.
 */
import type { GrafanaTeamSpec } from '../api/generated/index.js';
import { resolveDashboardRef } from '../dashboards/dashboard-ref.js';
import { GrafanaNotFoundError, type TeamPreferencesInput } from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import type { KindContext } from '../sync/object-kind.js';
import { desiredPreferences, preferencesDrift, type TeamPreferences } from './team-members.js';

type PreferencesSpec = GrafanaTeamSpec['preferences'];

/** The preferences to write, and why the home dashboard is left out of them for now. */
export interface HomePreferences {
  preferences?: TeamPreferences;
  /** The home dashboard's reference is not resolved yet: its uid is `''` in `preferences`. */
  homeDashboardWaiting?: string;
}

/**
 * The spec's preferences with `homeDashboardRef` resolved to that dashboard's uid, synced to
 * GrafanaInstance `instance` (any instance when undefined).
 */
export async function desiredHomePreferences<T>(
  context: KindContext<T>,
  spec: PreferencesSpec,
  instance?: string,
): Promise<HomePreferences> {
  const preferences = desiredPreferences(spec);
  if (!preferences || spec?.homeDashboardRef === undefined) return preferences ? { preferences } : {};
  const home = await resolveDashboardRef(context, spec.homeDashboardRef, instance);
  if ('uid' in home) return { preferences: { ...preferences, homeDashboardUID: home.uid } };
  return { preferences, homeDashboardWaiting: `preferences.homeDashboardRef: ${home.waiting}` };
}

/**
 * Writes `desired` with `put` when it differs from `observed` (undefined: not read, written). A
 * home dashboard Grafana does not have in the org writes the rest, the home dashboard left unset;
 * answers why the owner still waits (DependencyNotReady), undefined when everything is written.
 */
export async function writeHomePreferences(
  put: (preferences: TeamPreferencesInput) => Promise<void>,
  { preferences: desired, homeDashboardWaiting }: HomePreferences,
  observed: TeamPreferences | undefined,
): Promise<ObjectError | undefined> {
  if (!desired) return undefined;
  const differs = (wanted: TeamPreferences) => !observed || preferencesDrift(wanted, observed).length > 0;
  const waiting = (message: string) => new ObjectError('DependencyNotReady', message);
  if (!differs(desired))
    return homeDashboardWaiting === undefined ? undefined : waiting(homeDashboardWaiting);
  try {
    await put(desired);
  } catch (err) {
    if (!(err instanceof GrafanaNotFoundError) || desired.homeDashboardUID === '') throw err;
    const rest = { ...desired, homeDashboardUID: '' };
    if (differs(rest)) await put(rest);
    return waiting(
      `preferences: Grafana has no dashboard with uid "${desired.homeDashboardUID}" in this org for the home dashboard; the other preferences are written, the home dashboard once it exists`,
    );
  }
  return homeDashboardWaiting === undefined ? undefined : waiting(homeDashboardWaiting);
}
