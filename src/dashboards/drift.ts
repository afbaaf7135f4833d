/** Where the dashboard Grafana holds differs from the one the operator sent. */
import { isDeepStrictEqual } from 'node:util';
import { isObject, type JsonObject } from '../lib/json.js';
import { parseDuration } from '../lib/duration.js';
import type { ObservedDashboard } from './dashboard-reads.js';
import type { DesiredDashboard } from './desired.js';
import { SERVER_KEYS } from './prepare.js';

/**
 * The fields where Grafana's dashboard differs from the desired one; [] = in sync. The JSON is
 * judged only when its version moved: our JSON must be a subset of the stored one
 * (dashboardDrift); the folder is judged always. With editableInGrafana nothing is drift; a change
 * of the spec or of its content source (new hash) applies the spec again.
 */
export function diffDashboard(desired: DesiredDashboard, observed: ObservedDashboard): string[] {
  if (desired.editable) return [];
  const drift: string[] = [];
  if (observed.folderUid !== desired.folderUid) drift.push('folder');
  // Nobody saved it since our last write or check: the JSON is as we left it.
  if (observed.untouched) return drift;
  if (observed.dashboard) drift.push(...dashboardDrift(desired.dashboard, observed.dashboard));
  else if (observed.title !== desired.dashboard.title) drift.push('title');
  return drift;
}

/**
 * Where Grafana's stored JSON differs from the desired JSON, as paths (`panels[3].targets[0].expr`),
 * at most `limit` of them plus a count of the rest. It is only asked once someone else saved the
 * dashboard (its version moved), so any difference is drift, fields added in Grafana included.
 * The rules: `id`, `uid` and `version` are Grafana's and ignored; a null on either side equals an
 * absent key; arrays must have the same length and match element by element; a `refresh` shorter
 * than the stored one is how Grafana 11/12 store a refresh below `min_refresh_interval` (§6.6).
 */
export function dashboardDrift(desired: JsonObject, stored: JsonObject, limit = 5): string[] {
  const paths: string[] = [];
  let more = 0;
  const report = (path: string) => {
    if (paths.length < limit) paths.push(path);
    else more++;
  };
  const compare = (want: unknown, have: unknown, path: string): void => {
    if (isObject(want)) {
      if (!isObject(have)) return report(path);
      const keys = new Set([...Object.keys(want), ...Object.keys(have)]);
      for (const key of keys) {
        const child = path === '' ? key : `${path}.${key}`;
        const wanted = want[key];
        const stored = have[key];
        if (wanted === undefined || wanted === null) {
          if (stored !== undefined && stored !== null) report(child);
          continue;
        }
        if (stored === undefined) {
          report(child);
          continue;
        }
        compare(wanted, stored, child);
      }
      return;
    }
    if (Array.isArray(want)) {
      if (!Array.isArray(have) || have.length !== want.length) return report(path);
      want.forEach((item, index) => compare(item, have[index], `${path}[${index}]`));
      return;
    }
    if (!isDeepStrictEqual(want, have)) report(path);
  };
  const strip = (json: JsonObject) =>
    Object.fromEntries(Object.entries(json).filter(([key]) => !SERVER_KEYS.includes(key)));
  const wanted = strip(desired);
  const have = strip(stored);
  if (raisedToMinimum(wanted.refresh, have.refresh)) wanted.refresh = have.refresh;
  compare(wanted, have, '');
  return more > 0 ? [...paths, `${more} more`] : paths;
}

/** A stored `refresh` longer than the desired one: Grafana raised it to its minimum (§6.6). */
function raisedToMinimum(wanted: unknown, stored: unknown): boolean {
  if (typeof wanted !== 'string' || typeof stored !== 'string') return false;
  const wantedMs = parseDuration(wanted);
  const storedMs = parseDuration(stored);
  return wantedMs !== undefined && storedMs !== undefined && wantedMs < storedMs;
}
