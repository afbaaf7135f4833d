import { eventually } from './wait.js';

/** One sample of a metric in the Prometheus text format. */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** The samples of metric `name` in a Prometheus text exposition (label values without escapes). */
export function samples(text: string, name: string): Sample[] {
  const found: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const labels = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key!, value!]),
    );
    found.push({ labels, value: Number(match[3]) });
  }
  return found;
}

/** The operator's metrics as it serves them now. */
export async function scrape(metricsUrl: string): Promise<string> {
  return (await fetch(metricsUrl)).text();
}

/**
 * Reconciles the controller finished, by result: `success`, `requeue_after` (the resync pace),
 * `requeue` (a retry with backoff) and `error` (a retry too).
 */
export async function reconcileResults(
  metricsUrl: string,
  controller: string,
): Promise<Record<string, number>> {
  const results: Record<string, number> = { success: 0, requeue_after: 0, requeue: 0, error: 0 };
  for (const { labels, value } of samples(await scrape(metricsUrl), 'controller_runtime_reconcile_total'))
    if (labels.controller === controller && labels.result) results[labels.result] = value;
  return results;
}

/** Reconciles of the controller that asked to run again with backoff: a hot loop shows here at once. */
export async function hotRetries(metricsUrl: string, controller: string): Promise<number> {
  const { requeue, error } = await reconcileResults(metricsUrl, controller);
  return requeue! + error!;
}

/** Until no controller has a key queued or a reconcile running: what was queued so far is done. */
export async function waitIdle(metricsUrl: string): Promise<void> {
  await eventually(
    async () => {
      const text = await scrape(metricsUrl);
      const busy = [
        ...samples(text, 'workqueue_depth'),
        ...samples(text, 'controller_runtime_active_workers'),
      ];
      return busy.length > 0 && busy.every((sample) => sample.value === 0);
    },
    { intervalMs: 50, what: 'every controller idle' },
  );
}
