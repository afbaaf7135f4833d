import type { Condition } from '../../../src/runtime/conditions.js';
import { isWaitingReason, ReadyNotices } from '../../../src/runtime/ready-events.js';

const t0 = Date.parse('2026-01-01T00:00:00Z');
const at = (seconds: number) => t0 + seconds * 1000;

function ready(status: Condition['status'], reason: string, message = reason): Condition {
  return { type: 'Ready', status, reason, message, lastTransitionTime: '2026-01-01T00:00:00Z' };
}

describe('ReadyNotices', () => {
  const key = 'ns/name';

  it('tells Ready=True as a Normal Event and a real failure as a Warning, each when it changes', () => {
    const notices = new ReadyNotices(60_000);
    const synced = ready('True', 'Synced', 'In sync on 1 instance');
    expect(notices.decide(key, undefined, synced, false, at(0))).toEqual({
      event: { type: 'Normal', reason: 'Synced', message: 'In sync on 1 instance' },
      log: 'info',
    });
    expect(notices.decide(key, synced, synced, false, at(1))).toEqual({});
    const invalid = ready('False', 'InvalidSpec', 'receivers[0]: bad');
    expect(notices.decide(key, synced, invalid, false, at(2))).toEqual({
      event: { type: 'Warning', reason: 'InvalidSpec', message: 'receivers[0]: bad' },
      log: 'warn',
    });
    expect(notices.decide(key, invalid, invalid, false, at(3))).toEqual({});
    // Same reason, new message: news.
    const other = ready('False', 'InvalidSpec', 'receivers[1]: bad');
    expect(notices.decide(key, invalid, other, false, at(4)).event?.message).toBe('receivers[1]: bad');
  });

  it('keeps a waiting state quiet until it has lasted the threshold, then warns once', () => {
    const notices = new ReadyNotices(60_000);
    const waiting = ready('False', 'InstanceNotReady');
    expect(notices.decide(key, undefined, waiting, true, at(5))).toEqual({
      log: 'info',
      recheckInMs: 55_000,
    });
    expect(notices.decide(key, waiting, waiting, true, at(30))).toEqual({ recheckInMs: 30_000 });
    expect(notices.decide(key, waiting, waiting, true, at(61))).toEqual({
      event: { type: 'Warning', reason: 'InstanceNotReady', message: 'InstanceNotReady' },
      log: 'warn',
    });
    expect(notices.decide(key, waiting, waiting, true, at(120))).toEqual({});
    expect(notices.decide(key, waiting, waiting, true, at(600))).toEqual({});
    // Still waiting, for something else now: that is news at once.
    const other = ready('False', 'DependencyNotReady', 'waiting for GrafanaFolder "a"');
    expect(notices.decide(key, waiting, other, true, at(601)).event).toMatchObject({ type: 'Warning' });
  });

  it('never warns about a waiting state that ends in time, and tells Ready=True as usual', () => {
    const notices = new ReadyNotices(60_000);
    const waiting = ready('False', 'DependencyNotReady');
    notices.decide(key, undefined, waiting, true, at(1));
    const synced = { ...ready('True', 'Synced'), lastTransitionTime: '2026-01-01T00:00:20Z' };
    expect(notices.decide(key, waiting, synced, true, at(20)).event).toMatchObject({ type: 'Normal' });
  });

  it('warns again about a waiting state that comes back after Ready=True', () => {
    const notices = new ReadyNotices(1_000);
    const waiting = ready('False', 'DependencyNotReady');
    expect(notices.decide(key, undefined, waiting, true, at(2)).event).toBeDefined();
    notices.decide(key, waiting, ready('True', 'Synced'), false, at(3));
    const again = { ...waiting, lastTransitionTime: '2026-01-01T00:00:04Z' };
    expect(notices.decide(key, undefined, again, true, at(4)).event).toBeUndefined();
    expect(notices.decide(key, again, again, true, at(6)).event).toBeDefined();
  });

  it('keeps objects apart and forgets a deleted one', () => {
    const notices = new ReadyNotices(1_000);
    const waiting = ready('False', 'HasChildren');
    expect(notices.decide('ns/a', waiting, waiting, true, at(5)).event).toBeDefined();
    expect(notices.decide('ns/b', waiting, waiting, true, at(5)).event).toBeDefined();
    notices.forget('ns/a');
    expect(notices.decide('ns/a', waiting, waiting, true, at(6)).event).toBeDefined();
    expect(notices.decide('ns/b', waiting, waiting, true, at(6)).event).toBeUndefined();
  });
});

describe('isWaitingReason', () => {
  it.each(['NoMatchingInstance', 'InstanceNotReady', 'DependencyNotReady', 'HasChildren'])('%s waits', (r) =>
    expect(isWaitingReason(r)).toBe(true),
  );
  it.each(['InvalidSpec', 'Conflict', 'Unauthorized', 'SecretNotFound', 'Unreachable', 'Suspended'])(
    '%s is a real failure',
    (r) => expect(isWaitingReason(r)).toBe(false),
  );
});
