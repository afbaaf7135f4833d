/**
 * What GrafanaAlertRuleGroup and GrafanaAlertRule share: checking a rule's spec, resolving its
 * datasource references, building the rule Grafana receives, and comparing it with what Grafana
 * stores (contract §8.2, §12).
 *
 * The rule sent is already in the form Grafana stores: durations in Prometheus' shortest form
 * (`60s` → `1m`), query models with Grafana's defaults (`intervalMs: 1000`, `maxDataPoints: 43200`
 * when missing or 0), `queryType` taken from `model.queryType`, and for recording rules the
 * alerting-only fields cleared. Comparing that with a stored rule therefore needs no guessing:
 * durations are compared as lengths of time, models as JSON values (key order and number
 * spelling do not matter), and `id`, `updated`, `provenance`, `orgID`, `folderUID` and
 * `ruleGroup` are not rule content. Grafana also finds nothing to change in a group PUT carrying
 * such a rule, so a repeated write is a no-op there too.
 */
import type { NotificationNames } from './notification-dependencies.js';
import { createHash } from 'node:crypto';
import type { AlertRuleGroupRuleSpec, AlertRuleQuerySpec } from '../api/generated/index.js';
import type {
  AlertQuery,
  AlertRuleNotificationSettings,
  AlertRuleRecordSettings,
  ExecErrState,
  NoDataState,
  ProvisionedAlertRule,
  RuleGroupRuleInput,
} from '../grafana/index.js';
import { formatPromDuration, parsePromDuration, PROM_DURATION_FORM } from '../lib/duration.js';
import { ObjectError } from '../lib/object-error.js';
import { canonicalJson, sortKeys } from '../lib/json.js';

/** The rule fields of both kinds: a GrafanaAlertRuleGroup's `rules[]` item, a GrafanaAlertRule's spec. */
export type RuleFields = Omit<AlertRuleGroupRuleSpec, 'uid'>;

/** A rule as sent to Grafana (without folder and group), in the form Grafana stores it. */
export interface DesiredRule extends RuleGroupRuleInput {
  uid: string;
}

/** Datasource uids of Grafana's server-side expressions (`__expr__`, and the legacy `-100`). */
export const EXPRESSION_DATASOURCE_UIDS: readonly string[] = ['__expr__', '-100'];
/** What Grafana writes into a query model without them (`AlertQuery.PreSave`). */
const DEFAULT_INTERVAL_MS = 1000;
const DEFAULT_MAX_DATA_POINTS = 43200;
/** The range a datasource query reads when the spec gives none: the 10 minutes Grafana's editor proposes. */
const DEFAULT_QUERY_RANGE = { from: 600, to: 0 };
const DEFAULT_NO_DATA_STATE: NoDataState = 'NoData';
const DEFAULT_EXEC_ERR_STATE: ExecErrState = 'Error';
const MAX_UID_LENGTH = 40;

/**
 * A rule's uid when the spec gives none: the title (made uid-safe) plus a hash of the owning
 * object's uid and the title. Stable across changes of anything but the title, distinct across
 * objects, at most 40 characters.
 */
export function deriveRuleUid(objectUid: string, title: string): string {
  const hash = createHash('sha256').update(`${objectUid}\n${title}`).digest('hex').slice(0, 8);
  const stem = title
    .replace(/[^a-zA-Z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_UID_LENGTH - hash.length - 1);
  return `${stem || 'rule'}-${hash}`;
}

// -------------------------------------------------------------------------------------------------
// Checks before Grafana

/**
 * What the CRD cannot check about one rule: refIds unique, the condition (or `record.from`)
 * naming one of them, durations Grafana can parse, datasource queries reading a non-empty range.
 * Throws InvalidSpec naming the rule (`where`) and the problem.
 */
export function validateRule(rule: RuleFields, where: string): void {
  const invalid = (message: string) => new ObjectError('InvalidSpec', `${where}: ${message}`);
  const refIds = rule.data.map((q) => q.refId);
  const duplicate = refIds.find((refId, i) => refIds.indexOf(refId) !== i);
  if (duplicate !== undefined) throw invalid(`refId "${duplicate}" is used by more than one query`);
  const known = `its queries are ${refIds.map((r) => `"${r}"`).join(', ')}`;
  if (rule.record) {
    if (!refIds.includes(rule.record.from))
      throw invalid(`record.from "${rule.record.from}" is not the refId of a query (${known})`);
  } else if (!rule.condition || !refIds.includes(rule.condition)) {
    throw invalid(`condition "${rule.condition ?? ''}" is not the refId of a query (${known})`);
  }
  const durations: Array<[string, string | undefined]> = [
    ['for', rule.for],
    ['keep_firing_for', rule.keep_firing_for],
    ['notification_settings.group_wait', rule.notification_settings?.group_wait],
    ['notification_settings.group_interval', rule.notification_settings?.group_interval],
    ['notification_settings.repeat_interval', rule.notification_settings?.repeat_interval],
  ];
  for (const [field, text] of durations) {
    if (text !== undefined && parsePromDuration(text) === undefined)
      throw invalid(`${field} "${text}" is not ${PROM_DURATION_FORM}`);
  }
  for (const query of rule.data) {
    if (isExpression(query)) continue;
    const { from, to } = relativeTimeRange(query);
    if (from <= to) {
      throw invalid(
        `query "${query.refId}" reads an empty time range: relativeTimeRange.from (${from}s before evaluation) must be greater than to (${to}s)`,
      );
    }
  }
}

// -------------------------------------------------------------------------------------------------
// The rule Grafana receives

/** Resolves a GrafanaDatasource name to its uid on one instance. */
export type DatasourceResolver = (name: string) => Promise<string>;

/** The rule as Grafana will store it; the spec must have passed {@link validateRule}. */
export async function buildRule(
  rule: RuleFields,
  uid: string,
  resolveDatasource: DatasourceResolver,
): Promise<DesiredRule> {
  const data: AlertQuery[] = [];
  for (const query of rule.data) {
    const datasourceUid = query.datasourceRef
      ? await resolveDatasource(query.datasourceRef)
      : (query.datasourceUid ?? '');
    data.push(storedQuery(query, datasourceUid));
  }
  const common = {
    uid,
    title: rule.title,
    data,
    annotations: { ...definedStrings(rule.annotations) },
    labels: { ...definedStrings(rule.labels) },
    isPaused: rule.isPaused ?? false,
  };
  if (rule.record) {
    // Grafana clears the alerting-only fields of a recording rule (`ClearRecordingRuleIgnoredFields`);
    // they are still sent, valid, for builds that check them before clearing.
    const record: AlertRuleRecordSettings = { metric: rule.record.metric, from: rule.record.from };
    if (rule.record.target_datasource_uid) record.target_datasource_uid = rule.record.target_datasource_uid;
    return {
      ...common,
      condition: rule.record.from,
      noDataState: DEFAULT_NO_DATA_STATE,
      execErrState: DEFAULT_EXEC_ERR_STATE,
      for: '0s',
      keep_firing_for: '0s',
      notification_settings: null,
      record,
    };
  }
  const desired: DesiredRule = {
    ...common,
    condition: rule.condition ?? '',
    noDataState: rule.noDataState ?? DEFAULT_NO_DATA_STATE,
    execErrState: rule.execErrState ?? DEFAULT_EXEC_ERR_STATE,
    for: promDuration(rule.for),
    keep_firing_for: promDuration(rule.keep_firing_for),
    notification_settings: rule.notification_settings
      ? notificationSettings(rule.notification_settings)
      : null,
    record: null,
  };
  if (rule.missingSeriesEvalsToResolve !== undefined)
    desired.missingSeriesEvalsToResolve = rule.missingSeriesEvalsToResolve;
  return desired;
}

function storedQuery(query: AlertRuleQuerySpec, datasourceUid: string): AlertQuery {
  const model = JSON.parse(JSON.stringify(query.model ?? {})) as Record<string, unknown>;
  if (typeof model.intervalMs !== 'number' || model.intervalMs === 0) model.intervalMs = DEFAULT_INTERVAL_MS;
  if (typeof model.maxDataPoints !== 'number' || model.maxDataPoints === 0)
    model.maxDataPoints = DEFAULT_MAX_DATA_POINTS;
  return {
    refId: query.refId,
    queryType: typeof model.queryType === 'string' ? model.queryType : (query.queryType ?? ''),
    relativeTimeRange: relativeTimeRange({ ...query, datasourceUid }),
    datasourceUid,
    // Keys sorted at every level, as Grafana re-marshals query models.
    model: sortKeys(model) as Record<string, unknown>,
  };
}

function relativeTimeRange(query: AlertRuleQuerySpec): { from: number; to: number } {
  const fallback = isExpression(query) ? { from: 0, to: 0 } : DEFAULT_QUERY_RANGE;
  if (!query.relativeTimeRange) return { ...fallback };
  return { from: query.relativeTimeRange.from ?? 0, to: query.relativeTimeRange.to ?? 0 };
}

function isExpression(query: AlertRuleQuerySpec): boolean {
  return !query.datasourceRef && EXPRESSION_DATASOURCE_UIDS.includes(query.datasourceUid ?? '');
}

/**
 * The receivers and time intervals the rules' notification_settings name (recording rules have
 * none), each once: Grafana refuses a write naming one it lacks, so the write waits for them.
 */
export function notificationNames(rules: readonly DesiredRule[]): NotificationNames {
  const receivers = new Set<string>();
  const timeIntervals = new Set<string>();
  for (const { notification_settings: settings } of rules) {
    if (!settings) continue;
    receivers.add(settings.receiver);
    for (const name of [...(settings.mute_time_intervals ?? []), ...(settings.active_time_intervals ?? [])])
      timeIntervals.add(name);
  }
  return { receivers: [...receivers].sort(), timeIntervals: [...timeIntervals].sort() };
}

function notificationSettings(
  spec: NonNullable<RuleFields['notification_settings']>,
): AlertRuleNotificationSettings {
  const settings: AlertRuleNotificationSettings = { receiver: spec.receiver };
  if (spec.group_by?.length) settings.group_by = [...spec.group_by];
  if (spec.group_wait !== undefined) settings.group_wait = promDuration(spec.group_wait);
  if (spec.group_interval !== undefined) settings.group_interval = promDuration(spec.group_interval);
  if (spec.repeat_interval !== undefined) settings.repeat_interval = promDuration(spec.repeat_interval);
  if (spec.mute_time_intervals?.length) settings.mute_time_intervals = [...spec.mute_time_intervals];
  if (spec.active_time_intervals?.length) settings.active_time_intervals = [...spec.active_time_intervals];
  return settings;
}

// -------------------------------------------------------------------------------------------------
// Comparison

/**
 * The fields where Grafana's rule differs from the desired one; [] = the same. Recording rules are
 * compared without the alerting-only fields, which Grafana keeps empty for them.
 */
export function diffRule(desired: DesiredRule, observed: ProvisionedAlertRule): string[] {
  const drift: string[] = [];
  const differs = (field: string, wanted: unknown, actual: unknown) => {
    if (canonicalJson(wanted ?? null) !== canonicalJson(actual ?? null)) drift.push(field);
  };
  differs('title', desired.title, observed.title);
  const queries = observed.data ?? [];
  if (queries.length !== desired.data.length) drift.push('data');
  else {
    desired.data.forEach((query, i) => {
      differs(`data[${query.refId}]`, comparableQuery(query), comparableQuery(queries[i] as AlertQuery));
    });
  }
  differs('annotations', desired.annotations ?? {}, observed.annotations ?? {});
  differs('labels', desired.labels ?? {}, observed.labels ?? {});
  differs('isPaused', desired.isPaused ?? false, observed.isPaused ?? false);
  if (desired.record) {
    // Without a target in the spec, Grafana's choice of target datasource is not drift.
    const stored = observed.record && { metric: observed.record.metric, from: observed.record.from };
    if (stored && desired.record.target_datasource_uid)
      Object.assign(stored, { target_datasource_uid: observed.record?.target_datasource_uid });
    differs('record', desired.record, stored);
    return drift;
  }
  differs('record', null, observed.record);
  differs('condition', desired.condition, observed.condition);
  differs('noDataState', desired.noDataState, observed.noDataState);
  differs('execErrState', desired.execErrState, observed.execErrState);
  differs('for', durationMs(desired.for), durationMs(observed.for));
  differs('keep_firing_for', durationMs(desired.keep_firing_for), durationMs(observed.keep_firing_for));
  differs(
    'notification_settings',
    comparableSettings(desired.notification_settings),
    comparableSettings(observed.notification_settings),
  );
  differs(
    'missingSeriesEvalsToResolve',
    desired.missingSeriesEvalsToResolve,
    observed.missingSeriesEvalsToResolve,
  );
  return drift;
}

function comparableQuery(query: AlertQuery): unknown {
  return {
    refId: query.refId,
    queryType: query.queryType ?? '',
    relativeTimeRange: { from: query.relativeTimeRange?.from ?? 0, to: query.relativeTimeRange?.to ?? 0 },
    datasourceUid: query.datasourceUid,
    model: query.model ?? {},
  };
}

function comparableSettings(settings: AlertRuleNotificationSettings | null | undefined): unknown {
  if (!settings) return null;
  return {
    receiver: settings.receiver,
    group_by: settings.group_by ?? [],
    group_wait: durationMs(settings.group_wait),
    group_interval: durationMs(settings.group_interval),
    repeat_interval: durationMs(settings.repeat_interval),
    mute_time_intervals: settings.mute_time_intervals ?? [],
    active_time_intervals: settings.active_time_intervals ?? [],
  };
}

/** A spec duration (default 0) in the form Grafana prints it. */
function promDuration(text: string | undefined): string {
  return formatPromDuration(text === undefined ? 0 : (parsePromDuration(text) ?? 0));
}

/** For comparison: an unparseable or missing duration counts as itself / zero. */
function durationMs(text: string | undefined): number | string {
  if (text === undefined || text === '') return 0;
  return parsePromDuration(text) ?? text;
}

// -------------------------------------------------------------------------------------------------

function definedStrings(map: Record<string, string | undefined> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(map ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
