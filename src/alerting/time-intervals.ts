/**
 * Mute timings' time intervals (contract §8.7, §12): what the CRD cannot check (each `location`
 * against the IANA time zone database, and every range again for objects stored under an older
 * CRD), and the form Grafana stores and returns them in, so that desired and stored intervals
 * compare as they are.
 */
import type { GrafanaMuteTimingSpec } from '../api/generated/index.js';
import { ObjectError } from '../lib/object-error.js';
import { canonicalJson } from '../lib/json.js';
import type { TimeInterval } from '../grafana/index.js';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = [
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
const START_TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const END_TIME = /^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/;

/**
 * Checks `time_intervals` (throwing InvalidSpec that names the field) and returns them the way
 * Grafana stores and returns them (alertmanager's text forms): lists without entries omitted; day
 * and month names lower-case; months by name; numbers without leading zeros; a range whose ends are
 * equal as a single value. `checkLocation` checks each zone against the IANA database.
 */
export function normaliseTimeIntervals(
  intervals: ReadonlyArray<GrafanaMuteTimingSpec['time_intervals'][number]>,
  where: string,
  checkLocation: boolean,
): TimeInterval[] {
  return intervals.map((interval, i) => {
    const at = `${where}[${i}]`;
    const out: TimeInterval = {};
    const times = (interval.times ?? []).map((t, j) => {
      const field = `${at}.times[${j}]`;
      if (!START_TIME.test(t.start_time))
        invalid(`${field}.start_time: "${t.start_time}" is not a time of day HH:MM between 00:00 and 23:59`);
      if (!END_TIME.test(t.end_time))
        invalid(`${field}.end_time: "${t.end_time}" is not a time of day HH:MM between 00:00 and 24:00`);
      if (t.start_time >= t.end_time)
        invalid(`${field}: start_time ${t.start_time} must be before end_time ${t.end_time}`);
      return { start_time: t.start_time, end_time: t.end_time };
    });
    if (times.length > 0) out.times = times;
    const weekdays = ranges(
      interval.weekdays,
      `${at}.weekdays`,
      parseWeekday,
      (n) => WEEKDAYS[n]!,
      checkWeekdays,
    );
    if (weekdays.length > 0) out.weekdays = weekdays;
    const days = ranges(interval.days_of_month, `${at}.days_of_month`, parseDayOfMonth, String, checkDays);
    if (days.length > 0) out.days_of_month = days;
    const months = ranges(interval.months, `${at}.months`, parseMonth, (n) => MONTHS[n - 1]!, ordered);
    if (months.length > 0) out.months = months;
    const years = ranges(interval.years, `${at}.years`, parseYear, String, ordered);
    if (years.length > 0) out.years = years;
    if (interval.location !== undefined) {
      if (checkLocation) checkTimeZone(interval.location, `${at}.location`);
      out.location = interval.location;
    }
    return out;
  });
}

/**
 * The entries of `time_intervals` where Grafana's differ from the desired ones (in the form
 * {@link normaliseTimeIntervals} returns), compared structurally and in order; [] = the same.
 */
export function timeIntervalsDrift(
  desired: readonly TimeInterval[],
  stored: readonly TimeInterval[],
): string[] {
  const comparable = storedIntervals(stored);
  const drift: string[] = [];
  const count = Math.max(comparable.length, desired.length);
  for (let i = 0; i < count; i++) {
    if (canonicalJson(comparable[i]) !== canonicalJson(desired[i])) drift.push(`time_intervals[${i}]`);
  }
  return drift;
}

/** Stored intervals as Grafana returns them, in the same form as the desired ones (best effort). */
function storedIntervals(intervals: readonly TimeInterval[]): unknown[] {
  return intervals.map((interval, i) => {
    try {
      return normaliseTimeIntervals([interval], `stored[${i}]`, false)[0];
    } catch {
      return interval;
    }
  });
}

function ranges(
  values: readonly string[] | undefined,
  field: string,
  parse: (text: string) => number | undefined,
  format: (n: number) => string,
  check: (begin: number, end: number) => string | undefined,
): string[] {
  return (values ?? []).map((value, k) => {
    const parts = value.split(':');
    const begin = parts.length <= 2 ? parse(parts[0] ?? '') : undefined;
    const end = parts.length === 2 ? parse(parts[1] ?? '') : begin;
    if (begin === undefined || end === undefined) invalid(`${field}[${k}]: "${value}" is not valid`, field);
    const problem = check(begin, end);
    if (problem) invalid(`${field}[${k}]: "${value}" ${problem}`);
    return begin === end ? format(begin) : `${format(begin)}:${format(end)}`;
  });
}

function parseWeekday(text: string): number | undefined {
  const i = WEEKDAYS.indexOf(text.toLowerCase());
  return i < 0 ? undefined : i;
}

function parseDayOfMonth(text: string): number | undefined {
  if (!/^-?\d{1,2}$/.test(text)) return undefined;
  const n = Number(text);
  return n === 0 || n < -31 || n > 31 ? undefined : n;
}

function parseMonth(text: string): number | undefined {
  const t = text.toLowerCase();
  if (/^\d{1,2}$/.test(t)) {
    const n = Number(t);
    return n >= 1 && n <= 12 ? n : undefined;
  }
  const i = MONTHS.indexOf(t);
  return i < 0 ? undefined : i + 1;
}

function parseYear(text: string): number | undefined {
  if (!/^\d{4}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1970 ? n : undefined;
}

function ordered(begin: number, end: number): string | undefined {
  return begin <= end ? undefined : 'ends before it starts';
}

function checkWeekdays(begin: number, end: number): string | undefined {
  return begin <= end ? undefined : 'wraps around the week (sunday is first): write two entries';
}

/** alertmanager: a negative start needs a negative end; ends compared on a 28-day month. */
function checkDays(begin: number, end: number): string | undefined {
  if (begin < 0 && end > 0) return 'starts counting from the end of the month, so it must end that way too';
  const b = begin < 0 ? 28 + begin : begin;
  const e = end < 0 ? 28 + end : end;
  return b <= e ? undefined : 'ends before it starts';
}

/**
 * The zone must be in the IANA database, spelled as there: Intl accepts any letter case, Grafana
 * (Go's time.LoadLocation) does not.
 */
export function checkTimeZone(zone: string, field: string): void {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat(undefined, { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    invalid(`${field}: "${zone}" is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)`);
  }
  if (resolved !== zone && resolved.toLowerCase() === zone.toLowerCase()) {
    invalid(`${field}: "${zone}" must be spelled as in the IANA time zone database: "${resolved}"`);
  }
}

const VALID_FORMS: Record<string, string> = {
  weekdays: 'day names (monday) or ranges of them (monday:friday)',
  days_of_month: 'days 1 to 31 or -31 to -1, or ranges of them (1:7)',
  months: 'month names or numbers 1 to 12, or ranges of them (january:march)',
  years: 'years from 1970, or ranges of them (2026:2027)',
};

function invalid(message: string, field?: string): never {
  const kind = field?.split('.').at(-1) ?? '';
  const hint = VALID_FORMS[kind] ? `; use ${VALID_FORMS[kind]}` : '';
  throw new ObjectError('InvalidSpec', `${message}${hint}`);
}
