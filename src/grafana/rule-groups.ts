/**
 * Alert rule groups through `/api/v1/provisioning/folder/:folderUid/rule-groups/:group` (contract
 * §8.3, §8.8, §8.9). A PUT replaces the whole group at once: rules in the body are matched to
 * stored ones by uid, stored rules missing from the body are deleted, rules without uid are
 * created. Set explicit uids so that matching is stable, and GET after PUT: the answer only echoes
 * the request (no generated uids, ids or `updated`).
 *
 * Grafana does not check that the folder exists for an org Admin (§15.7): create it first.
 */
import type { AlertRuleInput, ProvisionedAlertRule } from './alert-rules.js';
import {
  ALERTING_PROVISIONING_BASE,
  provisioningCall,
  requestExport,
  type AlertingFileExport,
  type AlertingRequestOptions,
  type JsonExportOptions,
  type ProvenanceOptions,
  type TextExportOptions,
} from './alerting.js';
import { undefinedIfNotFound } from './errors.js';
import type { GrafanaHttpClient } from './http.js';

/** `definitions.AlertRuleGroup` as GET returns it. */
export interface AlertRuleGroup {
  title: string;
  folderUid: string;
  /** Seconds. */
  interval: number;
  rules: ProvisionedAlertRule[];
}

/** A rule of a group body: folder and group come from the path. */
export type RuleGroupRuleInput = Omit<AlertRuleInput, 'folderUID' | 'ruleGroup'> &
  Partial<Pick<AlertRuleInput, 'folderUID' | 'ruleGroup'>>;

export interface PutRuleGroupRequest {
  /** Seconds; positive and a multiple of the scheduler interval (10 s by default), else 400. */
  interval: number;
  /**
   * The complete list of rules. Omitted: keep the stored rules and change only the interval;
   * `[]` deletes every rule (and so the group).
   */
  rules?: RuleGroupRuleInput[];
}

/** The PUT answer: the request echoed, with `title` and `folderUid` from the path. */
export interface PutRuleGroupResponse {
  title: string;
  folderUid: string;
  interval: number;
  rules: Array<Record<string, unknown>> | null;
}

const GROUP = `${ALERTING_PROVISIONING_BASE}/folder/:folderUid/rule-groups/:group`;

export class RuleGroupsApi {
  constructor(private readonly http: GrafanaHttpClient) {}

  /** @throws GrafanaNotFoundError (404 `alerting.alert-rule.notFound`). */
  async get(folderUid: string, group: string, options: AlertingRequestOptions = {}): Promise<AlertRuleGroup> {
    return provisioningCall<AlertRuleGroup>(
      this.http,
      { method: 'GET', route: GROUP, params: { folderUid, group } },
      options,
    );
  }

  /** The group, or undefined when it has no rules. */
  async find(
    folderUid: string,
    group: string,
    options: AlertingRequestOptions = {},
  ): Promise<AlertRuleGroup | undefined> {
    return undefinedIfNotFound(this.get(folderUid, group, options));
  }

  /**
   * Creates or replaces the group (200); nothing is written when nothing changed.
   * @throws GrafanaProvenanceConflictError (409) when a changed or deleted rule has another
   * provenance (provenance none is accepted for `api` rules, which hands them back to the UI);
   * GrafanaValidationError (400).
   */
  async put(
    folderUid: string,
    group: string,
    request: PutRuleGroupRequest,
    options: ProvenanceOptions = {},
  ): Promise<PutRuleGroupResponse> {
    const body: Record<string, unknown> = { title: group, folderUid, interval: request.interval };
    if (request.rules !== undefined) body.rules = request.rules;
    return provisioningCall<PutRuleGroupResponse>(
      this.http,
      { method: 'PUT', route: GROUP, params: { folderUid, group }, body },
      options,
    );
  }

  /**
   * Deletes every rule of the group (204).
   * @throws GrafanaNotFoundError when the group does not exist, GrafanaProvenanceConflictError (409).
   */
  async delete(folderUid: string, group: string, options: ProvenanceOptions = {}): Promise<void> {
    await provisioningCall(
      this.http,
      { method: 'DELETE', route: GROUP, params: { folderUid, group } },
      options,
    );
  }

  /** The group in file-provisioning format. @throws GrafanaNotFoundError. */
  export(folderUid: string, group: string, options: JsonExportOptions): Promise<AlertingFileExport>;
  export(folderUid: string, group: string, options?: TextExportOptions): Promise<string>;
  async export(
    folderUid: string,
    group: string,
    options: TextExportOptions | JsonExportOptions = {},
  ): Promise<string | AlertingFileExport> {
    return requestExport(this.http, `${GROUP}/export`, { folderUid, group }, {}, options);
  }
}
