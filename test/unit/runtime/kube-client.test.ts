import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { KubeClient } from '../../../src/runtime/kube/client.js';
import { eventually, sleep } from '../../support/wait.js';

const namespaces = { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false };

/**
 * A server that closes a kept-alive connection when a second request arrives on it (the
 * `cutFrom`th), without answering: what a client sees when it reuses a pooled connection the
 * server (kube-apiserver after 90 s idle, or a proxy in between) closed a moment before.
 */
async function closingServer(
  cutFrom = 2,
): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const served = new WeakMap<Socket, number>();
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.method ?? '');
    const count = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, count);
    if (count >= cutFrom) {
      req.socket.destroy();
      return;
    }
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ kind: 'Namespace', metadata: { name: 'default' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function clientOf(url: string): KubeClient {
  return new KubeClient({ getCurrentCluster: () => ({ server: url }), applyToHTTPSOptions: async () => {} });
}

describe('KubeClient on a kept-alive connection the server has closed', () => {
  it('sends a GET, PATCH or DELETE again on a new connection, once', async () => {
    const server = await closingServer();
    const client = clientOf(server.url);
    try {
      await client.get(namespaces, undefined, 'default');
      await client.mergePatch(namespaces, undefined, 'default', { metadata: { labels: { a: 'b' } } });
      await client.delete(namespaces, undefined, 'default');
      // Each later request went out on the reused connection, was cut, and went again.
      expect(server.requests).toEqual(['GET', 'PATCH', 'PATCH', 'DELETE', 'DELETE']);
    } finally {
      client.close();
      await server.close();
    }
  });

  it('does not send a POST again: a create that reached the server would be made twice', async () => {
    const server = await closingServer();
    const client = clientOf(server.url);
    try {
      await client.get(namespaces, undefined, 'default');
      await expect(client.create(namespaces, undefined, { metadata: { name: 'x' } })).rejects.toMatchObject({
        code: 'ECONNRESET',
      });
      expect(server.requests).toEqual(['GET', 'POST']);
    } finally {
      client.close();
      await server.close();
    }
  });

  it('does not repeat a request cut on a connection of its own', async () => {
    const server = await closingServer(1);
    const client = clientOf(server.url);
    try {
      await expect(client.get(namespaces, undefined, 'default')).rejects.toMatchObject({
        code: 'ECONNRESET',
      });
      expect(server.requests).toEqual(['GET']);
    } finally {
      client.close();
      await server.close();
    }
  });
});

/** A server that holds every GET until `release`, counting the connections it was sent on. */
async function holdingServer(): Promise<{
  url: string;
  connections: Set<Socket>;
  held: () => number;
  release(): void;
  close(): Promise<void>;
}> {
  const connections = new Set<Socket>();
  let waiting: Array<() => void> = [];
  const server = http.createServer((req, res) => {
    connections.add(req.socket);
    const answer = () => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ kind: 'Namespace', metadata: { name: 'default' } }));
    };
    // A watch is answered at once with one event and kept open.
    if (req.url?.includes('watch=true')) {
      res.write(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'w' } } })}\n`);
      return;
    }
    waiting.push(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections,
    held: () => waiting.length,
    release: () => {
      const answers = waiting;
      waiting = [];
      for (const answer of answers) answer();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('KubeClient connections', () => {
  it('sends at most `requestConnections` requests at once, on as many connections; a watch has its own', async () => {
    const server = await holdingServer();
    const client = new KubeClient(
      { getCurrentCluster: () => ({ server: server.url }), applyToHTTPSOptions: async () => {} },
      { requestConnections: 2 },
    );
    const watching = new AbortController();
    try {
      const gets = Array.from({ length: 6 }, () => client.get(namespaces, undefined, 'default'));
      await eventually(() => server.held() === 2, {
        timeoutMs: 3_000,
        intervalMs: 5,
        what: 'two requests held',
      });
      // The pool is full, yet a watch starts and streams.
      const events: string[] = [];
      const watch = client
        .watch(namespaces, undefined, { resourceVersion: '', signal: watching.signal }, (event) =>
          events.push(event.type),
        )
        .catch(() => undefined);
      await eventually(() => events.length === 1, {
        timeoutMs: 3_000,
        intervalMs: 5,
        what: 'the watch streamed',
      });
      expect(server.held()).toBe(2);
      while (server.held() > 0) {
        expect(server.held()).toBeLessThanOrEqual(2);
        server.release();
        await sleep(20);
      }
      expect(await Promise.all(gets)).toHaveLength(6);
      // Two kept for requests, one for the watch.
      expect(server.connections.size).toBe(3);
      watching.abort();
      await watch;
    } finally {
      client.close();
      await server.close();
    }
  });
});
