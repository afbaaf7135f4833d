import {
  GrafanaAlertRuleGroupResource,
  GrafanaDatasourceResource,
  GrafanaAlertRuleResource,
  grafanaAlertRuleGroupSpecSchema,
  type GrafanaAlertRule,
  type GrafanaAlertRuleGroup,
  type GrafanaAlertRuleGroupSpec,
} from '../api/generated/index.js';
import {
  buildRule,
  deriveRuleUid,
  diffRule,
  validateRule,
  type DesiredRule,
} from '../alerting/alert-rule-model.js';
import { refuseForeignRuleGroup, wantedProvenance } from '../alerting/provenance.js';
import { GrafanaVersionMismatchError, undefinedIfNotFound, type AlertRuleGroup } from '../grafana/index.js';
import { parseDuration } from '../lib/duration.js';
import { alertRuleList, datasourceResolver, withProvenance } from '../alerting/alert-rule-reads.js';
import { ObjectError } from '../lib/object-error.js';
import {
  type Applied,
  type KindContext,
  type ObjectKind,
  showName,
  writtenUid,
} from '../sync/object-kind.js';
import {
  locationKey,
  parseLocation,
  type RuleGroupOwners,
  type RuleOwner,
} from '../alerting/rule-group-owners.js';
import type { InstanceTarget } from '../sync/targets.js';
import { resolveFolderRef } from './folder-ref.js';

export interface DesiredRuleGroup {
  folderUid: string;
  group: string;
  intervalSeconds: number;
  rules: DesiredRule[];
  editable: boolean;
}

export interface ObservedRuleGroup {
  group: AlertRuleGroup;
}

const DEFAULT_INTERVAL = '1m';
/** Grafana's scheduler tick (`unified_alerting.base_interval`, §8.3): intervals are multiples of it. */
const BASE_INTERVAL_MS = 10_000;

/**
 * GrafanaAlertRuleGroup: a folder's rule group, replaced as a whole with one
 * `PUT /api/v1/provisioning/folder/:folderUid/rule-groups/:group` (contract §8.3): rules are matched
 * by uid (every rule gets one from the spec, so matching is stable), rules missing from the body
 * are deleted, and Grafana writes nothing when nothing changed. The PUT answers with the request
 * echoed, so the group is read back with a GET, which is also how it is observed (404: absent;
 * the interval is not in any list, so there is one GET per group and resync).
 *
 * The group's identity in status (`status.instances[].uid`) is `<folderUid>/<group>`: a change of
 * folder or name creates the group at its new place and then deletes it where the status says it
 * was. Provenance (§8.9): rules are written with `api` or, with editableInGrafana, none; a switch
 * re-creates the group, because a PUT that changes no rule content changes no provenance either.
 * A group with rules provisioned from files is never touched, adopt or not.
 */
export function grafanaAlertRuleGroupKind(deps: {
  owners: RuleGroupOwners;
}): ObjectKind<GrafanaAlertRuleGroupSpec, GrafanaAlertRuleGroup, DesiredRuleGroup, ObservedRuleGroup> {
  return {
    resource: GrafanaAlertRuleGroupResource,
    specSchema: grafanaAlertRuleGroupSpecSchema,
    folderRef: (spec) => spec.folderRef,
    // Its rules' queries may name GrafanaDatasources (datasourceRef).
    watches: [GrafanaDatasourceResource],
    connect: (objects, enqueue) => deps.owners.connect(GrafanaAlertRuleGroupResource, objects, enqueue),

    async desired(context, target) {
      const { spec, metadata } = context.object;
      const group = spec.name ?? metadata?.name ?? '';
      const intervalSeconds = intervalOf(spec.interval ?? DEFAULT_INTERVAL);
      const uids = ruleUids(context);
      spec.rules.forEach((rule, i) => validateRule(rule, describeRule(i, rule.title)));

      const owner: RuleOwner = {
        kind: GrafanaAlertRuleGroupResource.kind,
        namespace: context.namespace,
        name: metadata?.name ?? '',
      };
      const folderUid = await deps.owners.claimPlacement(
        target.key,
        owner,
        { folderRef: spec.folderRef, folderUID: spec.folderUID, group, ruleUids: uids },
        (folderRef) => resolveFolderRef(context, target, folderRef),
        'a rule group is managed either whole, by one GrafanaAlertRuleGroup, or rule by rule, by ' +
          "GrafanaAlertRules, not both (replacing this group would delete their rules); move those rules into this object's spec.rules, or put them in another group",
      );

      const resolve = datasourceResolver(context, target);
      const rules: DesiredRule[] = [];
      for (const [i, rule] of spec.rules.entries())
        rules.push(await buildRule(rule, uids[i] as string, resolve));
      return { folderUid, group, intervalSeconds, rules, editable: spec.editableInGrafana ?? false };
    },

    // Another GrafanaAlertRuleGroup with the same group, or a rule uid of ours: the older one keeps it.
    claims: ({ folderUid, group, rules }) => [
      `group:${locationKey(folderUid, group)}`,
      ...rules.map((r) => `rule:${r.uid}`),
    ],

    async observe({ target, desired }) {
      const found = await target.api.ruleGroups.find(desired.folderUid, desired.group);
      if (!found || (found.rules ?? []).length === 0) return undefined;
      const group = { ...found, rules: await withProvenance(target, found.rules) };
      refuseForeignRuleGroup(group);
      return { group };
    },

    diff: diffRuleGroup,

    async write({ context, target, desired, observed, record }) {
      const location = locationKey(desired.folderUid, desired.group);
      const wanted = new Set(desired.rules.map((r) => r.uid));
      if (observed) {
        // The PUT deletes the group's rules that the spec does not list. If GrafanaAlertRules put
        // them there (their claims not recorded yet, e.g. just after a restart), leave it alone.
        const extra = observed.group.rules.filter((r) => !wanted.has(r.uid)).map((r) => r.uid);
        const singles = extra.length > 0 ? await singleRuleOwners(context, target, extra) : [];
        if (singles.length > 0) {
          throw new ObjectError(
            'Conflict',
            `rule group "${desired.group}" in folder ${desired.folderUid} holds rules of ${singles.map((s) => `GrafanaAlertRule ${context.namespace}/${s}`).join(', ')}, which replacing the group would delete; move them into spec.rules, or put them in another group`,
          );
        }
      }
      const stored = await replace(target, desired, observed?.group);
      alertRuleList.on(target).invalidate();
      // Moved or renamed: the group leaves the place this object last wrote it to, unless another
      // object claims that place now.
      const last = writtenUid(record);
      const old = last !== undefined && last !== location ? parseLocation(last) : undefined;
      if (old && deps.owners.claimants(target.key, old.folderUid, old.group).length === 0) {
        await undefinedIfNotFound(target.api.ruleGroups.delete(old.folderUid, old.group));
      }
      return { uid: stored ? locationKey(stored.folderUid, stored.title) : location };
    },

    async remove(target, uid) {
      const { folderUid, group } = parseLocation(uid);
      // Without X-Disable-Provenance: Grafana accepts that for rules of provenance api and none (§8.9).
      await target.api.ruleGroups.delete(folderUid, group);
      alertRuleList.on(target).invalidate();
    },

    describe: ({ group }) => ({ uid: locationKey(group.folderUid, group.title) }),
    shown: showName,

    /**
     * Ours without adopt: the group this object last wrote on the instance (its status says where),
     * or one whose rules all carry uids only this object derives (it made them before, e.g. it was
     * deleted with deletionPolicy Orphan and created again). Rules provisioned from files never get
     * here (observe refuses them).
     */
    owns({ group }, { context, record }) {
      if (writtenUid(record) === locationKey(group.folderUid, group.title)) return { ours: true };
      return { ours: group.rules.every((r) => r.uid === deriveRuleUid(context.uid, r.title)) };
    },
  };
}

/**
 * Where Grafana's group differs from the desired one; [] = in sync. With editableInGrafana only a
 * provenance other than the requested one counts: edits made in the UI stay until the spec changes.
 */
export function diffRuleGroup(desired: DesiredRuleGroup, observed: ObservedRuleGroup): string[] {
  const drift: string[] = [];
  const stored = observed.group.rules ?? [];
  if (provenanceMismatch(observed.group, desired)) drift.push('provenance');
  if (desired.editable) return drift;
  if (observed.group.interval !== desired.intervalSeconds) drift.push('interval');
  const byUid = new Map(stored.map((r) => [r.uid, r]));
  for (const rule of desired.rules) {
    const current = byUid.get(rule.uid);
    if (!current) drift.push(`rules["${rule.title}"] (deleted)`);
    else drift.push(...diffRule(rule, current).map((field) => `rules["${rule.title}"].${field}`));
  }
  const wanted = new Set(desired.rules.map((r) => r.uid));
  for (const rule of stored) if (!wanted.has(rule.uid)) drift.push(`rules["${rule.title}"] (added)`);
  const order = stored.filter((r) => wanted.has(r.uid)).map((r) => r.uid);
  const expected = desired.rules.map((r) => r.uid).filter((uid) => byUid.has(uid));
  if (order.join('\n') !== expected.join('\n')) drift.push('rules (order)');
  return drift;
}

/**
 * Replaces the group and reads it back (the PUT answers with the request, not the stored state).
 * A group whose rules have another provenance is deleted first: Grafana keeps a rule's provenance
 * when a PUT changes nothing else in it (an empty delta writes nothing, §8.3). A 409 from the
 * store's optimistic lock is retried once; the body does not depend on what is stored, so the
 * retry sends the same.
 */
async function replace(
  target: InstanceTarget,
  desired: DesiredRuleGroup,
  current: AlertRuleGroup | undefined,
): Promise<AlertRuleGroup | undefined> {
  const groups = target.api.ruleGroups;
  if (current && provenanceMismatch(current, desired)) {
    // Without X-Disable-Provenance, which Grafana accepts for rules of provenance api and none.
    await undefinedIfNotFound(groups.delete(desired.folderUid, desired.group));
  }
  const put = () =>
    groups.put(
      desired.folderUid,
      desired.group,
      { interval: desired.intervalSeconds, rules: desired.rules },
      { disableProvenance: desired.editable },
    );
  try {
    await put();
  } catch (err) {
    if (!(err instanceof GrafanaVersionMismatchError)) throw err;
    try {
      await put();
    } catch (again) {
      if (!(again instanceof GrafanaVersionMismatchError)) throw again;
      throw new ObjectError(
        'Conflict',
        `Grafana refused rule group "${desired.group}" twice because it was being changed at the same time (${again.message}); trying again later`,
      );
    }
  }
  return groups.find(desired.folderUid, desired.group);
}

/** Whether a rule of ours in Grafana's group has another provenance than the one requested. */
function provenanceMismatch(group: AlertRuleGroup, desired: DesiredRuleGroup): boolean {
  const wanted = new Set(desired.rules.map((r) => r.uid));
  const requested = wantedProvenance(desired.editable);
  return (group.rules ?? []).some((r) => wanted.has(r.uid) && (r.provenance ?? '') !== requested);
}

/** Every rule's uid: the spec's, or derived from the object and the title; unique in the group. */
function ruleUids(context: KindContext<GrafanaAlertRuleGroup>): string[] {
  const rules = context.object.spec.rules;
  const uids = rules.map((rule) => rule.uid ?? deriveRuleUid(context.uid, rule.title));
  uids.forEach((uid, i) => {
    const first = uids.indexOf(uid);
    if (first === i) return;
    const rule = rules[i]!;
    const derived = rule.uid === undefined && rules[first]!.uid === undefined;
    throw new ObjectError(
      'InvalidSpec',
      derived
        ? `${describeRule(i, rule.title)} has the same title as ${describeRule(first, rules[first]!.title)}; give one of them a uid`
        : `${describeRule(i, rule.title)} has the same uid "${uid}" as ${describeRule(first, rules[first]!.title)}`,
    );
  });
  return uids;
}

/** GrafanaAlertRules (not being deleted) whose last write on this instance was a rule with one of these uids. */
async function singleRuleOwners(
  context: KindContext<GrafanaAlertRuleGroup>,
  target: InstanceTarget,
  uids: string[],
): Promise<string[]> {
  const rules = await context.kube.list<GrafanaAlertRule>(GrafanaAlertRuleResource, context.namespace);
  return rules.items
    .filter(
      (rule) =>
        !rule.metadata?.deletionTimestamp &&
        (rule.status?.instances ?? []).some(
          (e) => e.name === target.name && e.appliedHash && uids.includes(e.uid ?? ''),
        ),
    )
    .map((rule) => rule.metadata?.name ?? '');
}

/** The interval in seconds: positive and a multiple of 10 s (the CRD checks it too). */
function intervalOf(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0 || ms % BASE_INTERVAL_MS !== 0) {
    throw new ObjectError(
      'InvalidSpec',
      `spec.interval "${text}" must be a positive multiple of 10s, such as 10s, 1m or 5m (Grafana evaluates rule groups on a 10-second tick)`,
    );
  }
  return ms / 1000;
}

function describeRule(index: number, title: string): string {
  return `spec.rules[${index}] ("${title}")`;
}

export type { Applied };
