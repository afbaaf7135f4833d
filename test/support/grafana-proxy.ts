/**
 * A recording, fault-injecting HTTP proxy in front of a real Grafana (GRAFANA_URL). The operator
 * under test is pointed at the proxy, so tests count its Grafana calls and inject faults the same
 * way as against the double: the request log is the double's Recorder and the faults are the
 * double's FaultInjector (test/grafana-double/faults.ts), applied before the request goes upstream.
 * Requests the tests make themselves go to Grafana directly and are not recorded.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { FaultInjector, faultReply, type FaultHandle, type FaultSpec } from '../grafana-double/faults.js';
import { Recorder, type RecordedRequest } from '../grafana-double/recorder.js';
import type { GrafanaRecorder } from './grafana.js';

export class GrafanaProxy implements GrafanaRecorder {
  private readonly recorder = new Recorder();
  private readonly faults = new FaultInjector();
  private readonly stopping = new AbortController();

  private constructor(
    private readonly server: http.Server,
    /** The address to give the operator instead of Grafana's. */
    readonly url: string,
  ) {}

  /**
   * `upstream`: Grafana's base URL, possibly with a sub-path (`https://host/grafana/`); `port`:
   * where to listen (a free one by default), e.g. the port of a proxy stopped before.
   */
  static async start(upstream: string, port = 0): Promise<GrafanaProxy> {
    const base = new URL(upstream);
    const prefix = base.pathname.replace(/\/+$/, '');
    const transport = base.protocol === 'https:' ? https : http;
    const agent = new transport.Agent({ keepAlive: true });
    const server = http.createServer((req, res) => {
      proxy.forward(req, res, (path) => {
        const target = new URL(`${prefix}${path}`, base);
        const headers = { ...req.headers, host: base.host };
        return transport.request(target, { method: req.method, headers, agent });
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const listening = (server.address() as AddressInfo).port;
    const proxy = new GrafanaProxy(server, `http://127.0.0.1:${listening}`);
    return proxy;
  }

  get requests(): readonly RecordedRequest[] {
    return this.recorder.requests;
  }

  writes(): RecordedRequest[] {
    return this.recorder.writes();
  }

  clearRequests(): void {
    this.recorder.clear();
  }

  injectFault(spec: FaultSpec): FaultHandle {
    return this.faults.add(spec);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Ends every connection, hung and delayed requests included. */
  async stop(): Promise<void> {
    this.stopping.abort();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private forward(
    req: IncomingMessage,
    res: ServerResponse,
    open: (path: string) => http.ClientRequest,
  ): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      this.answer(req, res, Buffer.concat(chunks), open).catch(() => res.destroy());
    });
  }

  private async answer(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    open: (path: string) => http.ClientRequest,
  ): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = req.url ?? '/';
    const url = new URL(path, 'http://proxy');
    const entry = this.recorder.record(method, url, req.headers, body);
    const fault = this.faults.take(method, url.pathname);
    if (fault !== undefined) {
      entry.fault = true;
      if (fault.delayMs !== undefined && fault.delayMs > 0) {
        const waited = await sleep(fault.delayMs, true, { signal: this.stopping.signal }).catch(() => false);
        if (!waited) return;
      }
      if (fault.resetConnection === true) {
        req.socket.resetAndDestroy();
        return;
      }
      if (fault.hang === true) return;
      if (fault.status !== undefined) {
        const reply = faultReply(fault);
        const payload = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
        entry.status = reply.status;
        res.writeHead(reply.status, {
          ...reply.headers,
          'content-type': reply.text === undefined ? 'application/json' : 'text/plain; charset=utf-8',
          'content-length': String(Buffer.byteLength(payload)),
        });
        res.end(payload);
        return;
      }
    }
    const upstream = open(path);
    upstream.on('response', (answer) => {
      entry.status = answer.statusCode ?? 0;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });
    upstream.on('error', () => res.destroy());
    // A client that gives up mid-answer ends the upstream request too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    upstream.end(body);
  }
}
