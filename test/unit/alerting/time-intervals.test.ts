import { describe, expect, it } from '@jest/globals';
import type { GrafanaMuteTiming } from '../../../src/api/generated/index.js';
import {
  checkTimeZone,
  normaliseTimeIntervals,
  timeIntervalsDrift,
} from '../../../src/alerting/time-intervals.js';
import { ObjectError } from '../../../src/lib/object-error.js';

type Intervals = GrafanaMuteTiming['spec']['time_intervals'];

const normalise = (intervals: unknown[]) =>
  normaliseTimeIntervals(intervals as unknown as Intervals, 'spec.time_intervals', true);

const invalidMessage = (intervals: unknown[]): string => {
  try {
    normalise(intervals);
  } catch (err) {
    expect(err).toBeInstanceOf(ObjectError);
    expect((err as ObjectError).reason).toBe('InvalidSpec');
    return (err as Error).message;
  }
  throw new Error('expected InvalidSpec');
};

describe('normaliseTimeIntervals: the form Grafana returns', () => {
  it('lower-cases names, spells months by name, drops leading zeros and collapses a range a:a', () => {
    expect(
      normalise([
        {
          times: [{ start_time: '09:00', end_time: '24:00' }],
          weekdays: ['Monday:FRIDAY', 'sunday:sunday'],
          days_of_month: ['01', '-7:-1', '1:-1'],
          months: ['1:3', 'December', '06'],
          years: ['2026:2026', '2026:2027'],
          location: 'Europe/Berlin',
        },
      ]),
    ).toEqual([
      {
        times: [{ start_time: '09:00', end_time: '24:00' }],
        weekdays: ['monday:friday', 'sunday'],
        days_of_month: ['1', '-7:-1', '1:-1'],
        months: ['january:march', 'december', 'june'],
        years: ['2026', '2026:2027'],
        location: 'Europe/Berlin',
      },
    ]);
  });

  it('omits empty lists, as Grafana does', () => {
    expect(normalise([{ times: [], weekdays: [], months: [] }, { weekdays: ['saturday'] }])).toEqual([
      {},
      { weekdays: ['saturday'] },
    ]);
  });

  it('refuses what Grafana would refuse, naming the field', () => {
    expect(invalidMessage([{ times: [{ start_time: '9:00', end_time: '10:00' }] }])).toBe(
      'spec.time_intervals[0].times[0].start_time: "9:00" is not a time of day HH:MM between 00:00 and 23:59',
    );
    expect(invalidMessage([{}, { times: [{ start_time: '18:00', end_time: '09:00' }] }])).toBe(
      'spec.time_intervals[1].times[0]: start_time 18:00 must be before end_time 09:00',
    );
    expect(invalidMessage([{ times: [{ start_time: '10:00', end_time: '24:01' }] }])).toContain(
      'end_time: "24:01" is not a time of day',
    );
    expect(invalidMessage([{ weekdays: ['funday'] }])).toBe(
      'spec.time_intervals[0].weekdays[0]: "funday" is not valid; use day names (monday) or ranges of them (monday:friday)',
    );
    expect(invalidMessage([{ weekdays: ['saturday:sunday'] }])).toContain('wraps around the week');
    expect(invalidMessage([{ days_of_month: ['0'] }])).toContain('days_of_month[0]: "0" is not valid');
    expect(invalidMessage([{ days_of_month: ['32'] }])).toContain('"32" is not valid');
    expect(invalidMessage([{ days_of_month: ['-1:5'] }])).toContain('must end that way too');
    expect(invalidMessage([{ days_of_month: ['10:5'] }])).toContain('ends before it starts');
    expect(invalidMessage([{ months: ['november:february'] }])).toContain('ends before it starts');
    expect(invalidMessage([{ months: ['13'] }])).toContain('"13" is not valid');
    expect(invalidMessage([{ years: ['1969'] }])).toContain('"1969" is not valid; use years from 1970');
    expect(invalidMessage([{ years: ['2027:2026'] }])).toContain('ends before it starts');
    expect(invalidMessage([{ weekdays: ['monday:tuesday:friday'] }])).toContain('is not valid');
  });

  it('checks the time zone against the IANA database, as spelled there', () => {
    expect(() => checkTimeZone('America/New_York', 'x')).not.toThrow();
    expect(() => checkTimeZone('UTC', 'x')).not.toThrow();
    expect(invalidMessage([{ location: 'Mars/Olympus_Mons' }])).toBe(
      'spec.time_intervals[0].location: "Mars/Olympus_Mons" is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)',
    );
    expect(invalidMessage([{ location: 'europe/berlin' }])).toContain(
      'must be spelled as in the IANA time zone database: "Europe/Berlin"',
    );
  });
});

describe('timeIntervalsDrift', () => {
  const desired = normalise([{ weekdays: ['Saturday', 'sunday'] }, { months: ['1:2'] }]);

  it('compares stored intervals in the same form, in order, [] as omitted', () => {
    expect(
      timeIntervalsDrift(desired, [
        { weekdays: ['saturday', 'sunday'], times: [] },
        { months: ['january:february'] },
      ]),
    ).toEqual([]);
    expect(
      timeIntervalsDrift(desired, [{ months: ['january:february'] }, { weekdays: ['saturday', 'sunday'] }]),
    ).toEqual(['time_intervals[0]', 'time_intervals[1]']);
    expect(timeIntervalsDrift(desired, [{ weekdays: ['saturday', 'sunday'] }])).toEqual([
      'time_intervals[1]',
    ]);
  });

  it('compares a stored interval it cannot read as it is', () => {
    expect(timeIntervalsDrift(normalise([{ weekdays: ['monday'] }]), [{ weekdays: ['funday'] }])).toEqual([
      'time_intervals[0]',
    ]);
  });
});
