import { SnapshotCache } from '../../../src/sync/snapshot.js';

describe('SnapshotCache', () => {
  it('shares one load between concurrent readers and serves it until it ages out', async () => {
    const cache = new SnapshotCache(10_000);
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

  it('serves a list for the age it was made with, unless a reader asks for a fresher one', async () => {
    const cache = new SnapshotCache(30);
    let loads = 0;
    const load = async () => [['a', ++loads]] as Array<[string, number]>;
    expect((await cache.get('k', load)).get('a')).toBe(1);
    expect((await cache.get('k', load)).get('a')).toBe(1);
    expect((await cache.get('k', load, -1)).get('a')).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect((await cache.get('k', load)).get('a')).toBe(3);
  });

  it('keeps our writes that land while a list is in flight, whatever the list returned', async () => {
    const cache = new SnapshotCache(10_000);
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

  it('a failed list is not kept: its readers get the error, the next reader lists again', async () => {
    const cache = new SnapshotCache(10_000);
    let calls = 0;
    const load = async (): Promise<Array<[string, number]>> => {
      calls++;
      if (calls === 1) throw new Error('502 Bad Gateway');
      return [['a', 1]];
    };
    await expect(Promise.all([cache.get('k', load, 10_000), cache.get('k', load, 10_000)])).rejects.toThrow(
      '502 Bad Gateway',
    );
    expect([...(await cache.get('k', load, 10_000)).keys()]).toEqual(['a']);
    expect(calls).toBe(2);
  });

  it('invalidate makes the next reader list again; put and remove change what readers see until then', async () => {
    const cache = new SnapshotCache(10_000);
    let listed: Array<[string, string]> = [['a', 'v1']];
    const load = async () => listed;
    await cache.get('k', load, 10_000);
    cache.put('k', 'b', 'written');
    cache.remove('k', 'a');
    expect([...(await cache.get('k', load, 10_000)).entries()]).toEqual([['b', 'written']]);
    listed = [['c', 'from Grafana']];
    cache.invalidate('k');
    expect([...(await cache.get('k', load, 10_000)).entries()]).toEqual([['c', 'from Grafana']]);
  });

  it('kinds are separate lists: invalidating one keeps the other', async () => {
    const cache = new SnapshotCache(10_000);
    let loads = 0;
    const load = async (): Promise<Array<[string, number]>> => [[String(++loads), loads]];
    await cache.get('folders', load, 10_000);
    await cache.get('datasources', load, 10_000);
    cache.invalidate('folders');
    await cache.get('datasources', load, 10_000);
    expect(loads).toBe(2);
    await cache.get('folders', load, 10_000);
    expect(loads).toBe(3);
  });
});
