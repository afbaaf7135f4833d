import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { QueueObserver } from './workqueue.js';

/**
 * Prometheus metrics. Controller and work-queue series use controller-runtime's names and
 * labels, so the dashboards and alerts people already run for Go operators work unchanged.
 */
export class OperatorMetrics {
  readonly registry = new Registry();

  readonly reconcileTotal = new Counter({
    name: 'controller_runtime_reconcile_total',
    help: 'Total number of reconciliations per controller',
    labelNames: ['controller', 'result'],
    registers: [this.registry],
  });
  readonly reconcileErrors = new Counter({
    name: 'controller_runtime_reconcile_errors_total',
    help: 'Total number of reconciliation errors per controller',
    labelNames: ['controller'],
    registers: [this.registry],
  });
  readonly reconcileTime = new Histogram({
    name: 'controller_runtime_reconcile_time_seconds',
    help: 'Length of time per reconciliation per controller',
    labelNames: ['controller'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly maxConcurrentReconciles = new Gauge({
    name: 'controller_runtime_max_concurrent_reconciles',
    help: 'Maximum number of concurrent reconciles per controller',
    labelNames: ['controller'],
    registers: [this.registry],
  });
  readonly activeWorkers = new Gauge({
    name: 'controller_runtime_active_workers',
    help: 'Number of currently used workers per controller',
    labelNames: ['controller'],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'workqueue_depth',
    help: 'Current depth of workqueue',
    labelNames: ['name', 'controller'],
    registers: [this.registry],
  });
  readonly queueAdds = new Counter({
    name: 'workqueue_adds_total',
    help: 'Total number of adds handled by workqueue',
    labelNames: ['name', 'controller'],
    registers: [this.registry],
  });
  readonly queueRetries = new Counter({
    name: 'workqueue_retries_total',
    help: 'Total number of retries handled by workqueue',
    labelNames: ['name', 'controller'],
    registers: [this.registry],
  });
  readonly queueLatency = new Histogram({
    name: 'workqueue_queue_duration_seconds',
    help: 'How long in seconds an item stays in workqueue before being requested',
    labelNames: ['name', 'controller'],
    buckets: [0.001, 0.01, 0.1, 1, 10, 100, 1000],
    registers: [this.registry],
  });
  readonly workDuration = new Histogram({
    name: 'workqueue_work_duration_seconds',
    help: 'How long in seconds processing an item from workqueue takes',
    labelNames: ['name', 'controller'],
    buckets: [0.001, 0.01, 0.1, 1, 10, 100, 1000],
    registers: [this.registry],
  });
  readonly longestRunning = new Gauge({
    name: 'workqueue_longest_running_processor_seconds',
    help: 'How many seconds has the longest running processor for workqueue been running',
    labelNames: ['name', 'controller'],
    registers: [this.registry],
  });
  readonly leaderStatus = new Gauge({
    name: 'leader_election_master_status',
    help: 'Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master',
    labelNames: ['name'],
    registers: [this.registry],
  });
  readonly kubeRequests = new Counter({
    name: 'rest_client_requests_total',
    help: 'Number of HTTP requests to the Kubernetes API, partitioned by status code, method, and resource',
    labelNames: ['code', 'method', 'resource'],
    registers: [this.registry],
  });
  readonly watchErrors = new Counter({
    name: 'grafana_operator_watch_errors_total',
    help: 'List/watch failures per resource (each is retried with backoff)',
    labelNames: ['resource'],
    registers: [this.registry],
  });
  readonly grafanaRequests = new Counter({
    name: 'grafana_operator_grafana_requests_total',
    help: 'Requests to Grafana by instance, method, templated route and HTTP status',
    labelNames: ['instance', 'method', 'route', 'status'],
    registers: [this.registry],
  });
  readonly grafanaRequestDuration = new Histogram({
    name: 'grafana_operator_grafana_request_duration_seconds',
    help: 'Latency of requests to Grafana by instance, method and templated route',
    labelNames: ['instance', 'method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  queueObserver(controller: string): QueueObserver {
    const labels = { name: controller, controller };
    return {
      onAdd: () => this.queueAdds.inc(labels),
      onDepth: (depth) => this.queueDepth.set(labels, depth),
      onGet: (_key, waited) => this.queueLatency.observe(labels, waited),
      onDone: (_key, seconds) => this.workDuration.observe(labels, seconds),
      onRetry: () => this.queueRetries.inc(labels),
    };
  }
}
