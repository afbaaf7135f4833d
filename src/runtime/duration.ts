const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Parses the Go-style durations our CRDs accept ("90s", "5m", "1h30m"); undefined if malformed. */
export function parseDuration(text: string | undefined): number | undefined {
  if (!text || !/^(\d+(ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|s|m|h)/g))
    total += Number(amount) * (UNIT_MS[unit as string] ?? 0);
  return total;
}
