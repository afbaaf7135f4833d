import { createHash } from 'node:crypto';
import { jsonType } from '../lib/json.js';

const MAX_UID_LENGTH = 40;

/**
 * The default Grafana uid of an object: its name (made uid-safe) plus a hash of namespace/name.
 * Stable across deletion and re-creation of the object (GitOps re-syncs keep dashboard links
 * working), distinct across namespaces, and within Grafana's 40-character limit.
 */
export function deriveUid(namespace: string, name: string): string {
  const hash = createHash('sha256').update(`${namespace}/${name}`).digest('hex').slice(0, 8);
  const stem = name.replace(/[^a-zA-Z0-9_-]/g, '-').slice(0, MAX_UID_LENGTH - hash.length - 1);
  return `${stem}-${hash}`;
}

/**
 * Why Grafana would refuse `uid` as an object's uid, or undefined when it would take it: at most
 * 40 characters of letters, digits, `-` and `_` (`ValidateBasicDashboardProperties` with
 * `util.IsValidShortUID` and `util.IsShortUIDTooLong`; docs/grafana-api.md §6.9). The CRDs'
 * `spec.uid` pattern is the same rule.
 */
export function uidProblem(uid: string): string | undefined {
  if (uid.length > MAX_UID_LENGTH) {
    return `it is ${uid.length} characters long; Grafana allows at most ${MAX_UID_LENGTH}`;
  }
  const illegal = [...new Set(uid.match(/[^a-zA-Z0-9_-]/gu) ?? [])];
  if (illegal.length > 0) {
    return `it holds ${illegal.map((c) => JSON.stringify(c)).join(', ')}; Grafana allows only letters, digits, - and _`;
  }
  return undefined;
}

/** A uid the object's content names for itself (a dashboard JSON's `uid`), as found there. */
export interface ContentUid {
  /** Any JSON value: the content may hold a number or an object where a uid belongs. */
  value: unknown;
  /** Where the content came from, for messages: `spec.json`, `ConfigMap x (key y)`, …. */
  source: string;
}

/** The uid an object takes, or why it takes none (the reason an InvalidSpec message gives). */
export type UidChoice = { uid: string; note?: string } | { refused: string };

/**
 * The uid of an object whose content may name one: `spec.uid`, else the content's uid, else the
 * uid derived from the object's name. A uid does not change while the object has content in
 * Grafana (`recorded`, from status), as `spec.uid` cannot:
 * - content naming another uid than the one recorded is refused (like a change of spec.uid);
 * - content naming no uid keeps the recorded one;
 * - a recorded uid that is the derived one is kept, with a note: the object was created before
 *   the content's uid was used (or before its content named one), and moving it would be a new
 *   object in Grafana, without the old one's history, permissions or links to it.
 */
export function chooseUid(input: {
  specUid: string | undefined;
  content: ContentUid | undefined;
  recorded: string | undefined;
  derived: string;
}): UidChoice {
  const { specUid, content, recorded, derived } = input;
  if (specUid !== undefined) return { uid: specUid };
  if (content === undefined) return { uid: recorded ?? derived };
  const { value, source } = content;
  if (typeof value !== 'string') {
    return { refused: `${source}: the uid must be a string (got ${jsonType(value)})` };
  }
  if (recorded === value) return { uid: recorded };
  if (recorded !== undefined && recorded === derived) {
    return {
      uid: recorded,
      note: `keeps uid ${recorded}, which it was created with, not uid ${value} from ${source}; delete the object and create it again to move it to ${value}`,
    };
  }
  const problem = uidProblem(value);
  if (problem) {
    return {
      refused: `${source} has the uid ${quoted(value)}, which Grafana refuses: ${problem}. Correct it, remove it (the uid is then derived from the object's name), or set spec.uid`,
    };
  }
  if (recorded !== undefined) {
    return {
      refused: `${source} has the uid ${value}, but this object's uid in Grafana is ${recorded}, and a uid cannot change while the object exists (as spec.uid cannot): put uid ${recorded} back, or delete the object and create it again to move it to ${value}`,
    };
  }
  return { uid: value };
}

/** A uid as a message shows it: quoted, and cut when it is far too long to be one. */
function quoted(uid: string): string {
  return uid.length > 2 * MAX_UID_LENGTH
    ? `${JSON.stringify(uid.slice(0, MAX_UID_LENGTH))}…`
    : JSON.stringify(uid);
}
