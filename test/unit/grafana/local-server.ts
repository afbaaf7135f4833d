/**
 * A tiny scripted HTTP(S) server per test: each request is recorded and answered by the test's
 * handler with a contract-shaped reply, a dropped connection, or silence.
 */
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Reply =
  | { status: number; json?: unknown; text?: string; headers?: Record<string, string> }
  | { drop: true }
  | { hang: true };

export type Handler = (request: RecordedRequest, index: number) => Reply | Promise<Reply>;

export interface LocalServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, json: body, headers } : { status, json: body };
}

export async function startServer(handler: Handler): Promise<LocalServer> {
  return listen(createHttpServer(), handler, 'http');
}

export async function startTlsServer(
  tls: { key: string; cert: string },
  handler: Handler,
): Promise<LocalServer> {
  return listen(createHttpsServer(tls), handler, 'https');
}

async function listen(server: Server, handler: Handler, scheme: 'http' | 'https'): Promise<LocalServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      void Promise.resolve(handler(recorded, requests.length - 1)).then((reply) => {
        if ('drop' in reply) {
          req.socket.destroy();
          return;
        }
        if ('hang' in reply) return;
        const headers: Record<string, string> = { ...reply.headers };
        let payload = '';
        if (reply.json !== undefined) {
          payload = JSON.stringify(reply.json);
          headers['content-type'] ??= 'application/json';
        } else if (reply.text !== undefined) {
          payload = reply.text;
          headers['content-type'] ??= 'text/plain; charset=utf-8';
        }
        res.writeHead(reply.status, headers);
        res.end(payload);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on which nothing listens (bound once, then released). */
export async function unusedPort(): Promise<number> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
