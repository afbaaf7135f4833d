import { describe, expect, it } from '@jest/globals';
import {
  buildRule,
  deriveRuleUid,
  notificationNames,
  validateRule,
} from '../../../src/alerting/alert-rule-model.js';
import { ObjectError } from '../../../src/lib/object-error.js';
import { resolve, testApi1 } from './rule-fixtures.js';

function invalid(run: () => void): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ObjectError);
    expect((err as ObjectError).reason).toBe('InvalidSpec');
    return (err as ObjectError).message;
  }
  throw new Error('expected InvalidSpec');
}

describe('deriveRuleUid', () => {
  it('is stable, uid-safe, at most 40 characters, and distinct per object and title', () => {
    const uid = deriveRuleUid('api-1a2b3c4d', 'TEST-API_1');
    expect(uid).toMatch(/^TEST-API_1-[0-9a-f]{8}$/);
    expect(deriveRuleUid('api-1a2b3c4d', 'TEST-API_1')).toBe(uid);
    expect(deriveRuleUid('other-1a2b3c4d', 'TEST-API_1')).not.toBe(uid);
    const long = deriveRuleUid('x', 'Disk on / is filling up (more than 90 % used for an hour)');
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(deriveRuleUid('x', 'Écrit à la main')).toMatch(/^crit-la-main-[0-9a-f]{8}$/);
    expect(deriveRuleUid('x', 'ü')).toMatch(/^rule-[0-9a-f]{8}$/);
  });
});

describe('validateRule: what the CRD cannot check', () => {
  it('names the rule and the refId when the condition is not a query', () => {
    const message = invalid(() =>
      validateRule({ ...testApi1(), condition: 'C' }, 'spec.rules[0] ("TEST-API_1")'),
    );
    expect(message).toBe(
      'spec.rules[0] ("TEST-API_1"): condition "C" is not the refId of a query (its queries are "A", "B")',
    );
  });

  it('refuses duplicate refIds, a record.from that is no query, bad durations and empty ranges', () => {
    const rule = testApi1();
    expect(
      invalid(() => validateRule({ ...rule, data: [rule.data[0], rule.data[0]] as never }, 'r')),
    ).toContain('refId "A" is used by more than one query');
    expect(
      invalid(() =>
        validateRule({ ...rule, condition: undefined, record: { metric: 'up:sum', from: 'X' } }, 'r'),
      ),
    ).toContain('record.from "X" is not the refId of a query');
    expect(invalid(() => validateRule({ ...rule, for: '5 minutes' }, 'r'))).toBe(
      'r: for "5 minutes" is not a duration such as 30s, 5m, 1h30m or 1d (a number before each unit y, w, d, h, m, s or ms, largest unit first), or 0',
    );
    const empty = { ...rule.data[0]!, relativeTimeRange: { from: 0, to: 0 } };
    expect(invalid(() => validateRule({ ...rule, data: [empty, rule.data[1]!] }, 'r'))).toContain(
      'query "A" reads an empty time range',
    );
    expect(() => validateRule(rule, 'r')).not.toThrow();
  });
});

describe('buildRule: the rule in the form Grafana stores it', () => {
  it('resolves datasourceRef, adds the model defaults, sorts keys and normalises durations', async () => {
    const rule = await buildRule(testApi1(), 'test-api-1', resolve);
    expect(rule).toMatchObject({
      uid: 'test-api-1',
      title: 'TEST-API_1',
      condition: 'B',
      for: '5m',
      keep_firing_for: '0s',
      noDataState: 'OK',
      execErrState: 'OK',
      isPaused: false,
      notification_settings: null,
      record: null,
    });
    expect(rule.data[0]).toEqual({
      refId: 'A',
      queryType: '',
      relativeTimeRange: { from: 600, to: 0 },
      datasourceUid: 'prometheus-uid',
      model: { expr: 'up', hide: false, intervalMs: 1000, maxDataPoints: 43200, refId: 'A' },
    });
    expect(Object.keys(rule.data[0]!.model)).toEqual([
      'expr',
      'hide',
      'intervalMs',
      'maxDataPoints',
      'refId',
    ]);
    expect(rule.data[1]).toMatchObject({ datasourceUid: '__expr__', relativeTimeRange: { from: 0, to: 0 } });
  });

  it('takes queryType from the model, defaults the range of datasource queries, and clears recording rules', async () => {
    const rule = await buildRule(
      {
        title: 'Requests per second',
        record: { metric: 'http_requests:rate5m', from: 'A' },
        for: '5m',
        noDataState: 'Alerting',
        notification_settings: { receiver: 'team' },
        data: [
          { refId: 'A', datasourceUid: 'loki', model: { expr: 'rate({app="x"}[5m])', queryType: 'range' } },
        ],
      },
      'rps',
      resolve,
    );
    expect(rule.data[0]).toMatchObject({ queryType: 'range', relativeTimeRange: { from: 600, to: 0 } });
    expect(rule).toMatchObject({
      condition: 'A',
      for: '0s',
      notification_settings: null,
      record: { metric: 'http_requests:rate5m', from: 'A' },
    });
  });
});

describe('notificationNames: what a write waits for', () => {
  it("collects the rules' receivers and mute and active time intervals, each once and sorted; recording rules name none", async () => {
    const notifying = (title: string, settings: Record<string, unknown>) =>
      buildRule(
        { ...testApi1(), title, notification_settings: settings as { receiver: string } },
        title,
        resolve,
      );
    const rules = [
      await notifying('a', { receiver: 'pager', mute_time_intervals: ['nights'] }),
      await notifying('b', {
        receiver: 'email',
        mute_time_intervals: ['nights'],
        active_time_intervals: ['office'],
      }),
      await buildRule(testApi1(), 'plain', resolve),
      await buildRule(
        {
          title: 'recorded',
          record: { metric: 'up:sum', from: 'A' },
          notification_settings: { receiver: 'dropped' },
          data: [{ refId: 'A', datasourceUid: 'loki', model: { expr: 'up' } }],
        },
        'recorded',
        resolve,
      ),
    ];
    expect(notificationNames(rules)).toEqual({
      receivers: ['email', 'pager'],
      timeIntervals: ['nights', 'office'],
    });
    expect(notificationNames([rules[2]!])).toEqual({ receivers: [], timeIntervals: [] });
  });
});
