/** The dashboard JSON as it is sent: what the export and Grafana put in taken out, the spec's flags put in. */
import type { JsonObject } from '../lib/json.js';
import type { ContentUid } from '../sync/uid.js';

/** Keys of an exported dashboard that describe the export, not the dashboard; never sent. */
const EXPORT_KEYS: readonly string[] = ['__inputs', '__requires', '__elements'];
/** Keys Grafana assigns itself (§6.1, §12); never sent, never compared. */
export const SERVER_KEYS: readonly string[] = ['id', 'version', 'uid'];

/**
 * The uid the dashboard JSON carries, trimmed as Grafana trims it before saving; undefined when it
 * carries none (absent, null or blank: Grafana generates a uid for an empty one; §6.9). Its type and
 * form are judged where it is used (chooseUid).
 */
export function jsonUidOf(dashboard: JsonObject, source: string): ContentUid | undefined {
  const raw = dashboard.uid;
  const value = typeof raw === 'string' ? raw.trim() : raw;
  if (value === undefined || value === null || value === '') return undefined;
  return { value, source };
}

/**
 * The JSON to save: the export keys and Grafana's own `id`/`version` dropped, and the JSON's `uid`
 * (the object's uid is put in when it is written), the title trimmed as Grafana stores it, and
 * `editable` as the spec says.
 */
export function prepareDashboard(dashboard: JsonObject, options: { editable: boolean }): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(dashboard)) {
    if (EXPORT_KEYS.includes(key) || SERVER_KEYS.includes(key)) continue;
    out[key] = value;
  }
  out.title = String(dashboard.title).trim();
  out.editable = options.editable;
  return out;
}
