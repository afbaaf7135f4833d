import { SnapshotCache } from '../../../src/controllers/shared/snapshot.js';

describe('SnapshotCache', () => {
  it('shares one load between concurrent readers and serves it until it ages out', async () => {
    const cache = new SnapshotCache();
    let loads = 0;
    const load = async () => {
      loads++;
      return [['a', 1]] as Array<[string, number]>;
    };
    const [first, second] = await Promise.all([cache.get('k', load, 10_000), cache.get('k', load, 10_000)]);
    expect(first).toBe(second);
    await cache.get('k', load, 10_000);
    expect(loads).toBe(1);
    await cache.get('k', load, -1);
    expect(loads).toBe(2);
  });

  it('keeps our writes that land while a list is in flight, whatever the list returned', async () => {
    const cache = new SnapshotCache();
    let finish: (items: Array<[string, string]>) => void = () => undefined;
    const pending = cache.get(
      'k',
      () => new Promise<Array<[string, string]>>((resolve) => (finish = resolve)),
      10_000,
    );
    cache.put('k', 'created', 'new');
    cache.remove('k', 'deleted');
    finish([
      ['deleted', 'old'],
      ['other', 'x'],
    ]);
    const items = await pending;
    expect([...items.entries()].sort()).toEqual([
      ['created', 'new'],
      ['other', 'x'],
    ]);
  });
});
