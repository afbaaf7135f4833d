/** The JSON type of a parsed value, as a message names it: `number`, `array`, `null`, …. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
