import { LatencyModel } from '../../grafana-double/latency.js';
import { ADMIN, Harness } from './helpers.js';

/** A sleep the test ends by hand, recording what it was asked to wait. */
function manualSleep() {
  const pending: Array<{ ms: number; end: () => void }> = [];
  return {
    pending,
    sleep: (ms: number) => new Promise<void>((end) => pending.push({ ms, end })),
    endAll: () => pending.splice(0).forEach((p) => p.end()),
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('grafana double: latency model', () => {
  it('picks the first matching rule, adds the per-item share and scales by the jitter', () => {
    const model = new LatencyModel({
      rules: [
        { method: 'POST', route: '/api/dashboards/db', ms: 30 },
        { method: 'GET', route: '/api/search', ms: 5, perItemMs: 0.5 },
        { route: '*', ms: 2 },
      ],
      jitter: 0.5,
      random: () => 1, // the top of the range: × 1.5
    });
    expect(model.latencyOf('POST', '/api/dashboards/db', 0)).toBe(45);
    expect(model.latencyOf('GET', '/api/search', 100)).toBe((5 + 50) * 1.5);
    expect(model.latencyOf('DELETE', '/api/dashboards/uid/:uid', 0)).toBe(3);
    expect(
      new LatencyModel({ rules: [{ route: '/api/folders', ms: 9 }] }).latencyOf('GET', undefined, 0),
    ).toBe(0);
  });

  it('holds the answer until the latency is waited out', async () => {
    const clock = manualSleep();
    const model = new LatencyModel({ rules: [{ route: '*', ms: 30 }], sleep: clock.sleep });
    let answered = false;
    const served = model
      .serve(
        'GET',
        '/api/health',
        async () => 'ok',
        () => 0,
      )
      .then((answer) => {
        answered = true;
        return answer;
      });
    await flush();
    expect(clock.pending.map((p) => p.ms)).toEqual([30]);
    expect(answered).toBe(false);
    clock.endAll();
    await expect(served).resolves.toBe('ok');
  });

  it('serves at most `concurrency` requests at once and queues the rest in order', async () => {
    const clock = manualSleep();
    const model = new LatencyModel({ rules: [{ route: '*', ms: 10 }], concurrency: 2, sleep: clock.sleep });
    const handled: number[] = [];
    const all = Promise.all(
      [0, 1, 2, 3, 4].map((n) =>
        model.serve(
          'POST',
          '/api/folders',
          async () => handled.push(n),
          () => 0,
        ),
      ),
    );
    await flush();
    expect(handled).toEqual([0, 1]);
    while (clock.pending.length > 0) {
      clock.endAll();
      await flush();
    }
    await all;
    expect(handled).toEqual([0, 1, 2, 3, 4]);
    expect(model.maxActive).toBe(2);
    expect(model.queued).toBe(3);
  });

  describe('in the double', () => {
    let h: Harness;
    beforeEach(async () => {
      h = await Harness.start();
    });
    afterEach(() => h.stop());

    it('is off by default, and once set sizes list latency by the answer', async () => {
      await h.call('POST', '/api/folders', { auth: ADMIN, body: { title: 'Before' } });
      const asked: number[] = [];
      const model = h.double.setLatency({
        rules: [{ method: 'GET', route: '/api/folders', ms: 1, perItemMs: 1 }],
        concurrency: 1,
        sleep: async (ms) => void asked.push(ms),
      });
      await h.call('POST', '/api/folders', { auth: ADMIN, body: { title: 'After' } });
      const listed = await h.call('GET', '/api/folders', { auth: ADMIN });
      expect(listed.status).toBe(200);
      expect(asked).toEqual([1 + 2]);
      expect(model?.maxActive).toBe(1);
      h.double.setLatency(undefined);
    });
  });
});
