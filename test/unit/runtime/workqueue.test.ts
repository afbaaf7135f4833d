import { jest } from '@jest/globals';
import { ItemExponentialRateLimiter, WorkQueue } from '../../../src/runtime/workqueue.js';

function queue(baseDelayMs = 10, maxDelayMs = 40): WorkQueue {
  return new WorkQueue(new ItemExponentialRateLimiter({ baseDelayMs, maxDelayMs }));
}

describe('WorkQueue', () => {
  it('deduplicates a key that is already waiting', async () => {
    const q = queue();
    q.add('ns/a');
    q.add('ns/a');
    q.add('ns/b');
    expect(q.len()).toBe(2);
    expect(await q.get()).toBe('ns/a');
    expect(await q.get()).toBe('ns/b');
  });

  it('never hands one key to two workers; a re-add while processing runs after done', async () => {
    const q = queue();
    q.add('ns/a');
    const first = await q.get();
    q.add('ns/a');
    expect(q.len()).toBe(0);
    let second: string | undefined;
    void q.get().then((k) => (second = k));
    await new Promise((r) => setTimeout(r, 5));
    expect(second).toBeUndefined();
    q.done(first!);
    await new Promise((r) => setTimeout(r, 0));
    expect(second).toBe('ns/a');
  });

  it('keeps the earliest of two delayed adds', async () => {
    jest.useFakeTimers();
    try {
      const q = queue();
      q.addAfter('ns/a', 1_000);
      q.addAfter('ns/a', 10);
      let got: string | undefined;
      void q.get().then((k) => (got = k));
      await jest.advanceTimersByTimeAsync(9);
      expect(got).toBeUndefined();
      await jest.advanceTimersByTimeAsync(1);
      expect(got).toBe('ns/a');
    } finally {
      jest.useRealTimers();
    }
  });

  it('backs off exponentially per key up to the ceiling, and forget resets it', () => {
    const limiter = new ItemExponentialRateLimiter({ baseDelayMs: 10, maxDelayMs: 40 });
    expect([limiter.when('a'), limiter.when('a'), limiter.when('a'), limiter.when('a')]).toEqual([
      10, 20, 40, 40,
    ]);
    expect(limiter.when('b')).toBe(10);
    limiter.forget('a');
    expect(limiter.when('a')).toBe(10);
  });

  it('drains: shutdown waits for keys in flight and then returns undefined to workers', async () => {
    const q = queue();
    q.add('ns/a');
    const key = await q.get();
    let drained = false;
    const shutdown = q.shutDownWithDrain().then(() => (drained = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(drained).toBe(false);
    q.done(key!);
    await shutdown;
    expect(drained).toBe(true);
    expect(await q.get()).toBeUndefined();
    q.add('ns/b');
    expect(q.len()).toBe(0);
  });

  it('cancelDelayed drops a pending delayed add', async () => {
    const q = queue();
    q.addAfter('ns/a', 20);
    q.cancelDelayed('ns/a');
    await new Promise((r) => setTimeout(r, 40));
    expect(q.len()).toBe(0);
  });

  describe('priorities', () => {
    async function drain(q: WorkQueue): Promise<string[]> {
      const keys: string[] = [];
      while (q.len() > 0) {
        const key = (await q.get())!;
        keys.push(key);
        q.done(key);
      }
      return keys;
    }

    it('hands out changed objects before periodic resyncs, each in the order added', async () => {
      const q = queue();
      q.add('ns/r1', 'resync');
      q.add('ns/e1');
      q.add('ns/r2', 'resync');
      q.add('ns/e2', 'event');
      expect(await drain(q)).toEqual(['ns/e1', 'ns/e2', 'ns/r1', 'ns/r2']);
    });

    it('moves a queued resync up when the key is added as an event, without queueing it twice', async () => {
      const q = queue();
      q.add('ns/r1', 'resync');
      q.add('ns/r2', 'resync');
      q.add('ns/e1');
      q.add('ns/r2');
      expect(q.len()).toBe(3);
      expect(await drain(q)).toEqual(['ns/e1', 'ns/r2', 'ns/r1']);
    });

    it('hands out what a start found behind events, with resyncs in the order added, and moves one up on an event', async () => {
      const q = queue();
      q.add('ns/i1', 'initial');
      q.add('ns/i2', 'initial');
      q.add('ns/r1', 'resync');
      q.add('ns/e1');
      // Added again as a resync, it stays what it was; as an event, it moves up.
      q.add('ns/i1', 'resync');
      q.add('ns/i2');
      const order: string[] = [];
      for (let key = await q.get(); key !== undefined; key = q.len() > 0 ? await q.get() : undefined) {
        order.push(`${key} ${q.priorityOf(key)}`);
        q.done(key);
      }
      expect(order).toEqual(['ns/e1 event', 'ns/i2 event', 'ns/i1 initial', 'ns/r1 resync']);
    });

    it("a worker that takes changes only gets events, never a resync or a start's check; one moved up reaches it", async () => {
      const q = queue();
      q.add('ns/i1', 'initial');
      q.add('ns/r1', 'resync');
      let got: string | undefined;
      const changes = q.get(true).then((key) => (got = key));
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(got).toBeUndefined();
      // Moved up by an event, the start's check of i1 goes to the worker waiting for changes.
      q.add('ns/i1');
      await changes;
      expect(got).toBe('ns/i1');
      expect(q.priorityOf('ns/i1')).toBe('event');

      // Waiting side by side, a change goes to the changes-only worker, the rest to the other.
      const forChanges = q.get(true);
      const forAny = q.get();
      expect(await forAny).toBe('ns/r1');
      q.add('ns/e1');
      q.add('ns/i2', 'initial');
      expect(await forChanges).toBe('ns/e1');
      expect(await q.get()).toBe('ns/i2');
      expect(q.len()).toBe(0);
    });

    it('keeps a queued event at its priority when the key is added again as a resync', async () => {
      const q = queue();
      q.add('ns/r1', 'resync');
      q.add('ns/e1');
      q.add('ns/e1', 'resync');
      expect(await drain(q)).toEqual(['ns/e1', 'ns/r1']);
    });

    it('re-queues a key changed while in flight at event priority once it is done', async () => {
      const q = queue();
      q.add('ns/a');
      const inFlight = (await q.get())!;
      q.add('ns/a', 'resync');
      q.add('ns/a');
      q.add('ns/r1', 'resync');
      expect(q.len()).toBe(1);
      q.done(inFlight);
      expect(await drain(q)).toEqual(['ns/a', 'ns/r1']);
    });

    it('tells the priority a key being processed was handed out with, until it is done', async () => {
      const q = queue();
      q.add('ns/r1', 'resync');
      q.add('ns/raised', 'resync');
      q.add('ns/raised');
      q.add('ns/e1');
      const taken: Array<[string, string | undefined]> = [];
      while (q.len() > 0) {
        const key = (await q.get())!;
        taken.push([key, q.priorityOf(key)]);
        q.done(key);
        expect(q.priorityOf(key)).toBeUndefined();
      }
      expect(taken).toEqual([
        ['ns/raised', 'event'],
        ['ns/e1', 'event'],
        ['ns/r1', 'resync'],
      ]);
      // Re-queued while in flight: the run in progress keeps its priority; the next one is an event.
      q.add('ns/a', 'resync');
      const inFlight = (await q.get())!;
      q.add('ns/a');
      expect(q.priorityOf(inFlight)).toBe('resync');
      q.done(inFlight);
      expect(await q.get()).toBe('ns/a');
      expect(q.priorityOf('ns/a')).toBe('event');
    });

    it('a delayed resync arrives at resync priority; a delayed event add raises it', async () => {
      jest.useFakeTimers();
      try {
        const q = queue();
        q.addAfter('ns/r1', 10, 'resync');
        q.addAfter('ns/r2', 10, 'resync');
        q.addAfter('ns/r2', 20);
        q.add('ns/e1');
        await jest.advanceTimersByTimeAsync(10);
        expect(await drain(q)).toEqual(['ns/e1', 'ns/r2', 'ns/r1']);
      } finally {
        jest.useRealTimers();
      }
    });
  });
  describe('delayed adds, served by one timer', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    /** Keys handed out by `get`, in order, as they arrive. */
    function collect(q: WorkQueue): string[] {
      const got: string[] = [];
      const next = (): void => {
        void q.get().then((key) => {
          if (key === undefined) return;
          got.push(key);
          q.done(key);
          next();
        });
      };
      next();
      return got;
    }

    it('fires many keys in deadline order, each at its deadline', async () => {
      const q = queue();
      const delays = Array.from({ length: 200 }, (_, i) => ((i * 37) % 200) + 1);
      delays.forEach((delay, i) => q.addAfter(`ns/k${i}`, delay));
      const got = collect(q);
      await jest.advanceTimersByTimeAsync(50);
      expect(got).toHaveLength(50);
      await jest.advanceTimersByTimeAsync(150);
      const byDeadline = delays
        .map((delay, i) => ({ delay, key: `ns/k${i}` }))
        .sort((a, b) => a.delay - b.delay)
        .map(({ key }) => key);
      expect(got).toEqual(byDeadline);
    });

    it.each([
      ['an earlier deadline replaces a pending one', [100, 20]],
      ['a later deadline than a pending one is ignored', [20, 100]],
    ])('%s; the key is added once, at the earliest', async (_, delays) => {
      const q = queue();
      for (const delay of delays) q.addAfter('ns/a', delay);
      q.addAfter('ns/b', 50);
      const got = collect(q);
      await jest.advanceTimersByTimeAsync(19);
      expect(got).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(got).toEqual(['ns/a']);
      await jest.advanceTimersByTimeAsync(200);
      expect(got).toEqual(['ns/a', 'ns/b']);
    });

    it('cancelDelayed drops only that key, also when it held the earliest deadline', async () => {
      const q = queue();
      q.addAfter('ns/a', 10);
      q.addAfter('ns/b', 30);
      q.cancelDelayed('ns/a');
      const got = collect(q);
      await jest.advanceTimersByTimeAsync(29);
      expect(got).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(got).toEqual(['ns/b']);
      q.addAfter('ns/a', 10);
      await jest.advanceTimersByTimeAsync(10);
      expect(got).toEqual(['ns/b', 'ns/a']);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('shutdown drops every pending delayed add and its timer', async () => {
      const q = queue();
      for (let i = 0; i < 10; i++) q.addAfter(`ns/k${i}`, 10 + i);
      expect(jest.getTimerCount()).toBe(1);
      await q.shutDownWithDrain();
      expect(jest.getTimerCount()).toBe(0);
      await jest.advanceTimersByTimeAsync(100);
      expect(q.len()).toBe(0);
      expect(await q.get()).toBeUndefined();
    });

    it('keeps event priority across a replaced deadline and a later, ignored one', async () => {
      const q = queue();
      q.addAfter('ns/r1', 10, 'resync');
      q.addAfter('ns/raised', 50, 'resync');
      q.addAfter('ns/raised', 60);
      q.addAfter('ns/earlier', 50);
      q.addAfter('ns/earlier', 10, 'resync');
      q.add('ns/busy');
      const busy = (await q.get())!;
      await jest.advanceTimersByTimeAsync(50);
      expect(q.len()).toBe(3);
      q.done(busy);
      const order: Array<[string, string | undefined]> = [];
      while (q.len() > 0) {
        const key = (await q.get())!;
        order.push([key, q.priorityOf(key)]);
        q.done(key);
      }
      expect(order).toEqual([
        ['ns/earlier', 'event'],
        ['ns/raised', 'event'],
        ['ns/r1', 'resync'],
      ]);
    });

    it('keeps its heap bounded when deadlines are replaced over and over', async () => {
      const q = queue();
      for (let round = 0; round < 50; round++) {
        for (let i = 0; i < 100; i++) q.addAfter(`ns/k${i}`, 10_000 - round);
      }
      const heap = (q as unknown as { delayed: { heap: { length: number } } }).delayed.heap;
      expect(heap.length).toBeLessThanOrEqual(2 * 100 + 64);
      const got = collect(q);
      await jest.advanceTimersByTimeAsync(10_000);
      expect(new Set(got).size).toBe(100);
      expect(got).toHaveLength(100);
    });
  });
});
