import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { displayUrl, download } from '../../../src/dashboards/download.js';
import { MAX_DASHBOARD_BYTES } from '../../../src/dashboards/parse.js';

describe('download', () => {
  let server: Server;
  let base: string;
  const seen: Array<{ url: string; authorization: string | undefined; userAgent: string | undefined }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({
        url: req.url ?? '',
        authorization: req.headers.authorization,
        userAgent: req.headers['user-agent'],
      });
      const path = req.url?.split('?')[0];
      if (path === '/ok.json') return res.writeHead(200).end('{"title": "ok"}');
      if (path === '/encoded.json') {
        return res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('{"title": "encoded"}'));
      }
      if (path === '/moved') return res.writeHead(302, { location: '/ok.json' }).end();
      if (path === '/huge.json') {
        // Past the limit in 1 MiB chunks; the client must stop reading.
        const chunk = Buffer.alloc(1024 * 1024, 0x20);
        res.writeHead(200);
        let sent = 0;
        const more = () => {
          while (sent <= MAX_DASHBOARD_BYTES && res.write(chunk)) sent += chunk.length;
          if (sent > MAX_DASHBOARD_BYTES) res.end();
        };
        res.on('drain', more);
        res.on('error', () => undefined);
        return more();
      }
      res.writeHead(404, 'Not Found').end('{"message": "not found"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('GETs the body with the Authorization given, following redirects and Content-Encoding', async () => {
    expect((await download(`${base}/ok.json`, 'Bearer t')).toString()).toBe('{"title": "ok"}');
    expect(seen.at(-1)).toMatchObject({
      authorization: 'Bearer t',
      userAgent: 'grafana-provisioning-operator',
    });
    expect((await download(`${base}/moved`, undefined)).toString()).toBe('{"title": "ok"}');
    expect((await download(`${base}/encoded.json`, undefined)).toString()).toBe('{"title": "encoded"}');
  });

  it('an HTTP error is DependencyNotReady, naming the URL without its query', async () => {
    const error = await download(`${base}/missing.json?token=secret`, undefined).catch((err: unknown) => err);
    expect(error).toMatchObject({
      reason: 'DependencyNotReady',
      message: `cannot download the dashboard from ${base}/missing.json: HTTP 404 Not Found`,
    });
  });

  it('a connection failure is DependencyNotReady with its code, and is not retried', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await download(`http://127.0.0.1:${port}/d.json?token=secret`, undefined).catch(
      (err: unknown) => err,
    );
    expect(error).toMatchObject({
      reason: 'DependencyNotReady',
      message: `cannot download the dashboard from http://127.0.0.1:${port}/d.json: ECONNREFUSED`,
    });
  });

  it('more than MAX_DASHBOARD_BYTES is InvalidSpec', async () => {
    const error = await download(`${base}/huge.json`, undefined).catch((err: unknown) => err);
    expect(error).toMatchObject({
      reason: 'InvalidSpec',
      message: `the dashboard at ${base}/huge.json is larger than 32 MiB`,
    });
  });

  it('displayUrl drops credentials, query and fragment', () => {
    expect(displayUrl('https://user:pw@example.com:8443/d/x.json?token=1#top')).toBe(
      'https://example.com:8443/d/x.json',
    );
    expect(displayUrl('not a url')).toBe('an invalid URL');
  });
});
