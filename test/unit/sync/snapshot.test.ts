import { SnapshotCache } from '../../../src/sync/snapshot.js';

describe('SnapshotCache fingerprints', () => {
  const items =
    (...titles: string[]) =>
    async () =>
      titles.map((title, i) => [`uid-${i}`, { uid: `uid-${i}`, title }] as [string, unknown]);

  it('is the same for the same content listed again, and differs when an item changed', async () => {
    const a = new SnapshotCache(0);
    const b = new SnapshotCache(0);
    expect(a.fingerprint('dashboards')).toBeUndefined();
    await a.get('dashboards', items('One', 'Two'));
    await b.get('dashboards', items('One', 'Two'));
    expect(a.fingerprint('dashboards')).toBe(b.fingerprint('dashboards'));
    b.invalidate('dashboards');
    await b.get('dashboards', items('One', 'Two, renamed'));
    expect(b.fingerprint('dashboards')).not.toBe(a.fingerprint('dashboards'));
  });

  it('kept through puts and removes is what the list now held would give from scratch', async () => {
    const kept = new SnapshotCache(60_000);
    await kept.get('dashboards', items('One', 'Two'));
    const before = kept.fingerprint('dashboards');
    kept.put('dashboards', 'uid-1', { uid: 'uid-1', title: 'Two, renamed' });
    kept.put('dashboards', 'uid-2', { uid: 'uid-2', title: 'Three' });
    kept.remove('dashboards', 'uid-0');
    kept.remove('dashboards', 'absent');
    const scratch = new SnapshotCache(60_000);
    await scratch.get('dashboards', async () => [
      ['uid-1', { uid: 'uid-1', title: 'Two, renamed' }],
      ['uid-2', { uid: 'uid-2', title: 'Three' }],
    ]);
    expect(kept.fingerprint('dashboards')).toBe(scratch.fingerprint('dashboards'));
    // Back to the first content: back to the first fingerprint.
    kept.put('dashboards', 'uid-0', { uid: 'uid-0', title: 'One' });
    kept.put('dashboards', 'uid-1', { uid: 'uid-1', title: 'Two' });
    kept.remove('dashboards', 'uid-2');
    expect(kept.fingerprint('dashboards')).toBe(before);
  });

  it('tells items under different keys apart', async () => {
    const one = new SnapshotCache(0);
    const other = new SnapshotCache(0);
    await one.get('names', async () => [['a', 'x']]);
    await other.get('names', async () => [['b', 'x']]);
    expect(one.fingerprint('names')).not.toBe(other.fingerprint('names'));
  });
});
