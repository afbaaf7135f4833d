import { pino, type DestinationStream, type Logger } from 'pino';
import { textLines } from './log-text.js';

export const LOG_FORMATS = ['json', 'text'] as const;
/** json: one JSON object per line, for log collectors. text: one readable line, for people. */
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LoggerOptions {
  level?: string;
  name?: string;
  format?: LogFormat;
  /** Where lines go; standard output by default. */
  destination?: DestinationStream;
}

/**
 * Secret values never reach a log line by construction (we log names of Secrets and keys, never
 * data); the redaction list is a second line of defence for fields that could carry one if a
 * payload were ever logged whole. The text format is rendered from pino's JSON after redaction,
 * so it redacts the same fields.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? pino.destination(1);
  return pino(
    {
      name: options.name ?? 'grafana-provisioning-operator',
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'token',
          'password',
          'authorization',
          '*.token',
          '*.password',
          '*.authorization',
          '*.secureJsonData',
          '*.secureSettings',
          'headers.authorization',
          'req.headers.authorization',
        ],
        censor: '[REDACTED]',
      },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.format === 'text' ? textLines(destination) : destination,
  );
}
