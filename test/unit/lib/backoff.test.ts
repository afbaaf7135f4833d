import {
  Backoff,
  equalJitter,
  exponentialMs,
  fullJitter,
  nextWave,
  sleep,
  spread,
} from '../../../src/lib/backoff.js';

describe('backoff', () => {
  it('doubles from the base and stops at the ceiling, however many attempts', () => {
    expect([0, 1, 2, 3].map((n) => exponentialMs(n, 100, 1_000))).toEqual([100, 200, 400, 800]);
    expect(exponentialMs(4, 100, 1_000)).toBe(1_000);
    expect(exponentialMs(10_000, 100, 1_000)).toBe(1_000);
    expect(exponentialMs(-1, 100, 1_000)).toBe(100);
  });

  it('full jitter picks in [0, ceiling), equal jitter in [ceiling/2, ceiling]', () => {
    expect(fullJitter(1_000, () => 0)).toBe(0);
    expect(fullJitter(1_000, () => 0.999)).toBe(999);
    expect(equalJitter(1_000, () => 0)).toBe(500);
    expect(equalJitter(1_000, () => 0.999)).toBe(1_000);
  });

  it("nextWave: the next point of the period's grid at least half a period away, the same for all, plus the jitter", () => {
    const none = () => 0;
    // Objects finishing anywhere in a period resync together at the grid's points.
    expect(10_000 + nextWave(60_000, 10_000, none)).toBe(60_000);
    expect(29_000 + nextWave(60_000, 29_000, none)).toBe(60_000);
    // Too close to the next point: the one after.
    expect(31_000 + nextWave(60_000, 31_000, none)).toBe(120_000);
    expect(60_000 + nextWave(60_000, 60_000, none)).toBe(120_000);
    // The jitter: at most 1 % of the period, at most a second.
    expect(nextWave(60_000, 10_000, () => 1)).toBe(50_000 + 600);
    expect(nextWave(600_000, 0, () => 1)).toBe(600_000 + 1_000);
  });

  it('spread stays within the fraction around the value', () => {
    expect(spread(1_000, 0.1, () => 0)).toBe(900);
    expect(spread(1_000, 0.1, () => 0.5)).toBe(1_000);
    expect(spread(1_000, 0.1, () => 0.999)).toBe(1_100);
  });

  it('a Backoff grows per failure with equal jitter and starts over after reset', () => {
    const backoff = new Backoff(1_000, 30_000, () => 0);
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([500, 1_000, 2_000]);
    for (let i = 0; i < 40; i++) backoff.next();
    expect(backoff.next()).toBe(15_000);
    backoff.reset();
    expect(backoff.next()).toBe(500);
  });

  it('sleep ends early when its signal aborts', async () => {
    const controller = new AbortController();
    const waiting = sleep(600_000, controller.signal);
    controller.abort();
    // Without the abort this would outlast the test's timeout.
    await expect(waiting).resolves.toBeUndefined();
    await expect(sleep(1, AbortSignal.abort())).resolves.toBeUndefined();
  });
});
