import { OperatorMetrics } from '../../../src/runtime/metrics.js';
import { samples } from '../../support/metrics.js';

describe('samples (the e2e tests read the operator metrics with it)', () => {
  it("reads one metric's samples, with their labels, from the operator's own exposition", async () => {
    const metrics = new OperatorMetrics({ processMetrics: false });
    metrics.reconcileTotal.inc({ controller: 'grafanafolder', result: 'requeue' }, 2);
    metrics.reconcileTotal.inc({ controller: 'grafanafolder', result: 'success' });
    metrics.reconcileErrors.inc({ controller: 'grafanafolder' });
    const text = await metrics.registry.metrics();
    expect(samples(text, 'controller_runtime_reconcile_total')).toEqual([
      { labels: { controller: 'grafanafolder', result: 'requeue' }, value: 2 },
      { labels: { controller: 'grafanafolder', result: 'success' }, value: 1 },
    ]);
    // A name that merely starts the same is another metric.
    expect(samples(text, 'controller_runtime_reconcile')).toEqual([]);
  });

  it('reads a sample without labels', () => {
    expect(samples('# HELP up Up.\n# TYPE up gauge\nup 1\n', 'up')).toEqual([{ labels: {}, value: 1 }]);
  });
});
