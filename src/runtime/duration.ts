const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Parses the Go-style durations our CRDs accept ("90s", "5m", "1h30m"); undefined if malformed. */
export function parseDuration(text: string | undefined): number | undefined {
  if (!text || !/^(\d+(ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|s|m|h)/g))
    total += Number(amount) * (UNIT_MS[unit as string] ?? 0);
  return total;
}

// -------------------------------------------------------------------------------------------------
// Prometheus durations (`model.Duration`), the form Grafana parses and prints alerting durations in:
// rules' for and keep_firing_for, notification settings and policy timings

/**
 * What a Prometheus duration looks like, for messages; the CRD's rule (PrometheusDuration in
 * api/definitions.yaml) says the same.
 */
export const PROM_DURATION_FORM =
  'a duration such as 30s, 5m, 1h30m or 1d (a number before each unit y, w, d, h, m, s or ms, largest unit first), or 0';

const PROM_DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const DAY_MS = 86_400_000;
const UNITS: Array<[string, number, boolean]> = [
  ['y', 365 * DAY_MS, true],
  ['w', 7 * DAY_MS, true],
  ['d', DAY_MS, false],
  ['h', 3_600_000, false],
  ['m', 60_000, false],
  ['s', 1000, false],
  ['ms', 1, false],
];

/** `model.ParseDuration`, in milliseconds; undefined when the text is not a duration. */
export function parsePromDuration(text: string): number | undefined {
  if (text === '0') return 0;
  if (text === '') return undefined;
  const m = PROM_DURATION.exec(text);
  if (!m) return undefined;
  return UNITS.reduce((total, [, unit], i) => total + Number(m[i + 1] ?? 0) * unit, 0);
}

/**
 * `model.Duration.String()`: `60s` → `1m`, `90m` → `1h30m`, zero → `0s`; years and weeks only
 * when exact (90d reads better than 12w6d).
 */
export function formatPromDuration(totalMs: number): string {
  if (totalMs === 0) return '0s';
  let ms = totalMs;
  let out = '';
  for (const [suffix, unit, exact] of UNITS) {
    if (exact && ms % unit !== 0) continue;
    const count = Math.floor(ms / unit);
    if (count > 0) {
      out += `${count}${suffix}`;
      ms -= count * unit;
    }
  }
  return out;
}
