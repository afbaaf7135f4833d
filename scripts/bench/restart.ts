/**
 * The operator restarted after convergence, as when a Pod is replaced or a standby takes over:
 * every object is reconciled once again, and one dashboard is edited once that check is under
 * way. The edit's time to Ready says whether a change waits behind the check of thousands.
 */
import type { KubeClient } from '../../src/runtime/kube/client.js';
import { samples, scrape } from '../../test/support/metrics.js';
import { sleep } from './batches.js';
import { editToReady } from './edit.js';
import { readMetrics, readProcess } from './operator-metrics.js';
import { startOperator, type RunningOperator } from './operator.js';
import type { ReadyTracker } from './ready-tracker.js';

export interface RestartFigures {
  /** The new process's start until every object was reconciled once and reconciles stopped. */
  seconds: number;
  /** Reconciles in that time (every object once, and any run an edit or a wait added). */
  reconciles: number;
  /** One dashboard, edited once the first reconcile was done, until Ready at its new generation. */
  editToReady: number;
  /** Reconciles done when the edit was Ready: how far the check had got. */
  reconcilesBeforeEditReady: number;
  /** The new operator's apiserver requests, its start-up's lists and watches included. */
  apiserver: Record<string, number>;
  rssPeakBytes: number;
  cpuSeconds: number;
}

/**
 * Stops `operator`, starts another as it was started, edits `dashboard` once the new one has
 * reconciled something, and waits until `objects` reconciles were done and no more come.
 * The new operator is the caller's to stop.
 */
export async function restartOperator(
  operator: RunningOperator,
  options: {
    kubeconfig: string;
    kube: KubeClient;
    tracker: ReadyTracker;
    objects: number;
    dashboard: string;
  },
): Promise<{ operator: RunningOperator; figures: RestartFigures }> {
  await operator.stop();
  const started = Date.now();
  const restarted = await startOperator({ kubeconfig: options.kubeconfig, appendLog: true });
  let rssPeakBytes = 0;
  const memory = setInterval(() => {
    void readProcess(restarted.pid)
      .then((reading) => (rssPeakBytes = Math.max(rssPeakBytes, reading.rssBytes)))
      .catch(() => undefined);
  }, 250);
  try {
    await until(async () => (await reconciles(restarted)) > 0);
    const editReady = await editToReady(options.kube, options.tracker, options.dashboard, '(restart)');
    const reconcilesBeforeEditReady = await reconciles(restarted);
    const done = await reconcilesSettle(restarted, options.objects);
    const [metrics, process] = await Promise.all([
      readMetrics(restarted.metricsUrl),
      readProcess(restarted.pid),
    ]);
    return {
      operator: restarted,
      figures: {
        seconds: (done.at - started) / 1000,
        reconciles: done.count,
        editToReady: editReady,
        reconcilesBeforeEditReady,
        apiserver: metrics.apiserver,
        rssPeakBytes,
        cpuSeconds: process.cpuSeconds,
      },
    };
  } finally {
    clearInterval(memory);
  }
}

/** Reconciles the operator has finished since it started, whatever their result. */
async function reconciles(operator: RunningOperator): Promise<number> {
  const text = await scrape(operator.metricsUrl).catch(() => '');
  return samples(text, 'controller_runtime_reconcile_total').reduce((sum, s) => sum + s.value, 0);
}

/** Once at least `objects` reconciles were done and none came for a second: their count and when the last came. */
async function reconcilesSettle(
  operator: RunningOperator,
  objects: number,
): Promise<{ count: number; at: number }> {
  let last = { count: await reconciles(operator), at: Date.now() };
  for (;;) {
    await sleep(100);
    const count = await reconciles(operator);
    if (count !== last.count) last = { count, at: Date.now() };
    else if (count >= objects && Date.now() - last.at >= 1000) return last;
    else if (Date.now() - last.at > STALL_MS) {
      throw new Error(`restart: ${count} of ${objects} reconciles, none for ${STALL_MS / 1000} s`);
    }
  }
}

async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + STALL_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`restart: no reconcile ${STALL_MS / 1000} s after the start`);
    await sleep(50);
  }
}

/** Past this without progress the restart is reported as failed rather than waited for. */
const STALL_MS = 120_000;
