import { createHash } from 'node:crypto';
import { GrafanaApi, GrafanaHttpClient, type GrafanaConnection } from '../grafana/index.js';
import type { OperatorMetrics } from '../runtime/metrics.js';

interface Entry {
  fingerprint: string;
  api: GrafanaApi;
}

/**
 * One pooled Grafana client per GrafanaInstance, rebuilt only when its connection settings
 * (URL, credentials, TLS, timeout) change, so reconciles reuse keep-alive connections instead of
 * opening sockets per call. Requests feed the Grafana metrics, labelled by instance.
 */
export class GrafanaClients {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly metrics: OperatorMetrics,
    private readonly retry?: GrafanaConnection['retry'],
    /** The operator's limit of requests in flight per instance (GRAFANA_MAX_CONCURRENT_REQUESTS). */
    private readonly maxConcurrentRequests?: number,
  ) {}

  /**
   * `connection.maxConcurrentRequests` is the instance's own limit (spec.maxConcurrentRequests),
   * 0 for none; unset, the operator's applies.
   */
  forInstance(instanceKey: string, connection: GrafanaConnection): GrafanaApi {
    const { maxConcurrentRequests: own, ...rest } = connection;
    const limit = own ?? this.maxConcurrentRequests;
    const withRetry: GrafanaConnection = {
      ...rest,
      ...(this.retry && !connection.retry ? { retry: this.retry } : {}),
      ...(limit ? { maxConcurrentRequests: limit } : {}),
    };
    const fingerprint = createHash('sha256').update(JSON.stringify(withRetry)).digest('hex');
    const existing = this.entries.get(instanceKey);
    if (existing?.fingerprint === fingerprint) return existing.api;
    existing?.api.http.close();
    const http = new GrafanaHttpClient(withRetry, {
      onRequest: ({ method, route, status, durationSeconds }) => {
        this.metrics.grafanaRequests.inc({ instance: instanceKey, method, route, status: String(status) });
        this.metrics.grafanaRequestDuration.observe(
          { instance: instanceKey, method, route },
          durationSeconds,
        );
      },
    });
    const api = new GrafanaApi(http);
    this.entries.set(instanceKey, { fingerprint, api });
    return api;
  }

  forget(instanceKey: string): void {
    this.entries.get(instanceKey)?.api.http.close();
    this.entries.delete(instanceKey);
  }

  closeAll(): void {
    for (const key of [...this.entries.keys()]) this.forget(key);
  }
}
