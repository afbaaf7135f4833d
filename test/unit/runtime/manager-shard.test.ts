import { pino } from 'pino';
import type { Informer } from '../../../src/runtime/informer.js';
import { CoreTypes, type KubeObject } from '../../../src/runtime/kube/types.js';
import { Manager } from '../../../src/runtime/manager.js';
import { OperatorMetrics } from '../../../src/runtime/metrics.js';

/** A Manager whose informers are never started: only how it builds them is looked at. */
function manager(shardSelector?: string): Manager {
  return new Manager({
    kubeConfig: {
      getCurrentCluster: () => ({ server: 'https://127.0.0.1:1' }),
      applyToHTTPSOptions: async () => {},
    },
    logger: pino({ level: 'silent' }),
    metrics: new OperatorMetrics({ processMetrics: false }),
    shardSelector,
  });
}

const selectorOf = (informer: unknown) => (informer as Informer<KubeObject>).options.labelSelector;

describe('Manager: the informers of a shard', () => {
  it('without a shard selector, a sharded informer is the whole one, shared', () => {
    const m = manager();
    const sharded = m.informer({ type: CoreTypes.configMap, metadataOnly: true, sharded: true });
    expect(m.informer({ type: CoreTypes.configMap, metadataOnly: true })).toBe(sharded);
    expect(selectorOf(sharded)).toBeUndefined();
    expect(m.sharded).toBe(false);
  });

  it('with one, a sharded informer lists and watches with it, and the whole one stays apart', () => {
    const m = manager('shard=a');
    const sharded = m.informer({ type: CoreTypes.configMap, metadataOnly: true, sharded: true });
    const whole = m.informer({ type: CoreTypes.configMap, metadataOnly: true });
    expect(whole).not.toBe(sharded);
    expect(selectorOf(sharded)).toBe('shard=a');
    expect(selectorOf(whole)).toBeUndefined();
    expect(m.sharded).toBe(true);
  });

  it('adds the shard selector to a selector the informer has of its own', () => {
    const m = manager('shard=a');
    const informer = m.informer({ type: CoreTypes.secret, labelSelector: 'owner=x', sharded: true });
    expect(selectorOf(informer)).toBe('owner=x,shard=a');
  });
});
