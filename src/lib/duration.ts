/**
 * Durations, in milliseconds. Two spellings reach the operator, and one parser reads both:
 * - the Go-style durations our CRDs accept for resync periods, intervals and cache lifetimes
 *   ("90s", "5m", "1h30m"): units h, m, s and ms, in any order;
 * - Prometheus durations (`model.Duration`), the form Grafana parses and prints alerting durations
 *   in (rules' for and keep_firing_for, notification settings, policy timings): units y to ms,
 *   largest first, each at most once, or a bare 0.
 */

const DAY_MS = 86_400_000;
/** Every unit, largest first; `exact`: printed only when it divides the duration (see formatPromDuration). */
const UNITS: ReadonlyArray<{ suffix: string; ms: number; exact: boolean }> = [
  { suffix: 'y', ms: 365 * DAY_MS, exact: true },
  { suffix: 'w', ms: 7 * DAY_MS, exact: true },
  { suffix: 'd', ms: DAY_MS, exact: false },
  { suffix: 'h', ms: 3_600_000, exact: false },
  { suffix: 'm', ms: 60_000, exact: false },
  { suffix: 's', ms: 1000, exact: false },
  { suffix: 'ms', ms: 1, exact: false },
];
const GO_UNITS = new Set(['h', 'm', 's', 'ms']);
/** One term: a count and a unit; `ms` is tried before `m` so that "5ms" is five milliseconds. */
const TERM = /(\d+)(ms|y|w|d|h|m|s)/y;

/**
 * The sum of the text's terms, each a count before a unit; undefined when the text is not a
 * non-empty sequence of terms whose units are `allowed`, or (with `descending`) when a unit is not
 * smaller than the one before it.
 */
function sumTerms(
  text: string,
  allowed: (suffix: string) => boolean,
  descending: boolean,
): number | undefined {
  let total = 0;
  let previous = -1;
  TERM.lastIndex = 0;
  while (TERM.lastIndex < text.length) {
    const term = TERM.exec(text);
    if (!term) return undefined;
    const index = UNITS.findIndex((unit) => unit.suffix === term[2]);
    if (!allowed(term[2]!) || (descending && index <= previous)) return undefined;
    previous = index;
    total += Number(term[1]) * UNITS[index]!.ms;
  }
  return text === '' ? undefined : total;
}

/** Parses the Go-style durations our CRDs accept ("90s", "5m", "1h30m"); undefined if malformed. */
export function parseDuration(text: string | undefined): number | undefined {
  if (!text) return undefined;
  return sumTerms(text, (suffix) => GO_UNITS.has(suffix), false);
}

/**
 * Like parseDuration, without milliseconds: the form a rule group's interval takes (h, m and s;
 * the CRD's rule in api/grafanaalertrulegroup.yaml), as Grafana evaluates on whole seconds.
 */
export function parseSecondsDuration(text: string | undefined): number | undefined {
  if (!text) return undefined;
  return sumTerms(text, (suffix) => suffix !== 'ms' && GO_UNITS.has(suffix), false);
}

// -------------------------------------------------------------------------------------------------
// Prometheus durations

/**
 * What a Prometheus duration looks like, for messages; the CRD's rule (PrometheusDuration in
 * api/definitions.yaml) says the same.
 */
export const PROM_DURATION_FORM =
  'a duration such as 30s, 5m, 1h30m or 1d (a number before each unit y, w, d, h, m, s or ms, largest unit first), or 0';

/** `model.ParseDuration`, in milliseconds; undefined when the text is not a duration. */
export function parsePromDuration(text: string): number | undefined {
  if (text === '0') return 0;
  return sumTerms(text, () => true, true);
}

/**
 * `model.Duration.String()`: `60s` → `1m`, `90m` → `1h30m`, zero → `0s`; years and weeks only
 * when exact (90d reads better than 12w6d).
 */
export function formatPromDuration(totalMs: number): string {
  if (totalMs === 0) return '0s';
  let ms = totalMs;
  let out = '';
  for (const { suffix, ms: unit, exact } of UNITS) {
    if (exact && ms % unit !== 0) continue;
    const count = Math.floor(ms / unit);
    if (count > 0) {
      out += `${count}${suffix}`;
      ms -= count * unit;
    }
  }
  return out;
}
