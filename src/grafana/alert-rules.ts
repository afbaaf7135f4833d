/**
 * Grafana-managed alert rules through `/api/v1/provisioning/alert-rules` (contract §8.2, §8.8,
 * §8.9). Rules live in groups (folder + group name); a single-rule create takes the group's
 * interval (or Grafana's default for a new group): set intervals, and replace groups atomically,
 * through RuleGroupsApi.
 *
 * Grafana normalises what it stores (§12): query models gain `intervalMs: 1000` and
 * `maxDataPoints: 43200` and are re-marshalled with sorted keys, durations come back in Prometheus
 * form (`60s` → `1m`), `updated` and `id` are server-set. POST and PUT answer with the models as
 * sent; GET shows the normalised ones.
 */
import {
  ALERTING_PROVISIONING_BASE,
  provenanceOf,
  requestedProvenance,
  type AlertingFileExport,
  type AlertingProvenance,
  type JsonExportOptions,
  type ProvenanceOptions,
  type TextExportOptions,
} from './alerting.js';
import { GrafanaProvenanceConflictError, GrafanaUnavailableError } from './errors.js';
import type { GrafanaHttpClient } from './http.js';
import { ProvisionedItemsApi } from './provisioning-collection.js';

export type NoDataState = 'Alerting' | 'NoData' | 'OK' | 'KeepLast';
export type ExecErrState = 'Alerting' | 'Error' | 'OK' | 'KeepLast';

/** Seconds before the evaluation time. Data source queries need `from > to`. */
export interface RelativeTimeRange {
  from: number;
  to: number;
}

/** `definitions.AlertQuery`: a data source query or an expression (`datasourceUid` `__expr__`). */
export interface AlertQuery {
  refId: string;
  queryType?: string;
  relativeTimeRange?: RelativeTimeRange;
  datasourceUid: string;
  model: Record<string, unknown>;
}

/** `AlertRuleNotificationSettings`: route alerts of this rule straight to a contact point. */
export interface AlertRuleNotificationSettings {
  receiver: string;
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  mute_time_intervals?: string[];
  active_time_intervals?: string[];
}

/** `definitions.Record`: makes the rule a recording rule. */
export interface AlertRuleRecordSettings {
  metric: string;
  /** The refId whose result is recorded. */
  from: string;
  target_datasource_uid?: string;
}

/** What a client sends for a rule (`ProvisionedAlertRule` without the server-set fields). */
export interface AlertRuleInput {
  /** Generated when omitted; at most 40 of `[a-zA-Z0-9-_]`. */
  uid?: string;
  /** Must exist (single-rule writes). */
  folderUID: string;
  ruleGroup: string;
  title: string;
  /** refId of the query or expression that decides firing; empty for recording rules. */
  condition: string;
  data: AlertQuery[];
  noDataState: NoDataState;
  execErrState: ExecErrState;
  /** A duration such as `5m`. */
  for: string;
  keep_firing_for?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  isPaused?: boolean;
  notification_settings?: AlertRuleNotificationSettings | null;
  record?: AlertRuleRecordSettings | null;
  missingSeriesEvalsToResolve?: number;
}

/** `definitions.ProvisionedAlertRule` as Grafana returns it. */
export interface ProvisionedAlertRule extends Omit<AlertRuleInput, 'noDataState' | 'execErrState'> {
  id: number;
  uid: string;
  orgID: number;
  /** `""` for recording rules. */
  noDataState: NoDataState | '';
  execErrState: ExecErrState | '';
  /** Server time of the last write. */
  updated: string;
  keep_firing_for: string;
  /** Absent when none. */
  provenance?: AlertingProvenance;
  isPaused: boolean;
  notification_settings: AlertRuleNotificationSettings | null;
  record: AlertRuleRecordSettings | null;
}

export interface ExportAlertRulesFilter {
  /** Only rules in these folders. */
  folderUids?: readonly string[];
  /** One group: needs exactly one folder uid. */
  group?: string;
  /** One rule: excludes the other filters. */
  ruleUid?: string;
}

/**
 * `list` gives every rule of the org, by folder, group and position; `get` of a missing uid is a
 * 404 with an empty body (GrafanaNotFoundError).
 */
export class AlertRulesApi extends ProvisionedItemsApi<ProvisionedAlertRule> {
  constructor(http: GrafanaHttpClient) {
    super(http, `${ALERTING_PROVISIONING_BASE}/alert-rules`, 'uid');
  }

  /**
   * 201. @throws GrafanaAlreadyExistsError when the uid is taken (409 `alerting.alert-rule.conflict`),
   * GrafanaValidationError (400: a missing folder, an unknown condition refId, bad durations…).
   */
  async create(rule: AlertRuleInput, options: ProvenanceOptions = {}): Promise<ProvisionedAlertRule> {
    return this.items.create(rule, options);
  }

  /**
   * Replaces the rule (200). A provenance change is refused with a bare 500 in 12.x (§8.9): after
   * such a failure the rule is read back and, when its provenance explains it,
   * GrafanaProvenanceConflictError is thrown instead. @throws GrafanaNotFoundError (404 empty).
   */
  async update(
    uid: string,
    rule: AlertRuleInput,
    options: ProvenanceOptions = {},
  ): Promise<ProvisionedAlertRule> {
    try {
      return await this.items.put(uid, rule, options);
    } catch (error) {
      throw await this.#explainServerError(uid, error, options);
    }
  }

  /** 204, also when the rule does not exist. @throws GrafanaProvenanceConflictError (409). */
  async delete(uid: string, options: ProvenanceOptions = {}): Promise<void> {
    await this.items.delete(uid, options);
  }

  /** The rule in file-provisioning format. @throws GrafanaNotFoundError. */
  export(uid: string, options: JsonExportOptions): Promise<AlertingFileExport>;
  export(uid: string, options?: TextExportOptions): Promise<string>;
  async export(
    uid: string,
    options: TextExportOptions | JsonExportOptions = {},
  ): Promise<string | AlertingFileExport> {
    return this.items.exportItem(uid, options);
  }

  /**
   * Every group (or those the filter selects) in file-provisioning format.
   * @throws GrafanaNotFoundError when nothing matches (404 with an empty body).
   */
  exportAll(options: JsonExportOptions & ExportAlertRulesFilter): Promise<AlertingFileExport>;
  exportAll(options?: TextExportOptions & ExportAlertRulesFilter): Promise<string>;
  async exportAll(
    options: (TextExportOptions | JsonExportOptions) & ExportAlertRulesFilter = {},
  ): Promise<string | AlertingFileExport> {
    return this.items.exportAll(options, {
      folderUid: options.folderUids,
      group: options.group || undefined,
      ruleUid: options.ruleUid || undefined,
    });
  }

  async #explainServerError(uid: string, error: unknown, options: ProvenanceOptions): Promise<unknown> {
    if (!(error instanceof GrafanaUnavailableError) || error.status !== 500) return error;
    let stored: ProvisionedAlertRule | undefined;
    try {
      stored = await this.find(uid, options);
    } catch {
      return error;
    }
    if (stored === undefined) return error;
    const storedProvenance = provenanceOf(stored);
    const requested = requestedProvenance(options);
    if (storedProvenance === requested || storedProvenance === '') return error;
    return new GrafanaProvenanceConflictError(error.toInit(), {
      cause: error,
      storedProvenance,
      requestedProvenance: requested,
    });
  }
}
