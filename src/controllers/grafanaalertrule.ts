import {
  GrafanaAlertRuleGroupResource,
  GrafanaAlertRuleResource,
  GrafanaDatasourceResource,
  grafanaAlertRuleSpecSchema,
  type GrafanaAlertRule,
  type GrafanaAlertRuleGroup,
  type GrafanaAlertRuleSpec,
} from '../api/generated/index.js';
import { buildRule, diffRule, validateRule, type DesiredRule } from '../alerting/alert-rule-model.js';
import { foreignRuleConflict, isForeignManaged, wantedProvenance } from '../alerting/provenance.js';
import {
  GrafanaAlreadyExistsError,
  GrafanaNotFoundError,
  GrafanaProvenanceConflictError,
  GrafanaVersionMismatchError,
  type AlertRuleInput,
  type ProvisionedAlertRule,
} from '../grafana/index.js';
import { alertRuleList, datasourceResolver } from '../alerting/alert-rule-reads.js';
import { ObjectError } from '../lib/object-error.js';
import { type Applied, type KindContext, type ObjectKind, writtenUid } from '../sync/object-kind.js';
import { locationKey, type RuleGroupOwners, type RuleOwner } from '../alerting/rule-group-owners.js';
import type { InstanceTarget } from '../sync/targets.js';
import { resolveFolderRef } from './folder-ref.js';

export interface DesiredAlertRule {
  folderUid: string;
  group: string;
  rule: DesiredRule;
  editable: boolean;
}

export interface ObservedAlertRule {
  rule: ProvisionedAlertRule;
}

/**
 * GrafanaAlertRule: one rule through `/api/v1/provisioning/alert-rules[/:uid]` (contract §8.2), in
 * a group that other GrafanaAlertRules may share but a GrafanaAlertRuleGroup may not (see
 * RuleGroupOwners). Reads come from one list of every rule per instance (shared by all objects);
 * only a rule missing from it is looked up on its own before it is created.
 *
 * Provenance (§8.9): written with `api`, or none with editableInGrafana. Grafana's PUT cannot
 * change `api` to none in place (it answers 500), so that switch deletes the rule and creates it
 * again under the same uid; none to `api` is an ordinary PUT. Deletes go without
 * X-Disable-Provenance, which Grafana accepts for both. A rule provisioned from files is never
 * touched, adopt or not.
 */
export function grafanaAlertRuleKind(deps: {
  owners: RuleGroupOwners;
}): ObjectKind<
  GrafanaAlertRuleSpec,
  GrafanaAlertRule,
  DesiredAlertRule,
  ObservedAlertRule,
  ProvisionedAlertRule
> {
  return {
    resource: GrafanaAlertRuleResource,
    list: alertRuleList,
    specSchema: grafanaAlertRuleSpecSchema,
    folderRef: (spec) => spec.folderRef,
    // Its queries may name GrafanaDatasources (datasourceRef).
    watches: [GrafanaDatasourceResource],
    connect: (objects, enqueue) => deps.owners.connect(GrafanaAlertRuleResource, objects, enqueue),

    async desired(context, target) {
      const { spec, metadata } = context.object;
      validateRule(spec, 'spec');
      const owner: RuleOwner = {
        kind: GrafanaAlertRuleResource.kind,
        namespace: context.namespace,
        name: metadata?.name ?? '',
      };
      const group = spec.ruleGroup;
      const folderUid = await deps.owners.claimPlacement(
        target.key,
        owner,
        { folderRef: spec.folderRef, folderUID: spec.folderUID, group, ruleUids: [context.uid] },
        (folderRef) => resolveFolderRef(context, target, folderRef),
        'a rule group managed whole by a GrafanaAlertRuleGroup cannot also take single GrafanaAlertRules ' +
          "(replacing the group would delete this rule); add this rule to that object's spec.rules, or put it in another group",
      );
      const rule = await buildRule(spec, context.uid, datasourceResolver(context, target));
      return { folderUid, group, rule, editable: spec.editableInGrafana ?? false };
    },

    async observe({ target, uid }) {
      let rule = await alertRuleList.on(target).get(uid);
      if (!rule) {
        // Not in the list (up to 10 s old): one GET before creating, so that a rule made in Grafana
        // meanwhile is judged by the ownership rules (Conflict unless adopt) instead of overwritten.
        rule = await target.api.alertRules.find(uid);
        if (rule) alertRuleList.on(target).put(rule);
      }
      if (!rule) return undefined;
      if (isForeignManaged(rule.provenance)) throw foreignRuleConflict(rule);
      return { rule };
    },

    diff: diffAlertRule,

    async write({ context, target, uid, desired, observed }) {
      let written: ProvisionedAlertRule;
      if (!observed) {
        await refuseGroupManagedWhole(context, target, desired);
        written = await create(target, desired);
      } else if ((observed.rule.provenance ?? '') !== '' && desired.editable) {
        // `api` → none: Grafana's PUT refuses any provenance change of a rule that has one.
        written = await recreate(target, uid, desired);
      } else {
        written = await update(target, uid, desired);
      }
      return { ...describe({ rule: written }), listed: written };
    },

    async remove(target, uid) {
      // 204 also when it is gone; without X-Disable-Provenance, accepted for api and none (§8.9).
      await target.api.alertRules.delete(uid);
    },

    describe,

    /**
     * Ours without adopt: the rule this object last wrote on the instance, or one with the uid
     * derived from this object's name (it made it before, e.g. it was deleted with deletionPolicy
     * Orphan and created again). Rules provisioned from files never get here (observe refuses them).
     */
    owns({ rule }, { context, record }) {
      if (writtenUid(record) === rule.uid) return { ours: true };
      return { ours: context.object.spec.uid === undefined && rule.uid === context.uid };
    },
  };
}

/**
 * Where Grafana's rule differs from the desired one; [] = in sync. With editableInGrafana only a
 * provenance other than the requested one counts: edits made in the UI stay until the spec changes.
 */
export function diffAlertRule(desired: DesiredAlertRule, observed: ObservedAlertRule): string[] {
  const drift: string[] = [];
  if ((observed.rule.provenance ?? '') !== wantedProvenance(desired.editable)) drift.push('provenance');
  if (desired.editable) return drift;
  if (observed.rule.folderUID !== desired.folderUid) drift.push('folder');
  if (observed.rule.ruleGroup !== desired.group) drift.push('ruleGroup');
  drift.push(...diffRule(desired.rule, observed.rule));
  return drift;
}

function body(desired: DesiredAlertRule): AlertRuleInput {
  return { ...desired.rule, folderUID: desired.folderUid, ruleGroup: desired.group };
}

/**
 * Before a create: a group object's claims may not be recorded yet (e.g. just after a restart), so
 * its status tells whether the group is managed whole, which would delete this rule.
 */
async function refuseGroupManagedWhole(
  context: KindContext<GrafanaAlertRule>,
  target: InstanceTarget,
  desired: DesiredAlertRule,
): Promise<void> {
  const groups = await groupOwners(context, target, desired.folderUid, desired.group);
  if (groups.length === 0) return;
  throw new ObjectError(
    'Conflict',
    `rule group "${desired.group}" in folder ${desired.folderUid} is managed whole by ${groups.map((g) => `GrafanaAlertRuleGroup ${context.namespace}/${g}`).join(', ')}, which would delete this rule; add it to that object's spec.rules, or put it in another group`,
  );
}

async function create(target: InstanceTarget, desired: DesiredAlertRule): Promise<ProvisionedAlertRule> {
  try {
    return await target.api.alertRules.create(body(desired), { disableProvenance: desired.editable });
  } catch (err) {
    // It appeared since we looked: the sync layer observes again and judges it by the ownership
    // rules (a Conflict unless ours or adopted) at once, instead of at the next resync. The list
    // is let go here too, as the create of a recreate or of an update is not one the layer sees.
    if (err instanceof GrafanaAlreadyExistsError) alertRuleList.on(target).invalidate();
    throw err;
  }
}

/** Deletes the rule and creates it again under the same uid, with the requested provenance. */
async function recreate(
  target: InstanceTarget,
  uid: string,
  desired: DesiredAlertRule,
): Promise<ProvisionedAlertRule> {
  await target.api.alertRules.delete(uid);
  alertRuleList.on(target).remove(uid);
  return create(target, desired);
}

/**
 * PUT, whose answer is the stored rule (with the models as sent, which are already in stored form).
 * A 409 from the store's optimistic lock is retried once after reading the rule again; a second
 * one is a Conflict, retried later. A provenance Grafana will not change in place means
 * delete and create; a rule deleted meanwhile is created again.
 */
async function update(
  target: InstanceTarget,
  uid: string,
  desired: DesiredAlertRule,
): Promise<ProvisionedAlertRule> {
  const rules = target.api.alertRules;
  const put = () => rules.update(uid, body(desired), { disableProvenance: desired.editable });
  try {
    try {
      return await put();
    } catch (err) {
      if (!(err instanceof GrafanaVersionMismatchError)) throw err;
      const current = await rules.find(uid);
      if (!current) return await create(target, desired);
      return await put();
    }
  } catch (err) {
    if (err instanceof GrafanaProvenanceConflictError) return recreate(target, uid, desired);
    if (err instanceof GrafanaNotFoundError) {
      alertRuleList.on(target).remove(uid);
      return create(target, desired);
    }
    if (err instanceof GrafanaVersionMismatchError) {
      throw new ObjectError(
        'Conflict',
        `Grafana refused alert rule ${uid} twice because it was being changed at the same time (${err.message}); trying again later`,
      );
    }
    throw err;
  }
}

/** GrafanaAlertRuleGroups (not being deleted) whose last write on this instance was this group. */
async function groupOwners(
  context: KindContext<GrafanaAlertRule>,
  target: InstanceTarget,
  folderUid: string,
  group: string,
): Promise<string[]> {
  const groups = await context.kube.list<GrafanaAlertRuleGroup>(
    GrafanaAlertRuleGroupResource,
    context.namespace,
  );
  const location = locationKey(folderUid, group);
  return groups.items
    .filter(
      (g) =>
        !g.metadata?.deletionTimestamp &&
        (g.status?.instances ?? []).some(
          (e) => e.name === target.name && e.appliedHash && e.uid === location,
        ),
    )
    .map((g) => g.metadata?.name ?? '');
}

function describe({ rule }: ObservedAlertRule): Applied {
  return { uid: rule.uid, url: `/alerting/grafana/${rule.uid}/view` };
}
