/**
 * Alerting as GrafanaAlertRuleGroup, GrafanaContactPoint, GrafanaNotificationPolicy,
 * GrafanaNotificationTemplate and GrafanaMuteTiming manifests.
 *
 * Provenance decides two things: none (made in the UI, editable there) exports as
 * `editableInGrafana: true`, so the operator writes it back editable, and `api` as the default;
 * `file` (or another manager) gets a comment, since the operator may never take it over.
 */
import {
  REDACTED_VALUE,
  type AlertRuleGroup,
  type ContactPointExport,
  type EmbeddedContactPoint,
  type MuteTimeIntervalExport,
  type MuteTiming,
  type NotificationTemplate,
  type ProvisionedAlertRule,
  type MatchOperator,
  type ObjectMatcher,
  type RouteExport,
} from '../../grafana/index.js';
import { ROOT_FIELDS, ROUTE_FIELDS } from '../../alerting/policy-tree.js';
import { isObject, sortKeys } from '../../lib/json.js';
import type { ManifestEntry } from '../manifests.js';
import { byUid, emptySecret, provenanceComment, type ExportContext } from './context.js';
import type { OrgSnapshot } from './snapshot.js';

/** The spec fields provenance sets: editable in Grafana when Grafana records none. */
function editable(provenances: ReadonlyArray<string | undefined>): Record<string, boolean> {
  return provenances.length > 0 && provenances.every((p) => !p) ? { editableInGrafana: true } : {};
}

/** The one comment of the first foreign provenance among an object's parts. */
function foreignComment(provenances: ReadonlyArray<string | undefined>): string | undefined {
  for (const provenance of provenances) {
    const comment = provenanceComment(provenance);
    if (comment) return comment;
  }
  return undefined;
}

/** Seconds as h, m and s (`90` → `1m30s`), the form spec.interval takes. */
export function intervalText(seconds: number): string {
  const units: Array<[string, number]> = [
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ];
  let rest = seconds;
  let out = '';
  for (const [suffix, size] of units) {
    const count = Math.floor(rest / size);
    if (count > 0) out += `${count}${suffix}`;
    rest -= count * size;
  }
  return out || '0s';
}

export function ruleGroupManifests(
  context: ExportContext,
  groups: readonly AlertRuleGroup[],
): ManifestEntry[] {
  const sorted = [...groups].sort((a, b) =>
    `${a.folderUid}/${a.title}` < `${b.folderUid}/${b.title}` ? -1 : 1,
  );
  return sorted.map((group) => {
    const provenances = group.rules.map((r) => r.provenance);
    return context.grafanaObject(
      'GrafanaAlertRuleGroup',
      context.names.allocate('GrafanaAlertRuleGroup', group.title),
      {
        name: group.title,
        // Grafana keeps rules in folders: the root is never a rule group's place.
        ...context.folderPlacement(group.folderUid, { ref: 'folderRef', uid: 'folderUID' }),
        interval: intervalText(group.interval),
        rules: group.rules.map(ruleSpec),
        ...editable(provenances),
      },
      foreignComment(provenances),
    );
  });
}

/** A rule in the spec's form (ProvisionedAlertRule's fields), without what Grafana sets itself. */
export function ruleSpec(rule: ProvisionedAlertRule): Record<string, unknown> {
  const spec: Record<string, unknown> = { uid: rule.uid, title: rule.title };
  if (rule.condition) spec.condition = rule.condition;
  spec.data = rule.data.map((query) => ({
    refId: query.refId,
    ...(query.queryType ? { queryType: query.queryType } : {}),
    ...(query.relativeTimeRange ? { relativeTimeRange: query.relativeTimeRange } : {}),
    datasourceUid: query.datasourceUid,
    model: sortKeys(query.model),
  }));
  if (rule.noDataState) spec.noDataState = rule.noDataState;
  if (rule.execErrState) spec.execErrState = rule.execErrState;
  if (rule.for) spec.for = rule.for;
  if (rule.keep_firing_for) spec.keep_firing_for = rule.keep_firing_for;
  if (rule.annotations && Object.keys(rule.annotations).length > 0) spec.annotations = rule.annotations;
  if (rule.labels && Object.keys(rule.labels).length > 0) spec.labels = rule.labels;
  if (rule.isPaused) spec.isPaused = true;
  if (rule.notification_settings) spec.notification_settings = rule.notification_settings;
  if (rule.record) spec.record = rule.record;
  if (rule.missingSeriesEvalsToResolve !== undefined) {
    spec.missingSeriesEvalsToResolve = rule.missingSeriesEvalsToResolve;
  }
  return spec;
}

/**
 * Contact points from the export endpoint: every setting Grafana shows as `[REDACTED]` (nested
 * ones by dotted path) becomes a secureSettings entry naming a key `<integration uid>.<path>` of
 * one Secret per contact point, left empty to fill.
 */
export function contactPointManifests(
  context: ExportContext,
  contactPoints: readonly ContactPointExport[],
  integrations: readonly EmbeddedContactPoint[],
): ManifestEntry[] {
  const provenanceOf = new Map(integrations.map((i) => [i.uid, i.provenance]));
  const sorted = [...contactPoints].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return sorted.flatMap((contactPoint) => {
    const name = context.names.allocate('GrafanaContactPoint', contactPoint.name);
    let secretName: string | undefined;
    const secretKeys: string[] = [];
    const receivers = contactPoint.receivers.map((receiver) => {
      const { settings, secure } = splitRedacted(receiver.settings);
      const out: Record<string, unknown> = {
        uid: receiver.uid,
        type: receiver.type,
        settings: sortKeys(settings),
      };
      if (secure.length > 0) {
        secretName ??= context.names.allocate('Secret', `${name}-contactpoint`);
        const refs: Record<string, unknown> = {};
        for (const path of secure) {
          const key = `${receiver.uid}.${path}`;
          secretKeys.push(key);
          refs[path] = { secretKeyRef: { name: secretName, key } };
        }
        out.secureSettings = refs;
      }
      if (receiver.disableResolveMessage) out.disableResolveMessage = true;
      return out;
    });
    const provenances = contactPoint.receivers.map((r) => provenanceOf.get(r.uid));
    const entries = [
      context.grafanaObject(
        'GrafanaContactPoint',
        name,
        { name: contactPoint.name, receivers, ...editable(provenances) },
        foreignComment(provenances),
      ),
    ];
    if (secretName !== undefined) {
      entries.push(
        emptySecret(
          context,
          secretName,
          secretKeys,
          `Secure settings of the contact point "${contactPoint.name}"`,
        ),
      );
    }
    return entries;
  });
}

/** Settings without the `[REDACTED]` values, and the dotted paths of those. */
export function splitRedacted(
  settings: Record<string, unknown>,
  prefix = '',
): { settings: Record<string, unknown>; secure: string[] } {
  const kept: Record<string, unknown> = {};
  const secure: string[] = [];
  for (const [key, value] of Object.entries(settings)) {
    if (value === REDACTED_VALUE) {
      secure.push(`${prefix}${key}`);
    } else if (isObject(value)) {
      const nested = splitRedacted(value, `${prefix}${key}.`);
      secure.push(...nested.secure);
      if (Object.keys(nested.settings).length > 0) kept[key] = nested.settings;
    } else {
      kept[key] = value;
    }
  }
  return { settings: kept, secure: secure.sort() };
}

/**
 * A route with the fields the spec takes there. The legacy matchers (`matchers`, `match`,
 * `match_re`) have no field: they join `object_matchers`, which Grafana treats the same way.
 */
function routeSpec(route: RouteExport, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of fields.filter((field) => field !== 'routes')) {
    const value = (route as Record<string, unknown>)[key];
    if (value !== undefined && value !== null && value !== false) out[key] = value;
  }
  const legacy = legacyMatchers(route);
  if (legacy.length > 0)
    out.object_matchers = [...((out.object_matchers as ObjectMatcher[]) ?? []), ...legacy];
  if (route.routes && route.routes.length > 0)
    out.routes = route.routes.map((r) => routeSpec(r, ROUTE_FIELDS));
  return out;
}

/** `matchers` (`team="ops"`), `match` (equality) and `match_re` (regex) as object matchers. */
export function legacyMatchers(route: RouteExport): ObjectMatcher[] {
  const out: ObjectMatcher[] = [];
  for (const text of route.matchers ?? []) {
    const parsed = /^\s*("(?:[^"\\]|\\.)*"|[^\s=!~]+)\s*(=~|!~|!=|=)\s*(.*?)\s*$/.exec(text);
    if (!parsed) continue;
    out.push([unquote(parsed[1]!), parsed[2] as MatchOperator, unquote(parsed[3]!)]);
  }
  for (const [label, value] of Object.entries(route.match ?? {})) out.push([label, '=', value]);
  for (const [label, value] of Object.entries(route.match_re ?? {})) out.push([label, '=~', value]);
  return out;
}

function unquote(text: string): string {
  return text.startsWith('"') && text.endsWith('"') && text.length >= 2 ? (JSON.parse(text) as string) : text;
}

/** The org's one policy tree, from the export endpoint (which leaves provenance out). */
export function policyManifests(context: ExportContext, policy: OrgSnapshot['policy']): ManifestEntry[] {
  if (!policy) return [];
  const { orgId: _orgId, ...tree } = policy.tree;
  return [
    context.grafanaObject(
      'GrafanaNotificationPolicy',
      context.names.allocate('GrafanaNotificationPolicy', 'notification-policy'),
      { ...routeSpec(tree, ROOT_FIELDS), ...editable([policy.provenance]) },
      foreignComment([policy.provenance]),
    ),
  ];
}

export function templateManifests(
  context: ExportContext,
  templates: readonly NotificationTemplate[],
): ManifestEntry[] {
  return byUid(templates, (t) => t.name).map((template) =>
    context.grafanaObject(
      'GrafanaNotificationTemplate',
      context.names.allocate('GrafanaNotificationTemplate', template.name),
      { name: template.name, template: template.template, ...editable([template.provenance]) },
      foreignComment([template.provenance]),
    ),
  );
}

/** Mute timings from the export endpoint, with each one's provenance from the list. */
export function muteTimingManifests(
  context: ExportContext,
  exported: readonly MuteTimeIntervalExport[],
  listed: readonly MuteTiming[],
): ManifestEntry[] {
  const provenanceOf = new Map(listed.map((t) => [t.name, t.provenance]));
  return byUid(exported, (t) => t.name).map((timing) => {
    const provenance = provenanceOf.get(timing.name);
    return context.grafanaObject(
      'GrafanaMuteTiming',
      context.names.allocate('GrafanaMuteTiming', timing.name),
      { name: timing.name, time_intervals: timing.time_intervals, ...editable([provenance]) },
      foreignComment([provenance]),
    );
  });
}
