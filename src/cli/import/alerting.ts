/**
 * `alerting/*.yaml` (docs/grafana-api.md §8.12, §20.4): the format of Grafana's alerting file
 * provisioning and of its export endpoints → GrafanaAlertRuleGroup, GrafanaContactPoint,
 * GrafanaNotificationPolicy, GrafanaNotificationTemplate and GrafanaMuteTiming manifests.
 */
import { secureSettingKeys } from '../../grafana/index.js';
import { listOf, noteOrg, objectOf, stringOf, type ImportContext } from './context.js';
import { describeReferences, referencedStrings } from './interpolation.js';
import { policySpec } from './policies.js';

const FILE_KEYS = [
  'apiVersion',
  'groups',
  'deleteRules',
  'contactPoints',
  'deleteContactPoints',
  'policies',
  'resetPolicies',
  'muteTimes',
  'deleteMuteTimes',
  'templates',
  'deleteTemplates',
];

/** Rule keys copied as they are (the spec uses Grafana's names). */
const RULE_COPIED = [
  'uid',
  'title',
  'condition',
  'noDataState',
  'execErrState',
  'for',
  'annotations',
  'labels',
  'isPaused',
];
const RULE_KEYS = [
  ...RULE_COPIED,
  'data',
  'dashboardUid',
  'dasboardUid',
  'panelId',
  'keepFiringFor',
  'keep_firing_for',
  'missing_series_evals_to_resolve',
  'notification_settings',
  'record',
];
const QUERY_KEYS = ['refId', 'queryType', 'relativeTimeRange', 'datasourceUid', 'model'];
const TIME_INTERVAL_KEYS = ['times', 'weekdays', 'days_of_month', 'months', 'years', 'location'];

export function importAlertingFile(context: ImportContext, file: string, content: unknown): void {
  const root = objectOf(content);
  context.report.unknownKeys(file, root, FILE_KEYS, 'not an alerting file key');
  for (const group of listOf(root.groups)) importRuleGroup(context, file, objectOf(group));
  for (const point of listOf(root.contactPoints)) importContactPoint(context, file, objectOf(point));
  for (const policy of listOf(root.policies)) importPolicy(context, file, objectOf(policy));
  for (const template of listOf(root.templates)) importTemplate(context, file, objectOf(template));
  for (const timing of listOf(root.muteTimes)) importMuteTiming(context, file, objectOf(timing));
  reportDeletes(context, file, root);
}

function importRuleGroup(context: ImportContext, file: string, group: Record<string, unknown>): void {
  const name = stringOf(group.name);
  const where = `${file} rule group "${name ?? '?'}"`;
  const folder = stringOf(group.folder);
  if (!name || !folder) {
    context.report.note(where, 'has no name or no folder (Grafana refuses it): not imported');
    return;
  }
  noteOrg(context, where, group.orgId);
  context.report.unknownKeys(where, group, ['orgId', 'name', 'folder', 'interval', 'rules']);
  const path = folderPath(folder);
  if (path.length > 1)
    context.report.note(
      where,
      `folder "${folder}" is a path: nested folders ${path.map((t) => `"${t}"`).join(' → ')} (Grafana 11 takes it as one title)`,
    );
  const rules = listOf(group.rules).map((rule, i) =>
    ruleSpec(context, `${where} rule "${stringOf(objectOf(rule).title) ?? `#${i + 1}`}"`, objectOf(rule)),
  );
  if (rules.length === 0) {
    context.report.note(where, 'has no rules: not imported');
    return;
  }
  const spec: Record<string, unknown> = {
    name,
    folderRef: context.folders.folder(path, where),
    ...(group.interval !== undefined ? { interval: String(group.interval) } : {}),
    rules,
  };
  context.push(
    'GrafanaAlertRuleGroup',
    context.names.allocate('GrafanaAlertRuleGroup', `${folder}-${name}`),
    spec,
    where,
  );
}

/** A folder path `a/b` (a `\/` is a slash in a title). */
export function folderPath(folder: string): string[] {
  return folder
    .split(/(?<!\\)\//)
    .map((title) => title.replace(/\\\//g, '/').trim())
    .filter((title) => title !== '');
}

function ruleSpec(
  context: ImportContext,
  where: string,
  rule: Record<string, unknown>,
): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  for (const key of RULE_COPIED) if (rule[key] !== undefined && rule[key] !== '') spec[key] = rule[key];
  // An empty execErrState is Alerting in file provisioning; the spec's default is Error.
  if (spec.execErrState === undefined && rule.record === undefined) spec.execErrState = 'Alerting';
  const keepFiring = rule.keepFiringFor ?? rule.keep_firing_for;
  if (keepFiring !== undefined && keepFiring !== '') spec.keep_firing_for = String(keepFiring);
  if (rule.missing_series_evals_to_resolve !== undefined)
    spec.missingSeriesEvalsToResolve = Number(rule.missing_series_evals_to_resolve);
  const dashboardUid = stringOf(rule.dashboardUid) ?? stringOf(rule.dasboardUid);
  if (dashboardUid !== undefined) {
    const annotations: Record<string, string> = {
      ...(objectOf(spec.annotations) as Record<string, string>),
      __dashboardUid__: dashboardUid,
    };
    if (rule.panelId !== undefined) annotations.__panelId__ = String(rule.panelId);
    spec.annotations = annotations;
  }
  spec.data = listOf(rule.data).map((query, i) => querySpec(context, `${where} data[${i}]`, objectOf(query)));
  if (rule.notification_settings !== undefined) spec.notification_settings = rule.notification_settings;
  const record = objectOf(rule.record);
  if (rule.record !== undefined) {
    spec.record = {
      metric: record.metric,
      from: record.from,
      ...(stringOf(record.targetDatasourceUid) ? { target_datasource_uid: record.targetDatasourceUid } : {}),
    };
    context.report.unknownKeys(
      where,
      record,
      ['metric', 'from', 'targetDatasourceUid'],
      'record field with no equivalent',
    );
  }
  context.report.unknownKeys(where, rule, RULE_KEYS);
  // Annotations are interpolated with braced variables only (`ValueWithBracedVars`).
  for (const [key, value] of Object.entries(objectOf(spec.annotations)))
    if (typeof value === 'string' && /\$\{[A-Za-z_][A-Za-z0-9_]*\}/.test(value.split('$$').join('')))
      context.report.note(
        where,
        `annotations.${key} reads \${…} variables Grafana substitutes from its environment: kept as written`,
      );
  return spec;
}

function querySpec(
  context: ImportContext,
  where: string,
  query: Record<string, unknown>,
): Record<string, unknown> {
  const spec: Record<string, unknown> = { refId: query.refId, model: objectOf(query.model) };
  if (stringOf(query.queryType)) spec.queryType = query.queryType;
  if (query.relativeTimeRange !== undefined) spec.relativeTimeRange = query.relativeTimeRange;
  const uid = stringOf(query.datasourceUid);
  const imported = uid === undefined ? undefined : context.datasourcesByUid.get(uid);
  // A datasource of this import is referred to by name, so the rule waits for it.
  if (imported !== undefined) spec.datasourceRef = imported;
  else if (uid !== undefined) spec.datasourceUid = uid;
  context.report.unknownKeys(where, query, QUERY_KEYS);
  return spec;
}

function importContactPoint(context: ImportContext, file: string, point: Record<string, unknown>): void {
  const name = stringOf(point.name);
  const where = `${file} contact point "${name ?? '?'}"`;
  if (!name) {
    context.report.note(where, 'has no name (Grafana refuses it): not imported');
    return;
  }
  noteOrg(context, where, point.orgId);
  context.report.unknownKeys(where, point, ['orgId', 'name', 'receivers']);
  const objectName = context.names.allocate('GrafanaContactPoint', name);
  const receivers = listOf(point.receivers).map((item, i) => {
    const receiver = objectOf(item);
    const at = `receivers[${i}]`;
    const type = String(receiver.type ?? '');
    const settings = structuredClone(objectOf(receiver.settings));
    const secureSettings: Record<string, unknown> = {};
    const keys = secureSettingKeys(type);
    if (keys === undefined)
      context.report.note(
        where,
        `${at}: type "${type}" is not one whose secure settings are known; settings kept as they are`,
      );
    for (const key of keys ?? []) {
      const value = takePath(settings, key);
      if (value === undefined || value === '') continue;
      const tag = `${stringOf(receiver.uid) ?? `${type}-${i}`}.${key}`;
      secureSettings[key] = context.secrets.ref(
        objectName,
        tag,
        String(value),
        `contact point "${name}" ${at}.settings.${key}`,
      );
    }
    for (const found of referencedStrings(settings, `${at}.settings`))
      context.report.note(
        where,
        `${found.path} holds ${describeReferences(found.references)}, which some releases substitute from Grafana's environment: kept as written`,
      );
    context.report.unknownKeys(where, receiver, ['uid', 'type', 'settings', 'disableResolveMessage']);
    return {
      ...(stringOf(receiver.uid) ? { uid: String(receiver.uid).trim() } : {}),
      type,
      settings,
      ...(Object.keys(secureSettings).length > 0 ? { secureSettings } : {}),
      ...(receiver.disableResolveMessage === true ? { disableResolveMessage: true } : {}),
    };
  });
  if (receivers.length === 0) {
    context.report.note(where, 'has no receivers: not imported');
    return;
  }
  context.push('GrafanaContactPoint', objectName, { name, receivers }, where);
}

/** Removes and returns the setting at a dotted key (`tlsConfig.clientKey`). */
function takePath(settings: Record<string, unknown>, path: string): unknown {
  const segments = path.split('.');
  let node: Record<string, unknown> = settings;
  for (const segment of segments.slice(0, -1)) {
    const next = node[segment];
    if (next === null || typeof next !== 'object') return undefined;
    node = next as Record<string, unknown>;
  }
  const last = segments.at(-1)!;
  const value = node[last];
  delete node[last];
  return value;
}

function importPolicy(context: ImportContext, file: string, policy: Record<string, unknown>): void {
  const where = `${file} notification policy tree (org ${String(policy.orgId ?? 1)})`;
  noteOrg(context, where, policy.orgId);
  const spec = policySpec(context, where, policy);
  if (spec.receiver === undefined) {
    context.report.note(where, 'has no receiver (Grafana refuses it): not imported');
    return;
  }
  if (context.entries.some((entry) => entry.manifest.kind === 'GrafanaNotificationPolicy'))
    context.report.note(
      where,
      'another file sets the tree too: Grafana keeps the last one read, both are imported (the operator reports a Conflict)',
    );
  context.push(
    'GrafanaNotificationPolicy',
    context.names.allocate('GrafanaNotificationPolicy', 'notification-policy'),
    spec,
    where,
  );
}

function importTemplate(context: ImportContext, file: string, template: Record<string, unknown>): void {
  const name = stringOf(template.name);
  const where = `${file} template "${name ?? '?'}"`;
  if (!name || typeof template.template !== 'string' || template.template === '') {
    context.report.note(where, 'has no name or no template: not imported');
    return;
  }
  noteOrg(context, where, template.orgId ?? template.orgID);
  context.report.unknownKeys(where, template, ['orgId', 'orgID', 'name', 'template']);
  context.push(
    'GrafanaNotificationTemplate',
    context.names.allocate('GrafanaNotificationTemplate', name),
    { name, template: template.template },
    where,
  );
}

function importMuteTiming(context: ImportContext, file: string, timing: Record<string, unknown>): void {
  const name = stringOf(timing.name);
  const where = `${file} mute timing "${name ?? '?'}"`;
  const intervals = listOf(timing.time_intervals).map(objectOf);
  if (!name || intervals.length === 0) {
    context.report.note(where, 'has no name or no time_intervals: not imported');
    return;
  }
  noteOrg(context, where, timing.orgId);
  context.report.unknownKeys(where, timing, ['orgId', 'name', 'time_intervals']);
  for (const interval of intervals)
    context.report.unknownKeys(where, interval, TIME_INTERVAL_KEYS, 'time interval field with no equivalent');
  context.push(
    'GrafanaMuteTiming',
    context.names.allocate('GrafanaMuteTiming', name),
    { name, time_intervals: intervals },
    where,
  );
}

/** What each delete list removes, and what to do instead: a delete is not an object. */
const DELETES: Record<string, { what: string; key: string; instead: string }> = {
  deleteRules: {
    what: 'alert rule',
    key: 'uid',
    instead: 'delete it in Grafana once (Alerting → Alert rules)',
  },
  deleteContactPoints: {
    what: 'contact point',
    key: 'uid',
    instead: 'delete it in Grafana once (Alerting → Contact points)',
  },
  deleteMuteTimes: {
    what: 'mute timing',
    key: 'name',
    instead: 'delete it in Grafana once (Alerting → Notification policies → Mute timings)',
  },
  deleteTemplates: {
    what: 'template',
    key: 'name',
    instead: 'delete it in Grafana once (Alerting → Contact points → Notification templates)',
  },
};

function reportDeletes(context: ImportContext, file: string, root: Record<string, unknown>): void {
  for (const [list, { what, key, instead }] of Object.entries(DELETES))
    for (const item of listOf(root[list])) {
      const entry = objectOf(item);
      context.report.note(
        `${file} ${list} ${what} ${String(entry[key] ?? '?')}`,
        `a delete cannot be expressed as an object: ${instead}; an object the operator manages is removed by deleting it`,
      );
    }
  for (const org of listOf(root.resetPolicies))
    context.report.note(
      `${file} resetPolicies org ${String(org)}`,
      'a reset cannot be expressed as an object: reset the tree in Grafana once; a GrafanaNotificationPolicy that is deleted resets the tree it set',
    );
}
