/**
 * The values behind the fields a kind's `diff` names: what Grafana has and what would be written,
 * for a reader. Display only: whether anything is written is the sync layer's verdict
 * (src/sync/instance-verdict.ts); this only looks the named fields up.
 */
import { isDeepStrictEqual } from 'node:util';
import { isObject } from '../../lib/json.js';

export interface FieldChange {
  /** The field as the kind's diff names it, or a path below it (`jsonData.timeInterval`). */
  path: string;
  /** Grafana's value; absent when the field is not there or could not be looked up. */
  before?: unknown;
  /** The value to be written; absent when it is not set or could not be looked up. */
  after?: unknown;
  /** A secret: its values are never shown. */
  secret?: true;
}

/** Field names a kind's diff uses for a field held under another name. */
const ALIASES: Record<string, string> = { folder: 'folderUid', 'parent folder': 'parentUid' };

/** Paths whose values are secrets: shown as changed, never with their values. */
const SECRET = /(^|[.[])(secure[A-Za-z]*|[A-Za-z]*(password|token|secret)[A-Za-z]*)($|[.[\]])/i;

/** How many leaves of one field are listed at most (a whole JSON object may differ). */
const MAX_LEAVES = 20;

/**
 * For each field of `drift`, its value in `observed` (what Grafana has) and in `desired` (the
 * payload without secrets, ObjectKind.hashable): objects are compared down to their leaves.
 * Payloads nest their fields one level down in some kinds (`payload`, `dashboard`); those are
 * looked in too.
 */
export function fieldChanges(drift: readonly string[], desired: unknown, observed: unknown): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of drift) {
    if (SECRET.test(field)) {
      changes.push({ path: field, secret: true });
      continue;
    }
    const path = ALIASES[field] ?? field;
    const before = lookUp(observed, path);
    const after = lookUp(desired, path);
    if (isObject(before) && isObject(after))
      changes.push(...leaves(field, before, after).slice(0, MAX_LEAVES));
    else changes.push({ path: field, ...defined('before', before), ...defined('after', after) });
  }
  return changes;
}

/** The leaves where two objects differ, as `path: before → after`. */
export function leaves(path: string, before: unknown, after: unknown): FieldChange[] {
  if (isDeepStrictEqual(before, after)) return [];
  if (SECRET.test(path)) return [{ path, secret: true }];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => leaves(`${path}.${key}`, before[key], after[key]));
  }
  return [{ path, ...defined('before', before), ...defined('after', after) }];
}

/** A value at a dotted path with `[i]` indexes, in `root` or one of its nested payloads. */
function lookUp(root: unknown, path: string): unknown {
  for (const base of [root, field(root, 'payload'), field(root, 'dashboard')]) {
    const value = at(base, path);
    if (value !== undefined) return value;
  }
  return undefined;
}

function at(root: unknown, path: string): unknown {
  let current = root;
  for (const step of path.split(/[.[\]]+/).filter(Boolean)) {
    if (Array.isArray(current) && /^\d+$/.test(step)) current = current[Number(step)];
    else current = field(current, step);
    if (current === undefined) return undefined;
  }
  return current;
}

function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

function defined(key: 'before' | 'after', value: unknown): Partial<FieldChange> {
  return value === undefined ? {} : { [key]: value };
}
