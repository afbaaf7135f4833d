import { loadConfig } from './config.js';
import { createLogger } from './log.js';
import { createOperator } from './operator.js';

/** Grace for in-flight reconciles on SIGTERM; Kubernetes' default termination grace is 30 s. */
const SHUTDOWN_TIMEOUT_MS = 25_000;

/** Runs the operator until SIGTERM/SIGINT: what the image and `grafana-provisioning-operator` with no command do. */
export async function runOperator(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  const operator = await createOperator(config, logger, {
    // Another replica may already be reconciling: stop at once rather than write concurrently.
    onLostLeadership: () => {
      logger.error('leadership lost; exiting');
      process.exit(1);
    },
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight reconciles');
    const timer = setTimeout(() => {
      logger.error('shutdown timed out');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    operator
      .stop()
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ err: String(err) }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  await operator.start();
  logger.info(
    {
      identity: config.identity,
      leaderElection: config.leaderElection,
      namespaces: config.watchNamespaces ?? '*',
      ...(config.shardSelector ? { shardSelector: config.shardSelector } : {}),
    },
    'operator started',
  );
}
