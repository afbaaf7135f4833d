import { ADMIN, Harness } from './helpers.js';

describe('grafana double: recording and fault injection (§13.11)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await Harness.start();
  });

  afterEach(() => h.stop());

  describe('recording', () => {
    it('records method, path, query, lower-cased headers, parsed body, status and org', async () => {
      await h.call('POST', '/api/folders?x=1&x=2&y=z', {
        auth: ADMIN,
        body: { title: 'Recorded' },
        headers: { 'X-Custom-Header': 'v' },
      });
      const [entry] = h.double.requests;
      expect(entry).toMatchObject({
        seq: 1,
        method: 'POST',
        path: '/api/folders',
        url: '/api/folders?x=1&x=2&y=z',
        query: { x: '1', y: 'z' },
        body: { title: 'Recorded' },
        status: 200,
        orgId: 1,
        identity: 'admin',
        fault: false,
      });
      expect(entry?.headers['x-custom-header']).toBe('v');
      expect(entry?.headers.authorization).toBe(ADMIN);
      expect(entry?.headers['content-type']).toBe('application/json');
    });

    it('keeps a non-JSON body as text and leaves orgId null without authentication', async () => {
      await h.call('POST', '/api/folders', {
        rawBody: 'not json',
        headers: { 'content-type': 'text/plain' },
      });
      expect(h.double.requests[0]).toMatchObject({
        body: 'not json',
        status: 401,
        orgId: null,
        identity: null,
      });
      await h.call('GET', '/api/health');
      expect(h.double.requests[1]).toMatchObject({ body: undefined, status: 200, orgId: null });
    });

    it('exposes writes() for "zero writes" assertions, and clears', async () => {
      await h.admin('GET', '/api/folders');
      await h.call('HEAD', '/api/health');
      expect(h.double.writes()).toEqual([]);
      await h.admin('POST', '/api/folders', { body: { title: 'w' } });
      await h.admin('DELETE', '/api/folders/nope');
      expect(h.double.writes().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        'POST /api/folders 200',
        'DELETE /api/folders/nope 404',
      ]);
      h.double.clearRequests();
      expect(h.double.requests).toEqual([]);
    });
  });

  describe('faults', () => {
    it('answers with a status, Retry-After and the default body, `times` times', async () => {
      const fault = h.double.injectFault({
        method: 'GET',
        path: '/api/folders',
        status: 429,
        retryAfter: 3,
        times: 1,
      });
      const limited = await h.admin('GET', '/api/folders');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('3');
      expect(limited.body).toEqual({ message: 'Too Many Requests' });
      expect(h.double.requests[0]).toMatchObject({ status: 429, fault: true });
      expect((await h.admin('GET', '/api/folders')).status).toBe(200);
      expect(fault.hits).toBe(1);
    });

    it('applies without limit by default, matches method and path prefix, and is removable', async () => {
      const fault = h.double.injectFault({ method: 'POST', path: '/api/datasources', status: 500 });
      for (let i = 0; i < 3; i++) {
        const res = await h.admin('POST', '/api/datasources/uid/x', { body: {} });
        expect(res.status).toBe(500);
        expect(res.body).toEqual({ message: 'Internal Server Error' });
      }
      expect((await h.admin('GET', '/api/datasources')).status).toBe(200);
      expect(fault.hits).toBe(3);
      fault.remove();
      expect((await h.admin('POST', '/api/datasources', { body: {} })).status).toBe(400);
    });

    it('matches a RegExp on the path and sends a custom body', async () => {
      h.double.injectFault({ path: /^\/api\/folders\/[^/]+$/, status: 502, body: 'upstream down' });
      const res = await h.admin('GET', '/api/folders/abc');
      expect(res.status).toBe(502);
      expect(res.text).toBe('upstream down');
      expect((await h.admin('GET', '/api/folders')).status).toBe(200);

      h.double.injectFault({
        path: '/api/orgs',
        status: 503,
        body: { custom: true },
        headers: { 'x-extra': '1' },
      });
      const custom = await h.admin('GET', '/api/orgs');
      expect(custom.body).toEqual({ custom: true });
      expect(custom.headers.get('x-extra')).toBe('1');
    });

    it('delays and then answers normally', async () => {
      h.double.injectFault({ path: '/api/health', delayMs: 150, times: 1 });
      const started = Date.now();
      const res = await h.call('GET', '/api/health');
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('hangs until the client gives up, recording no status', async () => {
      h.double.injectFault({ path: '/api/health', hang: true, times: 1 });
      await expect(
        fetch(`${h.double.url}/api/health`, { signal: AbortSignal.timeout(150) }),
      ).rejects.toMatchObject({ name: 'TimeoutError' });
      expect(h.double.requests[0]).toMatchObject({ status: null, fault: true });
      expect((await h.call('GET', '/api/health')).status).toBe(200);
    });

    it('resets the connection', async () => {
      h.double.injectFault({ path: '/api/health', resetConnection: true, times: 1 });
      await expect(fetch(`${h.double.url}/api/health`)).rejects.toThrow();
      expect(h.double.requests[0]).toMatchObject({ status: null, fault: true });
      expect((await h.call('GET', '/api/health')).status).toBe(200);
    });

    it('clears every fault', async () => {
      h.double.injectFault({ path: '/', status: 500 });
      expect((await h.call('GET', '/api/health')).status).toBe(500);
      h.double.clearFaults();
      expect((await h.call('GET', '/api/health')).status).toBe(200);
    });

    it('rejects a non-positive `times`', () => {
      expect(() => h.double.injectFault({ path: '/', status: 500, times: 0 })).toThrow();
    });
  });

  it('stops quickly with hung and delayed requests in flight', async () => {
    h.double.injectFault({ path: '/api/health', hang: true, times: 1 });
    h.double.injectFault({ path: '/api/folders', delayMs: 60_000, times: 1 });
    const hung = fetch(`${h.double.url}/api/health`).catch((err: unknown) => err);
    const delayed = fetch(`${h.double.url}/api/folders`, { headers: { authorization: ADMIN } }).catch(
      (err: unknown) => err,
    );
    while (h.double.requests.length < 2) await new Promise((r) => setTimeout(r, 10));
    // Waiting for the 60 s delay or the hang would outlast the test's timeout: stop() must cut them.
    await h.stop();
    // fetch errors come from another realm than jest's, so match on shape rather than instanceof.
    expect(await hung).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(await delayed).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(h.double.requests.map((r) => r.status)).toEqual([null, null]);
  });
});
