import { pino } from 'pino';
import { Controller, type ReconcileResult } from '../../../src/runtime/controller.js';
import { OperatorMetrics } from '../../../src/runtime/metrics.js';

/** Runs one reconcile of `ns/a` that returns `result`, and gives back the metrics it left. */
async function processOnce(result: ReconcileResult): Promise<{ errors: number; results: string[] }> {
  const metrics = new OperatorMetrics({ processMetrics: false });
  let calls = 0;
  const controller = new Controller({
    name: 'test',
    concurrency: 1,
    logger: pino({ level: 'silent' }),
    metrics,
    rateLimiter: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
    reconcile: async () => {
      calls++;
      return result;
    },
  });
  controller.enqueue('ns/a');
  controller.start();
  while (calls === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  await controller.stop();
  const errors = (await metrics.reconcileErrors.get()).values.reduce((sum, v) => sum + v.value, 0);
  const results = (await metrics.reconcileTotal.get()).values.map((v) => String(v.labels.result));
  return { errors, results };
}

describe('Controller', () => {
  it('counts a reported unexpected failure (error: true) as a reconcile error, like a thrown one', async () => {
    expect(await processOnce({ retry: true, error: true })).toEqual({ errors: 1, results: ['error'] });
  });

  it('counts a reported, classified failure as a requeue, not an error', async () => {
    expect(await processOnce({ retry: true })).toEqual({ errors: 0, results: ['requeue'] });
  });

  it('hands each reconcile a requeue that adds keys to its own queue', async () => {
    const reconciled: string[] = [];
    const controller = new Controller({
      name: 'test',
      concurrency: 1,
      logger: pino({ level: 'silent' }),
      metrics: new OperatorMetrics({ processMetrics: false }),
      reconcile: async (key, requeue) => {
        reconciled.push(key);
        // The first object lets go of something two others were waiting for.
        if (key === 'ns/a') requeue(['ns/b', 'ns/c']);
      },
    });
    controller.enqueue('ns/a');
    controller.start();
    while (reconciled.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    await controller.stop();
    expect(reconciled).toEqual(['ns/a', 'ns/b', 'ns/c']);
  });
});
