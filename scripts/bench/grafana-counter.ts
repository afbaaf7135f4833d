/**
 * Grafana requests by route and method, per phase of a run (convergence, steady state, one
 * change). Drains the double's record every half second so a 10k run does not keep every body.
 */
import type { GrafanaDouble } from '../../test/grafana-double/server.js';

/** `METHOD /route/:pattern` → requests. */
export type RouteCounts = Record<string, number>;

export class GrafanaCounter {
  private phase = 'setup';
  private readonly counts = new Map<string, RouteCounts>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly grafana: GrafanaDouble) {
    this.timer = setInterval(() => this.drain(), 500);
  }

  /** Requests from now on count for `phase`. */
  enter(phase: string): void {
    this.drain();
    this.phase = phase;
  }

  of(phase: string): RouteCounts {
    this.drain();
    return { ...(this.counts.get(phase) ?? {}) };
  }

  stop(): void {
    clearInterval(this.timer);
    this.drain();
  }

  private drain(): void {
    const requests = [...this.grafana.requests];
    this.grafana.clearRequests();
    const counts = this.counts.get(this.phase) ?? {};
    for (const request of requests) {
      const route = this.grafana.router.match(request.method, request.path)?.route.pattern ?? request.path;
      const key = `${request.method} ${route}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    this.counts.set(this.phase, counts);
  }
}

export const total = (counts: RouteCounts) => Object.values(counts).reduce((sum, n) => sum + n, 0);

export const writesIn = (counts: RouteCounts) =>
  total(Object.fromEntries(Object.entries(counts).filter(([key]) => !/^(GET|HEAD) /.test(key))));
