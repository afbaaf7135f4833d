import type { Logger } from 'pino';
import type { OperatorConfig } from './config.js';
import { registerControllers } from './controllers/index.js';
import { loadClusterAccess, type ClusterAccess } from './runtime/kube/kubeconfig.js';
import { Manager } from './runtime/manager.js';
import { OperatorMetrics } from './runtime/metrics.js';

export interface Operator {
  manager: Manager;
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
    metricsPort: config.metricsPort,
    probePort: config.probePort,
    bindHost: config.bindHost,
    onLostLeadership: options.onLostLeadership,
  });
  const { clients } = registerControllers(manager, config);
  return {
    manager,
    start: () => manager.start(),
    stop: async () => {
      await manager.stop();
      clients.closeAll();
    },
  };
}
