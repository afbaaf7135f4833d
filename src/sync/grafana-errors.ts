import { GrafanaApiError, GrafanaConfigurationError, GrafanaUnavailableError } from '../grafana/index.js';
import type { ReadyState } from '../runtime/reconciler.js';
import { KeyNotFoundError } from '../runtime/secrets.js';

/**
 * Maps the errors every Grafana-facing kind can meet to a Ready=False state. "Unreachable" (no
 * HTTP answer at all) is kept apart from "Unavailable" (Grafana answered 5xx/429), because the
 * fixes differ: network/URL versus Grafana's own health.
 */
export function readyStateForError(error: unknown): ReadyState | undefined {
  if (error instanceof KeyNotFoundError) {
    return { status: 'False', reason: error.reason, message: error.message };
  }
  if (error instanceof GrafanaUnavailableError && error.status === undefined) {
    return { status: 'False', reason: 'Unreachable', message: `Grafana is unreachable: ${error.message}` };
  }
  if (error instanceof GrafanaApiError) {
    return { status: 'False', reason: error.reason, message: error.message };
  }
  if (error instanceof GrafanaConfigurationError) {
    // A URL the apiserver let through (an object stored before the CRD checked it, or one Node's
    // URL parser refuses) or a credential that can never work, e.g. an empty token in the Secret.
    return { status: 'False', reason: error.reason, message: error.message };
  }
  return undefined;
}
