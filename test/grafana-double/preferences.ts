/**
 * Preferences as `prefapi` reads and writes them for a team and for an org (§17.4, §19.3): `PUT`
 * replaces the record (every field the body leaves out is cleared), refuses an unknown theme (400
 * "Invalid theme") and a home dashboard uid with no dashboard in the org (404 "Dashboard not
 * found"); `GET` leaves out every field not set.
 */
import { dashboardsOf } from './dashboard-state.js';
import { json, messageError, type Reply } from './errors.js';
import type { RequestContext } from './router.js';

export interface StoredPreferences {
  theme: string;
  homeDashboardUID: string;
  timezone: string;
  weekStart: string;
  language: string;
}

const THEMES = new Set(['light', 'dark', 'system']);

const preferencesSchema = {
  theme: { kind: 'string' },
  homeDashboardUID: { kind: 'string' },
  timezone: { kind: 'string' },
  weekStart: { kind: 'string' },
  language: { kind: 'string' },
} as const;

/** `GET …/preferences`: the fields set. */
export function preferencesAnswer(stored: StoredPreferences | undefined): Reply {
  const answer: Record<string, string> = {};
  for (const [field, value] of Object.entries(stored ?? {})) if (value !== '') answer[field] = value;
  return json(200, answer);
}

/** `PUT …/preferences`: the record to store, or the refusal. */
export function boundPreferences(ctx: RequestContext): StoredPreferences | Reply {
  const bound = ctx.bind(preferencesSchema);
  if (!bound.ok) return bound.reply;
  const prefs = bound.value;
  if (prefs.theme && !THEMES.has(prefs.theme)) return messageError(400, 'Invalid theme');
  const home = prefs.homeDashboardUID ?? '';
  if (home !== '' && !dashboardsOf(ctx.org()).dashboard(home))
    return messageError(404, 'Dashboard not found', true);
  return {
    theme: prefs.theme ?? '',
    homeDashboardUID: home,
    timezone: prefs.timezone ?? '',
    weekStart: prefs.weekStart ?? '',
    language: prefs.language ?? '',
  };
}
