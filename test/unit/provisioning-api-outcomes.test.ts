import { describe, expect, it } from '@jest/globals';
import {
  failureStatusCode,
  statusView,
  type ObjectWithStatus,
} from '../../src/provisioning-api/status-view.js';
import { parseWaitOptions } from '../../src/provisioning-api/wait-options.js';

/** An object at generation 2 whose Ready condition is as given. */
const objectWith = (ready: { status: 'True' | 'False'; reason: string; observedGeneration?: number }) =>
  ({
    metadata: { name: 'x', generation: 2 },
    status: {
      conditions: [
        {
          type: 'Ready',
          status: ready.status,
          reason: ready.reason,
          message: `${ready.reason} message`,
          lastTransitionTime: '2026-01-01T00:00:00Z',
          observedGeneration: ready.observedGeneration ?? 2,
        },
      ],
      instances: [{ name: 'main', synced: ready.status === 'True' }],
    },
  }) as ObjectWithStatus;

describe('the answer to a request, from the Ready condition', () => {
  it.each([
    ['InvalidSpec', 400],
    ['Cycle', 400],
    ['Conflict', 409],
    ['Suspended', 409],
    // Grafana refused the operator's own request: the operator's setup, not the caller, is at fault.
    ['Unauthorized', 502],
    ['Forbidden', 502],
    ['NotFound', 502],
    ['InvalidResponse', 502],
    ['RequestFailed', 502],
  ])(
    'Ready=False/%s at the new generation is failed, answered %i with the reason and message',
    (reason, code) => {
      const view = statusView('datasource.x', objectWith({ status: 'False', reason }));
      expect(view).toMatchObject({
        id: 'datasource.x',
        status: 'failed',
        reason,
        message: `${reason} message`,
        generation: 2,
        observedGeneration: 2,
        instances: [{ name: 'main', synced: false }],
      });
      expect(failureStatusCode(view)).toBe(code);
    },
  );

  it('a reason waiting may fix is pending, and so is a condition of an older generation', () => {
    for (const reason of ['DependencyNotReady', 'InstanceNotReady', 'Unreachable', 'NoMatchingInstances'])
      expect(statusView('x', objectWith({ status: 'False', reason })).status).toBe('pending');
    expect(
      statusView('x', objectWith({ status: 'False', reason: 'Conflict', observedGeneration: 1 })),
    ).toMatchObject({ status: 'pending', reason: undefined, message: undefined, observedGeneration: 1 });
    expect(statusView('x', objectWith({ status: 'True', reason: 'Synced' })).status).toBe('applied');
  });
});

describe('timeoutSeconds and Prefer', () => {
  it('waits 10 s unless told, at most 60 s, and answers at once for respond-async', () => {
    expect(parseWaitOptions(undefined, undefined)).toEqual({ async: false, timeoutMs: 10_000 });
    expect(parseWaitOptions('0', '')).toEqual({ async: false, timeoutMs: 0 });
    expect(parseWaitOptions('60', 'return=minimal, respond-async')).toEqual({
      async: true,
      timeoutMs: 60_000,
    });
  });

  it.each(['61', '-1', '1.5', 'ten', ''])('refuses timeoutSeconds=%p with a 400', (raw) => {
    expect(() => parseWaitOptions(raw, undefined)).toThrow(
      expect.objectContaining({ statusCode: 400, message: 'timeoutSeconds: an integer from 0 to 60' }),
    );
  });
});
