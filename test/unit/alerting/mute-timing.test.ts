import { describe, expect, it } from '@jest/globals';
import type { GrafanaMuteTiming } from '../../../src/api/generated/index.js';
import {
  desiredMuteTiming,
  diffMuteTiming,
  type DesiredMuteTiming,
} from '../../../src/alerting/mute-timing.js';
import { normaliseTimeIntervals } from '../../../src/alerting/time-intervals.js';
import type { MuteTiming } from '../../../src/grafana/index.js';
import { ObjectError } from '../../../src/lib/object-error.js';

type Intervals = GrafanaMuteTiming['spec']['time_intervals'];

const normalise = (intervals: unknown[]) =>
  normaliseTimeIntervals(intervals as unknown as Intervals, 'spec.time_intervals', true);

describe('diffMuteTiming', () => {
  const desired = (extra: Partial<DesiredMuteTiming> = {}): DesiredMuteTiming => ({
    name: 'off-hours',
    time_intervals: normalise([
      { weekdays: ['Saturday', 'sunday'] },
      { times: [{ start_time: '20:00', end_time: '24:00' }], months: ['1:2'], location: 'Europe/Berlin' },
    ]),
    editable: false,
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

describe('desiredMuteTiming', () => {
  it("names the timing as given, puts its intervals in Grafana's form and checks time zones", () => {
    const spec = (extra: Record<string, unknown>) =>
      ({ instanceSelector: {}, ...extra }) as unknown as GrafanaMuteTiming['spec'];
    expect(desiredMuteTiming(spec({ time_intervals: [{ months: ['1:3'] }] }), 'quarter')).toEqual({
      name: 'quarter',
      time_intervals: [{ months: ['january:march'] }],
      editable: false,
    });
    expect(desiredMuteTiming(spec({ time_intervals: [], editableInGrafana: true }), 'none').editable).toBe(
      true,
    );
    const zone = () =>
      desiredMuteTiming(spec({ time_intervals: [{ location: 'Mars/Olympus_Mons' }] }), 'mars');
    expect(zone).toThrow(ObjectError);
    expect(zone).toThrow(/spec\.time_intervals\[0\]\.location: "Mars\/Olympus_Mons"/);
  });
});
