/**
 * Expectations that differ between Grafana releases, picked by the version under test:
 *
 *   h.byVersion({ '<11.3': 409, default: 412 })
 *
 * Keys are `<`, `<=`, `>=` or `>` and a `major.minor` (or `major.minor.patch`) version; the first
 * key that holds, in the order written, wins; `default` when none does. Each table should cite the
 * docs/grafana-api.md section that traces the difference to Grafana's source.
 */
export type VersionTable<T> = { default: T } & Record<string, T>;

const CONDITION = /^(<=|>=|<|>)\s*(\d+(?:\.\d+){0,2})$/;

/** `12.2.0`, `12.2.0-1234`, `13.0.0-pre` → [12, 2, 0]; pre-release suffixes are ignored. */
export function parseVersion(version: string): [number, number, number] {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version.trim());
  if (match === null) throw new Error(`not a Grafana version: ${version}`);
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

export function versionMatches<T>(version: string, table: VersionTable<T>): T {
  const actual = parseVersion(version);
  for (const [key, value] of Object.entries(table)) {
    if (key === 'default') continue;
    const condition = CONDITION.exec(key);
    if (condition === null) throw new Error(`byVersion: cannot read the condition "${key}"`);
    const diff = compare(actual, parseVersion(condition[2] as string));
    const holds =
      condition[1] === '<'
        ? diff < 0
        : condition[1] === '<='
          ? diff <= 0
          : condition[1] === '>'
            ? diff > 0
            : diff >= 0;
    if (holds) return value;
  }
  return table.default;
}
