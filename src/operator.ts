import type { Logger } from 'pino';
import type { OperatorConfig } from './config.js';
import { registerControllers } from './controllers/index.js';
import { PLAIN_KINDS } from './controllers/kinds.js';
import { loadClusterAccess, type ClusterAccess } from './runtime/kube/kubeconfig.js';
import { Manager } from './runtime/manager.js';
import { OperatorMetrics } from './runtime/metrics.js';
import { EventRecorder } from './runtime/events.js';
import type { ProvisioningApiServer } from './provisioning-api/server.js';

export interface Operator {
  manager: Manager;
  /** The port the provisioning API listens on, once started; undefined when it is off. */
  provisioningApiPort(): number | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Wires the manager and every controller; main.ts and in-process tests both start it this way.
 * Without `kubeConfig`, credentials come from KUBECONFIG, the Pod's ServiceAccount, or
 * ~/.kube/config (see loadClusterAccess); a client-node KubeConfig is accepted too.
 */
export async function createOperator(
  config: OperatorConfig,
  logger: Logger,
  options: { kubeConfig?: ClusterAccess; metrics?: OperatorMetrics; onLostLeadership?: () => void } = {},
): Promise<Operator> {
  const kubeConfig = options.kubeConfig ?? (await loadClusterAccess());
  const manager = new Manager({
    kubeConfig,
    logger,
    metrics: options.metrics ?? new OperatorMetrics(),
    watchNamespaces: config.watchNamespaces,
    shardSelector: config.shardSelector,
    leaderElection: config.leaderElection
      ? {
          namespace: config.leaseNamespace,
          name: config.leaseName,
          identity: config.identity,
          leaseDurationMs: config.leaseDurationMs,
          renewDeadlineMs: config.renewDeadlineMs,
          retryPeriodMs: config.retryPeriodMs,
        }
      : undefined,
    kubeRequestConnections: config.kubeRequestConnections,
    metricsPort: config.metricsPort,
    probePort: config.probePort,
    bindHost: config.bindHost,
    onLostLeadership: options.onLostLeadership,
  });
  const { clients, kinds } = registerControllers(manager, config);
  let api: ProvisioningApiServer | undefined;
  return {
    manager,
    provisioningApiPort: () => api?.port,
    start: async () => {
      await manager.start();
      // Served by every replica, leader or not: it writes custom resources and reads their status
      // through the apiserver, so any replica answers the same (docs/provisioning-api.md).
      if (config.provisioningApi) {
        // Loaded only when it is on (it is off by default): its HTTP server framework and the
        // request schemas are about 10 MiB of resident memory an operator without it never uses.
        const [{ startProvisioningApi }, { ProvisioningService }, { TypeTable }] = await Promise.all([
          import('./provisioning-api/server.js'),
          import('./provisioning-api/service.js'),
          import('./provisioning-api/type-table.js'),
        ]);
        api = await startProvisioningApi({
          config: config.provisioningApi,
          host: config.bindHost,
          client: manager.client,
          logger,
          watchNamespaces: config.watchNamespaces,
          service: new ProvisioningService(
            manager.client,
            new TypeTable(kinds, PLAIN_KINDS),
            new EventRecorder(
              manager.client,
              'grafana-provisioning-operator',
              config.identity,
              logger,
              config.eventRewriteIntervalMs,
            ),
          ),
        });
      }
    },
    stop: async () => {
      await api?.close();
      await manager.stop();
      clients.closeAll();
    },
  };
}
