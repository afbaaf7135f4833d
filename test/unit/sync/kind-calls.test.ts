import { GrafanaAlreadyExistsError, GrafanaNotFoundError } from '../../../src/grafana/index.js';
import { madeMeanwhile, removeThrough, writeThrough } from '../../../src/sync/kind-calls.js';
import { kindList, listPair } from '../../../src/sync/kind-list.js';
import { MadeMeanwhileError, type Written } from '../../../src/sync/object-kind.js';
import { SnapshotCache } from '../../../src/sync/snapshot.js';
import type { InstanceTarget } from '../../../src/sync/targets.js';
import { opAt, writeOf } from '../../support/kind-op.js';

interface Item {
  name: string;
  body: string;
}

/** A target whose Grafana lists `listed`; `exclusive` records that it was entered. */
function fakeTarget(listed: Item[], renames?: true) {
  const log: string[] = [];
  let loads = 0;
  const target = {
    name: 'main',
    snapshots: new SnapshotCache(60_000),
    exclusive: async <T>(work: () => Promise<T>) => {
      log.push('exclusive');
      return work();
    },
  } as unknown as InstanceTarget;
  const list = kindList<Item>({
    name: 'items',
    load: async () => {
      loads++;
      return listed.map((item) => ({ ...item }));
    },
    key: (item) => item.name,
    keyOfUid: (uid) => uid.replace(/^uid-/, ''),
    ...(renames ? { renames } : {}),
  });
  return { target, list, log, loads: () => loads };
}

const conflict = { method: 'POST', route: '/items', status: 409, grafanaMessage: '', body: '' };
const notFound = { method: 'DELETE', route: '/items/:name', status: 404, grafanaMessage: '', body: '' };

describe('kindList', () => {
  it('lists once per instance, keyed as declared; put, remove and invalidate act on that list', async () => {
    const { target, list, loads } = fakeTarget([{ name: 'a', body: '1' }]);
    const view = list.on(target);
    expect(await view.get('a')).toEqual({ name: 'a', body: '1' });
    view.put({ name: 'b', body: '2' });
    expect([...(await list.on(target).items()).keys()]).toEqual(['a', 'b']);
    view.remove('a');
    expect(await view.get('a')).toBeUndefined();
    expect(loads()).toBe(1);
    view.invalidate();
    expect(await view.get('a')).toEqual({ name: 'a', body: '1' });
    expect(loads()).toBe(2);
    expect([...(await view.itemsListedNow()).keys()]).toEqual(['a']);
    expect(loads()).toBe(3);
  });

  it('readPast puts what a read past the list found into it, and nothing when it found nothing', async () => {
    const { target, list, loads } = fakeTarget([{ name: 'a', body: '1' }]);
    const view = list.on(target);
    await view.items();
    expect(await view.readPast(async () => ({ name: 'b', body: '2' }))).toEqual({ name: 'b', body: '2' });
    expect(await view.readPast(async () => undefined)).toBeUndefined();
    expect([...(await view.items()).keys()]).toEqual(['a', 'b']);
    expect(loads()).toBe(1);
  });

  it('reread takes an item a read found gone off the list, and puts what it found only as `listed` says', async () => {
    const { target, list, loads } = fakeTarget([
      { name: 'a', body: '1' },
      { name: 'b', body: '1' },
    ]);
    const view = list.on(target);
    await view.items();
    expect(await view.reread('a', async () => undefined)).toBeUndefined();
    expect(await view.reread('b', async () => ({ name: 'b', body: '2', detail: true }))).toMatchObject({
      detail: true,
    });
    expect([...(await view.items()).values()]).toEqual([{ name: 'b', body: '1' }]);
    await view.reread(
      'b',
      async () => ({ name: 'b', body: '3', detail: true }),
      ({ name, body }) => ({ name, body }),
    );
    expect(await view.get('b')).toEqual({ name: 'b', body: '3' });
    expect(loads()).toBe(1);
  });
});

describe('listPair', () => {
  const pairOn = () => {
    const titles = fakeTarget([{ name: 'a', body: 'A' }]);
    // A second list of the same items on the same target, under its own name.
    const second = kindList<Item>({
      name: 'versions',
      load: async () => [{ name: 'a', body: '1' }],
      key: (i) => i.name,
    });
    const pair = listPair<{ name: string; title: string; version?: string }, Item, Item>({
      first: titles.list,
      second,
      split: ({ name, title, version }) => [
        { name, body: title },
        version === undefined ? undefined : { name, body: version },
      ],
    });
    return { target: titles.target, pair };
  };

  it('puts each part into its list, leaves the second as it was when the item says nothing of it, removes from and lets go of both', async () => {
    const { target, pair } = pairOn();
    const [first, second] = [pair.first.on(target), pair.second.on(target)];
    await Promise.all([first.items(), second.items()]);
    pair.on(target).put({ name: 'a', title: 'A2', version: '2' });
    pair.on(target).put({ name: 'b', title: 'B' });
    expect([...(await first.items()).values()]).toEqual([
      { name: 'a', body: 'A2' },
      { name: 'b', body: 'B' },
    ]);
    expect([...(await second.items()).values()]).toEqual([{ name: 'a', body: '2' }]);
    pair.on(target).remove('a');
    expect([...(await first.items()).keys()]).toEqual(['b']);
    expect([...(await second.items()).keys()]).toEqual([]);
    pair.on(target).invalidate();
    expect([...(await first.items()).keys()]).toEqual(['a']);
    expect([...(await second.items()).values()]).toEqual([{ name: 'a', body: '1' }]);
  });

  it('reread splits what a read found into both lists, and takes a key found gone off both', async () => {
    const { target, pair } = pairOn();
    const [first, second] = [pair.first.on(target), pair.second.on(target)];
    await Promise.all([first.items(), second.items()]);
    const found = { name: 'a', title: 'A3', version: '3' };
    expect(
      await pair.on(target).reread(
        'a',
        async () => found,
        (item) => item,
      ),
    ).toBe(found);
    expect(await first.get('a')).toEqual({ name: 'a', body: 'A3' });
    expect(await second.get('a')).toEqual({ name: 'a', body: '3' });
    await pair.on(target).reread('a', async () => undefined);
    expect(await first.get('a')).toBeUndefined();
    expect(await second.get('a')).toBeUndefined();
  });
});

describe('writeThrough and removeThrough', () => {
  const kindOf = (
    list: ReturnType<typeof fakeTarget>['list'],
    write: () => Promise<Written<Item>>,
    serialise?: true,
  ) => ({
    list,
    ...(serialise ? { serialise } : {}),
    write,
    remove: async (_target: InstanceTarget, uid: string) => {
      if (uid === 'uid-gone') throw new GrafanaNotFoundError(notFound);
    },
  });

  it('puts what the write stored into the list and reports the rest; serialised only when the kind says so', async () => {
    const { target, list, log } = fakeTarget([]);
    await list.on(target).items();
    const kind = kindOf(list, async () => ({ uid: 'uid-a', listed: { name: 'a', body: 'new' } }), true);
    const applied = await writeThrough(kind, writeOf(opAt(target, 'uid-a', {}), undefined));
    expect(applied).toEqual({ uid: 'uid-a' });
    expect(await list.on(target).get('a')).toEqual({ name: 'a', body: 'new' });
    expect(log).toEqual(['exclusive']);
    await writeThrough(
      kindOf(list, async () => ({ uid: 'uid-a' })),
      writeOf(opAt(target, 'uid-a', {}), undefined),
    );
    expect(log).toEqual(['exclusive']);
  });

  it('lets go of the list when the object was made meanwhile, not on other failures', async () => {
    const { target, list, loads } = fakeTarget([]);
    await list.on(target).items();
    const failing = (err: Error) => kindOf(list, () => Promise.reject(err));
    const create = writeOf<unknown, object, Item>(opAt(target, 'uid-a', {}), undefined);
    await expect(writeThrough(failing(new Error('boom')), create)).rejects.toThrow('boom');
    await list.on(target).items();
    expect(loads()).toBe(1);
    await expect(writeThrough(failing(new MadeMeanwhileError('made')), create)).rejects.toThrow('made');
    await list.on(target).items();
    expect(loads()).toBe(2);
    await expect(
      writeThrough(failing(new GrafanaAlreadyExistsError(conflict)), create),
    ).rejects.toBeInstanceOf(GrafanaAlreadyExistsError);
    await list.on(target).items();
    expect(loads()).toBe(3);
  });

  it('lets go of the list after any failed write of a kind that says a failure leaves it in doubt', async () => {
    const { target, list, loads } = fakeTarget([]);
    await list.on(target).items();
    const kind = {
      ...kindOf(list, () => Promise.reject(new Error('boom'))),
      relistAfterFailedWrite: true as const,
    };
    await expect(writeThrough(kind, writeOf(opAt(target, 'uid-a', {}), { name: 'a' }))).rejects.toThrow(
      'boom',
    );
    await list.on(target).items();
    expect(loads()).toBe(2);
  });

  it('lets go of the list, putting nothing, when the write says it changed other items too', async () => {
    const { target, list, loads } = fakeTarget([{ name: 'a', body: '1' }]);
    await list.on(target).items();
    const kind = kindOf(list, async () => ({
      uid: 'uid-b',
      listed: { name: 'b', body: '2' },
      listStale: true,
    }));
    expect(await writeThrough(kind, writeOf(opAt(target, 'uid-b', {}), undefined))).toEqual({ uid: 'uid-b' });
    expect([...(await list.on(target).items()).keys()]).toEqual(['a']);
    expect(loads()).toBe(2);
  });

  describe('a list keyed by a name a write may change', () => {
    const kindRenaming = (list: ReturnType<typeof fakeTarget>['list'], stored: Item) => ({
      ...kindOf(list, async () => ({ uid: `uid-${stored.name}`, listed: stored })),
      describe: (observed: Item) => ({ uid: `uid-${observed.name}` }),
    });
    const listed = [
      { name: 'old', body: '1' },
      { name: 'older', body: '2' },
      { name: 'new', body: '3' },
      { name: 'other', body: '4' },
    ];

    it('loses the key the object was found under and the one it last wrote, once stored under another', async () => {
      const { target, list } = fakeTarget(listed, true);
      await list.on(target).items();
      const op = {
        ...opAt(target, 'uid-new', {}),
        record: { uid: 'uid-older', appliedHash: 'h' },
      };
      await writeThrough(
        kindRenaming(list, { name: 'new', body: 'stored' }),
        writeOf(op, { name: 'old', body: '1' }),
      );
      expect(await list.on(target).items()).toEqual(
        new Map([
          ['new', { name: 'new', body: 'stored' }],
          ['other', { name: 'other', body: '4' }],
        ]),
      );
    });

    it('keeps them when the write failed, and keeps every key of a list that does not rename', async () => {
      const { target, list } = fakeTarget(listed, true);
      await list.on(target).items();
      const failing = { ...kindRenaming(list, listed[2]!), write: () => Promise.reject(new Error('boom')) };
      const op = writeOf(opAt(target, 'uid-new', {}), { name: 'old', body: '1' });
      await expect(writeThrough(failing, op)).rejects.toThrow('boom');
      expect([...(await list.on(target).items()).keys()]).toEqual(['old', 'older', 'new', 'other']);

      const plain = fakeTarget(listed);
      await plain.list.on(plain.target).items();
      const written = writeOf(opAt(plain.target, 'uid-new', {}), { name: 'old', body: '1' });
      await writeThrough(kindRenaming(plain.list, listed[2]!), written);
      expect([...(await plain.list.on(plain.target).items()).keys()]).toEqual([
        'old',
        'older',
        'new',
        'other',
      ]);
    });
  });

  it('madeMeanwhile: a duplicate counts only for a create', () => {
    const duplicate = new GrafanaAlreadyExistsError(conflict);
    expect(madeMeanwhile(duplicate, undefined)).toBe(true);
    expect(madeMeanwhile(duplicate, { name: 'a' })).toBe(false);
    expect(madeMeanwhile(new MadeMeanwhileError('made'), { name: 'a' })).toBe(true);
  });

  it('takes the removed object off the list under its key, also when it was already gone', async () => {
    const { target, list, log } = fakeTarget([
      { name: 'a', body: '1' },
      { name: 'gone', body: '2' },
    ]);
    const kind = kindOf(list, async () => ({ uid: 'uid-a' }), true);
    await list.on(target).items();
    await removeThrough(kind, target, 'uid-a');
    await expect(removeThrough(kind, target, 'uid-gone')).rejects.toBeInstanceOf(GrafanaNotFoundError);
    expect([...(await list.on(target).items()).keys()]).toEqual([]);
    expect(log).toEqual(['exclusive', 'exclusive']);
  });
});
