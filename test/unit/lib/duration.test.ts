import fc from 'fast-check';
import {
  formatPromDuration,
  parseDuration,
  parsePromDuration,
  parseSecondsDuration,
} from '../../../src/lib/duration.js';

describe('parseDuration: the Go-style durations of the CRDs', () => {
  it.each([
    ['10s', 10_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['30m1h', 5_400_000],
    ['1m1m', 120_000],
  ])('%s = %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '5', 'm5', '1d', '1w', '0', '-5m', '1.5h', '5 m'])('rejects %p', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );
  it('rejects undefined', () => expect(parseDuration(undefined)).toBeUndefined());
});

describe('parseSecondsDuration: a rule group interval, h, m and s only', () => {
  it.each([
    ['10s', 10_000],
    ['1h30m', 5_400_000],
    ['30m1h', 5_400_000],
  ])('%s = %d ms', (text, ms) => expect(parseSecondsDuration(text)).toBe(ms));

  it.each(['', '10000ms', '1m500ms', '1d', '0', '1.5h', undefined])('rejects %p', (text) =>
    expect(parseSecondsDuration(text)).toBeUndefined(),
  );
});

describe('Prometheus durations, as Grafana parses and prints alerting durations', () => {
  it('parses what model.ParseDuration accepts', () => {
    expect(parsePromDuration('30s')).toBe(30_000);
    expect(parsePromDuration('1h30m')).toBe(5_400_000);
    expect(parsePromDuration('1w2d')).toBe(9 * 86_400_000);
    expect(parsePromDuration('250ms')).toBe(250);
    expect(parsePromDuration('1m5ms')).toBe(60_005);
    expect(parsePromDuration('1y')).toBe(365 * 86_400_000);
    expect(parsePromDuration('0')).toBe(0);
    for (const bad of ['', '5', '1m1h', '30m1h', '1m1m', '1.5h', '-1s', '5 m', 'PT5M', '00'])
      expect(parsePromDuration(bad)).toBeUndefined();
  });

  it('formats the canonical form: 60s → 1m, years and weeks only when exact', () => {
    const canonical = (text: string) => formatPromDuration(parsePromDuration(text)!);
    expect(canonical('60s')).toBe('1m');
    expect(canonical('90s')).toBe('1m30s');
    expect(canonical('300s')).toBe('5m');
    expect(canonical('240m')).toBe('4h');
    expect(canonical('14d')).toBe('2w');
    expect(canonical('8d')).toBe('8d');
    expect(canonical('90d')).toBe('90d');
    expect(canonical('365d')).toBe('1y');
    expect(canonical('1500ms')).toBe('1s500ms');
    expect(canonical('0')).toBe('0s');
    expect(canonical('0s')).toBe('0s');
  });
});

describe('one parser for both spellings', () => {
  // The grammars as the two parsers used to state them (regular expressions), as oracles.
  const DAY = 86_400_000;
  const GO_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  function goOracle(text: string): number | undefined {
    if (!text || !/^(\d+(ms|s|m|h))+$/.test(text)) return undefined;
    let total = 0;
    for (const [, amount, unit] of text.matchAll(/(\d+)(ms|s|m|h)/g)) total += Number(amount) * GO_MS[unit!]!;
    return total;
  }
  const PROM = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
  const PROM_MS = [365 * DAY, 7 * DAY, DAY, 3_600_000, 60_000, 1000, 1];
  function promOracle(text: string): number | undefined {
    if (text === '0') return 0;
    if (text === '') return undefined;
    const m = PROM.exec(text);
    if (!m) return undefined;
    return PROM_MS.reduce((total, unit, i) => total + Number(m[i + 1] ?? 0) * unit, 0);
  }

  /** Texts made of terms (a count and a unit, in any order) with now and then a stray character. */
  const texts = fc.oneof(
    fc
      .array(
        fc.tuple(
          fc.oneof(fc.nat(120).map(String), fc.constantFrom('', '007', '1.5', '-1')),
          fc.constantFrom('y', 'w', 'd', 'h', 'm', 's', 'ms', 'x', ''),
        ),
        { maxLength: 5 },
      )
      .map((terms) => terms.map(([count, unit]) => count + unit).join('')),
    fc.string({ unit: fc.constantFrom(...'0123456789ywdhms .'.split('')), maxLength: 8 }),
  );

  it('reads Go-style durations as the CRD grammar says', () => {
    fc.assert(
      fc.property(texts, (text) => expect(parseDuration(text)).toBe(goOracle(text))),
      {
        numRuns: 5000,
      },
    );
  });

  it('reads Prometheus durations as model.ParseDuration does', () => {
    fc.assert(
      fc.property(texts, (text) => expect(parsePromDuration(text)).toBe(promOracle(text))),
      {
        numRuns: 5000,
      },
    );
  });
});
