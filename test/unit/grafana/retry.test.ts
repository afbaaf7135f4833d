import { afterEach, describe, expect, it } from '@jest/globals';
import {
  GrafanaHttpClient,
  GrafanaUnavailableError,
  type GrafanaConnection,
  type HttpMethod,
} from '../../../src/grafana/index.js';
import {
  backoffDelayMs,
  delayBeforeRetryMs,
  isRetryable,
  parseRetryAfterMs,
  type RetryPolicy,
} from '../../../src/grafana/retry.js';
import { json, startServer, unusedPort, type Handler, type LocalServer } from './local-server.js';

const auth = { kind: 'token' as const, token: 'glsa_retry-token_abcdef' };

let server: LocalServer | undefined;
let client: GrafanaHttpClient | undefined;

afterEach(async () => {
  client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function setup(
  handler: Handler,
  connection: Partial<GrafanaConnection> = {},
): Promise<{ server: LocalServer; client: GrafanaHttpClient }> {
  server = await startServer(handler);
  client = new GrafanaHttpClient({ url: server.url, auth, retry: { baseDelayMs: 1 }, ...connection });
  return { server, client };
}

/** Answers `failures` times with `reply`, then 200. */
function failThenSucceed(failures: number, reply: ReturnType<Handler>): Handler {
  return (_request, index) => (index < failures ? reply : json(200, { ok: true }));
}

describe('retries on transient failures', () => {
  it.each([503, 429, 502, 504, 500])('retries GET on %i and then succeeds', async (status) => {
    const { server, client } = await setup(failThenSucceed(2, json(status, { message: 'transient' })));
    const response = await client.request({ method: 'GET', route: '/api/folders' });
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after the retry limit (default 3 retries) with an Unavailable error', async () => {
    const { server, client } = await setup(() => json(503, { message: 'database failing' }));
    const failure = client.request({ method: 'GET', route: '/api/health' });
    await expect(failure).rejects.toBeInstanceOf(GrafanaUnavailableError);
    await expect(failure).rejects.toMatchObject({ status: 503, reason: 'Unavailable', attempts: 4 });
    expect(server.requests).toHaveLength(4);
  });

  it('honours a configured retry limit, including 0', async () => {
    const { server, client } = await setup(() => json(503, {}), { retry: { limit: 0 } });
    await expect(client.request({ method: 'GET', route: '/api/health' })).rejects.toMatchObject({
      attempts: 1,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('honours Retry-After in seconds', async () => {
    const { server, client } = await setup(failThenSucceed(1, json(429, {}, { 'retry-after': '1' })));
    const started = Date.now();
    await client.request({ method: 'GET', route: '/api/folders' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(server.requests).toHaveLength(2);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const { client } = await setup((_request, index) =>
      index === 0
        ? json(503, {}, { 'retry-after': new Date(Date.now() + 2000).toUTCString() })
        : json(200, { ok: true }),
    );
    const started = Date.now();
    await client.request({ method: 'GET', route: '/api/folders' });
    // HTTP dates have one-second resolution.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('caps Retry-After at maxDelayMs and keeps it on the final error for requeueing', async () => {
    const { server, client } = await setup(() => json(429, {}, { 'retry-after': '3600' }), {
      retry: { baseDelayMs: 1, maxDelayMs: 20, limit: 2 },
    });
    const started = Date.now();
    await expect(client.request({ method: 'GET', route: '/api/folders' })).rejects.toMatchObject({
      status: 429,
      retryAfterMs: 3_600_000,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(server.requests).toHaveLength(3);
  });

  it('retries a dropped connection (ECONNRESET) for idempotent methods', async () => {
    const { server, client } = await setup(failThenSucceed(1, { drop: true }));
    await client.request({ method: 'PUT', route: '/api/folders/:uid', params: { uid: 'a' }, body: {} });
    expect(server.requests).toHaveLength(2);
  });

  it('retries a refused connection (ECONNREFUSED), even for POST', async () => {
    const port = await unusedPort();
    const infos: (number | 'error')[] = [];
    client = new GrafanaHttpClient(
      { url: `http://127.0.0.1:${port}`, auth, retry: { baseDelayMs: 1, limit: 2 } },
      { onRequest: (info) => infos.push(info.status) },
    );
    const failure = client.request({ method: 'POST', route: '/api/folders', body: { title: 'x' } });
    await expect(failure).rejects.toBeInstanceOf(GrafanaUnavailableError);
    await expect(failure).rejects.toMatchObject({ code: 'ECONNREFUSED', status: undefined, attempts: 3 });
    expect(infos).toEqual(['error', 'error', 'error']);
  });

  it('turns a timeout into Unavailable (ETIMEDOUT) and retries it for GET', async () => {
    const { server, client } = await setup(() => ({ hang: true }), {
      timeoutSeconds: 0.2,
      retry: { baseDelayMs: 1, limit: 1 },
    });
    const failure = client.request({ method: 'GET', route: '/api/folders' });
    await expect(failure).rejects.toBeInstanceOf(GrafanaUnavailableError);
    await expect(failure).rejects.toMatchObject({ code: 'ETIMEDOUT', reason: 'Unavailable' });
    await expect(failure).rejects.toThrow('timed out after 0.2s');
    expect(server.requests).toHaveLength(2);
  });
});

describe('no retries on answers', () => {
  it.each([400, 401, 403, 404, 409, 412, 422])('does not retry %i', async (status) => {
    const { server, client } = await setup(() => json(status, { message: 'no' }));
    await expect(client.request({ method: 'GET', route: '/api/folders' })).rejects.toMatchObject({ status });
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a 500 that Grafana uses for a permanent provenance conflict', async () => {
    const { server, client } = await setup(() =>
      json(500, { message: "cannot change provenance from 'api' to ''" }),
    );
    await expect(
      client.request({
        method: 'PUT',
        route: '/api/v1/provisioning/contact-points/:uid',
        params: { uid: 'c' },
      }),
    ).rejects.toMatchObject({ reason: 'Conflict', status: 500 });
    expect(server.requests).toHaveLength(1);
  });
});

describe('non-idempotent methods', () => {
  it.each<[HttpMethod, number]>([
    ['POST', 500],
    ['POST', 502],
    ['POST', 504],
    ['PATCH', 500],
  ])('does not retry %s on %i (the request may have been processed)', async (method, status) => {
    const { server, client } = await setup(() => json(status, { message: 'Failed to add datasource' }));
    await expect(client.request({ method, route: '/api/datasources', body: {} })).rejects.toBeInstanceOf(
      GrafanaUnavailableError,
    );
    expect(server.requests).toHaveLength(1);
  });

  it.each([429, 503])('retries POST on %i (rejected before processing)', async (status) => {
    const { server, client } = await setup(failThenSucceed(1, json(status, {})));
    await client.request({ method: 'POST', route: '/api/datasources', body: { name: 'x' } });
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry POST after a dropped connection or a timeout', async () => {
    const dropped = await setup(() => ({ drop: true }));
    await expect(
      dropped.client.request({ method: 'POST', route: '/api/folders', body: {} }),
    ).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    expect(dropped.server.requests).toHaveLength(1);
    dropped.client.close();
    await dropped.server.close();

    const hanging = await setup(() => ({ hang: true }), { timeoutSeconds: 0.1 });
    await expect(
      hanging.client.request({ method: 'POST', route: '/api/folders', body: {} }),
    ).rejects.toMatchObject({
      code: 'ETIMEDOUT',
    });
    expect(hanging.server.requests).toHaveLength(1);
  });
});

describe('retry policy functions', () => {
  const policy: RetryPolicy = { limit: 3, baseDelayMs: 100, maxDelayMs: 1000 };

  it('draws full-jitter delays below an exponentially growing, capped ceiling', () => {
    expect(backoffDelayMs(0, policy, () => 0.999)).toBe(99);
    expect(backoffDelayMs(2, policy, () => 0.999)).toBe(399);
    expect(backoffDelayMs(10, policy, () => 0.999)).toBe(999);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
  });

  it('prefers a capped Retry-After over the backoff', () => {
    expect(delayBeforeRetryMs(0, policy, 500, () => 0)).toBe(500);
    expect(delayBeforeRetryMs(0, policy, 60_000, () => 0)).toBe(1000);
    expect(delayBeforeRetryMs(0, policy, undefined, () => 0.5)).toBe(50);
  });

  it('parses Retry-After seconds and HTTP dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfterMs('7', now)).toBe(7000);
    expect(parseRetryAfterMs(['3', '9'], now)).toBe(3000);
    expect(parseRetryAfterMs('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
  });

  it('classifies outcomes by method', () => {
    expect(isRetryable('GET', { kind: 'response', status: 500 })).toBe(true);
    expect(isRetryable('DELETE', { kind: 'connection', code: 'ECONNRESET' })).toBe(true);
    expect(isRetryable('POST', { kind: 'connection', code: 'ENOTFOUND' })).toBe(true);
    expect(isRetryable('POST', { kind: 'connection', code: 'ETIMEDOUT' })).toBe(false);
    expect(isRetryable('GET', { kind: 'connection', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })).toBe(false);
    expect(isRetryable('GET', { kind: 'response', status: 501 })).toBe(false);
  });
});
