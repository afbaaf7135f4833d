import { afterEach, describe, expect, it } from '@jest/globals';
import type { GrafanaInstanceSpec } from '../../../src/api/generated/index.js';
import { OperatorMetrics } from '../../../src/runtime/metrics.js';
import type { SecretReader } from '../../../src/runtime/secrets.js';
import { GrafanaClients } from '../../../src/sync/grafana-clients.js';
import { connectionFromSpec } from '../../../src/sync/instance-connection.js';
import { json, startServer, type LocalServer } from '../grafana/local-server.js';
import { eventually, sleep } from '../../support/wait.js';

/** A Grafana that answers only when the test lets the held requests go. */
async function heldGrafana(): Promise<{ server: LocalServer; releaseAll(): void }> {
  const waiting: Array<() => void> = [];
  const server = await startServer(
    () => new Promise((resolve) => waiting.push(() => resolve(json(200, { ok: true })))),
  );
  return { server, releaseAll: () => waiting.splice(0).forEach((go) => go()) };
}

const secrets = { value: async () => 'token' } as unknown as SecretReader;

describe("an instance's limit of requests in flight (spec.maxConcurrentRequests)", () => {
  let grafana: Awaited<ReturnType<typeof heldGrafana>> | undefined;
  let clients: GrafanaClients | undefined;

  afterEach(async () => {
    grafana?.releaseAll();
    clients?.closeAll();
    await grafana?.server.close();
  });

  /** How many of six requests reach Grafana at once, with the operator's default of 2. */
  async function inFlight(maxConcurrentRequests: number | undefined): Promise<number> {
    grafana = await heldGrafana();
    clients = new GrafanaClients(new OperatorMetrics({ processMetrics: false }), undefined, 2);
    const spec = {
      url: grafana.server.url,
      auth: { token: { secretKeyRef: { name: 'grafana', key: 'token' } } },
      ...(maxConcurrentRequests !== undefined ? { maxConcurrentRequests } : {}),
    } as GrafanaInstanceSpec;
    const api = clients.forInstance('ns/main', await connectionFromSpec(spec, secrets));
    const calls = Array.from({ length: 6 }, (_, n) => api.http.call({ method: 'GET', route: `/api/n${n}` }));
    const server = grafana.server;
    await eventually(() => server.requests.length >= 2 || undefined, { what: 'the first requests sent' });
    // The rest, unlimited, would be on the wire within milliseconds.
    await sleep(200);
    const sent = server.requests.length;
    grafana.releaseAll();
    await eventually(
      () => {
        grafana?.releaseAll();
        return server.requests.length === 6 || undefined;
      },
      { what: 'every request answered' },
    );
    await Promise.all(calls);
    return sent;
  }

  it("unset, the operator's limit applies", async () => {
    expect(await inFlight(undefined)).toBe(2);
  });

  it("set, it replaces the operator's", async () => {
    expect(await inFlight(4)).toBe(4);
  });

  it('0 is no limit', async () => {
    expect(await inFlight(0)).toBe(6);
  });
});
