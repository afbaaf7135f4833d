/**
 * The notification policy tree through `/api/v1/provisioning/policies` (contract §8.5, §8.8,
 * §8.9): one tree per org, replaced as a whole. Every receiver and time interval it names must
 * exist (400 otherwise), and the contact points and mute timings it uses cannot be deleted while it
 * does (409). Durations come back in Prometheus form (`60s` → `1m`).
 */
import {
  ALERTING_PROVISIONING_BASE,
  provisioningCall,
  requestExport,
  type AlertingFileExport,
  type AlertingProvenance,
  type AlertingRequestOptions,
  type JsonExportOptions,
  type ProvenanceOptions,
  type TextExportOptions,
} from './alerting.js';
import type { GrafanaHttpClient } from './http.js';

export type MatchOperator = '=' | '!=' | '=~' | '!~';

/** `[label, operator, value]`. */
export type ObjectMatcher = [string, MatchOperator, string];

/** `definitions.Route`: the root needs a receiver and takes no matchers or time intervals. */
export interface NotificationPolicy {
  /** A receiver (contact point) name; children inherit it when empty. */
  receiver?: string;
  group_by?: string[];
  object_matchers?: ObjectMatcher[];
  /** Prometheus-style matcher strings (`team="ops"`). Prefer `object_matchers`. */
  matchers?: string[];
  /** Deprecated label equality map. */
  match?: Record<string, string>;
  match_re?: Record<string, string>;
  mute_time_intervals?: string[];
  active_time_intervals?: string[];
  continue?: boolean;
  routes?: NotificationPolicy[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  /** Read-only; on the root only, absent when none. */
  provenance?: AlertingProvenance;
}

const POLICIES = `${ALERTING_PROVISIONING_BASE}/policies`;

export class NotificationPoliciesApi {
  constructor(private readonly http: GrafanaHttpClient) {}

  /** The root route (with the tree's provenance). */
  async get(options: AlertingRequestOptions = {}): Promise<NotificationPolicy> {
    return provisioningCall<NotificationPolicy>(this.http, { method: 'GET', route: POLICIES }, options);
  }

  /**
   * Replaces the whole tree (202). @throws GrafanaValidationError (400: unknown receiver or time
   * interval, matchers on the root…), GrafanaProvenanceConflictError (403 when provenance none is
   * asked for a provisioned tree).
   */
  async put(tree: NotificationPolicy, options: ProvenanceOptions = {}): Promise<void> {
    const { provenance: _provenance, ...body } = tree;
    await provisioningCall(this.http, { method: 'PUT', route: POLICIES, body }, options);
  }

  /** Back to Grafana's default tree, provenance cleared (202); resolves to that tree. */
  async reset(options: ProvenanceOptions = {}): Promise<NotificationPolicy> {
    return provisioningCall<NotificationPolicy>(this.http, { method: 'DELETE', route: POLICIES }, options);
  }

  /** The tree in file-provisioning format. */
  export(options: JsonExportOptions): Promise<AlertingFileExport>;
  export(options?: TextExportOptions): Promise<string>;
  async export(options: TextExportOptions | JsonExportOptions = {}): Promise<string | AlertingFileExport> {
    return requestExport(this.http, `${POLICIES}/export`, undefined, {}, options);
  }
}
