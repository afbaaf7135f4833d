/**
 * How long the double takes to answer, for benchmarks: a latency per route (a base, plus a share
 * per item of a list answer, with jitter) and a limit on requests served at once, as a real
 * Grafana's database connection pool limits it; the others queue. Off unless a bench sets it, so
 * tests see an instant double.
 */

export interface LatencyRule {
  /** Upper-case method; any when omitted. */
  method?: string;
  /** A route pattern as registered (`/api/dashboards/db`, `/api/dashboards/uid/:uid`); `*`: any. */
  route: string;
  /** Base latency, in ms. */
  ms: number;
  /** Added per item when the answer is a JSON array (a list or search page), in ms. */
  perItemMs?: number;
}

export interface LatencySpec {
  /** The first rule that matches applies; a request no rule matches has no latency. */
  rules: LatencyRule[];
  /** Each latency is scaled by a random factor in [1 - jitter, 1 + jitter]; 0 by default. */
  jitter?: number;
  /** Requests served at once (the handler and its latency); unlimited when omitted. */
  concurrency?: number;
  /** For tests: how a latency is waited out, and the random source of the jitter. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export class LatencyModel {
  private active = 0;
  private readonly queue: Array<() => void> = [];
  /** The most requests served at once so far. */
  maxActive = 0;
  /** Requests that had to wait for a free slot. */
  queued = 0;

  constructor(private readonly spec: LatencySpec) {
    if (spec.concurrency !== undefined && !(spec.concurrency >= 1))
      throw new Error('concurrency must be ≥ 1');
  }

  /**
   * Runs `handle` in a slot, then waits out the route's latency (from the answer's size) before
   * giving the slot up and the answer back.
   */
  async serve<T>(
    method: string,
    route: string | undefined,
    handle: () => Promise<T>,
    items: (answer: T) => number,
  ): Promise<T> {
    await this.acquire();
    try {
      const answer = await handle();
      const ms = this.latencyOf(method, route, items(answer));
      if (ms > 0) await (this.spec.sleep ?? sleep)(ms);
      return answer;
    } finally {
      this.release();
    }
  }

  /** The latency of one request: its rule's base plus per-item share, jittered; 0 with no rule. */
  latencyOf(method: string, route: string | undefined, items: number): number {
    const rule = this.spec.rules.find(
      (r) => (r.method === undefined || r.method === method) && (r.route === '*' || r.route === route),
    );
    if (rule === undefined) return 0;
    const jitter = this.spec.jitter ?? 0;
    const factor = 1 + jitter * (2 * (this.spec.random ?? Math.random)() - 1);
    return Math.max(0, (rule.ms + (rule.perItemMs ?? 0) * items) * factor);
  }

  private acquire(): Promise<void> {
    const limit = this.spec.concurrency ?? Number.POSITIVE_INFINITY;
    if (this.active < limit) {
      this.active += 1;
      this.maxActive = Math.max(this.maxActive, this.active);
      return Promise.resolve();
    }
    this.queued += 1;
    // The slot passes straight from the request that releases it to this one.
    return new Promise((resolve) => this.queue.push(resolve));
  }

  private release(): void {
    const next = this.queue.shift();
    if (next !== undefined) next();
    else this.active -= 1;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
