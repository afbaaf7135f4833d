/**
 * The notification policy tree (contract §8.5, §12): what the CRD cannot check about a spec's tree,
 * the normal form that makes the desired tree and Grafana's comparable, the names it refers to, and
 * the verdicts and messages about a tree on an instance.
 */
import type { GrafanaNotificationPolicySpec } from '../api/generated/index.js';
import { ObjectError } from '../lib/object-error.js';
import type { Ownership } from '../sync/object-kind.js';
import { isObject, sameJsonValue } from '../lib/json.js';
import {
  provenanceOf,
  type MatchOperator,
  type NotificationPolicy,
  type ObjectMatcher,
} from '../grafana/index.js';
import { formatPromDuration, parsePromDuration, PROM_DURATION_FORM } from '../lib/duration.js';
import { isForeignManaged } from './provenance.js';

export interface DesiredPolicyTree {
  /** The tree as sent to Grafana, in normal form (see {@link normaliseRoute}). */
  tree: NotificationPolicy;
  /** spec.editableInGrafana: written with provenance none (X-Disable-Provenance). */
  editable: boolean;
  /** Every receiver and time interval the tree names, sorted. */
  receivers: string[];
  timeIntervals: string[];
}

export interface ObservedPolicyTree {
  /** Grafana's tree in normal form, without its provenance. */
  tree: NotificationPolicy;
  /** '' (none), 'api', 'file', …. */
  provenance: string;
  /** The GrafanaInstance it was read from (ownership is judged per instance). */
  instance: string;
}

/** The receiver of Grafana's default configuration, which `DELETE /policies` restores. */
export const DEFAULT_RECEIVER = 'grafana-default-email';
/**
 * Grafana's default tree (what a new org has and `DELETE /policies` restores): newer versions
 * group by folder and alert name, older ones did not group.
 */
const DEFAULT_TREES: NotificationPolicy[] = [
  { receiver: DEFAULT_RECEIVER, group_by: ['grafana_folder', 'alertname'] },
  { receiver: DEFAULT_RECEIVER },
];

const OPERATORS: readonly MatchOperator[] = ['=', '!=', '=~', '!~'];
/** The fields of the root policy and of a nested one, as the spec names them (Grafana's names). */
export const ROOT_FIELDS = [
  'receiver',
  'group_by',
  'group_wait',
  'group_interval',
  'repeat_interval',
  'routes',
];
export const ROUTE_FIELDS = [
  'receiver',
  'object_matchers',
  'continue',
  'group_by',
  'group_wait',
  'group_interval',
  'repeat_interval',
  'mute_time_intervals',
  'active_time_intervals',
  'routes',
];

/**
 * The tree a spec asks for, checked and in normal form, with the names it depends on; `merged`
 * (routes of GrafanaNotificationPolicyRoute objects, checked) follow the spec's own routes.
 */
export function desiredPolicyTree(
  spec: GrafanaNotificationPolicySpec,
  merged: readonly NotificationPolicy[] = [],
): DesiredPolicyTree {
  const fromSpec = treeFromSpec(spec);
  const routes = [...(fromSpec.routes ?? []), ...merged];
  const tree = normaliseRoute({ ...fromSpec, ...(routes.length ? { routes } : {}) }, true);
  return {
    tree,
    editable: spec.editableInGrafana ?? false,
    receivers: [...routeReceivers(tree)].sort(),
    timeIntervals: [...routeTimeIntervals(tree)].sort(),
  };
}

// -------------------------------------------------------------------------------------------------
// The spec: validation (what the CRD cannot check) and normal form

/**
 * The tree the spec describes, checked on every level: the apiserver checks five levels of nested
 * routes structurally but cannot check a matcher's operator or group_by's wildcard, and keeps
 * deeper routes unchecked. Throws InvalidSpec naming the field.
 */
export function treeFromSpec(spec: GrafanaNotificationPolicySpec): NotificationPolicy {
  const root: Record<string, unknown> = {};
  for (const field of ROOT_FIELDS) {
    const value = (spec as unknown as Record<string, unknown>)[field];
    if (value !== undefined) root[field] = value;
  }
  const tree = checkRoute(root, 'spec', true);
  if (!tree.receiver) throw invalid('spec.receiver', 'is required: the default contact point');
  return tree;
}

/**
 * A nested policy given outside a tree (a GrafanaNotificationPolicyRoute's spec.route), checked
 * as the tree's nested policies are and in normal form. Throws InvalidSpec naming the field.
 */
export function nestedRouteFromSpec(value: unknown, path: string): NotificationPolicy {
  return normaliseRoute(checkRoute(value, path, false));
}

function checkRoute(value: unknown, path: string, isRoot: boolean): NotificationPolicy {
  if (!isObject(value)) throw invalid(path, 'must be an object (a nested policy)');
  const route: NotificationPolicy = {};
  for (const [field, raw] of Object.entries(value)) {
    const at = `${path}.${field}`;
    if (!(isRoot ? ROOT_FIELDS : ROUTE_FIELDS).includes(field)) {
      throw invalid(
        at,
        `is not a field of ${isRoot ? 'the root policy' : 'a nested policy'} (${(isRoot ? ROOT_FIELDS : ROUTE_FIELDS).join(', ')})`,
      );
    }
    if (raw === undefined || raw === null) continue;
    switch (field) {
      case 'receiver':
        if (typeof raw !== 'string' || raw === '') throw invalid(at, 'must be a contact point name');
        route.receiver = raw;
        break;
      case 'group_by': {
        const labels = stringList(raw, at);
        const seen = new Set<string>();
        for (const label of labels) {
          if (seen.has(label)) throw invalid(at, `names "${label}" twice`);
          seen.add(label);
        }
        if (seen.has('...') && seen.size > 1)
          throw invalid(at, '"..." (group by all labels) cannot be combined with other labels');
        route.group_by = labels;
        break;
      }
      case 'group_wait':
      case 'group_interval':
      case 'repeat_interval': {
        const ms = typeof raw === 'string' ? parsePromDuration(raw) : undefined;
        if (ms === undefined) throw invalid(at, `"${String(raw)}" is not ${PROM_DURATION_FORM}`);
        if (ms === 0 && field !== 'group_wait') throw invalid(at, 'cannot be zero');
        route[field] = raw as string;
        break;
      }
      case 'object_matchers':
        route.object_matchers = matchers(raw, at);
        break;
      case 'continue':
        if (typeof raw !== 'boolean') throw invalid(at, 'must be true or false');
        route.continue = raw;
        break;
      case 'mute_time_intervals':
      case 'active_time_intervals':
        route[field] = stringList(raw, at);
        break;
      case 'routes':
        if (!Array.isArray(raw)) throw invalid(at, 'must be a list of nested policies');
        route.routes = raw.map((child, i) => checkRoute(child, `${at}[${i}]`, false));
        break;
    }
  }
  return route;
}

function matchers(raw: unknown, path: string): ObjectMatcher[] {
  if (!Array.isArray(raw)) throw invalid(path, 'must be a list of [label, operator, value] triples');
  return raw.map((matcher, i) => {
    const at = `${path}[${i}]`;
    if (!Array.isArray(matcher) || matcher.length !== 3 || matcher.some((part) => typeof part !== 'string'))
      throw invalid(at, 'must be a [label, operator, value] triple of strings');
    const [label, op, value] = matcher as [string, string, string];
    if (label === '') throw invalid(at, 'needs a label name');
    if (!OPERATORS.includes(op as MatchOperator))
      throw invalid(at, `has operator "${op}"; use one of ${OPERATORS.join(' ')}`);
    return [label, op as MatchOperator, value];
  });
}

function stringList(raw: unknown, path: string): string[] {
  if (!Array.isArray(raw) || raw.some((item) => typeof item !== 'string' || item === ''))
    throw invalid(path, 'must be a list of non-empty strings');
  return raw as string[];
}

function invalid(path: string, problem: string): ObjectError {
  return new ObjectError('InvalidSpec', `${path} ${problem}`);
}

/**
 * A route as Grafana stores and returns it (contract §12), so the desired tree and Grafana's can
 * be compared as they are: durations in Prometheus' canonical form; object matchers with one
 * surrounding pair of quotes removed from values and sorted by label, value, then operator
 * (Grafana's ObjectMatchers decoding); empty lists, empty receivers and `continue: false` left
 * out; `provenance` dropped. Legacy matcher forms Grafana may hold (matchers, match, match_re) are
 * kept, so that they show as drift.
 */
export function normaliseRoute(route: NotificationPolicy, isRoot = false): NotificationPolicy {
  const out: NotificationPolicy = {};
  if (route.receiver) out.receiver = route.receiver;
  if (route.group_by?.length) out.group_by = [...route.group_by];
  if (route.object_matchers?.length) out.object_matchers = sortMatchers(route.object_matchers);
  if (route.matchers?.length) out.matchers = [...route.matchers];
  if (route.match && Object.keys(route.match).length) out.match = { ...route.match };
  if (route.match_re && Object.keys(route.match_re).length) out.match_re = { ...route.match_re };
  if (route.mute_time_intervals?.length) out.mute_time_intervals = [...route.mute_time_intervals];
  if (route.active_time_intervals?.length) out.active_time_intervals = [...route.active_time_intervals];
  if (route.continue === true) out.continue = true;
  if (route.routes?.length) out.routes = route.routes.map((child) => normaliseRoute(child));
  for (const field of ['group_wait', 'group_interval', 'repeat_interval'] as const) {
    const text = route[field];
    if (text === undefined || text === '') continue;
    const ms = parsePromDuration(text);
    out[field] = ms === undefined ? text : formatPromDuration(ms);
  }
  if (isRoot) delete out.continue; // meaningless on the root; Grafana ignores it
  return out;
}

function sortMatchers(matchers: readonly ObjectMatcher[]): ObjectMatcher[] {
  const unquote = (value: string) => value.replace(/^"/, '').replace(/"$/, '');
  return matchers
    .map(([label, op, value]) => [label, op, unquote(value)] as ObjectMatcher)
    .sort(
      (a, b) =>
        byteCompare(a[0], b[0]) ||
        byteCompare(a[2], b[2]) ||
        OPERATORS.indexOf(a[1]) - OPERATORS.indexOf(b[1]),
    );
}

/** Go's string order (bytes), which alertmanager's matcher sort uses. */
function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Whether a tree (in normal form) is one of Grafana's default trees. */
export function isDefaultTree(tree: NotificationPolicy): boolean {
  return DEFAULT_TREES.some((candidate) => sameJsonValue(tree, candidate));
}

/**
 * Where Grafana's tree differs from the desired one, as field paths (`routes[0].object_matchers`);
 * [] = in sync. With editableInGrafana nothing is drift: edits made in Grafana stay until the
 * object changes (a new hash writes it again). Without it, a tree that lost its provenance
 * (reset, or written without it) is drift too, so it is locked again.
 */
export function diffPolicyTree(desired: DesiredPolicyTree, observed: ObservedPolicyTree): string[] {
  if (desired.editable) return [];
  const drift = diffRoute(desired.tree, observed.tree, '');
  if (observed.provenance !== 'api') drift.push('provenance');
  return drift;
}

const COMPARED_FIELDS = [
  'receiver',
  'group_by',
  'object_matchers',
  'matchers',
  'match',
  'match_re',
  'mute_time_intervals',
  'active_time_intervals',
  'continue',
  'group_wait',
  'group_interval',
  'repeat_interval',
] as const;

function diffRoute(desired: NotificationPolicy, observed: NotificationPolicy, path: string): string[] {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  const drift: string[] = [];
  for (const field of COMPARED_FIELDS) {
    if (!sameJsonValue(desired[field], observed[field])) drift.push(at(field));
  }
  const wanted = desired.routes ?? [];
  const found = observed.routes ?? [];
  if (wanted.length !== found.length) {
    drift.push(at('routes'));
  } else {
    wanted.forEach((child, i) => drift.push(...diffRoute(child, found[i]!, at(`routes[${i}]`))));
  }
  return drift;
}

/** Every receiver the tree names. */
export function routeReceivers(route: NotificationPolicy, out = new Set<string>()): Set<string> {
  if (route.receiver) out.add(route.receiver);
  for (const child of route.routes ?? []) routeReceivers(child, out);
  return out;
}

/** Every mute or active time interval the tree names. */
export function routeTimeIntervals(route: NotificationPolicy, out = new Set<string>()): Set<string> {
  for (const name of [...(route.mute_time_intervals ?? []), ...(route.active_time_intervals ?? [])])
    out.add(name);
  for (const child of route.routes ?? []) routeTimeIntervals(child, out);
  return out;
}

/**
 * The policies of the tree for which `uses` holds, described as Grafana's UI shows them: the root
 * is "the default policy", a nested one by its matchers.
 */
export function policiesUsing(
  root: NotificationPolicy,
  uses: (route: NotificationPolicy) => boolean,
): string[] {
  const found: string[] = [];
  const walk = (route: NotificationPolicy, isRoot: boolean) => {
    if (uses(route)) found.push(isRoot ? 'the default policy' : `the policy matching ${matchersOf(route)}`);
    for (const child of route.routes ?? []) walk(child, false);
  };
  walk(root, true);
  return found;
}

export function matchersOf(route: NotificationPolicy): string {
  const parts = [
    ...(route.object_matchers ?? []).map(([label, op, value]) => `${label}${op}${JSON.stringify(value)}`),
    ...(route.matchers ?? []),
    ...Object.entries(route.match ?? {}).map(([label, value]) => `${label}=${JSON.stringify(value)}`),
    ...Object.entries(route.match_re ?? {}).map(([label, value]) => `${label}=~${JSON.stringify(value)}`),
  ];
  return parts.length > 0 ? parts.join(', ') : 'all alerts (no matchers)';
}

// -------------------------------------------------------------------------------------------------
// Verdicts and messages

/**
 * Grafana's tree (`GET /policies`) as observed on `instance`: in normal form, its provenance apart.
 * A tree of another manager is a Conflict (provisionedConflict), before adopt is considered.
 */
export function observedPolicyTree(current: NotificationPolicy, instance: string): ObservedPolicyTree {
  const provenance = provenanceOf(current);
  if (isForeignManaged(provenance)) throw provisionedConflict(instance, provenance);
  return { tree: normaliseRoute(current, true), provenance, instance };
}

/**
 * A tree provisioned from files (or another manager): checked before adopt is considered, since no
 * setting makes such a tree ours.
 */
export function provisionedConflict(instance: string, provenance: string): ObjectError {
  return new ObjectError(
    'Conflict',
    `the notification policy tree on GrafanaInstance ${instance} is provisioned ${
      provenance === 'file' ? 'from files' : `with provenance "${provenance}"`
    }: it cannot be managed through the API (Grafana restores it from its provisioning on restart), even with spec.adopt; remove it from Grafana's provisioning first`,
  );
}

/**
 * Whether this object may write over the tree found without adopt: it wrote it (`appliedHash` of
 * its status entry for the instance), or the tree is Grafana's untouched default. Otherwise why
 * not, saying what the tree is, rather than the generic uid clash.
 */
export function ownsPolicyTree(observed: ObservedPolicyTree, appliedHash: string | undefined): Ownership {
  if (appliedHash) return { ours: true }; // written by this object
  if (observed.provenance === '' && isDefaultTree(observed.tree)) return { ours: true }; // nobody's yet
  return {
    ours: false,
    message: `the notification policy tree on GrafanaInstance ${observed.instance} was not written by this object (${
      observed.provenance === 'api'
        ? 'it was written through the provisioning API by someone else'
        : "it was edited in Grafana's UI or written without provenance"
    }); set spec.adopt: true to take it over`,
  };
}
