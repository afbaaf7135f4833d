import type { GrafanaObjectStatus } from '../api/generated/index.js';
import type { KubeObject } from '../runtime/kube/types.js';

export type ObjectWithStatus = KubeObject & { spec?: unknown; status?: GrafanaObjectStatus };

export type Outcome = 'pending' | 'applied' | 'failed' | 'deleting';

/** What `GET …/{id}/status` answers: the object's Ready condition, as far as the new generation goes. */
export interface StatusView {
  id: string;
  status: Outcome;
  reason: string | undefined;
  message: string | undefined;
  generation: number | undefined;
  observedGeneration: number | undefined;
  instancesSummary: string | undefined;
  instances: NonNullable<GrafanaObjectStatus['instances']>;
}

/**
 * Ready=False reasons that waiting does not fix: the spec or Grafana refuses the object as it is.
 * With the HTTP status a synchronous POST answers them with. Every other False reason (an
 * instance or dependency not ready yet, Grafana unreachable, …) is still pending: the operator
 * retries it.
 */
const TERMINAL_REASONS: Record<string, number> = {
  InvalidSpec: 400,
  Cycle: 400,
  Conflict: 409,
  Suspended: 409,
  // Grafana refused the operator's own request: a fault of the operator's setup, not the caller's.
  Unauthorized: 502,
  Forbidden: 502,
  NotFound: 502,
  InvalidResponse: 502,
  RequestFailed: 502,
};

export function statusView(id: string, object: ObjectWithStatus): StatusView {
  const generation = object.metadata?.generation;
  const ready = object.status?.conditions?.find((c) => c.type === 'Ready');
  const current = ready !== undefined && generation !== undefined && ready.observedGeneration === generation;
  const status: Outcome = object.metadata?.deletionTimestamp
    ? 'deleting'
    : !current
      ? 'pending'
      : ready.status === 'True'
        ? 'applied'
        : TERMINAL_REASONS[ready.reason] !== undefined
          ? 'failed'
          : 'pending';
  return {
    id,
    status,
    reason: current ? ready.reason : undefined,
    message: current ? ready.message : undefined,
    generation,
    observedGeneration: ready?.observedGeneration,
    instancesSummary: object.status?.instancesSummary,
    instances: object.status?.instances ?? [],
  };
}

/** The HTTP status of a failed outcome. */
export function failureStatusCode(view: StatusView): number {
  return TERMINAL_REASONS[view.reason ?? ''] ?? 500;
}
