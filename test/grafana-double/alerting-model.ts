/**
 * Pure helpers of the alerting provisioning area (§8): decoding request bodies with Go's
 * encoding/json rules, the normalisation Grafana applies before storing (§12), validation, and the
 * opaque version fingerprints. No state lives here; alerting-state.ts stores, routes/alerting-*.ts
 * answer HTTP.
 *
 * Read from Grafana's source: `pkg/services/ngalert/models/alert_rule.go` (`ValidateAlertRule`,
 * `ValidateRuleGroupInterval`), `models/alert_query.go` (`PreSave`: `intervalMs`, `maxDataPoints`),
 * `provisioning/templates.go` + `definitions.NotificationTemplate.Validate` (define wrapping,
 * FNV-64 fingerprint), `provisioning/mute_timings.go` (`calculateMuteTimeIntervalFingerprint`),
 * `definitions.Route.Validate`, `channels_config.GetSecretKeysForContactPointType` and Prometheus'
 * `model.Duration` / alertmanager's `timeinterval` text forms.
 */
import { SECURE_SETTING_KEYS, secureSettingKeys } from '../../src/grafana/contact-points.js';
import type { GrafanaDoubleOptions, JsonObject } from './types.js';
import { compareStrings } from './util.js';

// -------------------------------------------------------------------------------------------------
// Provenance (§8.1, §8.9)

/** `models.Provenance`: `""` is "none". */
export type Provenance = '' | 'api' | 'file' | 'converted_prometheus';

/** Alert rule PUT/DELETE and contact point PUT: `stored == requested || stored == ""`. */
export function canChangeProvenanceStrict(stored: Provenance, requested: Provenance): boolean {
  return stored === requested || stored === '';
}

/** `validation.CanUpdateProvenanceInRuleGroup` (§8.3). */
export function canUpdateProvenanceInRuleGroup(stored: Provenance, requested: Provenance): boolean {
  if (stored === requested || stored === '') return true;
  if (requested === '') return stored === 'api' || stored === 'converted_prometheus';
  return false;
}

/** `validation.ValidateProvenanceRelaxed`: only a change from a set status to none is refused. */
export function canChangeProvenanceRelaxed(stored: Provenance, requested: Provenance): boolean {
  return stored === '' || requested !== '';
}

// -------------------------------------------------------------------------------------------------
// Go-style JSON decoding

export const BIND_ERROR = Symbol('bind error');
export type Decoded<T> = T | typeof BIND_ERROR;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A struct field the way encoding/json finds it: exact key or a case-insensitive match, the last
 * matching key winning. `null` counts as absent.
 */
export function field(obj: JsonObject, name: string): unknown {
  let value: unknown = undefined;
  const folded = name.toLowerCase();
  for (const [key, v] of Object.entries(obj)) {
    if (key === name || key.toLowerCase() === folded) value = v;
  }
  return value === null ? undefined : value;
}

export function decodeString(value: unknown): Decoded<string | undefined> {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : BIND_ERROR;
}

export function decodeBool(value: unknown): Decoded<boolean | undefined> {
  if (value === undefined) return undefined;
  return typeof value === 'boolean' ? value : BIND_ERROR;
}

export function decodeInt(value: unknown): Decoded<number | undefined> {
  if (value === undefined) return undefined;
  return typeof value === 'number' && Number.isInteger(value) ? value : BIND_ERROR;
}

export function decodeStringList(value: unknown): Decoded<string[] | undefined> {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return BIND_ERROR;
  const out: string[] = [];
  for (const item of value) {
    if (item === null) out.push('');
    else if (typeof item === 'string') out.push(item);
    else return BIND_ERROR;
  }
  return out;
}

/** `map[string]string`: a `null` value decodes to `""`. */
export function decodeStringMap(value: unknown): Decoded<Record<string, string> | undefined> {
  if (value === undefined) return undefined;
  if (!isObject(value)) return BIND_ERROR;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null) out[k] = '';
    else if (typeof v === 'string') out[k] = v;
    else return BIND_ERROR;
  }
  return out;
}

/** A Prometheus `model.Duration` field: a string such as `5m` (anything else fails the bind). */
export function decodeDuration(value: unknown): Decoded<number | undefined> {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return BIND_ERROR;
  return parsePromDuration(value) ?? BIND_ERROR;
}

// -------------------------------------------------------------------------------------------------
// Durations

const PROM_DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const MS = { y: 365 * 86_400_000, w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/** `model.ParseDuration`, in milliseconds; undefined when the text is not a duration. */
export function parsePromDuration(text: string): number | undefined {
  if (text === '0') return 0;
  if (text === '') return undefined;
  const m = PROM_DURATION.exec(text);
  if (m === null) return undefined;
  const units = [MS.y, MS.w, MS.d, MS.h, MS.m, MS.s, 1];
  let total = 0;
  units.forEach((unit, i) => {
    const part = m[i + 1];
    if (part !== undefined) total += Number(part) * unit;
  });
  return total;
}

/** `model.Duration.String()`: `60s` → `1m`, `90s` → `1m30s`, zero → `0s`, whole weeks → `1w`. */
export function formatPromDuration(totalMs: number): string {
  let ms = totalMs;
  if (ms === 0) return '0s';
  let out = '';
  const unit = (suffix: string, mult: number, exact: boolean): void => {
    if (exact && ms % mult !== 0) return;
    const v = Math.floor(ms / mult);
    if (v > 0) {
      out += `${v}${suffix}`;
      ms -= v * mult;
    }
  };
  unit('y', MS.y, true);
  unit('w', MS.w, true);
  unit('d', MS.d, false);
  unit('h', MS.h, false);
  unit('m', MS.m, false);
  unit('s', MS.s, false);
  unit('ms', 1, false);
  return out;
}

/** Go's `time.Duration.String()` for whole seconds: `15s`, `1m5s`, `1h0m0s`. */
export function goDurationString(seconds: number): string {
  if (seconds === 0) return '0s';
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(seconds);
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  if (h > 0) return `${sign}${h}h${m}m${s}s`;
  if (m > 0) return `${sign}${m}m${s}s`;
  return `${sign}${s}s`;
}

// -------------------------------------------------------------------------------------------------
// JSON helpers

/** Go marshals maps with sorted keys, at every level (`map[string]any`). */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value).sort(compareCodeUnits)) out[key] = sortKeysDeep(value[key]);
  return out;
}

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// -------------------------------------------------------------------------------------------------
// Fingerprints

const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK64 = 0xffffffffffffffffn;

/** FNV-1 64-bit (Go's `fnv.New64`), printed `%016x`. */
export class Fnv64 {
  private hash = FNV64_OFFSET;

  write(bytes: Uint8Array): this {
    for (const byte of bytes) {
      this.hash = (this.hash * FNV64_PRIME) & MASK64;
      this.hash ^= BigInt(byte);
    }
    return this;
  }

  /** A string plus the 0xFF separator Grafana's fingerprints put after every value. */
  writeString(text: string): this {
    return this.write(Buffer.from(text, 'utf8')).write(SEPARATOR);
  }

  /** A little-endian int64 plus the separator. */
  writeInt(n: number): this {
    const buf = Buffer.alloc(8);
    buf.writeBigUInt64LE(BigInt.asUintN(64, BigInt(n)));
    return this.write(buf).write(SEPARATOR);
  }

  hex(): string {
    return this.hash.toString(16).padStart(16, '0');
  }
}

const SEPARATOR = Uint8Array.of(255);

/** `calculateTemplateFingerprint`: FNV-64 of the stored content. */
export function templateFingerprint(content: string): string {
  return new Fnv64().write(Buffer.from(content, 'utf8')).hex();
}

/** `legacy_storage.NameToUid`: URL-safe base64 without padding. */
export function nameToUid(name: string): string {
  return Buffer.from(name, 'utf8').toString('base64url');
}

export function uidToName(uid: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(uid)) return undefined;
  const name = Buffer.from(uid, 'base64url').toString('utf8');
  return nameToUid(name) === uid ? name : undefined;
}

// -------------------------------------------------------------------------------------------------
// Templates (§8.6)

/**
 * `NotificationTemplate.Validate`: content is trimmed; without a `{{ define` block it is wrapped in
 * `{{ define "<name>" }}` with every line indented by two spaces; then it must parse.
 */
export function normaliseTemplate(name: string, template: string): { template: string } | { error: string } {
  if (name === '') return { error: 'template must have a name' };
  if (template === '') return { error: 'template must have content' };
  let content = template.trim();
  if (!/\{\{\s*define/.test(content)) {
    const lines = content.split('\n').map((line) => `  ${line}`);
    content = `{{ define "${name}" }}\n${lines.join('\n')}\n{{ end }}`;
  }
  const problem = templateSyntaxError(content);
  return problem === undefined ? { template: content } : { error: `invalid template: ${problem}` };
}

const BLOCK_OPENERS = new Set(['define', 'if', 'range', 'with', 'block']);

/** Enough of text/template's parser to refuse what it refuses: unclosed actions and unbalanced blocks. */
function templateSyntaxError(content: string): string | undefined {
  let depth = 0;
  let pos = 0;
  while (true) {
    const open = content.indexOf('{{', pos);
    if (open < 0) break;
    const close = content.indexOf('}}', open + 2);
    const line = content.slice(0, open).split('\n').length;
    if (close < 0) return `template: :${line}: unclosed action`;
    const action = content
      .slice(open + 2, close)
      .replace(/^-\s|\s-$/g, '')
      .trim();
    const keyword = /^([a-z]+)\b/.exec(action)?.[1];
    if (action.startsWith('/*')) {
      // comment
    } else if (keyword !== undefined && BLOCK_OPENERS.has(keyword)) {
      depth += 1;
    } else if (keyword === 'end') {
      if (depth === 0) return `template: :${line}: unexpected {{end}}`;
      depth -= 1;
    }
    pos = close + 2;
  }
  if (depth > 0) return `template: :${content.split('\n').length}: unexpected EOF`;
  return undefined;
}

// -------------------------------------------------------------------------------------------------
// Mute timings (§8.7): alertmanager's `timeinterval` types

export interface InclusiveRange {
  begin: number;
  end: number;
}

export interface TimeRangeRecord {
  /** Minutes since midnight; `24:00` is 1440. */
  startMinute: number;
  endMinute: number;
}

export interface TimeIntervalRecord {
  times: TimeRangeRecord[];
  weekdays: InclusiveRange[];
  daysOfMonth: InclusiveRange[];
  months: InclusiveRange[];
  years: InclusiveRange[];
  location?: string;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = [
  '',
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const CLOCK = /^((([01][0-9])|(2[0-3])):[0-5][0-9])$|(^24:00$)/;

/**
 * The `time_intervals` of a mute timing. alertmanager's JSON unmarshalers parse every range while
 * the body is decoded, so a malformed value is a bind error (400 `bad request data`).
 */
export function decodeTimeIntervals(value: unknown): Decoded<TimeIntervalRecord[]> {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return BIND_ERROR;
  const out: TimeIntervalRecord[] = [];
  for (const raw of value) {
    if (raw === null) {
      out.push({ times: [], weekdays: [], daysOfMonth: [], months: [], years: [] });
      continue;
    }
    if (!isObject(raw)) return BIND_ERROR;
    const times = decodeTimes(field(raw, 'times'));
    const weekdays = decodeRanges(field(raw, 'weekdays'), parseWeekday);
    const daysOfMonth = decodeRanges(field(raw, 'days_of_month'), parseDayOfMonth);
    const months = decodeRanges(field(raw, 'months'), parseMonth);
    const years = decodeRanges(field(raw, 'years'), parseYear);
    const location = decodeString(field(raw, 'location'));
    if (
      times === BIND_ERROR ||
      weekdays === BIND_ERROR ||
      daysOfMonth === BIND_ERROR ||
      months === BIND_ERROR ||
      years === BIND_ERROR ||
      location === BIND_ERROR
    ) {
      return BIND_ERROR;
    }
    if (location !== undefined && !isKnownLocation(location)) return BIND_ERROR;
    const interval: TimeIntervalRecord = { times, weekdays, daysOfMonth, months, years };
    if (location !== undefined) interval.location = location;
    out.push(interval);
  }
  return out;
}

function decodeTimes(value: unknown): Decoded<TimeRangeRecord[]> {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return BIND_ERROR;
  const out: TimeRangeRecord[] = [];
  for (const raw of value) {
    if (!isObject(raw)) return BIND_ERROR;
    const start = field(raw, 'start_time');
    const end = field(raw, 'end_time');
    if (typeof start !== 'string' || typeof end !== 'string') return BIND_ERROR;
    if (!CLOCK.test(start) || !CLOCK.test(end)) return BIND_ERROR;
    const startMinute = clockMinutes(start);
    const endMinute = clockMinutes(end);
    // "start time cannot be equal or greater than end time"
    if (startMinute >= endMinute) return BIND_ERROR;
    out.push({ startMinute, endMinute });
  }
  return out;
}

function clockMinutes(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function decodeRanges(
  value: unknown,
  parse: (part: string) => number | undefined,
): Decoded<InclusiveRange[]> {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return BIND_ERROR;
  const out: InclusiveRange[] = [];
  for (const raw of value) {
    if (typeof raw !== 'string') return BIND_ERROR;
    const parts = raw.split(':');
    if (parts.length > 2) return BIND_ERROR;
    const begin = parse(parts[0] as string);
    const end = parts.length === 2 ? parse(parts[1] as string) : begin;
    if (begin === undefined || end === undefined) return BIND_ERROR;
    const sameSign = (begin < 0 && end < 0) || (begin > 0 && end > 0);
    if (sameSign && begin > end) return BIND_ERROR;
    out.push({ begin, end });
  }
  return out;
}

function parseWeekday(text: string): number | undefined {
  const i = WEEKDAYS.indexOf(text.trim().toLowerCase());
  return i < 0 ? undefined : i;
}

function parseDayOfMonth(text: string): number | undefined {
  if (!/^-?\d+$/.test(text.trim())) return undefined;
  const n = Number(text.trim());
  return n === 0 || n < -31 || n > 31 ? undefined : n;
}

function parseMonth(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    return n >= 1 && n <= 12 ? n : undefined;
  }
  const i = MONTHS.indexOf(t);
  return i <= 0 ? undefined : i;
}

function parseYear(text: string): number | undefined {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

function isKnownLocation(name: string): boolean {
  if (name === 'Local' || name === 'UTC' || name === '') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The JSON form alertmanager marshals: ranges as text (`monday:friday`), months by name. */
export function timeIntervalDto(interval: TimeIntervalRecord): JsonObject {
  const out: JsonObject = {};
  const pad = (n: number): string => String(n).padStart(2, '0');
  const clock = (minutes: number): string => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  const text = (r: InclusiveRange, name: (n: number) => string): string =>
    r.begin === r.end ? name(r.begin) : `${name(r.begin)}:${name(r.end)}`;
  if (interval.times.length > 0) {
    out.times = interval.times.map((t) => ({
      start_time: clock(t.startMinute),
      end_time: clock(t.endMinute),
    }));
  }
  if (interval.weekdays.length > 0) {
    out.weekdays = interval.weekdays.map((r) => text(r, (n) => WEEKDAYS[n] ?? String(n)));
  }
  if (interval.daysOfMonth.length > 0) out.days_of_month = interval.daysOfMonth.map((r) => text(r, String));
  if (interval.months.length > 0)
    out.months = interval.months.map((r) => text(r, (n) => MONTHS[n] ?? String(n)));
  if (interval.years.length > 0) out.years = interval.years.map((r) => text(r, String));
  if (interval.location !== undefined) out.location = interval.location;
  return out;
}

/** `calculateMuteTimeIntervalFingerprint`. */
export function muteTimingFingerprint(name: string, intervals: readonly TimeIntervalRecord[]): string {
  const sum = new Fnv64().writeString(name);
  const range = (r: InclusiveRange): void => {
    sum.writeInt(r.begin).writeInt(r.end);
  };
  for (const ti of intervals) {
    for (const t of ti.times) sum.writeInt(t.startMinute).writeInt(t.endMinute);
    ti.months.forEach(range);
    ti.daysOfMonth.forEach(range);
    ti.weekdays.forEach(range);
    ti.years.forEach(range);
    if (ti.location !== undefined) sum.writeString(ti.location);
  }
  return sum.hex();
}

// -------------------------------------------------------------------------------------------------
// Notification policies (§8.5): `definitions.Route`

export type ObjectMatcher = [string, string, string];

/** A route as Grafana marshals it (Go field order, omitempty). */
export interface RouteDTO {
  receiver?: string;
  group_by?: string[];
  match?: Record<string, string>;
  match_re?: Record<string, string>;
  matchers?: string[];
  object_matchers?: ObjectMatcher[];
  mute_time_intervals?: string[];
  active_time_intervals?: string[];
  continue?: boolean;
  routes?: RouteDTO[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  provenance?: string;
}

const MATCH_OPERATORS = ['=', '!=', '=~', '!~'];

/** Decodes a route the way its JSON unmarshalers do; durations and matchers come back normalised. */
export function decodeRoute(value: unknown): Decoded<RouteDTO> {
  if (!isObject(value)) return BIND_ERROR;
  const receiver = decodeString(field(value, 'receiver'));
  const groupBy = decodeStringList(field(value, 'group_by'));
  const match = decodeStringMap(field(value, 'match'));
  const matchRe = decodeStringMap(field(value, 'match_re'));
  const matchers = decodeMatchers(field(value, 'matchers'));
  const objectMatchers = decodeObjectMatchers(field(value, 'object_matchers'));
  const mute = decodeStringList(field(value, 'mute_time_intervals'));
  const active = decodeStringList(field(value, 'active_time_intervals'));
  const cont = decodeBool(field(value, 'continue'));
  const groupWait = decodeDuration(field(value, 'group_wait'));
  const groupInterval = decodeDuration(field(value, 'group_interval'));
  const repeatInterval = decodeDuration(field(value, 'repeat_interval'));
  const rawRoutes = field(value, 'routes');
  const parts = [
    receiver,
    groupBy,
    match,
    matchRe,
    matchers,
    objectMatchers,
    mute,
    active,
    cont,
    groupWait,
    groupInterval,
    repeatInterval,
  ];
  if (parts.some((p) => p === BIND_ERROR)) return BIND_ERROR;
  if (matchRe !== undefined && matchRe !== BIND_ERROR) {
    for (const pattern of Object.values(matchRe)) if (!compiles(pattern)) return BIND_ERROR;
  }
  let routes: RouteDTO[] | undefined;
  if (rawRoutes !== undefined) {
    if (!Array.isArray(rawRoutes)) return BIND_ERROR;
    routes = [];
    for (const child of rawRoutes) {
      const decoded = decodeRoute(child);
      if (decoded === BIND_ERROR) return BIND_ERROR;
      routes.push(decoded);
    }
  }
  const route: RouteDTO = {};
  if (receiver) route.receiver = receiver as string;
  if (Array.isArray(groupBy) && groupBy.length > 0) route.group_by = groupBy;
  if (isObject(match) && Object.keys(match).length > 0)
    route.match = sortKeysDeep(match) as Record<string, string>;
  if (isObject(matchRe) && Object.keys(matchRe).length > 0) {
    route.match_re = sortKeysDeep(matchRe) as Record<string, string>;
  }
  if (Array.isArray(matchers) && matchers.length > 0) route.matchers = matchers;
  if (Array.isArray(objectMatchers) && objectMatchers.length > 0) route.object_matchers = objectMatchers;
  if (Array.isArray(mute) && mute.length > 0) route.mute_time_intervals = mute;
  if (Array.isArray(active) && active.length > 0) route.active_time_intervals = active;
  if (cont === true) route.continue = true;
  if (routes !== undefined && routes.length > 0) route.routes = routes;
  if (typeof groupWait === 'number') route.group_wait = formatPromDuration(groupWait);
  if (typeof groupInterval === 'number') route.group_interval = formatPromDuration(groupInterval);
  if (typeof repeatInterval === 'number') route.repeat_interval = formatPromDuration(repeatInterval);
  return route;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(`^(?:${pattern})$`);
    return true;
  } catch {
    return false;
  }
}

/** `config.Matchers`: strings such as `team="ops"`, re-rendered as `name<op>"value"`. */
function decodeMatchers(value: unknown): Decoded<string[] | undefined> {
  const list = decodeStringList(value);
  if (list === BIND_ERROR || list === undefined) return list;
  const out: string[] = [];
  for (const text of list) {
    const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|(\S*))\s*$/.exec(text);
    if (m === null) return BIND_ERROR;
    const raw = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : (m[4] ?? '');
    if ((m[2] === '=~' || m[2] === '!~') && !compiles(raw)) return BIND_ERROR;
    out.push(`${m[1]}${m[2]}${JSON.stringify(raw)}`);
  }
  return out;
}

/** `ObjectMatchers`: `[[name, op, value], ...]`. */
function decodeObjectMatchers(value: unknown): Decoded<ObjectMatcher[] | undefined> {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return BIND_ERROR;
  const out: ObjectMatcher[] = [];
  for (const raw of value) {
    if (!Array.isArray(raw) || raw.length !== 3 || raw.some((part) => typeof part !== 'string')) {
      return BIND_ERROR;
    }
    const [name, op, v] = raw as [string, string, string];
    if (!MATCH_OPERATORS.includes(op)) return BIND_ERROR;
    if ((op === '=~' || op === '!~') && !compiles(v)) return BIND_ERROR;
    out.push([name, op, v]);
  }
  return sortMatchers(out);
}

/**
 * `ObjectMatchers.UnmarshalJSON` sorts what it parsed (`sort.Sort(labels.Matchers)`): by name,
 * then value, then match type in Alertmanager's enum order (=, !=, =~, !~), strings compared as
 * bytes; it is stored and returned that way (§8.5; the order within `labels` is assumed).
 */
function sortMatchers(matchers: ObjectMatcher[]): ObjectMatcher[] {
  const bytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
  return matchers.sort(
    (a, b) =>
      bytes(a[0], b[0]) || bytes(a[2], b[2]) || MATCH_OPERATORS.indexOf(a[1]) - MATCH_OPERATORS.indexOf(b[1]),
  );
}

/** `Route.Validate`: the structural checks that run before the provenance check. */
export function routeStructureProblem(route: RouteDTO): string | undefined {
  if (route.receiver === undefined || route.receiver === '')
    return 'root route must specify a default receiver';
  if (route.match !== undefined || route.match_re !== undefined || route.matchers || route.object_matchers) {
    return 'root route must not have any matchers';
  }
  if (route.mute_time_intervals !== undefined) return 'root route must not have any mute time intervals';
  if (route.active_time_intervals !== undefined) return 'root route must not have any active time intervals';
  return childProblem(route);
}

function childProblem(route: RouteDTO): string | undefined {
  const seen = new Set<string>();
  for (const label of route.group_by ?? []) {
    if (seen.has(label)) return `duplicated label "${label}" in group_by`;
    seen.add(label);
  }
  if (seen.has('...') && seen.size > 1) {
    return 'cannot have wildcard group_by (`...`) and other other labels at the same time';
  }
  if (route.group_interval === '0s') return 'group_interval cannot be zero';
  if (route.repeat_interval === '0s') return 'repeat_interval cannot be zero';
  for (const child of route.routes ?? []) {
    const problem = childProblem(child);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** `ValidateReceivers` + `ValidateTimeIntervals`: every reference must exist (children may inherit). */
export function routeReferenceProblem(
  route: RouteDTO,
  receivers: ReadonlySet<string>,
  timeIntervals: ReadonlySet<string>,
  isRoot = true,
): string | undefined {
  const receiver = route.receiver ?? '';
  if (!(receiver === '' && !isRoot) && !receivers.has(receiver))
    return `receiver '${receiver}' does not exist`;
  for (const name of route.mute_time_intervals ?? []) {
    if (!timeIntervals.has(name)) return `mute time interval '${name}' does not exist`;
  }
  for (const name of route.active_time_intervals ?? []) {
    if (!timeIntervals.has(name)) return `active time interval '${name}' does not exist`;
  }
  for (const child of route.routes ?? []) {
    const problem = routeReferenceProblem(child, receivers, timeIntervals, false);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** Every receiver name the tree uses. */
export function routeReceivers(route: RouteDTO, out = new Set<string>()): Set<string> {
  if (route.receiver) out.add(route.receiver);
  for (const child of route.routes ?? []) routeReceivers(child, out);
  return out;
}

/** Every time interval name the tree uses (mute and active). */
export function routeTimeIntervals(route: RouteDTO, out = new Set<string>()): Set<string> {
  for (const name of route.mute_time_intervals ?? []) out.add(name);
  for (const name of route.active_time_intervals ?? []) out.add(name);
  for (const child of route.routes ?? []) routeTimeIntervals(child, out);
  return out;
}

/** Renames a receiver everywhere in the tree; returns how many routes changed. */
export function renameRouteReceiver(route: RouteDTO, from: string, to: string): number {
  let changed = 0;
  if (route.receiver === from) {
    route.receiver = to;
    changed += 1;
  }
  for (const child of route.routes ?? []) changed += renameRouteReceiver(child, from, to);
  return changed;
}

/** `replaceMuteTiming`: mute and active references; returns how many references changed. */
export function renameRouteTimeInterval(route: RouteDTO, from: string, to: string): number {
  let changed = 0;
  for (const list of [route.mute_time_intervals, route.active_time_intervals]) {
    if (list === undefined) continue;
    list.forEach((name, i) => {
      if (name === from) {
        list[i] = to;
        changed += 1;
      }
    });
  }
  for (const child of route.routes ?? []) changed += renameRouteTimeInterval(child, from, to);
  return changed;
}

// -------------------------------------------------------------------------------------------------
// Contact points (§8.4, §15.5)

export const REDACTED = '[REDACTED]';

/**
 * Secure settings per integration type (`channels_config.GetSecretKeysForContactPointType`, §8.11):
 * the operator's own table, so the two cannot drift apart.
 */
export const SECURE_SETTINGS = SECURE_SETTING_KEYS;

/** Integration types are matched case-insensitively (`LINE` is `line`). */
export const secureKeysFor = secureSettingKeys;

/**
 * Settings each type cannot do without (the notifier factories' own checks), with the text they
 * fail with. A secure key counts as set when its secret is stored.
 */
const REQUIRED_SETTINGS: Readonly<Record<string, ReadonlyArray<readonly [string, string]>>> = {
  email: [['addresses', 'could not find addresses in settings']],
  webhook: [['url', "required field 'url' is not specified"]],
  pagerduty: [['integrationKey', 'could not find integration key property in settings']],
  telegram: [
    ['bottoken', 'could not find Bot Token in settings'],
    ['chatid', 'could not find Chat Id in settings'],
  ],
  opsgenie: [['apiKey', 'could not find api key property in settings']],
  discord: [['url', 'could not find webhook url property in settings']],
  googlechat: [['url', 'could not find url property in settings']],
  teams: [['url', 'could not find url property in settings']],
  victorops: [['url', 'could not find victorops url property in settings']],
  dingding: [['url', 'could not find url property in settings']],
};

/** `ValidateContactPoint` on settings that still hold the secrets. */
export function contactPointProblem(
  name: string,
  uid: string,
  type: string,
  settings: JsonObject,
): string | undefined {
  if (type === '') return 'type should not be an empty string';
  if (name === '') return 'name should not be empty';
  const lower = type.toLowerCase();
  if (secureKeysFor(lower) === undefined) return `notifier ${type} is not supported`;
  for (const [key, message] of REQUIRED_SETTINGS[lower] ?? []) {
    const value = getPath(settings, key, true);
    if (value === undefined || value === '') {
      return `failed to validate integration "${name}" (UID ${uid}) of type "${type}": ${message}`;
    }
  }
  if (lower === 'slack') {
    const url = getPath(settings, 'url', true);
    const token = getPath(settings, 'token', true);
    const recipient = getPath(settings, 'recipient', true);
    const viaApi = url === undefined || url === '' || url === 'https://slack.com/api/chat.postMessage';
    const fail = (m: string): string =>
      `failed to validate integration "${name}" (UID ${uid}) of type "${type}": ${m}`;
    if (viaApi && (token === undefined || token === ''))
      return fail('token must be specified when using the Slack chat API');
    if (viaApi && (recipient === undefined || recipient === '')) {
      return fail('recipient must be specified when using the Slack chat API');
    }
  }
  return undefined;
}

/** A (dotted) key of a settings object; `caseInsensitive` as `extractCaseInsensitive` matches. */
export function getPath(obj: JsonObject, path: string, caseInsensitive = false): unknown {
  let node: unknown = obj;
  for (const segment of path.split('.')) {
    if (!isObject(node)) return undefined;
    const key = caseInsensitive ? findKey(node, segment) : segment in node ? segment : undefined;
    if (key === undefined) return undefined;
    node = node[key];
  }
  return node;
}

export function setPath(obj: JsonObject, path: string, value: unknown): void {
  const segments = path.split('.');
  let node = obj;
  for (const segment of segments.slice(0, -1)) {
    const key = findKey(node, segment) ?? segment;
    if (!isObject(node[key])) node[key] = {};
    node = node[key] as JsonObject;
  }
  const last = segments.at(-1) as string;
  node[findKey(node, last) ?? last] = value;
}

export function deletePath(obj: JsonObject, path: string): void {
  const segments = path.split('.');
  let node: unknown = obj;
  for (const segment of segments.slice(0, -1)) {
    if (!isObject(node)) return;
    const key = findKey(node, segment);
    if (key === undefined) return;
    node = node[key];
  }
  if (!isObject(node)) return;
  const key = findKey(node, segments.at(-1) as string);
  if (key !== undefined) delete node[key];
}

function findKey(obj: JsonObject, name: string): string | undefined {
  if (name in obj) return name;
  const folded = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === folded);
}

/**
 * `RemoveSecretsForContactPoint`: moves every non-empty secure key out of `settings` (mutated) and
 * returns them; empty ones are dropped from both.
 */
export function extractSecrets(type: string, settings: JsonObject): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const key of secureKeysFor(type) ?? []) {
    const value = getPath(settings, key, true);
    if (value === undefined) continue;
    deletePath(settings, key);
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (text !== '') secrets[key] = text;
  }
  return secrets;
}

// -------------------------------------------------------------------------------------------------
// Alert rules (§8.2, §8.3)

export const NO_DATA_STATES = ['Alerting', 'NoData', 'OK', 'KeepLast'];
export const EXEC_ERR_STATES = ['Alerting', 'Error', 'OK', 'KeepLast'];
export const RESERVED_LABELS = [
  '__grafana_autogenerated__',
  '__grafana_receiver__',
  '__grafana_route_settings_hash__',
];
export const EXPRESSION_DATASOURCE_UIDS = ['__expr__', '-100'];
export const MAX_TITLE_LENGTH = 190;
export const MAX_RULE_GROUP_LENGTH = 190;
export const DASHBOARD_UID_ANNOTATION = '__dashboardUid__';
export const PANEL_ID_ANNOTATION = '__panelId__';

export interface AlertQueryInput {
  refId: string;
  queryType: string;
  relativeTimeRange: { from: number; to: number };
  datasourceUid: string;
  model: JsonObject;
}

export interface NotificationSettingsDTO {
  receiver: string;
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  mute_time_intervals?: string[];
  active_time_intervals?: string[];
}

export interface RecordDTO {
  metric: string;
  from: string;
  target_datasource_uid?: string;
}

/** `ProvisionedAlertRule` after decoding; absent fields are Go zero values. */
export interface AlertRuleInput {
  id: number;
  uid: string;
  orgID: number;
  folderUID: string;
  ruleGroup: string;
  title: string;
  condition: string;
  /** null when the key was absent or null (Go nil slice). */
  data: AlertQueryInput[] | null;
  updated: string | undefined;
  noDataState: string;
  execErrState: string;
  forMs: number;
  keepFiringForMs: number;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  isPaused: boolean;
  notificationSettings: NotificationSettingsDTO | null;
  record: RecordDTO | null;
  missingSeriesEvalsToResolve: number | undefined;
  /** The model of each query exactly as sent (a `json.RawMessage`): echoed, and compared for no-op detection. */
  rawModels: unknown[];
  /** The `provenance` key of the body: ignored (the header decides), but echoed by the rule-group PUT. */
  sentProvenance: string;
}

/** Decodes a `ProvisionedAlertRule` body (or a rule of a group body). */
export function decodeAlertRule(value: unknown): Decoded<AlertRuleInput> {
  if (!isObject(value)) return BIND_ERROR;
  const id = decodeInt(field(value, 'id'));
  const uid = decodeString(field(value, 'uid'));
  const orgID = decodeInt(field(value, 'orgID'));
  const folderUID = decodeString(field(value, 'folderUID'));
  const ruleGroup = decodeString(field(value, 'ruleGroup'));
  const title = decodeString(field(value, 'title'));
  const condition = decodeString(field(value, 'condition'));
  const updated = decodeString(field(value, 'updated'));
  const noDataState = decodeString(field(value, 'noDataState'));
  const execErrState = decodeString(field(value, 'execErrState'));
  const forMs = decodeDuration(field(value, 'for'));
  const keepFiringForMs = decodeDuration(field(value, 'keep_firing_for'));
  const annotations = decodeStringMap(field(value, 'annotations'));
  const labels = decodeStringMap(field(value, 'labels'));
  const provenance = decodeString(field(value, 'provenance'));
  const isPaused = decodeBool(field(value, 'isPaused'));
  const missing = decodeInt(field(value, 'missingSeriesEvalsToResolve'));
  const settings = decodeNotificationSettings(field(value, 'notification_settings'));
  const record = decodeRecord(field(value, 'record'));
  const data = decodeQueries(field(value, 'data'));
  const parts = [
    id,
    uid,
    orgID,
    folderUID,
    ruleGroup,
    title,
    condition,
    updated,
    noDataState,
    execErrState,
    forMs,
    keepFiringForMs,
    annotations,
    labels,
    provenance,
    isPaused,
    missing,
    settings,
    record,
    data,
  ];
  if (parts.some((p) => p === BIND_ERROR)) return BIND_ERROR;
  const queries = data as { queries: AlertQueryInput[]; raw: unknown[] } | null;
  return {
    id: (id as number | undefined) ?? 0,
    uid: (uid as string | undefined) ?? '',
    orgID: (orgID as number | undefined) ?? 0,
    folderUID: (folderUID as string | undefined) ?? '',
    ruleGroup: (ruleGroup as string | undefined) ?? '',
    title: (title as string | undefined) ?? '',
    condition: (condition as string | undefined) ?? '',
    data: queries === null ? null : queries.queries,
    updated: updated as string | undefined,
    noDataState: (noDataState as string | undefined) ?? '',
    execErrState: (execErrState as string | undefined) ?? '',
    forMs: (forMs as number | undefined) ?? 0,
    keepFiringForMs: (keepFiringForMs as number | undefined) ?? 0,
    annotations: (annotations as Record<string, string> | undefined) ?? {},
    labels: (labels as Record<string, string> | undefined) ?? {},
    isPaused: (isPaused as boolean | undefined) ?? false,
    notificationSettings: settings as NotificationSettingsDTO | null,
    record: record as RecordDTO | null,
    missingSeriesEvalsToResolve: missing as number | undefined,
    rawModels: queries === null ? [] : queries.raw,
    sentProvenance: (provenance as string | undefined) ?? '',
  };
}

function decodeQueries(value: unknown): Decoded<{ queries: AlertQueryInput[]; raw: unknown[] } | null> {
  if (value === undefined) return null;
  if (!Array.isArray(value)) return BIND_ERROR;
  const queries: AlertQueryInput[] = [];
  const raw: unknown[] = [];
  for (const item of value) {
    if (!isObject(item)) return BIND_ERROR;
    const refId = decodeString(field(item, 'refId'));
    const queryType = decodeString(field(item, 'queryType'));
    const datasourceUid = decodeString(field(item, 'datasourceUid'));
    const rtr = field(item, 'relativeTimeRange');
    const model = field(item, 'model');
    if (refId === BIND_ERROR || queryType === BIND_ERROR || datasourceUid === BIND_ERROR) return BIND_ERROR;
    let from = 0;
    let to = 0;
    if (rtr !== undefined) {
      if (!isObject(rtr)) return BIND_ERROR;
      const f = decodeInt(field(rtr, 'from'));
      const t = decodeInt(field(rtr, 'to'));
      if (f === BIND_ERROR || t === BIND_ERROR) return BIND_ERROR;
      from = f ?? 0;
      to = t ?? 0;
    }
    if (model !== undefined && !isObject(model)) return BIND_ERROR;
    queries.push({
      refId: refId ?? '',
      queryType: queryType ?? '',
      relativeTimeRange: { from, to },
      datasourceUid: datasourceUid ?? '',
      model: structuredClone((model as JsonObject | undefined) ?? {}),
    });
    raw.push(item['model'] === undefined ? null : structuredClone(item['model']));
  }
  return { queries, raw };
}

function decodeNotificationSettings(value: unknown): Decoded<NotificationSettingsDTO | null> {
  if (value === undefined) return null;
  if (!isObject(value)) return BIND_ERROR;
  const receiver = decodeString(field(value, 'receiver'));
  const groupBy = decodeStringList(field(value, 'group_by'));
  const wait = decodeDuration(field(value, 'group_wait'));
  const interval = decodeDuration(field(value, 'group_interval'));
  const repeat = decodeDuration(field(value, 'repeat_interval'));
  const mute = decodeStringList(field(value, 'mute_time_intervals'));
  const active = decodeStringList(field(value, 'active_time_intervals'));
  if ([receiver, groupBy, wait, interval, repeat, mute, active].some((p) => p === BIND_ERROR))
    return BIND_ERROR;
  const out: NotificationSettingsDTO = { receiver: (receiver as string | undefined) ?? '' };
  if (Array.isArray(groupBy) && groupBy.length > 0) out.group_by = groupBy;
  if (typeof wait === 'number') out.group_wait = formatPromDuration(wait);
  if (typeof interval === 'number') out.group_interval = formatPromDuration(interval);
  if (typeof repeat === 'number') out.repeat_interval = formatPromDuration(repeat);
  if (Array.isArray(mute) && mute.length > 0) out.mute_time_intervals = mute;
  if (Array.isArray(active) && active.length > 0) out.active_time_intervals = active;
  return out;
}

function decodeRecord(value: unknown): Decoded<RecordDTO | null> {
  if (value === undefined) return null;
  if (!isObject(value)) return BIND_ERROR;
  const metric = decodeString(field(value, 'metric'));
  const from = decodeString(field(value, 'from'));
  const target = decodeString(field(value, 'target_datasource_uid'));
  if (metric === BIND_ERROR || from === BIND_ERROR || target === BIND_ERROR) return BIND_ERROR;
  const out: RecordDTO = { metric: metric ?? '', from: from ?? '' };
  if (target) out.target_datasource_uid = target;
  return out;
}

/** Why a rule cannot be stored: an `ErrResp` text (400) or an errutil error. */
export type RuleProblem =
  | { kind: 'validation'; message: string }
  | { kind: 'errutil'; status: number; messageId: string; message: string; extra?: JsonObject };

export interface RuleContext {
  intervalSeconds: number;
  baseIntervalSeconds: number;
  recordingRulesEnabled: boolean;
  receivers: ReadonlySet<string>;
  timeIntervals: ReadonlySet<string>;
  groupByCheck: GrafanaDoubleOptions['notificationGroupByCheck'];
}

/** What Grafana stores for a rule (besides identity, placement and provenance). */
export interface PreparedRule {
  title: string;
  condition: string;
  data: AlertQueryInput[];
  noDataState: string;
  execErrState: string;
  forMs: number;
  keepFiringForMs: number;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  isPaused: boolean;
  notificationSettings: NotificationSettingsDTO | null;
  record: RecordDTO | null;
  missingSeriesEvalsToResolve: number | undefined;
  dashboardUid: string | undefined;
  panelId: number | undefined;
}

const invalid = (message: string): RuleProblem => ({
  kind: 'validation',
  message: `invalid alert rule: ${message}`,
});

/**
 * `ValidateAlertRule`, `SetDashboardAndPanelFromAnnotations`, `ClearRecordingRuleIgnoredFields`
 * and `AlertQuery.PreSave` (`queryType` from the model, `intervalMs: 1000` and `maxDataPoints:
 * 43200` when missing or 0, keys re-marshalled in sorted order).
 */
export function prepareAlertRule(
  input: AlertRuleInput,
  ruleGroup: string,
  ctx: RuleContext,
): PreparedRule | RuleProblem {
  const data = input.data ?? [];
  if (data.length === 0) return invalid('no queries or expressions are found');
  if (input.title === '') return invalid('title is empty');
  if (input.title.length > MAX_TITLE_LENGTH) {
    return invalid(`name length should not be greater than ${MAX_TITLE_LENGTH}`);
  }
  if (ruleGroup === '') return invalid('rule group name should not be empty');
  if (ruleGroup.length > MAX_RULE_GROUP_LENGTH) {
    return invalid(`rule group name length should not be greater than ${MAX_RULE_GROUP_LENGTH}`);
  }
  const intervalProblem = ruleGroupIntervalProblem(ctx.intervalSeconds, ctx.baseIntervalSeconds);
  if (intervalProblem !== undefined) return { kind: 'validation', message: intervalProblem };

  const recording = input.record !== null;
  if (recording && !ctx.recordingRulesEnabled)
    return invalid('recording rules cannot be created on this instance');

  // SetDashboardAndPanelFromAnnotations
  const dashboardUid = input.annotations[DASHBOARD_UID_ANNOTATION];
  const panelText = input.annotations[PANEL_ID_ANNOTATION];
  let panelId: number | undefined;
  if (panelText !== undefined) {
    if (!/^-?\d+$/.test(panelText)) {
      return invalid(`annotation ${PANEL_ID_ANNOTATION} must be a valid integer Panel ID`);
    }
    panelId = Number(panelText);
  }
  if ((dashboardUid === undefined) !== (panelId === undefined)) {
    return invalid(
      `both annotations ${DASHBOARD_UID_ANNOTATION} and ${PANEL_ID_ANNOTATION} must be specified`,
    );
  }

  for (const label of Object.keys(input.labels)) {
    if (RESERVED_LABELS.includes(label)) return invalid(`system reserved label ${label} cannot be defined`);
  }

  const queries: AlertQueryInput[] = [];
  for (const query of data) {
    const model = structuredClone(query.model);
    let queryType = query.queryType;
    if (typeof model.queryType === 'string') queryType = model.queryType;
    if (model.intervalMs === undefined || model.intervalMs === 0 || model.intervalMs === null)
      model.intervalMs = 1000;
    if (model.maxDataPoints === undefined || model.maxDataPoints === 0 || model.maxDataPoints === null) {
      model.maxDataPoints = 43200;
    }
    const isExpression = EXPRESSION_DATASOURCE_UIDS.includes(query.datasourceUid);
    const { from, to } = query.relativeTimeRange;
    if (!isExpression && !(from > to)) {
      return {
        kind: 'errutil',
        status: 400,
        messageId: 'alerting.alert-rule.invalidRelativeTime',
        message: 'BadRequest',
        extra: { From: goDurationString(from), RefID: query.refId, To: goDurationString(to) },
      };
    }
    queries.push({ ...query, queryType, model: sortKeysDeep(model) as JsonObject });
  }

  if (recording) {
    const record = input.record as RecordDTO;
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(record.metric)) {
      return invalid('metric name for recording rule must be a valid Prometheus metric name');
    }
    const refIds = queries.map((q) => q.refId);
    if (!refIds.includes(record.from)) return conditionNotExist(record.from, refIds);
    // ClearRecordingRuleIgnoredFields
    return {
      title: input.title,
      condition: '',
      data: queries,
      noDataState: '',
      execErrState: '',
      forMs: 0,
      keepFiringForMs: 0,
      annotations: { ...input.annotations },
      labels: { ...input.labels },
      isPaused: input.isPaused,
      notificationSettings: null,
      record: { ...record },
      missingSeriesEvalsToResolve: undefined,
      dashboardUid,
      panelId,
    };
  }

  if (!NO_DATA_STATES.includes(input.noDataState))
    return invalid(`unknown NoData state option ${input.noDataState}`);
  if (!EXEC_ERR_STATES.includes(input.execErrState)) {
    return invalid(`unknown Exec Error state option ${input.execErrState}`);
  }
  if (input.missingSeriesEvalsToResolve !== undefined && input.missingSeriesEvalsToResolve <= 0) {
    return invalid('field `missing_series_evals_to_resolve` must be greater than 0');
  }
  const refIds = queries.map((q) => q.refId);
  if (!refIds.includes(input.condition)) return conditionNotExist(input.condition, refIds);

  const settings = input.notificationSettings;
  if (settings !== null) {
    const groupByProblem = notificationGroupByProblem(settings, ctx.groupByCheck);
    if (groupByProblem !== undefined) return invalid(groupByProblem);
    if (!ctx.receivers.has(settings.receiver))
      return invalid(`receiver '${settings.receiver}' does not exist`);
    for (const name of [...(settings.mute_time_intervals ?? []), ...(settings.active_time_intervals ?? [])]) {
      if (!ctx.timeIntervals.has(name)) return invalid(`time interval '${name}' does not exist`);
    }
  }

  return {
    title: input.title,
    condition: input.condition,
    data: queries,
    noDataState: input.noDataState,
    execErrState: input.execErrState,
    forMs: input.forMs,
    keepFiringForMs: input.keepFiringForMs,
    annotations: { ...input.annotations },
    labels: { ...input.labels },
    isPaused: input.isPaused,
    notificationSettings: settings === null ? null : structuredClone(settings),
    record: null,
    missingSeriesEvalsToResolve: input.missingSeriesEvalsToResolve,
    dashboardUid,
    panelId,
  };
}

const REQUIRED_GROUP_BY = ['grafana_folder', 'alertname'];

/**
 * `NormalizedGroupBy` as 11.x has it (no de-duplication): `["..."]` when the list holds `...`,
 * otherwise `grafana_folder`, `alertname`, then the other labels sorted (§8.2).
 */
function normalisedGroupBy(groupBy: readonly string[]): string[] {
  if (groupBy.includes('...')) return ['...'];
  const custom = groupBy.filter((label) => !REQUIRED_GROUP_BY.includes(label)).sort(compareStrings);
  return [...REQUIRED_GROUP_BY, ...custom];
}

/** The group_by check of each release's `NotificationSettings.Validate` (§8.2). */
function notificationGroupByProblem(
  settings: NotificationSettingsDTO,
  check: RuleContext['groupByCheck'],
): string | undefined {
  const groupBy = settings.group_by ?? [];
  if (check === 'duplicates') {
    const seen = new Set<string>();
    for (const label of groupBy) {
      if (seen.has(label)) return `duplicate value ${goQuote(label)} in group_by`;
      seen.add(label);
    }
  }
  if (check === 'route' && groupBy.length > 0) {
    // ToRoute → definition.Route.ValidateChild on the normalised list.
    const normalised = normalisedGroupBy(groupBy);
    const seen = new Set<string>();
    for (const label of normalised) {
      if (seen.has(label)) {
        return `duplicated label ${goQuote(label)} in group_by, ${settings.receiver} [${normalised.join(' ')}]`;
      }
      seen.add(label);
    }
  }
  return undefined;
}

/** Go's `%q` for the label names Grafana quotes (JSON escaping is close enough for them). */
function goQuote(value: string): string {
  return JSON.stringify(value);
}

/** `models.ErrConditionNotExist`: a template without a public message, so the body says `BadRequest`. */
function conditionNotExist(given: string, existing: readonly string[]): RuleProblem {
  return {
    kind: 'errutil',
    status: 400,
    messageId: 'alerting.alert-rule.conditionNotExist',
    message: 'BadRequest',
    extra: { Existing: `[${existing.join(' ')}]`, Given: given },
  };
}

/** `ValidateRuleGroupInterval`. */
export function ruleGroupIntervalProblem(
  intervalSeconds: number,
  baseIntervalSeconds: number,
): string | undefined {
  if (intervalSeconds <= 0 || intervalSeconds % baseIntervalSeconds !== 0) {
    return (
      `invalid alert rule: interval (${goDurationString(intervalSeconds)}) should be non-zero and divided ` +
      `exactly by scheduler interval: ${goDurationString(baseIntervalSeconds)}`
    );
  }
  return undefined;
}

export function isRuleProblem(value: PreparedRule | RuleProblem): value is RuleProblem {
  return 'kind' in value;
}
