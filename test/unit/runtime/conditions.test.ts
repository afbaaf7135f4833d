import { setCondition } from '../../../src/runtime/conditions.js';
import { ReferenceTracker } from '../../../src/runtime/references.js';

describe('setCondition', () => {
  const t0 = new Date('2026-01-01T00:00:00.000Z');
  const t1 = new Date('2026-01-01T00:05:00.000Z');

  it('keeps lastTransitionTime when the status does not flip, so re-asserting writes nothing new', () => {
    const first = setCondition(
      undefined,
      { type: 'Ready', status: 'False', reason: 'Unreachable', message: 'a' },
      t0,
    );
    const again = setCondition(
      first,
      { type: 'Ready', status: 'False', reason: 'Unauthorized', message: 'b' },
      t1,
    );
    expect(again).toEqual([
      {
        type: 'Ready',
        status: 'False',
        reason: 'Unauthorized',
        message: 'b',
        lastTransitionTime: '2026-01-01T00:00:00Z',
      },
    ]);
  });

  it('moves lastTransitionTime on a flip and records observedGeneration', () => {
    const first = setCondition(undefined, { type: 'Ready', status: 'False', reason: 'X', message: '' }, t0);
    const flipped = setCondition(
      first,
      { type: 'Ready', status: 'True', reason: 'Connected', message: 'ok', observedGeneration: 3 },
      t1,
    );
    expect(flipped[0]).toMatchObject({
      status: 'True',
      lastTransitionTime: '2026-01-01T00:05:00Z',
      observedGeneration: 3,
    });
  });

  it('truncates very long messages', () => {
    const [c] = setCondition(undefined, {
      type: 'Ready',
      status: 'False',
      reason: 'X',
      message: 'x'.repeat(10_000),
    });
    expect(c!.message.length).toBeLessThanOrEqual(4096);
    expect(c!.message).toMatch(/ … \(\d+ more characters\)$/);
  });
});

describe('ReferenceTracker', () => {
  it('maps a referenced object back to its owners and forgets replaced references', () => {
    const refs = new ReferenceTracker();
    const secretA = ReferenceTracker.key('Secret', 'ns', 'a');
    const secretB = ReferenceTracker.key('Secret', 'ns', 'b');
    refs.set('ns/one', [secretA]);
    refs.set('ns/two', [secretA, secretB]);
    expect(refs.owners(secretA).sort()).toEqual(['ns/one', 'ns/two']);
    refs.set('ns/two', [secretB]);
    expect(refs.owners(secretA)).toEqual(['ns/one']);
    refs.remove('ns/one');
    expect(refs.owners(secretA)).toEqual([]);
    expect(refs.owners(secretB)).toEqual(['ns/two']);
  });

  it('gives the readers of an object: those of it and those of any object of its kind in its namespace', () => {
    const refs = new ReferenceTracker();
    refs.set('GrafanaFolder/ns/named', [ReferenceTracker.key('GrafanaTeam', 'ns', 'platform')]);
    refs.set('GrafanaFolder/ns/waiting', [ReferenceTracker.anyKey('GrafanaTeam', 'ns')]);
    refs.set('GrafanaFolder/other/waiting', [ReferenceTracker.anyKey('GrafanaTeam', 'other')]);
    expect(refs.readersOf('GrafanaTeam', 'ns', 'platform').sort()).toEqual([
      'GrafanaFolder/ns/named',
      'GrafanaFolder/ns/waiting',
    ]);
    expect(refs.readersOf('GrafanaTeam', 'ns', 'sre')).toEqual(['GrafanaFolder/ns/waiting']);
  });
});
