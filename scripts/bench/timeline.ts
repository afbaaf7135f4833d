/**
 * Ready objects, RSS, heap and CPU over a run, sampled every second (heap every fifth, as it is a
 * scrape of the operator's /metrics), for the figures and the plot.
 */
import { readMetrics, readProcess } from './operator-metrics.js';

export interface Sample {
  /** Seconds since the objects started being created. */
  t: number;
  phase: string;
  ready: number;
  rssBytes: number;
  rssFileBytes: number;
  cpuSeconds: number;
  heapUsedBytes?: number;
}

export class Timeline {
  readonly samples: Sample[] = [];
  private phase = 'convergence';
  private readonly timer: NodeJS.Timeout;
  private ticks = 0;

  constructor(
    private readonly startedAt: number,
    private readonly pid: number,
    private readonly metricsUrl: string,
    private readonly ready: () => number,
  ) {
    this.timer = setInterval(() => void this.sample().catch(() => undefined), 1000);
  }

  enter(phase: string): void {
    this.phase = phase;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Largest and last value of a field over the samples of the `phases`. */
  peakAndLast(
    phases: readonly string[],
    field: 'rssBytes' | 'rssFileBytes' | 'heapUsedBytes',
  ): { peak: number; last: number } {
    const values = this.samples
      .filter((s) => phases.includes(s.phase))
      .map((s) => s[field])
      .filter((v): v is number => v !== undefined);
    return { peak: Math.max(0, ...values), last: values.at(-1) ?? 0 };
  }

  private async sample(): Promise<void> {
    const scrapeHeap = this.ticks++ % 5 === 0;
    const [process, metrics] = await Promise.all([
      readProcess(this.pid),
      scrapeHeap ? readMetrics(this.metricsUrl).catch(() => undefined) : undefined,
    ]);
    this.samples.push({
      t: (Date.now() - this.startedAt) / 1000,
      phase: this.phase,
      ready: this.ready(),
      ...process,
      ...(metrics !== undefined ? { heapUsedBytes: metrics.heapUsedBytes } : {}),
    });
  }
}
