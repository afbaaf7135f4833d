import type { DestinationStream } from 'pino';

/** A destination that receives pino's JSON lines and passes them on as text lines. */
export function textLines(destination: DestinationStream): DestinationStream {
  return { write: (line: string) => destination.write(toTextLine(line)) };
}

/**
 * `<time> <LEVEL> <message> key=value …` from one line of pino's JSON. A line that is not a JSON
 * object passes through unchanged rather than being lost.
 */
export function toTextLine(json: string): string {
  let entry: unknown;
  try {
    entry = JSON.parse(json);
  } catch {
    return json;
  }
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return json;
  const { time, level, msg, ...fields } = entry as Record<string, unknown>;
  const head = [
    typeof time === 'string' ? time : new Date(Number(time ?? Date.now())).toISOString(),
    String(level ?? '')
      .toUpperCase()
      .padEnd(5),
    oneLine(typeof msg === 'string' ? msg : msg === undefined ? '' : JSON.stringify(msg)),
  ];
  const pairs = Object.entries(fields).map(([key, value]) => `${key}=${formatValue(value)}`);
  return `${[...head, ...pairs].join(' ')}\n`;
}

/** Bare when unambiguous; quoted (JSON) when the value has spaces, quotes, `=` or line breaks. */
function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=\\]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

function oneLine(text: string): string {
  return text.replace(/\r?\n/g, '\\n');
}
