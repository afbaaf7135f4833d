/**
 * Release-dependent Grafana behaviour, decided from the version an instance reports
 * (`status.version`, from /api/health or buildInfo). An unknown version (hidden by
 * `hide_version`) is treated as the older behaviour wherever that is the safer assumption.
 */

/** `[major, minor]`, or undefined when the version does not start with two numbers. */
export function majorMinor(version: string | undefined): [number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/**
 * Up to 11.2 a dashboard save also matches an existing dashboard by title in its folder, and with
 * `overwrite` takes that dashboard over, uid and all (docs/grafana-api.md §6.5); 11.3 dropped it.
 */
export function savesDashboardsByTitle(version: string | undefined): boolean {
  const parsed = majorMinor(version);
  if (!parsed) return true;
  const [major, minor] = parsed;
  return major < 11 || (major === 11 && minor < 3);
}
