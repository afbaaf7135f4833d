import type { Logger } from 'pino';
import type { Caller } from './access.js';

/** The component name of audit lines, to route them apart from the operator's own log. */
export const AUDIT_COMPONENT = 'provisioning-audit';

/** What one request did, as one audit line records it: never the body, never a secret value. */
export interface AuditRecord {
  caller: Caller | undefined;
  sourceAddress: string;
  method: string;
  path: string;
  namespace: string | undefined;
  type: string | undefined;
  name: string | undefined;
  idempotencyKey: string | undefined;
  code: number;
  latencyMs: number;
}

/** One JSON line per request, through a child of the operator's logger. */
export class AuditLog {
  private readonly logger: Logger;

  constructor(logger: Logger) {
    this.logger = logger.child({ component: AUDIT_COMPONENT });
  }

  write(record: AuditRecord): void {
    this.logger.info(
      {
        caller: record.caller ? { username: record.caller.username, groups: record.caller.groups } : null,
        sourceAddress: record.sourceAddress,
        method: record.method,
        path: record.path,
        namespace: record.namespace ?? null,
        type: record.type ?? null,
        // Not `name`: the logger's own name is already that key of the line.
        objectName: record.name ?? null,
        idempotencyKey: record.idempotencyKey ?? null,
        code: record.code,
        latencyMs: Math.round(record.latencyMs * 10) / 10,
      },
      'provisioning request',
    );
  }
}
