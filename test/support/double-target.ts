import { loadConfig } from '../../src/config.js';
import { SnapshotCache } from '../../src/sync/snapshot.js';
import type { InstanceTarget } from '../../src/sync/targets.js';
import { GrafanaApi, GrafanaHttpClient } from '../../src/grafana/index.js';
import { GrafanaDouble } from '../grafana-double/server.js';

/** A Grafana double and an InstanceTarget ("main", org 1) that talks to it as its admin. */
export interface DoubleTarget {
  double: GrafanaDouble;
  http: GrafanaHttpClient;
  target: InstanceTarget;
  stop(): Promise<void>;
}

/**
 * The setup of kind-adapter tests that run desired/observe/write against the double. No retries,
 * so a refused request shows up as the first error Grafana gave.
 */
export async function startDoubleTarget(): Promise<DoubleTarget> {
  const double = new GrafanaDouble();
  const url = await double.start();
  const http = new GrafanaHttpClient({
    url,
    auth: { kind: 'basic', username: 'admin', password: 'admin' },
    retry: { limit: 0 },
  });
  const target: InstanceTarget = {
    key: 'ns/main',
    name: 'main',
    orgId: 1,
    orgKey: `${url}|org 1`,
    grafanaVersion: double.options.version,
    api: new GrafanaApi(http),
    snapshots: new SnapshotCache(loadConfig({}).snapshotMaxAgeMs),
    exclusive: (work) => work(),
  };
  return {
    double,
    http,
    target,
    stop: async () => {
      http.close();
      await double.stop();
    },
  };
}
