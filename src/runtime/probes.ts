import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface ProbeHandlers {
  healthy: () => boolean;
  ready: () => boolean;
  registry?: Registry;
}

/** Serves /healthz, /readyz and (when given a registry) /metrics. */
export class ProbeServer {
  private server: http.Server | undefined;

  constructor(private readonly handlers: ProbeHandlers) {}

  async listen(port: number, host = '0.0.0.0'): Promise<number> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' || path === '/readyz') {
      const ok = path === '/healthz' ? this.handlers.healthy() : this.handlers.ready();
      res.writeHead(ok ? 200 : 503, { 'Content-Type': 'text/plain' }).end(ok ? 'ok' : 'not ready');
      return;
    }
    if (path === '/metrics' && this.handlers.registry) {
      const body = await this.handlers.registry.metrics();
      res.writeHead(200, { 'Content-Type': this.handlers.registry.contentType }).end(body);
      return;
    }
    res.writeHead(404).end();
  }
}
