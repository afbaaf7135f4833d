/**
 * Backoff and jitter, once for every layer: the work queue's per-key retry delay, the informer's
 * list/watch reconnects, the Grafana client's retries and the spread of periodic resyncs.
 *
 * The strategies are the ones named in AWS's "Exponential Backoff and Jitter": a capped
 * exponential ceiling, then either no jitter (client-go's per-item rate limiter), full jitter
 * (uniform in [0, ceiling)) or equal jitter (half the ceiling fixed, half random).
 */

/** Above this the doubling already passed any sane ceiling; keeps 2^n finite. */
const MAX_DOUBLINGS = 30;

/** base · 2^attempt, capped at `maxMs`; attempt 0 is the first retry. */
export function exponentialMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(0, attempt), MAX_DOUBLINGS));
}

/** Uniform in [0, ceiling): spreads callers that all failed at the same moment the most. */
export function fullJitter(ceilingMs: number, random: () => number = Math.random): number {
  return Math.floor(random() * ceilingMs);
}

/** Uniform in [ceiling/2, ceiling]: never retries hot, still spreads. */
export function equalJitter(ceilingMs: number, random: () => number = Math.random): number {
  return Math.round(ceilingMs / 2 + (random() * ceilingMs) / 2);
}

/** `ms` ± `fraction`, so periodic work started together (resyncs, watch renewals) drifts apart. */
export function spread(ms: number, fraction = 0.1, random: () => number = Math.random): number {
  return Math.round(ms * (1 - fraction + random() * 2 * fraction));
}

/**
 * The delay until the next periodic check of something checked every `periodMs`: a point of a grid
 * of that period counted from the epoch, shared by everything with the same period, at least half a
 * period away, plus up to `jitterMs`. Checks then come in waves, and what a wave reads once (a list
 * its objects share) is read once per wave, not once per list age while checks trickle in.
 */
export function nextWave(
  periodMs: number,
  now: number = Date.now(),
  random: () => number = Math.random,
  jitterMs: number = Math.min(1_000, periodMs / 100),
): number {
  let at = Math.ceil(now / periodMs) * periodMs;
  if (at - now < periodMs / 2) at += periodMs;
  return at - now + Math.round(random() * jitterMs);
}

/** Successive delays of one retry loop (exponential, equal jitter); `reset` after a success. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const delay = equalJitter(exponentialMs(this.attempt, this.baseMs, this.maxMs), this.random);
    this.attempt = Math.min(this.attempt + 1, MAX_DOUBLINGS);
    return delay;
  }

  reset(): void {
    this.attempt = 0;
  }
}

/** Waits `ms`, or less when `signal` aborts (resolves either way, never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
