/**
 * A GrafanaSilence's domain logic (contract §21): its window from the spec, how it compares with a
 * silence in Grafana, which silence is its own or adoptable, and what a save sends.
 *
 * A silence has no name or uid a user sets: Grafana's Alertmanager gives it an id, and a new one
 * whenever a change would rewrite its history (§21.2). The object therefore records the id it holds
 * (status.instances[].uid) and follows it as it changes; a silence it did not write is its own only
 * by spec.adopt, and one is adoptable when it is not expired and has the same matchers and comment.
 */
import type { GrafanaSilence, SilenceInput, SilenceMatcher, SilenceState } from '../grafana/index.js';
import { parseDuration } from '../lib/duration.js';
import { ObjectError } from '../lib/object-error.js';

/** The spec fields that decide the silence. */
export interface SilenceSpecFields {
  matchers: Array<{ name: string; value: string; isEqual?: boolean; isRegex?: boolean }>;
  startsAt?: string;
  endsAt?: string;
  duration?: string;
  comment: string;
  createdBy?: string;
}

/** The silence as the spec describes it: matchers in a fixed order, times as ISO strings. */
export interface DesiredSilence {
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  comment: string;
  createdBy: string;
}

/**
 * A silence found in Grafana, and whether this object wrote it. `silence` is undefined only when the
 * window is over and Grafana holds nothing of it: nothing is left to do then.
 */
export interface ObservedSilence {
  silence?: GrafanaSilence;
  recorded: boolean;
}

/** Who a silence is made by when the spec names nobody. */
export const DEFAULT_CREATED_BY = 'grafana-provisioning-operator';

/**
 * The silence the spec describes; `createdAt` is the object's creation time, which an omitted
 * startsAt means and a duration is counted from (through startsAt when that is given).
 */
export function desiredSilence(spec: SilenceSpecFields, createdAt: string): DesiredSilence {
  const start = Date.parse(spec.startsAt ?? createdAt);
  const duration = parseDuration(spec.duration);
  const end =
    spec.endsAt !== undefined ? Date.parse(spec.endsAt) : duration !== undefined ? start + duration : NaN;
  if (!isTime(start) || !isTime(end))
    throw new ObjectError('InvalidSpec', 'the silence needs a valid startsAt, and endsAt or duration');
  if (end <= start) throw new ObjectError('InvalidSpec', 'the silence must end after it starts');
  return {
    matchers: sortedMatchers(
      spec.matchers.map((m) => ({
        name: m.name,
        value: m.value,
        isEqual: m.isEqual ?? true,
        isRegex: m.isRegex ?? false,
      })),
    ),
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(end).toISOString(),
    comment: spec.comment,
    createdBy: spec.createdBy ?? DEFAULT_CREATED_BY,
  };
}

/** A time a Date can hold (a huge duration overflows it). */
function isTime(ms: number): boolean {
  return !Number.isNaN(new Date(ms).getTime());
}

/** Matchers by name, value and kind: Grafana keeps the order sent, which means nothing. */
export function sortedMatchers(matchers: readonly SilenceMatcher[]): SilenceMatcher[] {
  const key = (m: SilenceMatcher) => JSON.stringify([m.name, m.value, m.isEqual, m.isRegex]);
  return [...matchers]
    .map((m) => ({ name: m.name, value: m.value, isEqual: m.isEqual ?? true, isRegex: m.isRegex }))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** What only one object may hold per org: its matchers and comment (how adoption finds a silence). */
export function silenceIdentity(silence: Pick<DesiredSilence, 'matchers' | 'comment'>): string {
  return JSON.stringify([sortedMatchers(silence.matchers), silence.comment]);
}

/** The state of a window at `now`, as Alertmanager's getState tells it. */
export function windowState(window: { startsAt: string; endsAt: string }, now: number): SilenceState {
  if (now < Date.parse(window.startsAt)) return 'pending';
  return now < Date.parse(window.endsAt) ? 'active' : 'expired';
}

/**
 * The silence this object holds: the one whose id it recorded, else an adoptable one (not expired,
 * same matchers and comment); with neither, nothing to hold when the window is over.
 */
export function findSilence(
  silences: readonly GrafanaSilence[],
  recordedId: string | undefined,
  desired: DesiredSilence,
  now: number,
): ObservedSilence | undefined {
  const recorded = recordedId ? silences.find((s) => s.id === recordedId) : undefined;
  if (recorded) return { silence: recorded, recorded: true };
  const identity = silenceIdentity(desired);
  const adoptable = silences.find((s) => s.status.state !== 'expired' && silenceIdentity(s) === identity);
  if (adoptable) return { silence: adoptable, recorded: false };
  return windowState(desired, now) === 'expired' ? { recorded: true } : undefined;
}

/**
 * Fields where Grafana's silence differs from the spec's. Alertmanager starts a silence whose start
 * is past at the moment it is saved (§21.2), so a start already past matches any start that is past
 * too: the silence mutes from now on either way (an adopted one may have begun before the object). A silence whose window is over is in sync once it is expired; one expired early (in
 * Grafana, or by an edit that gave it a successor) is drift.
 */
export function diffSilence(desired: DesiredSilence, observed: ObservedSilence, now: number): string[] {
  const { silence } = observed;
  const over = windowState(desired, now) === 'expired';
  if (!silence) return [];
  if (silence.status.state === 'expired') return over ? [] : ['expired'];
  if (over) return ['endsAt'];
  const fields: string[] = [];
  if (!sameMatchers(silence, desired)) fields.push('matchers');
  if (silence.comment !== desired.comment) fields.push('comment');
  if (silence.createdBy !== desired.createdBy) fields.push('createdBy');
  if (!startMatches(desired.startsAt, silence.startsAt, now)) fields.push('startsAt');
  if (Date.parse(silence.endsAt) !== Date.parse(desired.endsAt)) fields.push('endsAt');
  return fields;
}

function sameMatchers(a: Pick<DesiredSilence, 'matchers'>, b: Pick<DesiredSilence, 'matchers'>): boolean {
  return JSON.stringify(sortedMatchers(a.matchers)) === JSON.stringify(sortedMatchers(b.matchers));
}

function startMatches(desired: string, observed: string, now: number): boolean {
  const want = Date.parse(desired);
  const have = Date.parse(observed);
  return have === want || (want <= now && have <= now);
}

/**
 * What a save sends: the current silence's id to update it (an expired one cannot be, so none), and
 * its start where both starts are past, so that Alertmanager updates in place and keeps the id.
 */
export function silenceInput(
  desired: DesiredSilence,
  current: GrafanaSilence | undefined,
  now: number,
): SilenceInput {
  const live = current && current.status.state !== 'expired' ? current : undefined;
  const keepStart = live && startMatches(desired.startsAt, live.startsAt, now);
  return {
    ...(live ? { id: live.id } : {}),
    ...desired,
    startsAt: keepStart ? live.startsAt : desired.startsAt,
  };
}
