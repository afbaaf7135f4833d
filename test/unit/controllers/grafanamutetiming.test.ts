import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { GrafanaMuteTiming } from '../../../src/api/generated/index.js';
import {
  checkTimeZone,
  diffMuteTiming,
  grafanaMuteTimingKind,
  normaliseTimeIntervals,
  type DesiredMuteTiming,
} from '../../../src/controllers/grafanamutetiming.js';
import { nameUid } from '../../../src/controllers/notification-resources.js';
import { ObjectError, type KindContext } from '../../../src/controllers/shared/grafana-object.js';
import type { InstanceTarget } from '../../../src/controllers/shared/targets.js';
import { type MuteTiming } from '../../../src/grafana/index.js';
import { alertingOf } from '../../grafana-double/alerting-state.js';
import type { GrafanaDouble } from '../../grafana-double/server.js';
import { startDoubleTarget, type DoubleTarget } from '../../support/double-target.js';

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

describe('diffMuteTiming', () => {
  const desired = (extra: Partial<DesiredMuteTiming> = {}): DesiredMuteTiming => ({
    name: 'off-hours',
    time_intervals: normalise([
      { weekdays: ['Saturday', 'sunday'] },
      { times: [{ start_time: '20:00', end_time: '24:00' }], months: ['1:2'], location: 'Europe/Berlin' },
    ]),
    editable: false,
    recordedName: 'off-hours',
    adopt: false,
    ...extra,
  });
  /** `MuteTimeInterval` as Grafana's list returns it for what desired() sends. */
  const stored = (extra: Partial<MuteTiming> = {}): { timing: MuteTiming; recorded: boolean } => ({
    timing: {
      name: 'off-hours',
      time_intervals: [
        { weekdays: ['saturday', 'sunday'] },
        {
          times: [{ start_time: '20:00', end_time: '24:00' }],
          months: ['january:february'],
          location: 'Europe/Berlin',
        },
      ],
      version: 'f1d2d2f924e986ac',
      provenance: 'api',
      ...extra,
    },
    recorded: true,
  });

  it('is in sync with what Grafana returns', () => {
    expect(diffMuteTiming(desired(), stored())).toEqual([]);
  });

  it('names the intervals that differ, in order, and treats [] as omitted', () => {
    expect(
      diffMuteTiming(
        desired(),
        stored({
          time_intervals: [
            { weekdays: ['saturday'], times: [] },
            {
              times: [{ start_time: '20:00', end_time: '24:00' }],
              months: ['january:february'],
              location: 'Europe/Berlin',
              years: [],
            },
          ],
        }),
      ),
    ).toEqual(['time_intervals[0]']);
    const swapped = stored();
    swapped.timing.time_intervals.reverse();
    expect(diffMuteTiming(desired(), swapped)).toEqual(['time_intervals[0]', 'time_intervals[1]']);
    expect(
      diffMuteTiming(desired(), stored({ time_intervals: [{ weekdays: ['saturday', 'sunday'] }] })),
    ).toEqual(['time_intervals[1]']);
  });

  it('reports another name and provenance; with editableInGrafana nothing is drift', () => {
    expect(diffMuteTiming(desired({ name: 'renamed' }), stored())).toEqual(['name']);
    const { provenance: _p, ...none } = stored().timing;
    expect(diffMuteTiming(desired(), { timing: none, recorded: true })).toEqual(['provenance']);
    expect(diffMuteTiming(desired({ editable: true }), stored({ time_intervals: [] }))).toEqual([]);
  });
});

describe('GrafanaMuteTiming against the Grafana double', () => {
  let double: GrafanaDouble;
  let target: InstanceTarget;
  const kind = grafanaMuteTimingKind;
  const store = () => alertingOf(double.state.org(1));
  const calls = () =>
    double.requests
      .filter((r) => r.path.startsWith('/api/v1/provisioning/mute-timings/'))
      .map((r) => `${r.method} ${r.status}`);

  let fixture: DoubleTarget;

  beforeEach(async () => {
    fixture = await startDoubleTarget();
    ({ double, target } = fixture);
  });

  afterEach(() => fixture.stop());

  const context = (spec: Record<string, unknown>, status?: unknown) =>
    ({
      uid: 'nights-1a2b3c4d',
      namespace: 'ns',
      object: {
        metadata: { name: 'nights', namespace: 'ns' },
        spec: { instanceSelector: {}, ...spec },
        status,
      },
    }) as unknown as KindContext<GrafanaMuteTiming>;

  const written = {
    instances: [{ name: 'main', synced: true, uid: nameUid('nights'), appliedHash: 'sha256:x' }],
  };

  it('desired(): name defaults to metadata.name; the name last written comes from the status', async () => {
    const fresh = await kind.desired(context({ time_intervals: [{ weekdays: ['Sunday'] }] }), target);
    expect(fresh).toEqual({
      name: 'nights',
      time_intervals: [{ weekdays: ['sunday'] }],
      editable: false,
      recordedName: undefined,
      adopt: false,
    });
    const again = await kind.desired(context({ name: 'night-shift', time_intervals: [{}] }, written), target);
    expect(again.recordedName).toBe('nights');
  });

  it('a switch to editable of a timing a policy uses is a Conflict that says why, and changes nothing', async () => {
    store().seedMuteTiming(
      { name: 'nights', time_intervals: [{ weekdays: ['sunday'] }] },
      { provenance: 'api' },
    );
    store().seedPolicyTree({
      receiver: 'grafana-default-email',
      routes: [{ receiver: 'grafana-default-email', mute_time_intervals: ['nights'] }],
    });
    const desired = await kind.desired(
      context({ time_intervals: [{ weekdays: ['sunday'] }], editableInGrafana: true }, written),
      target,
    );
    const observed = await kind.observe(target, 'nights-1a2b3c4d', desired);
    expect(observed?.recorded).toBe(true);
    const error = await kind.write(target, 'nights-1a2b3c4d', desired, observed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectError);
    expect((error as ObjectError).reason).toBe('Conflict');
    expect((error as Error).message).toContain(
      'Grafana refuses to delete mute timing "nights" to make it editable in Grafana',
    );
    expect((error as Error).message).toContain(
      'notification policy: the policy matching all alerts (no matchers)',
    );
    expect(store().muteTiming('nights')?.provenance).toBe('api');
  });

  it("remove() deletes with the version it read, and is quiet when the timing is gone or not the API's", async () => {
    store().seedMuteTiming(
      { name: 'nights', time_intervals: [{ weekdays: ['sunday'] }] },
      { provenance: 'api' },
    );
    await kind.remove(target, nameUid('nights'));
    expect(calls()).toEqual(['GET 200', 'DELETE 204']);
    const del = double.requests.find((r) => r.method === 'DELETE');
    expect(del?.query.version).toMatch(/^[0-9a-f]{16}$/);
    expect(store().muteTiming('nights')).toBeUndefined();
    await expect(kind.remove(target, nameUid('nights'))).resolves.toBeUndefined();
    store().seedMuteTiming({ name: 'from-file' }, { provenance: 'file' });
    await kind.remove(target, nameUid('from-file'));
    expect(store().muteTiming('from-file')).toBeDefined();
  });

  it('a create that finds the name taken meanwhile is a Conflict without adopt, an update with it', async () => {
    const desired = await kind.desired(context({ time_intervals: [{ weekdays: ['monday'] }] }), target);
    expect(await kind.observe(target, 'nights-1a2b3c4d', desired)).toBeUndefined();
    // Made after the list was read.
    store().seedMuteTiming({ name: 'nights', time_intervals: [{ weekdays: ['friday'] }] });
    await expect(kind.write(target, 'nights-1a2b3c4d', desired, undefined)).rejects.toThrow(
      'mute timing "nights" already exists in Grafana and was not created by this object',
    );
    await kind.write(target, 'nights-1a2b3c4d', { ...desired, adopt: true }, undefined);
    expect(store().muteTiming('nights')).toMatchObject({ provenance: 'api' });
    expect(calls()).toEqual(['GET 200', 'GET 200', 'PUT 202']);
  });
});
