import { afterEach, describe, expect, it } from '@jest/globals';
import {
  GrafanaConfigurationError,
  GrafanaHttpClient,
  GrafanaInvalidResponseError,
  type GrafanaConnection,
  type GrafanaRequestInfo,
} from '../../../src/grafana/index.js';
import { json, startServer, type Handler, type LocalServer } from './local-server.js';
import { eventually, sleep } from '../../support/wait.js';

const TOKEN = 'glsa_test-token_0123456789abcdef';

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
  onRequest?: (info: GrafanaRequestInfo) => void,
): Promise<{ server: LocalServer; client: GrafanaHttpClient }> {
  server = await startServer(handler);
  client = new GrafanaHttpClient(
    { url: server.url, auth: { kind: 'token', token: TOKEN }, retry: { baseDelayMs: 1 }, ...connection },
    onRequest ? { onRequest } : {},
  );
  return { server, client };
}

describe('GrafanaHttpClient headers', () => {
  it('sends a bearer token, JSON accept and no org header by default', async () => {
    const { server, client } = await setup(() => json(200, { ok: true }));
    const response = await client.request<{ ok: boolean }>({ method: 'GET', route: '/api/user' });

    expect(response).toMatchObject({ status: 200, body: { ok: true } });
    const [request] = server.requests;
    expect(request?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['accept']).toBe('application/json');
    expect(request?.headers['x-grafana-org-id']).toBeUndefined();
    expect(request?.headers['content-type']).toBeUndefined();
  });

  it('sends basic auth as base64(user:password)', async () => {
    const { server, client } = await setup(() => json(200, {}), {
      auth: { kind: 'basic', username: 'admin', password: 'pä:ss' },
    });
    await client.request({ method: 'GET', route: '/api/orgs' });

    const header = server.requests[0]?.headers['authorization'] ?? '';
    expect(header.startsWith('Basic ')).toBe(true);
    expect(Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8')).toBe('admin:pä:ss');
  });

  it('sends X-Grafana-Org-Id when an org is configured, and withOrg switches it', async () => {
    const { server, client } = await setup(() => json(200, {}), { orgId: 2 });
    await client.request({ method: 'GET', route: '/api/folders' });
    const other = client.withOrg(7);
    await other.request({ method: 'GET', route: '/api/folders' });
    await client.request({ method: 'GET', route: '/api/folders' });

    expect(server.requests.map((r) => r.headers['x-grafana-org-id'])).toEqual(['2', '7', '2']);
    expect(other.orgId).toBe(7);
    expect(server.requests[1]?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
  });

  it('sends JSON bodies with a JSON content type', async () => {
    const { server, client } = await setup(() => json(200, { id: 1 }));
    await client.request({ method: 'POST', route: '/api/folders', body: { title: 'Ops', uid: 'ops' } });

    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({ title: 'Ops', uid: 'ops' });
  });

  it('omits credentials for anonymous requests and keeps extra headers', async () => {
    const { server, client } = await setup(() => json(200, { database: 'ok' }));
    await client.request({
      method: 'GET',
      route: '/api/health',
      anonymous: true,
      headers: { 'X-Disable-Provenance': 'true', Authorization: 'Bearer forged' },
    });

    const [request] = server.requests;
    expect(request?.headers['authorization']).toBeUndefined();
    expect(request?.headers['x-disable-provenance']).toBe('true');
  });

  it('never lets extra headers replace the configured credentials', async () => {
    const { server, client } = await setup(() => json(200, {}));
    await client.request({ method: 'GET', route: '/api/user', headers: { Authorization: 'Bearer forged' } });
    expect(server.requests[0]?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
  });
});

describe('GrafanaHttpClient URLs', () => {
  it('keeps a sub-path of the base URL, with or without a trailing slash', async () => {
    const { server } = await setup(() => json(200, {}));
    for (const base of [`${server.url}/grafana`, `${server.url}/grafana/`]) {
      const scoped = new GrafanaHttpClient({ url: base, auth: { kind: 'token', token: TOKEN } });
      await scoped.request({ method: 'GET', route: '/api/health' });
      scoped.close();
    }
    expect(server.requests.map((r) => r.url)).toEqual(['/grafana/api/health', '/grafana/api/health']);
  });

  it('URL-encodes path parameters', async () => {
    const { server, client } = await setup(() => json(200, {}));
    await client.request({ method: 'GET', route: '/api/orgs/name/:name', params: { name: 'Team A/B?#%' } });
    await client.request({ method: 'GET', route: '/api/orgs/:orgId', params: { orgId: 42 } });

    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/orgs/name/Team%20A%2FB%3F%23%25',
      '/api/orgs/42',
    ]);
  });

  it('builds query strings, skipping undefined and repeating arrays', async () => {
    const { server, client } = await setup(() => json(200, []));
    await client.request({
      method: 'GET',
      route: '/api/v1/provisioning/alert-rules/export',
      query: { folderUid: ['a', 'b c'], group: undefined, download: false, page: 2 },
    });
    expect(server.requests[0]?.url).toBe(
      '/api/v1/provisioning/alert-rules/export?folderUid=a&folderUid=b+c&download=false&page=2',
    );
  });

  it('rejects a missing or path-collapsing parameter before sending anything', async () => {
    const { server, client } = await setup(() => json(200, {}));
    await expect(client.request({ method: 'GET', route: '/api/folders/:uid' })).rejects.toThrow(/:uid/);
    await expect(
      client.request({ method: 'GET', route: '/api/folders/:uid', params: { uid: '..' } }),
    ).rejects.toThrow(GrafanaConfigurationError);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses credentials that could never work, without echoing them', () => {
    const url = 'http://127.0.0.1:1';
    const attempt = (auth: GrafanaConnection['auth']) => () => new GrafanaHttpClient({ url, auth });
    expect(attempt({ kind: 'token', token: `${TOKEN}\n` })).toThrow(/line break/);
    expect(attempt({ kind: 'token', token: '' })).toThrow(TypeError);
    expect(attempt({ kind: 'basic', username: 'ad:min', password: 'x' })).toThrow(/colon/);
    try {
      attempt({ kind: 'token', token: `${TOKEN}\n` })();
    } catch (error) {
      expect(String(error)).not.toContain(TOKEN);
    }
  });

  it('refuses base URLs that embed credentials or use another scheme', () => {
    const auth = { kind: 'token' as const, token: TOKEN };
    expect(() => new GrafanaHttpClient({ url: 'http://admin:secret@grafana:3000', auth })).toThrow(
      /credentials/,
    );
    expect(() => new GrafanaHttpClient({ url: 'ftp://grafana', auth })).toThrow(/http or https/);
    expect(() => new GrafanaHttpClient({ url: 'grafana:3000/x', auth })).toThrow(TypeError);
  });
});

describe('GrafanaHttpClient responses', () => {
  it('returns undefined for an empty success body and the raw text for text responses', async () => {
    const { client } = await setup((request) =>
      request.url === '/empty' ? { status: 204 } : { status: 200, text: 'groups:\n  - name: g1\n' },
    );
    const empty = await client.request<undefined>({ method: 'DELETE', route: '/empty' });
    const text = await client.request<string>({ method: 'GET', route: '/export', responseType: 'text' });

    expect(empty).toMatchObject({ status: 204, body: undefined });
    expect(text.body).toBe('groups:\n  - name: g1\n');
    expect(text.headers['content-type']).toContain('text/plain');
  });

  it('reports a non-JSON success body (e.g. a proxy login page) as an invalid response', async () => {
    const { client } = await setup(() => ({
      status: 200,
      text: '<html><body>Sign in</body></html>',
      headers: { 'content-type': 'text/html' },
    }));
    const failure = client.request({ method: 'GET', route: '/api/folders' });
    await expect(failure).rejects.toBeInstanceOf(GrafanaInvalidResponseError);
    await expect(failure).rejects.toMatchObject({ reason: 'InvalidResponse', status: 200 });
  });

  it('does not follow redirects', async () => {
    const { server, client } = await setup((request) =>
      request.url === '/api/user' ? { status: 302, headers: { location: '/login' } } : json(200, {}),
    );
    await expect(client.request({ method: 'GET', route: '/api/user' })).rejects.toMatchObject({
      status: 302,
      reason: 'RequestFailed',
    });
    expect(server.requests).toHaveLength(1);
  });
});

describe('onRequest hook', () => {
  it('receives the templated route, method, status and duration of every attempt', async () => {
    const infos: GrafanaRequestInfo[] = [];
    const { client } = await setup(
      (_request, index) => (index === 0 ? json(503, { message: 'busy' }) : json(200, {})),
      {},
      (info) => infos.push(info),
    );
    await client.request({ method: 'GET', route: '/api/datasources/uid/:uid', params: { uid: 'prom-1' } });

    expect(infos.map(({ method, route, status }) => ({ method, route, status }))).toEqual([
      { method: 'GET', route: '/api/datasources/uid/:uid', status: 503 },
      { method: 'GET', route: '/api/datasources/uid/:uid', status: 200 },
    ]);
    for (const info of infos) {
      expect(info.durationSeconds).toBeGreaterThanOrEqual(0);
      expect(info.durationSeconds).toBeLessThan(5);
    }
  });

  it("reports 'error' for attempts without a response and survives a throwing hook", async () => {
    const infos: GrafanaRequestInfo[] = [];
    const { client } = await setup(
      (_request, index) => (index === 0 ? { drop: true } : json(200, {})),
      {},
      (info) => {
        infos.push(info);
        throw new Error('metrics backend down');
      },
    );
    await client.request({ method: 'GET', route: '/api/folders/:uid', params: { uid: 'x' } });
    expect(infos.map((i) => i.status)).toEqual(['error', 200]);
    expect(infos.every((i) => i.route === '/api/folders/:uid')).toBe(true);
  });
});

describe('cancellation', () => {
  it('stops with the abort reason, also while waiting between retries', async () => {
    const { client } = await setup(() => json(503, {}, { 'retry-after': '5' }), {
      retry: { maxDelayMs: 5000 },
    });
    const controller = new AbortController();
    const pending = client.request({ method: 'GET', route: '/api/health', signal: controller.signal });
    setTimeout(() => controller.abort(new Error('shutting down')), 100);
    await expect(pending).rejects.toThrow('shutting down');
  });
});

describe('maxConcurrentRequests', () => {
  /** A handler that answers each request only when the test releases it. */
  function held(): { handler: Handler; release(): void } {
    const waiting: Array<() => void> = [];
    return {
      handler: () => new Promise((resolve) => waiting.push(() => resolve(json(200, { ok: true })))),
      release: () => waiting.shift()?.(),
    };
  }

  it('sends at most that many requests at once and the rest in turn, in order', async () => {
    const { handler, release } = held();
    const { server, client } = await setup(handler, { maxConcurrentRequests: 2 });
    const calls = [1, 2, 3, 4, 5].map((n) => client.call({ method: 'GET', route: `/api/n${n}` }));
    await eventually(() => server.requests.length === 2 || undefined, { what: 'two requests sent' });
    // Unlimited, the other three would be on the wire within milliseconds.
    await sleep(200);
    expect(server.requests.map((r) => r.url)).toEqual(['/api/n1', '/api/n2']);
    release();
    await eventually(() => server.requests.length === 3 || undefined, { what: 'a third request sent' });
    expect(server.requests[2]?.url).toBe('/api/n3');
    for (let i = 0; i < 4; i++) {
      await eventually(() => server.requests.length >= Math.min(5, 3 + i) || undefined, {
        what: 'next sent',
      });
      release();
    }
    await expect(Promise.all(calls)).resolves.toHaveLength(5);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/n1',
      '/api/n2',
      '/api/n3',
      '/api/n4',
      '/api/n5',
    ]);
  });

  it('is one limit for every org of the connection', async () => {
    const { handler, release } = held();
    const { server, client } = await setup(handler, { maxConcurrentRequests: 1 });
    const calls = [
      client.call({ method: 'GET', route: '/api/a' }),
      client.withOrg(2).call({ method: 'GET', route: '/api/b' }),
    ];
    await eventually(() => server.requests.length === 1 || undefined, { what: 'one request sent' });
    await sleep(200);
    expect(server.requests).toHaveLength(1);
    release();
    await eventually(() => server.requests.length === 2 || undefined, {
      what: "the other org's request sent",
    });
    release();
    await expect(Promise.all(calls)).resolves.toHaveLength(2);
  });

  it('refuses a limit that is not a whole number of at least 1', () => {
    for (const maxConcurrentRequests of [0, 1.5, -1])
      expect(
        () =>
          new GrafanaHttpClient({
            url: 'http://grafana.test',
            auth: { kind: 'token', token: TOKEN },
            maxConcurrentRequests,
          }),
      ).toThrow(GrafanaConfigurationError);
  });
});
