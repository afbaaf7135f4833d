/**
 * The alerting `…/export` endpoints (§8.8): the file-provisioning document (`AlertingFileExport`)
 * rendered as YAML, JSON or HCL, as `exportResponse` in `pkg/services/ngalert/api/api_provisioning.go`
 * does it:
 * - the format is `?format=yaml|json|hcl`, else the `Accept` header (`json` wins over `yaml`), else
 *   YAML; `?download=true` adds an attachment header;
 * - YAML is gopkg.in/yaml.v3's output (4-space indentation aligned to multiples of 4, `- ` items,
 *   block literals for multi-line text, quoting only where a plain scalar would read back as
 *   something else), JSON is Go's `json.Marshal` (compact, `<`, `>`, `&` escaped), HCL is
 *   Terraform-provider shaped (resource names from an FNV hash, as Grafana's) but not a
 *   byte-exact copy of Grafana's encoder;
 * - in rule groups `$` is escaped as `$$` in group and folder names, titles, label values and
 *   notification-settings strings (not in annotations or query models); other kinds are not.
 */
import {
  Fnv64,
  formatPromDuration,
  isObject,
  sortKeysDeep,
  timeIntervalDto,
  type RouteDTO,
} from './alerting-model.js';
import {
  integrationSettings,
  type AlertRuleRecord,
  type IntegrationRecord,
  type MuteTimingRecord,
} from './alerting-state.js';
import type { Reply } from './errors.js';
import type { RequestContext } from './router.js';
import type { JsonObject } from './types.js';
import { parseGoBool } from './util.js';

export type ExportFormat = 'yaml' | 'json' | 'hcl';

export interface RuleGroupExportInput {
  orgId: number;
  folderUid: string;
  /** The folder's full path of titles (`Fullpath`). */
  folderPath: string;
  name: string;
  intervalSeconds: number;
  rules: AlertRuleRecord[];
}

export interface ContactPointExportInput {
  orgId: number;
  name: string;
  integrations: IntegrationRecord[];
}

/** The content of one export; at most one kind is set per endpoint. */
export interface ExportContent {
  groups?: RuleGroupExportInput[];
  contactPoints?: ContactPointExportInput[];
  /** Plain-text secure settings instead of `[REDACTED]`. */
  decrypt?: boolean;
  policies?: Array<{ orgId: number; route: RouteDTO }>;
  muteTimes?: Array<{ orgId: number; timing: MuteTimingRecord }>;
}

/** `extractExportRequest`. */
export function exportFormat(ctx: RequestContext): ExportFormat {
  let format: ExportFormat = 'yaml';
  const accept = String(ctx.headers.accept ?? '');
  if (accept.includes('yaml')) format = 'yaml';
  if (accept.includes('json')) format = 'json';
  const query = ctx.query.get('format');
  if (query === 'yaml' || query === 'json' || query === 'hcl') format = query;
  return format;
}

/** `exportResponse`: the document in the requested format, with Grafana's content types. */
export function exportReply(ctx: RequestContext, content: ExportContent): Reply {
  const format = exportFormat(ctx);
  const download = parseGoBool(ctx.query.get('download'));
  if (format === 'hcl') {
    const text = toHcl(content);
    return download
      ? {
          status: 200,
          text,
          headers: {
            'content-type': 'application/terraform+hcl',
            'content-disposition': 'attachment;filename=export.tf',
          },
        }
      : { status: 200, text, headers: { 'content-type': 'text/hcl' } };
  }
  const doc = fileExport(content, format);
  if (format === 'json') {
    const text = goJson(doc);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (download) headers['content-disposition'] = 'attachment;filename="export.json"';
    return { status: 200, text, headers };
  }
  const text = toYaml(doc);
  return download
    ? {
        status: 200,
        text,
        headers: {
          'content-type': 'application/yaml',
          'content-disposition': 'attachment;filename="export.yaml"',
        },
      }
    : { status: 200, text, headers: { 'content-type': 'text/yaml' } };
}

// -------------------------------------------------------------------------------------------------
// AlertingFileExport

/** A list yaml.v3 writes in flow style (`[a, b]`, the `flow` tag of the time-interval ranges). */
export class YamlFlow {
  constructor(readonly items: readonly unknown[]) {}
}

/** The export document; `format` decides the few struct fields yaml and JSON omit differently. */
export function fileExport(content: ExportContent, format: 'yaml' | 'json'): JsonObject {
  const doc: JsonObject = { apiVersion: 1 };
  if (content.groups !== undefined && content.groups.length > 0) {
    doc.groups = content.groups.map((g) => groupExport(g, format));
  }
  if (content.contactPoints !== undefined && content.contactPoints.length > 0) {
    doc.contactPoints = content.contactPoints.map((cp) => ({
      orgId: cp.orgId,
      name: cp.name,
      receivers: cp.integrations.map((i) => ({
        uid: i.uid,
        type: i.type,
        settings: integrationSettings(i, content.decrypt === true),
        disableResolveMessage: i.disableResolveMessage,
      })),
    }));
  }
  if (content.policies !== undefined && content.policies.length > 0) {
    doc.policies = content.policies.map((p) => ({ orgId: p.orgId, ...routeExport(p.route) }));
  }
  if (content.muteTimes !== undefined && content.muteTimes.length > 0) {
    doc.muteTimes = content.muteTimes.map(({ orgId, timing }) => ({
      orgId,
      name: timing.name,
      time_intervals: timing.timeIntervals.map((ti) => {
        const dto = timeIntervalDto(ti);
        if (format === 'json') return dto;
        for (const key of ['weekdays', 'days_of_month', 'months', 'years']) {
          if (Array.isArray(dto[key])) dto[key] = new YamlFlow(dto[key] as unknown[]);
        }
        return dto;
      }),
    }));
  }
  return doc;
}

const esc = (text: string): string => text.replaceAll('$', '$$$$');

function groupExport(group: RuleGroupExportInput, format: 'yaml' | 'json'): JsonObject {
  return {
    orgId: group.orgId,
    name: esc(group.name),
    folder: esc(group.folderPath),
    interval: formatPromDuration(group.intervalSeconds * 1000),
    rules: group.rules.map((rule) => ruleExport(rule, format)),
  };
}

/** `AlertRuleExport`: pointers and omitempty as in 12.x's definitions. */
function ruleExport(rule: AlertRuleRecord, format: 'yaml' | 'json'): JsonObject {
  const out: JsonObject = { uid: rule.uid, title: esc(rule.title) };
  const alerting = rule.record === null;
  if (alerting) out.condition = rule.condition;
  out.data = rule.data.map((q) => {
    const query: JsonObject = { refId: q.refId };
    if (q.queryType !== '') query.queryType = q.queryType;
    // omitempty keeps a zero struct in JSON; yaml.v3 drops it.
    const zero = q.relativeTimeRange.from === 0 && q.relativeTimeRange.to === 0;
    if (format === 'json' || !zero)
      query.relativeTimeRange = { from: q.relativeTimeRange.from, to: q.relativeTimeRange.to };
    query.datasourceUid = q.datasourceUid;
    query.model = structuredClone(q.model);
    return query;
  });
  if (rule.dashboardUid !== undefined) out.dashboardUid = rule.dashboardUid;
  if (rule.panelId !== undefined) out.panelId = rule.panelId;
  if (alerting) {
    out.noDataState = rule.noDataState;
    out.execErrState = rule.execErrState;
  }
  if (rule.forMs !== 0) out.for = formatPromDuration(rule.forMs);
  if (rule.keepFiringForMs !== 0) out.keepFiringFor = formatPromDuration(rule.keepFiringForMs);
  if (Object.keys(rule.annotations).length > 0) out.annotations = sortKeysDeep(rule.annotations);
  if (Object.keys(rule.labels).length > 0) {
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(rule.labels)) labels[k] = esc(v);
    out.labels = sortKeysDeep(labels);
  }
  out.isPaused = rule.isPaused;
  const ns = rule.notificationSettings;
  if (ns !== null) {
    const settings: JsonObject = {};
    if (ns.receiver !== '') settings.receiver = esc(ns.receiver);
    if (ns.group_by !== undefined) settings.group_by = ns.group_by.map(esc);
    if (ns.group_wait !== undefined) settings.group_wait = ns.group_wait;
    if (ns.group_interval !== undefined) settings.group_interval = ns.group_interval;
    if (ns.repeat_interval !== undefined) settings.repeat_interval = ns.repeat_interval;
    if (ns.mute_time_intervals !== undefined) settings.mute_time_intervals = ns.mute_time_intervals.map(esc);
    if (ns.active_time_intervals !== undefined)
      settings.active_time_intervals = [...ns.active_time_intervals];
    out.notification_settings = settings;
  }
  if (rule.record !== null) {
    const record: JsonObject = { metric: rule.record.metric, from: rule.record.from };
    if (rule.record.target_datasource_uid !== undefined)
      record.targetDatasourceUid = rule.record.target_datasource_uid;
    out.record = record;
  }
  if (rule.missingSeriesEvalsToResolve !== undefined) {
    out.missing_series_evals_to_resolve = rule.missingSeriesEvalsToResolve;
  }
  return out;
}

/** `RouteExport`: the route without its provenance (keys already in Go field order). */
function routeExport(route: RouteDTO): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(route)) {
    if (key === 'provenance') continue;
    out[key] = key === 'routes' ? (value as RouteDTO[]).map(routeExport) : structuredClone(value);
  }
  return out;
}

// -------------------------------------------------------------------------------------------------
// JSON (Go's json.Marshal)

export function goJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

// -------------------------------------------------------------------------------------------------
// YAML (gopkg.in/yaml.v3)

const INDENT = 4;

/** yaml.v3 aligns nested block collections to the next multiple of its indentation. */
const align = (column: number): number => INDENT * Math.floor((column + INDENT) / INDENT);

export function toYaml(value: unknown): string {
  if (!isObject(value)) return `${scalar(value)}\n`;
  return `${mappingLines(value, 0).join('\n')}\n`;
}

function isBlockCollection(value: unknown): boolean {
  if (value instanceof YamlFlow) return false;
  if (Array.isArray(value)) return value.length > 0;
  return isObject(value) && Object.keys(value).length > 0;
}

function mappingLines(obj: JsonObject, indent: number): string[] {
  const lines: string[] = [];
  const pad = ' '.repeat(indent);
  for (const [key, value] of Object.entries(obj)) {
    if (value === undefined) continue;
    const k = scalar(key);
    if (isBlockCollection(value)) {
      lines.push(`${pad}${k}:`);
      const child = align(indent);
      lines.push(
        ...(Array.isArray(value) ? sequenceLines(value, child) : mappingLines(value as JsonObject, child)),
      );
    } else if (typeof value === 'string' && literalAllowed(value)) {
      lines.push(`${pad}${k}: ${literalHeader(value)}`, ...literalBody(value, align(indent)));
    } else {
      lines.push(`${pad}${k}: ${inline(value)}`);
    }
  }
  return lines;
}

function sequenceLines(items: readonly unknown[], indent: number): string[] {
  const lines: string[] = [];
  const pad = ' '.repeat(indent);
  for (const item of items) {
    if (isBlockCollection(item)) {
      // The first line of the nested collection shares the line with the dash.
      const nested = Array.isArray(item)
        ? sequenceLines(item, indent + 2)
        : mappingLines(item as JsonObject, indent + 2);
      lines.push(`${pad}- ${(nested[0] as string).slice(indent + 2)}`, ...nested.slice(1));
    } else if (typeof item === 'string' && literalAllowed(item)) {
      lines.push(`${pad}- ${literalHeader(item)}`, ...literalBody(item, indent + 2));
    } else {
      lines.push(`${pad}- ${inline(item)}`);
    }
  }
  return lines;
}

function inline(value: unknown): string {
  if (value instanceof YamlFlow) return `[${value.items.map(flowItem).join(', ')}]`;
  if (Array.isArray(value)) return '[]';
  if (isObject(value)) return '{}';
  return scalar(value);
}

/** Inside `[...]` the flow indicators (`,?[]{}:` and ` #`) also need quotes. */
function flowItem(value: unknown): string {
  if (typeof value === 'string' && !resolvesAsNonString(value) && /[,?[\]{}:]| #/.test(value)) {
    return hasSpecial(value) || value.includes('\n')
      ? doubleQuoted(value)
      : `'${value.replaceAll("'", "''")}'`;
  }
  return inline(value);
}

/** Multi-line text becomes a literal block unless a line ends in blanks or holds control characters. */
function literalAllowed(text: string): boolean {
  if (!text.includes('\n')) return false;
  if (/^[ \t]/.test(text)) return false;
  return !text.split('\n').some((line) => /[ \t]$/.test(line) || hasSpecial(line));
}

function literalHeader(text: string): string {
  if (!text.endsWith('\n')) return '|-';
  return text.endsWith('\n\n') ? '|+' : '|';
}

function literalBody(text: string, indent: number): string[] {
  const body = text.endsWith('\n') ? text.replace(/\n$/, '') : text;
  return body.split('\n').map((line) => (line === '' ? '' : ' '.repeat(indent) + line));
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number')
    return Number.isFinite(value) ? String(value) : value > 0 ? '.inf' : value < 0 ? '-.inf' : '.nan';
  const text = String(value);
  if (resolvesAsNonString(text)) return doubleQuoted(text);
  if (plainAllowed(text)) return text;
  if (!hasSpecial(text) && !text.includes('\n')) return `'${text.replaceAll("'", "''")}'`;
  return doubleQuoted(text);
}

/** yaml.v3's `resolve` plus `isOldBool` and `isBase60Float`: texts a plain scalar would not keep as a string. */
function resolvesAsNonString(text: string): boolean {
  if (['', '~', 'null', 'Null', 'NULL', '<<'].includes(text)) return true;
  if (['true', 'True', 'TRUE', 'false', 'False', 'FALSE'].includes(text)) return true;
  const oldBool = [
    'y',
    'Y',
    'yes',
    'Yes',
    'YES',
    'on',
    'On',
    'ON',
    'n',
    'N',
    'no',
    'No',
    'NO',
    'off',
    'Off',
    'OFF',
  ];
  if (oldBool.includes(text)) return true;
  if (/^[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/.test(text)) return true;
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text)) return true;
  if (/^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/.test(text)) return true;
  if (/^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(text)) return true;
  return /^\d{4}-\d{1,2}-\d{1,2}([Tt ].*)?$/.test(text);
}

/** libyaml's `yaml_emitter_analyze_scalar` for a block-context plain scalar. */
function plainAllowed(text: string): boolean {
  if (text.startsWith('---') || text.startsWith('...')) return false;
  if (/^[\s]|[\s]$/.test(text)) return false;
  if (text.includes('\n') || hasSpecial(text)) return false;
  const first = text[0] as string;
  if ('#,[]{}&*!|>\'"%@`'.includes(first)) return false;
  if ((first === '-' || first === '?' || first === ':') && (text.length === 1 || text[1] === ' '))
    return false;
  if (text.includes(': ') || text.endsWith(':') || text.includes(' #')) return false;
  return true;
}

function hasSpecial(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b-\u001f\u007f\ufeff]|\t/.test(text);
}

function doubleQuoted(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

// -------------------------------------------------------------------------------------------------
// HCL (Terraform provider resources)

type HclValue = string | number | boolean | null | HclValue[] | { [key: string]: HclValue };

type HclItem =
  | { kind: 'attr'; name: string; value: HclValue }
  | { kind: 'block'; type: string; labels: string[]; body: HclItem[] };

const attr = (name: string, value: HclValue): HclItem => ({ kind: 'attr', name, value });
const block = (type: string, body: HclItem[], labels: string[] = []): HclItem => ({
  kind: 'block',
  type,
  labels,
  body,
});

/** `getHash`: FNV-64 over the fields, each followed by 0xFF. */
function resourceHash(fields: readonly string[]): string {
  const sum = new Fnv64();
  for (const f of fields) sum.writeString(f);
  return sum.hex();
}

export function toHcl(content: ExportContent): string {
  const resources: HclItem[] = [];
  for (const group of content.groups ?? []) {
    resources.push(
      block(
        'resource',
        [
          attr('org_id', group.orgId),
          attr('name', group.name),
          attr('folder_uid', group.folderUid),
          attr('interval_seconds', group.intervalSeconds),
          ...group.rules.map(ruleHcl),
        ],
        ['grafana_rule_group', `rule_group_${resourceHash([group.name, group.folderUid])}`],
      ),
    );
  }
  for (const cp of content.contactPoints ?? []) {
    resources.push(
      block(
        'resource',
        [
          attr('name', cp.name),
          ...cp.integrations.map((i) =>
            block(i.type.toLowerCase(), [
              ...Object.entries(integrationSettings(i, content.decrypt === true)).map(([k, v]) =>
                attr(snakeCase(k), hclValue(v)),
              ),
              attr('disable_resolve_message', i.disableResolveMessage),
            ]),
          ),
        ],
        ['grafana_contact_point', `contact_point_${resourceHash([cp.name])}`],
      ),
    );
  }
  (content.policies ?? []).forEach((policy, i) => {
    resources.push(
      block('resource', policyHcl(policy.route), [
        'grafana_notification_policy',
        `notification_policy_${i + 1}`,
      ]),
    );
  });
  for (const { timing } of content.muteTimes ?? []) {
    resources.push(
      block(
        'resource',
        [
          attr('name', timing.name),
          ...timing.timeIntervals.map((ti) => {
            const dto = timeIntervalDto(ti);
            const body: HclItem[] = [];
            for (const t of (dto.times as Array<{ start_time: string; end_time: string }> | undefined) ??
              []) {
              body.push(block('times', [attr('start', t.start_time), attr('end', t.end_time)]));
            }
            for (const key of ['weekdays', 'days_of_month', 'months', 'years']) {
              if (Array.isArray(dto[key])) body.push(attr(key, dto[key] as string[]));
            }
            if (typeof dto.location === 'string') body.push(attr('location', dto.location));
            return block('intervals', body);
          }),
        ],
        ['grafana_mute_timing', `mute_timing_${resourceHash([timing.name])}`],
      ),
    );
  }
  return resources.map((r) => renderHcl([r], 0).join('\n')).join('\n\n') + (resources.length > 0 ? '\n' : '');
}

function ruleHcl(rule: AlertRuleRecord): HclItem {
  const body: HclItem[] = [attr('name', rule.title)];
  if (rule.record === null) body.push(attr('condition', rule.condition));
  for (const q of rule.data) {
    const data: HclItem[] = [attr('ref_id', q.refId)];
    if (q.queryType !== '') data.push(attr('query_type', q.queryType));
    data.push(
      block('relative_time_range', [
        attr('from', q.relativeTimeRange.from),
        attr('to', q.relativeTimeRange.to),
      ]),
    );
    data.push(attr('datasource_uid', q.datasourceUid), attr('model', JSON.stringify(q.model)));
    body.push(block('data', data));
  }
  if (rule.record === null) {
    body.push(attr('no_data_state', rule.noDataState), attr('exec_err_state', rule.execErrState));
    if (rule.forMs !== 0) body.push(attr('for', formatPromDuration(rule.forMs)));
    if (rule.keepFiringForMs !== 0)
      body.push(attr('keep_firing_for', formatPromDuration(rule.keepFiringForMs)));
  }
  if (Object.keys(rule.annotations).length > 0)
    body.push(attr('annotations', sortKeysDeep(rule.annotations) as HclValue));
  if (Object.keys(rule.labels).length > 0) body.push(attr('labels', sortKeysDeep(rule.labels) as HclValue));
  body.push(attr('is_paused', rule.isPaused));
  const ns = rule.notificationSettings;
  if (ns !== null) {
    const settings: HclItem[] = [attr('contact_point', ns.receiver)];
    if (ns.group_by !== undefined) settings.push(attr('group_by', ns.group_by));
    if (ns.group_wait !== undefined) settings.push(attr('group_wait', ns.group_wait));
    if (ns.group_interval !== undefined) settings.push(attr('group_interval', ns.group_interval));
    if (ns.repeat_interval !== undefined) settings.push(attr('repeat_interval', ns.repeat_interval));
    if (ns.mute_time_intervals !== undefined) settings.push(attr('mute_timings', ns.mute_time_intervals));
    if (ns.active_time_intervals !== undefined)
      settings.push(attr('active_timings', ns.active_time_intervals));
    body.push(block('notification_settings', settings));
  }
  if (rule.record !== null) {
    const record: HclItem[] = [attr('metric', rule.record.metric), attr('from', rule.record.from)];
    if (rule.record.target_datasource_uid !== undefined) {
      record.push(attr('target_datasource_uid', rule.record.target_datasource_uid));
    }
    body.push(block('record', record));
  }
  return block('rule', body);
}

function policyHcl(route: RouteDTO): HclItem[] {
  const body: HclItem[] = [];
  if (route.receiver !== undefined) body.push(attr('contact_point', route.receiver));
  if (route.group_by !== undefined) body.push(attr('group_by', route.group_by));
  for (const [label, match, value] of route.object_matchers ?? []) {
    body.push(block('matcher', [attr('label', label), attr('match', match), attr('value', value)]));
  }
  if (route.mute_time_intervals !== undefined) body.push(attr('mute_timings', route.mute_time_intervals));
  if (route.active_time_intervals !== undefined)
    body.push(attr('active_timings', route.active_time_intervals));
  if (route.continue === true) body.push(attr('continue', true));
  if (route.group_wait !== undefined) body.push(attr('group_wait', route.group_wait));
  if (route.group_interval !== undefined) body.push(attr('group_interval', route.group_interval));
  if (route.repeat_interval !== undefined) body.push(attr('repeat_interval', route.repeat_interval));
  for (const child of route.routes ?? []) body.push(block('policy', policyHcl(child)));
  return body;
}

function hclValue(value: unknown): HclValue {
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  ) {
    return value;
  }
  if (Array.isArray(value)) return value.map(hclValue);
  if (isObject(value)) {
    const out: { [key: string]: HclValue } = {};
    for (const [k, v] of Object.entries(value)) out[k] = hclValue(v);
    return out;
  }
  return null;
}

function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** hclwrite style: attributes of a run aligned on `=`, blocks separated by blank lines. */
function renderHcl(items: readonly HclItem[], indent: number): string[] {
  const lines: string[] = [];
  const pad = '  '.repeat(indent);
  let i = 0;
  while (i < items.length) {
    const item = items[i] as HclItem;
    if (item.kind === 'block') {
      if (lines.length > 0 && lines.at(-1) !== '') lines.push('');
      const labels = item.labels.map((l) => ` ${JSON.stringify(l)}`).join('');
      lines.push(`${pad}${item.type}${labels} {`, ...renderHcl(item.body, indent + 1), `${pad}}`);
      i += 1;
      if (i < items.length) lines.push('');
      continue;
    }
    const run: Array<{ name: string; value: HclValue }> = [];
    while (i < items.length && (items[i] as HclItem).kind === 'attr') {
      const a = items[i] as { name: string; value: HclValue };
      run.push(a);
      i += 1;
    }
    const width = Math.max(...run.map((a) => a.name.length));
    for (const a of run) {
      const rendered = hclExpression(a.value, indent);
      lines.push(`${pad}${a.name.padEnd(width)} = ${rendered}`);
    }
  }
  return lines;
}

function hclExpression(value: HclValue, indent: number): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value).replaceAll('${', '$${').replaceAll('%{', '%%{');
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => hclExpression(v, indent)).join(', ')}]`;
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const pad = '  '.repeat(indent + 1);
  const width = Math.max(...entries.map(([k]) => hclKey(k).length));
  const lines = entries.map(([k, v]) => `${pad}${hclKey(k).padEnd(width)} = ${hclExpression(v, indent + 1)}`);
  return `{\n${lines.join('\n')}\n${'  '.repeat(indent)}}`;
}

function hclKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
}
