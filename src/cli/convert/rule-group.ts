/** grafana-operator's GrafanaAlertRuleGroup as ours. */
import { parseSecondsDuration } from '../../lib/duration.js';
import { isObject } from '../../lib/json.js';
import { prometheusDuration, specConverter } from './common.js';
import { SpecReader } from './spec-reader.js';

/** Our interval (api/grafanaalertrulegroup.yaml): h, m and s, a positive multiple of 10s. */
const INTERVAL_TICK_MS = 10_000;

export const convertRuleGroup = specConverter('GrafanaAlertRuleGroup', ({ spec, report }) => {
  const out: Record<string, unknown> = {};
  const name = spec.string('name');
  if (name) out.name = name;
  const folderRef = spec.string('folderRef');
  const folderUID = spec.string('folderUID');
  if (folderRef) out.folderRef = folderRef;
  else if (folderUID) out.folderUID = folderUID;
  else {
    report.notConverted(
      '',
      'neither spec.folderRef nor spec.folderUID: Grafana keeps rule groups in folders',
    );
    return undefined;
  }
  const interval = spec.string('interval');
  const intervalMs = parseSecondsDuration(interval);
  if (intervalMs !== undefined && intervalMs > 0 && intervalMs % INTERVAL_TICK_MS === 0)
    out.interval = interval;
  else {
    report.notConverted(
      spec.at('interval'),
      `"${interval ?? ''}" is not a positive multiple of 10s (Grafana evaluates on a 10s tick)`,
    );
    return undefined;
  }
  out.rules = spec
    .array('rules')
    .map((rule, i) => convertRule(SpecReader.of(rule, spec.at(`rules[${i}]`), report)));
  if (spec.boolean('editable')) out.editableInGrafana = true;
  return out;
});

function convertRule(rule: SpecReader): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['uid', 'title', 'condition', 'noDataState', 'execErrState'] as const) {
    const value = rule.string(key);
    if (value !== undefined) out[key] = value;
  }
  out.data = rule.array('data').filter(isObject).map(convertQuery);
  const forDuration = prometheusDuration(rule, 'for');
  if (forDuration) out.for = forDuration;
  const keepFiring = prometheusDuration(rule, 'keepFiringFor');
  if (keepFiring) out.keep_firing_for = keepFiring;
  for (const key of ['annotations', 'labels'] as const) {
    const value = rule.take(key);
    if (isObject(value) && Object.keys(value).length > 0) out[key] = value;
  }
  if (rule.boolean('isPaused')) out.isPaused = true;
  const missing = rule.number('missingSeriesEvalsToResolve');
  if (missing) out.missingSeriesEvalsToResolve = missing;
  const settings = rule.take('notificationSettings');
  if (isObject(settings)) out.notification_settings = settings;
  const record = rule.object('record');
  if (record) {
    out.record = {
      metric: record.string('metric'),
      from: record.string('from'),
      ...(record.has('targetDatasourceUid')
        ? { target_datasource_uid: record.string('targetDatasourceUid') }
        : {}),
    };
    record.finish();
  }
  rule.drop(
    'dashboardUid',
    'unused by grafana-operator; link a panel with annotations __dashboardUid__ and __panelId__',
  );
  rule.drop(
    'panelId',
    'unused by grafana-operator; link a panel with annotations __dashboardUid__ and __panelId__',
  );
  rule.finish();
  return out;
}

/** An AlertQuery: the field names are the same. */
function convertQuery(query: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['refId', 'queryType', 'datasourceUid', 'relativeTimeRange', 'model'])
    if (query[key] !== undefined && query[key] !== '') out[key] = query[key];
  return out;
}
