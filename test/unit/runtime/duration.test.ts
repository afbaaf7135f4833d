import { formatPromDuration, parsePromDuration } from '../../../src/runtime/duration.js';

describe('Prometheus durations, as Grafana parses and prints alerting durations', () => {
  it('parses what model.ParseDuration accepts', () => {
    expect(parsePromDuration('30s')).toBe(30_000);
    expect(parsePromDuration('1h30m')).toBe(5_400_000);
    expect(parsePromDuration('1w2d')).toBe(9 * 86_400_000);
    expect(parsePromDuration('250ms')).toBe(250);
    expect(parsePromDuration('0')).toBe(0);
    for (const bad of ['', '5', '1m1h', '30m1h', '1.5h', '-1s', '5 m', 'PT5M'])
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
