import { pino, type Logger } from 'pino';

/**
 * JSON logs. Secret values never reach a log line by construction (we log names of Secrets and
 * keys, never data); the redaction list is a second line of defence for fields that could
 * carry one if a payload were ever logged whole.
 */
export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({
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
  });
}
