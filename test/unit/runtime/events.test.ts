import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { pino } from 'pino';
import { EventRecorder } from '../../../src/runtime/events.js';
import type { KubeClient } from '../../../src/runtime/kube/client.js';

/** Repeats of one Event within the window are one Event with a count; after it, a new Event. */
describe('EventRecorder', () => {
  const MINUTE = 60_000;
  let calls: string[];
  let recorder: EventRecorder;
  const client = {
    create: async (_type: unknown, _ns: string, body: { metadata: { name: string }; message: string }) => {
      calls.push(`create ${body.message}`);
      return body;
    },
    mergePatch: async (_type: unknown, _ns: string, _name: string, patch: { count: number }) => {
      calls.push(`count ${patch.count}`);
      return {};
    },
  } as unknown as KubeClient;
  const object = (uid: string) => ({ metadata: { name: uid, namespace: 'ns', uid } });
  const tracked = () => (recorder as unknown as { sent: Map<string, unknown> }).sent;

  beforeEach(() => {
    calls = [];
    jest.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00Z') });
    recorder = new EventRecorder(client, 'operator', 'operator-0', pino({ level: 'silent' }), 0);
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('a repeat within the window counts; one after it is a new Event', async () => {
    await recorder.record(object('a'), 'Warning', 'Failed', 'boom');
    jest.advanceTimersByTime(9 * MINUTE);
    await recorder.record(object('a'), 'Warning', 'Failed', 'boom');
    // The window counts from the last write.
    jest.advanceTimersByTime(9 * MINUTE);
    await recorder.record(object('a'), 'Warning', 'Failed', 'boom');
    jest.advanceTimersByTime(11 * MINUTE);
    await recorder.record(object('a'), 'Warning', 'Failed', 'boom');
    expect(calls).toEqual(['create boom', 'count 2', 'count 3', 'create boom']);
    expect(tracked().size).toBe(1);
  });

  it('objects, reasons and messages are told apart', async () => {
    await recorder.record(object('a'), 'Warning', 'Failed', 'boom');
    await recorder.record(object('b'), 'Warning', 'Failed', 'boom');
    await recorder.record(object('a'), 'Warning', 'Other', 'boom');
    await recorder.record(object('a'), 'Warning', 'Failed', 'bang');
    await recorder.record(object('a'), 'Normal', 'Failed', 'boom');
    expect(calls.filter((c) => c.startsWith('create'))).toHaveLength(5);
    // Keys are digests of a fixed length, however long the message.
    for (const key of tracked().keys()) expect(key).toHaveLength(28);
  });

  it('Events last written before the window are forgotten as new ones come', async () => {
    for (let i = 0; i < 5; i++) await recorder.record(object(`old-${i}`), 'Normal', 'Synced', 'ok');
    jest.advanceTimersByTime(5 * MINUTE);
    await recorder.record(object('kept'), 'Normal', 'Synced', 'ok');
    await recorder.record(object('old-0'), 'Normal', 'Synced', 'ok');
    jest.advanceTimersByTime(6 * MINUTE);
    await recorder.record(object('new'), 'Normal', 'Synced', 'ok');
    // old-0 (its count written again) and kept date from 6 minutes ago; old-1…4 are past the window.
    expect(tracked().size).toBe(3);
    await recorder.record(object('old-0'), 'Normal', 'Synced', 'ok');
    expect(calls.at(-1)).toBe('count 3');
  });
});
