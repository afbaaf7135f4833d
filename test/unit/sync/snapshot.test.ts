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

  it('loaded again, keeps each held item that did not change (the same object), and takes the rest', async () => {
    const cache = new SnapshotCache(60_000);
    const first = new Map(await cache.get('dashboards', items('One', 'Two')));
    const again = await cache.get('dashboards', items('One', 'Two, renamed', 'Three'), -1);
    expect(again.get('uid-0')).toBe(first.get('uid-0'));
    expect(again.get('uid-1')).toEqual({ uid: 'uid-1', title: 'Two, renamed' });
    expect([...again.keys()]).toEqual(['uid-0', 'uid-1', 'uid-2']);
    const scratch = new SnapshotCache(60_000);
    await scratch.get('dashboards', items('One', 'Two, renamed', 'Three'));
    expect(cache.fingerprint('dashboards')).toBe(scratch.fingerprint('dashboards'));
    // An item with a nested value is never taken for unchanged (it is compared field by field).
    await cache.get('nested', async () => [['a', { spec: { x: 1 } }]]);
    const held = (await cache.get('nested', async () => [['a', { spec: { x: 1 } }]])).get('a');
    expect((await cache.get('nested', async () => [['a', { spec: { x: 1 } }]], -1)).get('a')).not.toBe(held);
  });

  it('loaded again unchanged, its fingerprint is the one held; a write of ours during the load is counted', async () => {
    const cache = new SnapshotCache(60_000);
    await cache.get('dashboards', items('One', 'Two'));
    const held = cache.fingerprint('dashboards');
    await cache.get('dashboards', items('One', 'Two'), -1);
    expect(cache.fingerprint('dashboards')).toBe(held);
    let finish: (list: Array<[string, unknown]>) => void = () => undefined;
    const loading = cache.get(
      'dashboards',
      () => new Promise<Array<[string, unknown]>>((resolve) => (finish = resolve)),
      -1,
    );
    cache.put('dashboards', 'uid-1', { uid: 'uid-1', title: 'Two, written' });
    finish(await items('One', 'Two')());
    await loading;
    const scratch = new SnapshotCache(60_000);
    await scratch.get('dashboards', items('One', 'Two, written'));
    expect(cache.fingerprint('dashboards')).toBe(scratch.fingerprint('dashboards'));
    expect(cache.fingerprint('dashboards')).not.toBe(held);
  });

  it('tells items under different keys apart', async () => {
    const one = new SnapshotCache(0);
    const other = new SnapshotCache(0);
    await one.get('names', async () => [['a', 'x']]);
    await other.get('names', async () => [['b', 'x']]);
    expect(one.fingerprint('names')).not.toBe(other.fingerprint('names'));
  });
});
