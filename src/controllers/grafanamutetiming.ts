import {
  GrafanaMuteTimingResource,
  grafanaMuteTimingSpecSchema,
  type GrafanaMuteTiming,
  type GrafanaMuteTimingSpec,
} from '../api/generated/index.js';
import {
  isForeignManaged,
  notOursConflict,
  refuseForeignManaged,
  switchesToNone,
  wantedProvenance,
} from '../alerting/provenance.js';
import {
  GrafanaAlreadyExistsError,
  GrafanaConflictError,
  GrafanaProvenanceConflictError,
  GrafanaVersionMismatchError,
  provenanceOf,
  type MuteTiming,
  type MuteTimingInput,
  type ProvenanceOptions,
  type TimeInterval,
} from '../grafana/index.js';
import {
  inUseMessage,
  nameFromUid,
  nameUid,
  recordedName,
  usersOf,
  writeWithVersion,
} from './notification-resources.js';
import { ObjectError, showName, type Applied, type ObjectKind } from './shared/grafana-object.js';
import { canonicalJson } from './shared/hash.js';
import type { InstanceTarget } from './shared/targets.js';

export interface DesiredMuteTiming {
  name: string;
  /** In the form Grafana returns them (see {@link normaliseTimeIntervals}). */
  time_intervals: TimeInterval[];
  editable: boolean;
  /** The name this object last wrote on the instance (read state, never hashed). */
  recordedName: string | undefined;
  adopt: boolean;
}

export interface ObservedMuteTiming {
  timing: MuteTiming;
  /** Under the name this object last wrote there. */
  recorded: boolean;
}

const SNAPSHOT = 'alerting-mute-timings';

/**
 * GrafanaMuteTiming. Reads come from one list call per instance (`GET /mute-timings`, shared by all
 * objects). Grafana identifies a mute timing by its name; a renamed spec renames it with a PUT
 * (Grafana follows the rename in the policies that use it). Writes are serialised per instance
 * (`target.exclusive`, contract §8.10) and carry the `version` read: a 409 (someone saved it in
 * between) reads it again and writes once more, a second 409 is a Conflict, retried at the resync
 * pace.
 *
 * Validation happens before Grafana: the CRD checks every range (CEL); the reconciler checks them
 * again (objects stored under an older CRD) and checks each `location` against the IANA time zone
 * database, which CEL cannot.
 *
 * Drift (contract §12) compares the name, `time_intervals` structurally in the form Grafana returns
 * them (empty lists omitted, day and month names lower-case, `monday:monday` as `monday`, months
 * by name), in order, and the provenance.
 */
export const grafanaMuteTimingKind: ObjectKind<
  GrafanaMuteTimingSpec,
  GrafanaMuteTiming,
  DesiredMuteTiming,
  ObservedMuteTiming
> = {
  resource: GrafanaMuteTimingResource,
  specSchema: grafanaMuteTimingSpecSchema,

  desired(context, target) {
    const { spec, metadata } = context.object;
    return Promise.resolve({
      name: spec.name ?? metadata?.name ?? '',
      time_intervals: normaliseTimeIntervals(spec.time_intervals, 'spec.time_intervals', true),
      editable: spec.editableInGrafana ?? false,
      recordedName: recordedName(context, target),
      adopt: spec.adopt ?? false,
    });
  },

  hashable: ({ name, time_intervals, editable }) => ({ name, time_intervals, editable }),

  claims: ({ name }) => [`name:${name}`],

  async observe(target, _uid, desired) {
    const timings = await snapshot(target);
    let timing = timings.get(desired.name);
    let recorded = timing !== undefined && desired.recordedName === desired.name;
    if (!timing && desired.recordedName !== undefined && desired.recordedName !== desired.name) {
      // Renamed in the spec: the timing is still under the name written last.
      timing = timings.get(desired.recordedName);
      recorded = timing !== undefined;
    }
    if (!timing && desired.recordedName === desired.name) {
      // We wrote it, yet the shared list lacks it (a list older than our write): ask for it
      // directly rather than trying to create it again.
      const current = await target.api.muteTimings.find(desired.name);
      if (current) {
        target.snapshots.put(SNAPSHOT, current.name, current);
        timing = current;
        recorded = true;
      }
    }
    if (!timing) return undefined;
    refuseForeignManaged(describeTiming(timing.name), timing);
    return { timing, recorded };
  },

  owns(observed) {
    if (observed.recorded) return true;
    throw notOursConflict(describeTiming(observed.timing.name), observed.timing.provenance);
  },

  diff: diffMuteTiming,

  async write(target, _uid, desired, observed) {
    return target.exclusive(async () => {
      const options: ProvenanceOptions = { disableProvenance: desired.editable };
      const body: MuteTimingInput = { name: desired.name, time_intervals: desired.time_intervals };
      let stored: MuteTiming;
      if (observed) {
        stored = await update(target, observed.timing, body, options);
      } else {
        try {
          stored = await target.api.muteTimings.create(body, options);
        } catch (err) {
          if (!(err instanceof GrafanaAlreadyExistsError)) throw err;
          // Made since the list was read.
          target.snapshots.invalidate(SNAPSHOT);
          const current = await target.api.muteTimings.find(desired.name);
          if (!current) throw err;
          refuseForeignManaged(describeTiming(current.name), current);
          const ours = desired.recordedName === desired.name;
          if (!ours && !desired.adopt)
            throw notOursConflict(describeTiming(current.name), current.provenance);
          stored = await update(target, current, body, options);
        }
      }
      if (observed && observed.timing.name !== stored.name)
        target.snapshots.remove(SNAPSHOT, observed.timing.name);
      target.snapshots.put(SNAPSHOT, stored.name, stored);
      // A rename onto a name that existed (adopted): the timing under the old name goes.
      const old = desired.recordedName;
      if (old !== undefined && old !== desired.name && observed?.timing.name !== old) {
        await removeTiming(target, old);
      }
      return describe(stored);
    });
  },

  async remove(target, uid) {
    await target.exclusive(() => removeTiming(target, nameFromUid(uid) ?? uid));
  },

  describe: (observed) => describe(observed.timing),
  shown: showName,
};

/** The fields where Grafana's mute timing differs from the desired one; [] = in sync. */
export function diffMuteTiming(desired: DesiredMuteTiming, observed: ObservedMuteTiming): string[] {
  // Edits made in Grafana stay until the spec changes (which changes the hash and writes).
  if (desired.editable) return [];
  const drift: string[] = [];
  const { timing } = observed;
  if (timing.name !== desired.name) drift.push('name');
  const stored = storedIntervals(timing.time_intervals ?? []);
  const count = Math.max(stored.length, desired.time_intervals.length);
  for (let i = 0; i < count; i++) {
    if (canonicalJson(stored[i]) !== canonicalJson(desired.time_intervals[i]))
      drift.push(`time_intervals[${i}]`);
  }
  if (provenanceOf(timing) !== wantedProvenance(desired.editable)) drift.push('provenance');
  return drift;
}

/**
 * A PUT with the version read. Grafana refuses a switch from a provenance to none in place (403,
 * §8.9): then the timing is deleted and created again. A 409 means someone saved it since: read
 * its version and write once more; a second one is a Conflict.
 */
async function update(
  target: InstanceTarget,
  current: MuteTiming,
  body: MuteTimingInput,
  options: ProvenanceOptions,
): Promise<MuteTiming> {
  const timings = target.api.muteTimings;
  if (switchesToNone(current.provenance, options.disableProvenance ?? false)) {
    await deleteTiming(
      target,
      current,
      'make it editable in Grafana (which needs deleting and re-creating it)',
    );
    return timings.create(body, options);
  }
  return writeWithVersion({
    what: describeTiming(current.name),
    version: current.version,
    write: (version) => timings.update(current.name, { ...body, ...(version ? { version } : {}) }, options),
    reread: () => {
      target.snapshots.invalidate(SNAPSHOT);
      return timings.find(current.name);
    },
    create: () => timings.create(body, options),
  });
}

/** Deletes the timing under `name` if it is there (and not another manager's). */
async function removeTiming(target: InstanceTarget, name: string): Promise<void> {
  const current = await target.api.muteTimings.find(name);
  if (!current || isForeignManaged(current.provenance)) {
    target.snapshots.remove(SNAPSHOT, name);
    return;
  }
  await deleteTiming(target, current, 'delete it');
}

/**
 * DELETE with the version read (re-read once on a 409 version mismatch). Grafana refuses while a
 * notification policy or an alert rule uses the timing (409): that is reported with what uses it.
 */
async function deleteTiming(target: InstanceTarget, current: MuteTiming, purpose: string): Promise<void> {
  const timings = target.api.muteTimings;
  const name = current.name;
  try {
    try {
      await timings.delete(name, { version: current.version });
    } catch (err) {
      if (!(err instanceof GrafanaVersionMismatchError)) throw err;
      const fresh = await timings.find(name);
      if (fresh) await timings.delete(name, { version: fresh.version });
    }
  } catch (err) {
    if (err instanceof GrafanaConflictError && !(err instanceof GrafanaProvenanceConflictError)) {
      const users = await usersOf(target.api, {
        route: (route) =>
          [...(route.mute_time_intervals ?? []), ...(route.active_time_intervals ?? [])].includes(name),
        rule: (s) => [...(s.mute_time_intervals ?? []), ...(s.active_time_intervals ?? [])].includes(name),
      });
      const what = purpose === 'delete it' ? describeTiming(name) : `${describeTiming(name)} to ${purpose}`;
      throw new ObjectError('Conflict', inUseMessage(what, err, users));
    }
    throw err;
  } finally {
    target.snapshots.invalidate(SNAPSHOT);
  }
}

async function snapshot(target: InstanceTarget): Promise<Map<string, MuteTiming>> {
  return target.snapshots.get(SNAPSHOT, async () =>
    (await target.api.muteTimings.list()).map((t) => [t.name, t] as [string, MuteTiming]),
  );
}

function describe(timing: MuteTiming): Applied {
  return { uid: nameUid(timing.name) };
}

function describeTiming(name: string): string {
  return `mute timing "${name}"`;
}

// -------------------------------------------------------------------------------------------------
// Time intervals: validation and Grafana's form

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

/** Stored intervals as Grafana returns them, in the same form as the desired ones (best effort). */
function storedIntervals(intervals: TimeInterval[]): unknown[] {
  return intervals.map((interval, i) => {
    try {
      return normaliseTimeIntervals([interval], `stored[${i}]`, false)[0];
    } catch {
      return interval;
    }
  });
}

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
