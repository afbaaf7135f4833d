import { describe, expect, it } from '@jest/globals';
import {
  desiredSilence,
  diffSilence,
  findSilence,
  silenceInput,
  windowState,
  type DesiredSilence,
} from '../../../src/alerting/silence.js';
import type { GrafanaSilence } from '../../../src/grafana/index.js';
import { ObjectError } from '../../../src/lib/object-error.js';

const CREATED = '2030-01-01T00:00:00Z';
const at = (iso: string) => Date.parse(iso);

const desired = (extra: Partial<Parameters<typeof desiredSilence>[0]> = {}): DesiredSilence =>
  desiredSilence(
    {
      matchers: [
        { name: 'team', value: 'b' },
        { name: 'alertname', value: 'Disk.*', isRegex: true },
      ],
      duration: '2h',
      comment: 'maintenance',
      ...extra,
    },
    CREATED,
  );

/** A silence as Grafana lists it, by default the desired one as saved at its start. */
const silence = (d: DesiredSilence, extra: Partial<GrafanaSilence> = {}): GrafanaSilence => ({
  id: 'id-1',
  status: { state: 'active' },
  updatedAt: d.startsAt,
  ...d,
  ...extra,
});

describe('desiredSilence', () => {
  it('counts a duration from the creation when startsAt is omitted, and defaults matcher kinds and author', () => {
    expect(desired()).toEqual({
      matchers: [
        { name: 'alertname', value: 'Disk.*', isEqual: true, isRegex: true },
        { name: 'team', value: 'b', isEqual: true, isRegex: false },
      ],
      startsAt: '2030-01-01T00:00:00.000Z',
      endsAt: '2030-01-01T02:00:00.000Z',
      comment: 'maintenance',
      createdBy: 'grafana-provisioning-operator',
    });
  });

  it('counts a duration from startsAt, and takes endsAt as it is', () => {
    expect(desired({ startsAt: '2030-02-01T10:00:00Z' }).endsAt).toBe('2030-02-01T12:00:00.000Z');
    expect(desired({ duration: undefined, endsAt: '2030-03-01T00:00:00Z' }).endsAt).toBe(
      '2030-03-01T00:00:00.000Z',
    );
  });

  it('refuses a window that ends before it starts', () => {
    expect(() => desired({ duration: undefined, endsAt: '2029-01-01T00:00:00Z' })).toThrow(ObjectError);
    expect(() => desired({ duration: '99999999999999999999h' })).toThrow(ObjectError);
  });
});

describe('windowState', () => {
  it('is pending before the start, active until the end, expired from the end', () => {
    const d = desired();
    expect(windowState(d, at('2029-12-31T23:59:59Z'))).toBe('pending');
    expect(windowState(d, at('2030-01-01T01:00:00Z'))).toBe('active');
    expect(windowState(d, at('2030-01-01T02:00:00Z'))).toBe('expired');
  });
});

describe('findSilence', () => {
  const now = at('2030-01-01T01:00:00Z');

  it('finds the recorded id first, expired or not', () => {
    const d = desired();
    const mine = silence(d, { id: 'mine', status: { state: 'expired' } });
    const other = silence(d, { id: 'other' });
    expect(findSilence([other, mine], 'mine', d, now)).toEqual({ silence: mine, recorded: true });
  });

  it('offers a live silence with the same matchers (in any order) and comment, not recorded', () => {
    const d = desired();
    const hand = silence(d, { id: 'hand', matchers: [...d.matchers].reverse(), createdBy: 'admin' });
    const expired = silence(d, { id: 'old', status: { state: 'expired' } });
    expect(findSilence([expired, hand], undefined, d, now)).toEqual({ silence: hand, recorded: false });
    expect(findSilence([silence(d, { comment: 'other' })], undefined, d, now)).toBeUndefined();
  });

  it('holds nothing, in sync, once the window is over', () => {
    const d = desired();
    const over = findSilence([], 'gone', d, at('2030-01-02T00:00:00Z'));
    expect(over).toEqual({ recorded: true });
    expect(diffSilence(d, over!, at('2030-01-02T00:00:00Z'))).toEqual([]);
  });
});

describe('diffSilence', () => {
  const now = at('2030-01-01T01:00:00Z');

  it('takes a start Alertmanager moved to the save as in sync, while both are past', () => {
    const d = desired();
    expect(
      diffSilence(d, { silence: silence(d, { startsAt: '2030-01-01T00:00:05.123Z' }), recorded: true }, now),
    ).toEqual([]);
  });

  it('names an early expiry, and each field that differs', () => {
    const d = desired();
    expect(
      diffSilence(d, { silence: silence(d, { status: { state: 'expired' } }), recorded: true }, now),
    ).toEqual(['expired']);
    const edited = silence(d, {
      matchers: [d.matchers[0]!],
      comment: 'edited',
      createdBy: 'admin',
      endsAt: '2030-01-01T03:00:00Z',
      startsAt: '2030-01-01T01:30:00Z',
    });
    expect(diffSilence(d, { silence: edited, recorded: true }, now)).toEqual([
      'matchers',
      'comment',
      'createdBy',
      'startsAt',
      'endsAt',
    ]);
  });

  it('takes an expired silence as in sync once the window is over, and a live one as to be expired', () => {
    const d = desired();
    const after = at('2030-01-01T02:00:01Z');
    expect(
      diffSilence(d, { silence: silence(d, { status: { state: 'expired' } }), recorded: true }, after),
    ).toEqual([]);
    expect(
      diffSilence(d, { silence: silence(d, { endsAt: '2030-01-05T00:00:00Z' }), recorded: true }, after),
    ).toEqual(['endsAt']);
  });
});

describe('silenceInput', () => {
  const now = at('2030-01-01T01:00:00Z');

  it('updates a live silence by its id, keeping its start where both are past', () => {
    const d = desired();
    const current = silence(d, { startsAt: '2030-01-01T00:00:05.000Z' });
    expect(silenceInput(d, current, now)).toEqual({ ...d, id: 'id-1', startsAt: '2030-01-01T00:00:05.000Z' });
  });

  it('makes a new silence where the current one is expired or there is none', () => {
    const d = desired();
    expect(silenceInput(d, silence(d, { status: { state: 'expired' } }), now)).toEqual(d);
    expect(silenceInput(d, undefined, now)).toEqual(d);
  });
});
