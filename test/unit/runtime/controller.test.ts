import { pino } from 'pino';
import { Controller, type ReconcileFn, type ReconcileResult } from '../../../src/runtime/controller.js';
import { OperatorMetrics } from '../../../src/runtime/metrics.js';
import type { InformerEvent, SharedInformer } from '../../../src/runtime/informer.js';
import type { KubeObject } from '../../../src/runtime/kube/types.js';

/** A one-worker controller whose retries wait a minute (or `retryMs`). */
function controllerOf(
  reconcile: ReconcileFn,
  metrics = new OperatorMetrics({ processMetrics: false }),
  retryMs = 60_000,
) {
  return new Controller({
    name: 'test',
    concurrency: 1,
    logger: pino({ level: 'silent' }),
    metrics,
    rateLimiter: { baseDelayMs: retryMs, maxDelayMs: retryMs },
    reconcile,
  });
}

/** Runs one reconcile of `ns/a` that returns `result`, and gives back the metrics it left. */
async function processOnce(result: ReconcileResult): Promise<{ errors: number; results: string[] }> {
  const metrics = new OperatorMetrics({ processMetrics: false });
  let calls = 0;
  const controller = controllerOf(async () => {
    calls++;
    return result;
  }, metrics);
  controller.enqueue('ns/a');
  controller.start();
  while (calls === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  await controller.stop();
  const errors = (await metrics.reconcileErrors.get()).values.reduce((sum, v) => sum + v.value, 0);
  const results = (await metrics.reconcileTotal.get()).values.map((v) => String(v.labels.result));
  return { errors, results };
}

/** An informer whose events the test emits; a controller only subscribes to it. */
function informerOf() {
  const handlers: Array<(event: InformerEvent<KubeObject>) => void> = [];
  const informer = {
    on: (handler: (event: InformerEvent<KubeObject>) => void) => void handlers.push(handler),
  } as unknown as SharedInformer<KubeObject>;
  const emit = (event: InformerEvent<KubeObject>) => handlers.forEach((handler) => handler(event));
  return { informer, emit };
}

const object = (name: string, generation: number): KubeObject => ({
  metadata: { namespace: 'ns', name, generation },
});

describe('Controller', () => {
  it('counts a reported unexpected failure (error: true) as a reconcile error, like a thrown one', async () => {
    expect(await processOnce({ retry: true, error: true })).toEqual({ errors: 1, results: ['error'] });
  });

  it('counts a reported, classified failure as a requeue, not an error', async () => {
    expect(await processOnce({ retry: true })).toEqual({ errors: 0, results: ['requeue'] });
  });

  it('runs a retry no later than the time it says something is due, when the backoff is longer', async () => {
    const runs: number[] = [];
    const controller = controllerOf(async () => {
      runs.push(Date.now());
      return { retry: true, requeueAfterMs: 50 };
    });
    controller.enqueue('ns/a');
    controller.start();
    const deadline = Date.now() + 5_000;
    while (runs.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    await controller.stop();
    expect(runs).toHaveLength(2);
    expect(runs[1]! - runs[0]!).toBeGreaterThanOrEqual(45);
  });

  it('drops a retry an earlier run scheduled once a later run of the key settles it', async () => {
    let runs = 0;
    const controller = controllerOf(
      async (key, requeue) => {
        runs++;
        if (runs > 1) return {};
        // Waiting for something, which a change (the requeue) brings while this run is still on.
        requeue([key]);
        return { retry: true };
      },
      undefined,
      100,
    );
    controller.enqueue('ns/a');
    controller.start();
    while (runs < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    // Past the first run's backoff: a stale retry would have run the key a third time.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await controller.stop();
    expect(runs).toBe(2);
  });

  it('hands each reconcile a requeue that adds keys to its own queue', async () => {
    const reconciled: string[] = [];
    const controller = controllerOf(async (key, requeue) => {
      reconciled.push(key);
      // The first object lets go of something two others were waiting for.
      if (key === 'ns/a') requeue(['ns/b', 'ns/c']);
    });
    controller.enqueue('ns/a');
    controller.start();
    while (reconciled.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    await controller.stop();
    expect(reconciled).toEqual(['ns/a', 'ns/b', 'ns/c']);
  });

  it('checks what a (re)start finds behind an edit made meanwhile, and says so to the reconcile', async () => {
    const runs: string[] = [];
    const controller = controllerOf(async (key, _requeue, trigger) => {
      runs.push(`${key} ${trigger}`);
      return {};
    });
    const objects = informerOf();
    controller.watchPrimary(objects.informer);
    // What the objects read (an instance every object of its namespace selects), on its own informer.
    const read = informerOf();
    controller.watchMapped(read.informer, () => ['ns/a', 'ns/b', 'ns/c']);
    // Its first list comes before the objects' (informers list side by side).
    read.emit({ type: 'add', key: 'ns/instance', object: object('instance', 1), initial: true });
    // The first list: three objects that were there before the operator started.
    for (const name of ['a', 'b', 'c'])
      objects.emit({ type: 'add', key: `ns/${name}`, object: object(name, 1), initial: true });
    // Created since, and an edit of the last one found, both before the workers start.
    objects.emit({ type: 'add', key: 'ns/d', object: object('d', 1) });
    objects.emit({ type: 'update', key: 'ns/c', object: object('c', 2), previous: object('c', 1) });
    controller.start();
    while (runs.length < 4) await new Promise((resolve) => setTimeout(resolve, 5));
    await controller.stop();
    expect(runs).toEqual(['ns/d event', 'ns/c event', 'ns/a initial', 'ns/b initial']);
  });
});
