import {
  GrafanaNotificationPolicyResource,
  grafanaNotificationPolicySpecSchema,
  type GrafanaNotificationPolicy,
  type GrafanaNotificationPolicySpec,
} from '../api/generated/index.js';
import {
  GrafanaProvenanceConflictError,
  provenanceOf,
  undefinedIfNotFound,
  type MatchOperator,
  type NotificationPolicy,
  type ObjectMatcher,
} from '../grafana/index.js';
import { formatPromDuration, parsePromDuration, PROM_DURATION_FORM } from '../runtime/duration.js';
import { isNotFound } from '../runtime/kube/errors.js';
import type { KubeObject, ResourceType } from '../runtime/kube/types.js';
import { ReferenceTracker } from '../runtime/references.js';
import { ObjectError, type Applied, type KindContext, type ObjectKind } from './shared/grafana-object.js';
import { canonicalJson } from './shared/hash.js';
import type { InstanceTarget } from './shared/targets.js';

/**
 * A kind whose objects put into Grafana a name the tree refers to: contact points (receivers) or
 * mute timings (time intervals). Their changes requeue the trees that use them.
 */
export interface PolicyDependencyKind {
  resource: ResourceType;
  provides: 'receiver' | 'timeInterval';
  /** The name an object of this kind has in Grafana (its spec.name, by default metadata.name). */
  nameOf(object: KubeObject & { spec?: unknown }): string;
}

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

/** The tree has no uid in Grafana: this fixed identity stands for it in status and claims. */
export const POLICY_TREE_ID = 'policy-tree';
const POLICY_TREE_URL = '/alerting/routes';

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

const RECEIVERS_SNAPSHOT = 'notification-policy/receiver-names';
const TIME_INTERVALS_SNAPSHOT = 'notification-policy/time-interval-names';

const OPERATORS: readonly MatchOperator[] = ['=', '!=', '=~', '!~'];
const ROOT_FIELDS = ['receiver', 'group_by', 'group_wait', 'group_interval', 'repeat_interval', 'routes'];
const ROUTE_FIELDS = [
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
 * GrafanaNotificationPolicy: the org's whole notification policy tree, written with one
 * `PUT /api/v1/provisioning/policies` (contract §8.5). Grafana keeps one tree per org, so the
 * object claims the key `policy-tree` per instance (the older object holds it; a second one is
 * Ready=False/Conflict naming the holder).
 *
 * Reads: one `GET /policies` per reconcile; the contact point and mute timing lists (shared per
 * instance through snapshots, re-read once when a name is missing) only before a write, to wait
 * (DependencyNotReady) for the receivers and time intervals the tree names instead of sending
 * Grafana a tree it would refuse.
 *
 * Compared (contract §12), on a normal form applied to both sides: durations in Prometheus' form
 * (`60s` → `1m`), object matchers sorted and unquoted as Grafana stores them, empty lists and
 * `continue: false` dropped; `provenance` is judged on its own. group_by, time intervals and the
 * order of nested routes are kept as given (they are ordered in Grafana too).
 *
 * Provenance (§8.9, relaxed rule): a tree written with provenance `api` cannot be rewritten with
 * none in place, so switching to editableInGrafana writes the tree (checking it), resets it and
 * writes it again with `X-Disable-Provenance`. A tree provisioned from files is never managed.
 * PUT /policies takes no version (the provisioning handler passes none), so writes are
 * last-writer-wins; they run one at a time per instance with the other notification resources.
 */
export function grafanaNotificationPolicyKind(
  dependencies: readonly PolicyDependencyKind[] = [],
): ObjectKind<
  GrafanaNotificationPolicySpec,
  GrafanaNotificationPolicy,
  DesiredPolicyTree,
  ObservedPolicyTree
> {
  // Objects of the dependency kinds, listed once per reconcile (desired runs once per instance).
  const listed = new WeakMap<object, Promise<Array<{ kind: PolicyDependencyKind; objects: KubeObject[] }>>>();

  return {
    resource: GrafanaNotificationPolicyResource,
    specSchema: grafanaNotificationPolicySpecSchema,

    async desired(context) {
      const { spec } = context.object;
      const tree = normaliseRoute(treeFromSpec(spec), true);
      const receivers = [...routeReceivers(tree)].sort();
      const timeIntervals = [...routeTimeIntervals(tree)].sort();
      let pending = listed.get(context.object);
      if (!pending) listed.set(context.object, (pending = listDependencies(context, dependencies)));
      for (const { kind, objects } of await pending) {
        const names = kind.provides === 'receiver' ? receivers : timeIntervals;
        addDependencyReferences(context, kind, names, objects);
      }
      return { tree, editable: spec.editableInGrafana ?? false, receivers, timeIntervals };
    },

    hashable: ({ tree, editable }) => ({ tree, editable }),

    // One tree per org: whichever object is older holds it on an instance.
    claims: () => [POLICY_TREE_ID],

    async observe(target) {
      // In turn with writes: an object taking over from one being deleted reads the reset tree.
      const current = await target.exclusive(() =>
        undefinedIfNotFound(target.api.notificationPolicies.get()),
      );
      if (!current) return undefined;
      const provenance = provenanceOf(current);
      // Checked here, before adopt is considered: no setting makes such a tree ours.
      if (provenance !== '' && provenance !== 'api') throw provisionedConflict(target, provenance);
      return { tree: normaliseRoute(current, true), provenance, instance: target.name };
    },

    diff: diffPolicyTree,

    owns(observed, context) {
      const entry = context.object.status?.instances?.find((e) => e.name === observed.instance);
      if (entry?.appliedHash) return true; // written by this object
      if (observed.provenance === '' && isDefaultTree(observed.tree)) return true; // nobody's yet
      // Thrown rather than returned, to say what the tree is instead of the generic uid clash.
      throw new ObjectError(
        'Conflict',
        `the notification policy tree on GrafanaInstance ${observed.instance} was not written by this object (${
          observed.provenance === 'api'
            ? 'it was written through the provisioning API by someone else'
            : "it was edited in Grafana's UI or written without provenance"
        }); set spec.adopt: true to take it over`,
      );
    },

    async write(target, _uid, desired, observed) {
      await waitForDependencies(target, desired);
      const policies = target.api.notificationPolicies;
      await target.exclusive(async () => {
        const stored = observed?.provenance ?? '';
        if (desired.editable && stored !== '') {
          await unlock(target, desired.tree);
          return;
        }
        try {
          await policies.put(desired.tree, { disableProvenance: desired.editable });
        } catch (err) {
          // Provisioned by someone since we read it: take it to provenance none the long way.
          if (!(err instanceof GrafanaProvenanceConflictError) || !desired.editable) throw err;
          await unlock(target, desired.tree);
        }
      });
      return describe();
    },

    async remove(target) {
      const policies = target.api.notificationPolicies;
      await target.exclusive(async () => {
        const current = await undefinedIfNotFound(policies.get());
        if (!current) return;
        const provenance = provenanceOf(current);
        // Provisioned from files since: not ours to reset.
        if (provenance !== '' && provenance !== 'api') return;
        // The reset must name the stored provenance (relaxed rule, §8.9).
        await policies.reset({ disableProvenance: provenance === '' });
      });
    },

    describe,
  };
}

/**
 * From provenance `api` to none: Grafana refuses that change in place (403, §8.9) but a reset
 * clears the provenance. The tree is first written as it is (provenance api), so an invalid
 * tree fails before the reset and the old tree stays; then reset, then written without provenance.
 */
async function unlock(target: InstanceTarget, tree: NotificationPolicy): Promise<void> {
  const policies = target.api.notificationPolicies;
  await policies.put(tree);
  await policies.reset();
  await policies.put(tree, { disableProvenance: true });
}

function describe(): Applied {
  return { uid: POLICY_TREE_ID, url: POLICY_TREE_URL };
}

function provisionedConflict(target: InstanceTarget, provenance: string): ObjectError {
  return new ObjectError(
    'Conflict',
    `the notification policy tree on GrafanaInstance ${target.name} is provisioned ${
      provenance === 'file' ? 'from files' : `with provenance "${provenance}"`
    }: it cannot be managed through the API (Grafana restores it from its provisioning on restart), even with spec.adopt; remove it from Grafana's provisioning first`,
  );
}

// -------------------------------------------------------------------------------------------------
// Dependencies

async function listDependencies(
  context: KindContext<GrafanaNotificationPolicy>,
  dependencies: readonly PolicyDependencyKind[],
): Promise<Array<{ kind: PolicyDependencyKind; objects: KubeObject[] }>> {
  return Promise.all(
    dependencies.map(async (kind) => {
      try {
        return { kind, objects: (await context.kube.list(kind.resource, context.namespace)).items };
      } catch (err) {
        // Only requeueing depends on these references: without the list (that kind's CRD is not
        // installed, or the list failed) the objects named like the receivers still are.
        if (!isNotFound(err))
          context.logger.warn(
            { err, kind: kind.resource.kind },
            'cannot list the objects the policy tree depends on',
          );
        return { kind, objects: [] };
      }
    }),
  );
}

/**
 * References to the objects that provide the names the tree uses: those named like the receiver
 * or mute timing (the default, and one created later), and those whose spec names it.
 */
function addDependencyReferences(
  context: KindContext<GrafanaNotificationPolicy>,
  kind: PolicyDependencyKind,
  names: readonly string[],
  objects: readonly KubeObject[],
): void {
  const add = (name: string) =>
    context.references.add(ReferenceTracker.key(kind.resource.kind, context.namespace, name));
  names.forEach(add);
  for (const object of objects) {
    if (names.includes(kind.nameOf(object as KubeObject & { spec?: unknown })))
      add(object.metadata?.name ?? '');
  }
}

/**
 * Every receiver and time interval the tree names must exist in Grafana (it refuses the tree
 * otherwise). Read from per-instance lists; a name missing from them is looked for once more in
 * fresh lists before the tree waits.
 */
async function waitForDependencies(target: InstanceTarget, desired: DesiredPolicyTree): Promise<void> {
  const missing = async (fresh: boolean) => {
    if (fresh) {
      target.snapshots.invalidate(RECEIVERS_SNAPSHOT);
      target.snapshots.invalidate(TIME_INTERVALS_SNAPSHOT);
    }
    const [receivers, intervals] = await Promise.all([
      desired.receivers.length ? receiverNames(target) : new Map<string, true>(),
      desired.timeIntervals.length ? timeIntervalNames(target) : new Map<string, true>(),
    ]);
    return {
      receivers: desired.receivers.filter((name) => !receivers.has(name)),
      timeIntervals: desired.timeIntervals.filter((name) => !intervals.has(name)),
    };
  };
  let absent = await missing(false);
  if (absent.receivers.length || absent.timeIntervals.length) absent = await missing(true);
  if (!absent.receivers.length && !absent.timeIntervals.length) return;
  const parts = [
    ...(absent.receivers.length
      ? [`${absent.receivers.length === 1 ? 'contact point' : 'contact points'} ${quoted(absent.receivers)}`]
      : []),
    ...(absent.timeIntervals.length
      ? [
          `${absent.timeIntervals.length === 1 ? 'mute timing' : 'mute timings'} ${quoted(absent.timeIntervals)}`,
        ]
      : []),
  ];
  throw new ObjectError(
    'DependencyNotReady',
    `waiting for ${parts.join(' and ')} to exist in Grafana (e.g. as GrafanaContactPoint / GrafanaMuteTiming objects in this namespace)`,
  );
}

function receiverNames(target: InstanceTarget): Promise<Map<string, true>> {
  return target.snapshots.get(RECEIVERS_SNAPSHOT, async () =>
    (await target.api.contactPoints.list()).map((cp) => [cp.name, true] as [string, true]),
  );
}

function timeIntervalNames(target: InstanceTarget): Promise<Map<string, true>> {
  return target.snapshots.get(TIME_INTERVALS_SNAPSHOT, async () =>
    (await target.api.muteTimings.list()).map((mt) => [mt.name, true] as [string, true]),
  );
}

function quoted(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
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
  return DEFAULT_TREES.some((candidate) => sameJson(tree, candidate));
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
    if (!sameJson(desired[field], observed[field])) drift.push(at(field));
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

/** Equal as JSON values (whatever realm built them; undefined and absent alike). */
function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
