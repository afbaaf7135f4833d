import pino from 'pino';
import { InitialReads, type ListSource } from '../../../src/runtime/initial-reads.js';
import { KubeApiError } from '../../../src/runtime/kube/errors.js';
import type { KubeObject } from '../../../src/runtime/kube/types.js';
import { eventually, sleep } from '../../support/wait.js';

const until = (check: () => boolean) => eventually(check, { timeoutMs: 2_000, intervalMs: 5 });

const logger = pino({ level: 'silent' });

const object = (namespace: string, name: string): KubeObject => ({
  metadata: { namespace, name, resourceVersion: '1', managedFields: [{ manager: 'x' }] },
});

/**
 * A namespace's objects `names` (in the apiserver's order: sorted) served in pages as the
 * apiserver does (`limit` a page, a continue token to the next), each object `bytes` big; records
 * the limit each page was asked with. A page waits for `gate` when one is set.
 */
function listOf(names: string[], options: { bytes?: number; namespace?: string } = {}) {
  const namespace = options.namespace ?? 'ns';
  const limits: number[] = [];
  const sorted = [...names].sort();
  let gate: Promise<void> | undefined;
  const source: ListSource = {
    namespace,
    read: async (limit, continueToken) => {
      limits.push(limit);
      await gate;
      const from = continueToken ? Number(continueToken) : 0;
      const items = sorted.slice(from, from + limit).map((name) => object(namespace, name));
      const next = from + limit < sorted.length ? String(from + limit) : undefined;
      return { items, continue: next, bytes: items.length * (options.bytes ?? 100) };
    },
  };
  /** Holds every page from now on until the returned function is called. */
  const hold = () => {
    let release!: () => void;
    gate = new Promise<void>((resolve) => (release = resolve));
    return () => {
      gate = undefined;
      release();
    };
  };
  return { source, limits, hold };
}

/** `count` names that sort in the order of their number. */
const names = (count: number, prefix = 'o') =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);

describe('InitialReads', () => {
  it('holds each listed object, without its managedFields, until its reconcile takes it, once', async () => {
    const { source } = listOf(['a', 'b']);
    const reads = new InitialReads({ sources: [source], logger });
    reads.start();
    await until(() => reads.size === 2);

    expect((await reads.take('ns/a'))?.metadata).toEqual({
      namespace: 'ns',
      name: 'a',
      resourceVersion: '1',
    });
    expect(await reads.take('ns/a')).toBeUndefined();
    expect(reads.size).toBe(1);
    reads.stop();
  });

  it("reads nothing when the kind's cache holds no object at the start", async () => {
    const { source, limits } = listOf(['a']);
    let cached = 0;
    const reads = new InitialReads({ sources: [source], logger, cached: () => cached });
    reads.start();
    expect(await reads.take('ns/a', true)).toBeUndefined();
    expect(limits).toEqual([]);
    cached = 1;
    reads.start();
    await until(() => reads.size === 1);
    reads.stop();
  });

  it('holds at most its bytes: paging waits until reconciles take what is held, then goes on', async () => {
    const { source, limits } = listOf(names(100));
    const reads = new InitialReads({
      sources: [source],
      logger,
      heldBytes: 1_000,
      firstPageLimit: 4,
      pageBytes: 500,
    });
    reads.start();
    // 4, then 10 a page (500 bytes over 100 each is 5, but a page is at least 10), until 1,000
    // bytes are held: 4 + 10.
    await until(() => reads.size === 14);
    await sleep(20);
    expect(reads.size).toBe(14);
    expect(limits).toEqual([4, 10]);

    for (const name of names(100)) expect(await reads.take(`ns/${name}`, true)).toBeDefined();
    expect(reads.size).toBe(0);
    reads.stop();
  });

  it('a reconcile of what the start found waits for the page that brings its key; a change does not', async () => {
    const { source, hold } = listOf(names(30), {});
    const reads = new InitialReads({ sources: [source], logger, firstPageLimit: 10 });
    const release = hold();
    reads.start();

    const initial = reads.take('ns/o005', true);
    // A change of o025 is read at once, alone: its copy would be older than the change anyway.
    expect(await reads.take('ns/o025')).toBeUndefined();
    release();
    expect((await initial)?.metadata?.name).toBe('o005');
    await until(() => reads.size === 28);
    // Once taken, a key is not held when its page comes.
    expect(await reads.take('ns/o025', true)).toBeUndefined();
    reads.stop();
  });

  it('does not wait while paging waits for room, nor for a key paging is past or in another namespace', async () => {
    const ns = listOf(names(40), { namespace: 'ns' });
    const other = listOf(names(5), { namespace: 'other' });
    const reads = new InitialReads({
      sources: [ns.source, other.source],
      logger,
      heldBytes: 1_500,
      firstPageLimit: 10,
      pageBytes: 1_000,
    });
    reads.start();
    await until(() => reads.size === 20);
    // Paging waits for room: o030 would come, but not before something is taken.
    expect(await reads.take('ns/o030', true)).toBeUndefined();
    // A key of a namespace not read yet does not wait either.
    expect(await reads.take('other/o001', true)).toBeUndefined();

    const release = ns.hold();
    // Taking six makes room (1,400 bytes held): paging asks for the next page, held back here.
    for (const name of names(6)) expect(await reads.take(`ns/${name}`, true)).toBeDefined();
    await until(() => ns.limits.length === 3);
    // Paging is past o019 and fetching from there: o015, held, is taken at once; o025 waits.
    expect(await reads.take('ns/o015', true)).toBeDefined();
    const waiting = reads.take('ns/o025', true);
    await sleep(10);
    release();
    expect((await waiting)?.metadata?.name).toBe('o025');
    // The rest comes as it is taken; o030 and other/o001, taken before their pages, are not held.
    for (const name of names(40).slice(6)) {
      if (name === 'o015' || name === 'o025') continue;
      expect((await reads.take(`ns/${name}`, true)) === undefined).toBe(name === 'o030');
    }
    expect(await reads.take('other/o001', true)).toBeUndefined();
    expect((await reads.take('other/o002', true))?.metadata?.namespace).toBe('other');
    reads.stop();
  });

  it("goes on with the apiserver's fresh token when a page's continue token has expired (410)", async () => {
    const { source } = listOf(names(30));
    let expired = 0;
    const reads = new InitialReads({
      sources: [
        {
          namespace: 'ns',
          read: async (limit, token) => {
            if (token === '10') {
              expired++;
              const body = {
                kind: 'Status',
                code: 410,
                reason: 'Expired',
                metadata: { continue: 'fresh-10' },
              };
              throw KubeApiError.fromResponse('GET', '/x', 410, JSON.stringify(body));
            }
            return source.read(limit, token === 'fresh-10' ? '10' : token);
          },
        },
      ],
      logger,
      firstPageLimit: 10,
    });
    reads.start();
    await until(() => reads.size === 30);
    expect(expired).toBe(1);
    reads.stop();
  });

  it('reads one list after another (a namespace each), sizing pages by the objects seen so far', async () => {
    const first = listOf(names(3, 'a'), { bytes: 1_000 });
    const second = listOf(names(30, 'b'), { bytes: 1_000, namespace: 'two' });
    const reads = new InitialReads({
      sources: [first.source, second.source],
      logger,
      firstPageLimit: 2,
      pageBytes: 10_000,
    });
    reads.start();
    await until(() => reads.size === 33);
    expect(first.limits).toEqual([2, 10]);
    // At least 10 a page however large the objects are.
    expect(second.limits).toEqual([10, 10, 10]);
    reads.stop();
  });

  it('a list that fails leaves the rest to be read one by one; stop drops what is held; start reads again', async () => {
    let fail = true;
    const { source } = listOf(['a', 'b']);
    const reads = new InitialReads({
      sources: [
        {
          namespace: 'ns',
          read: async (limit, token) => {
            if (fail) throw new Error('forbidden');
            return source.read(limit, token);
          },
        },
      ],
      logger,
    });
    reads.start();
    await sleep(10);
    expect(await reads.take('ns/a', true)).toBeUndefined();

    fail = false;
    reads.start();
    await until(() => reads.size === 2);
    reads.stop();
    expect(reads.size).toBe(0);
    // Once stopped, nothing is remembered as taken: a new start holds every key again.
    expect(await reads.take('ns/a')).toBeUndefined();
    reads.start();
    await until(() => reads.size === 2);
    reads.stop();
  });
});
