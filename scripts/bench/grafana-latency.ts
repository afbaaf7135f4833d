import type { LatencySpec } from '../../test/grafana-double/latency.js';
import type { GrafanaLatency } from './options.js';

/**
 * The double's latency for a run: writes at writeMs, reads at readMs plus a share per listed item,
 * ±20 % jitter, and at most grafanaConcurrency requests served at once; undefined (instant) when
 * writeMs is 0.
 */
export function latencySpec(latency: GrafanaLatency): LatencySpec | undefined {
  if (latency.writeMs === 0) return undefined;
  return {
    rules: [
      { method: 'GET', route: '*', ms: latency.readMs, perItemMs: latency.listPerItemMs },
      { method: 'HEAD', route: '*', ms: latency.readMs },
      { route: '*', ms: latency.writeMs },
    ],
    jitter: 0.2,
    concurrency: latency.grafanaConcurrency,
  };
}
