import {
  GrafanaAlertRuleResource,
  GrafanaContactPointResource,
  GrafanaDatasourceResource,
  GrafanaMuteTimingResource,
  grafanaAlertRuleSpecSchema,
  type GrafanaAlertRule,
  type GrafanaAlertRuleSpec,
} from '../api/generated/index.js';
import { validateRule, buildRule, notificationNames } from '../alerting/alert-rule-model.js';
import { ProviderReferences, waitForNamedProviders } from '../alerting/notification-dependencies.js';
import { alertRuleList, datasourceResolver } from '../alerting/alert-rule-reads.js';
import {
  diffAlertRule,
  observeAlertRule,
  type DesiredAlertRule,
  type ObservedAlertRule,
} from '../alerting/alert-rule.js';
import { writeAlertRule } from '../alerting/alert-rule-write.js';
import type { RuleGroupOwners } from '../alerting/rule-group-owners.js';
import { refuseGroupManagedWhole } from '../alerting/rule-write-guards.js';
import type { ProvisionedAlertRule } from '../grafana/index.js';
import { type Applied, type ObjectKind, writtenUid } from '../sync/object-kind.js';
import { resolveFolderRef } from '../folders/folder-ref.js';

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
 *
 * Before a write, the contact point and mute timings its notification_settings name must exist in
 * Grafana (it refuses the rule otherwise): the rule waits (DependencyNotReady) and is requeued by
 * the GrafanaContactPoint / GrafanaMuteTiming that provides the name.
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
  const providers = new ProviderReferences();
  return {
    resource: GrafanaAlertRuleResource,
    list: alertRuleList,
    relistAfterFailedWrite: true,
    specSchema: grafanaAlertRuleSpecSchema,
    folderRef: (spec) => spec.folderRef,
    // Its queries may name GrafanaDatasources (datasourceRef), its notification settings receivers
    // and time intervals that contact points and mute timings provide.
    watches: [GrafanaDatasourceResource, GrafanaContactPointResource, GrafanaMuteTimingResource],
    connect: (objects, enqueue) => deps.owners.connect(GrafanaAlertRuleResource, objects, enqueue),

    async desired(context, target) {
      const { spec, metadata } = context.object;
      validateRule(spec, 'spec');
      const group = spec.ruleGroup;
      const folderUid = await deps.owners.claimPlacement(
        target.key,
        { kind: GrafanaAlertRuleResource.kind, namespace: context.namespace, name: metadata?.name ?? '' },
        { folderRef: spec.folderRef, folderUID: spec.folderUID, group, ruleUids: [context.uid] },
        (folderRef) => resolveFolderRef(context, target, folderRef),
        'a rule group managed whole by a GrafanaAlertRuleGroup cannot also take single GrafanaAlertRules ' +
          "(replacing the group would delete this rule); add this rule to that object's spec.rules, or put it in another group",
      );
      const rule = await buildRule(spec, context.uid, datasourceResolver(context, target));
      return { folderUid, group, rule, editable: spec.editableInGrafana ?? false };
    },

    observe: ({ target, uid }) => observeAlertRule(target, uid),

    diff: diffAlertRule,

    async write({ context, target, uid, desired, observed }) {
      // A group object's claims may not be recorded yet (e.g. just after a restart): its status tells.
      if (!observed) await refuseGroupManagedWhole(context, target.name, desired);
      await waitForNamedProviders(providers, context, target, notificationNames([desired.rule]));
      const written = await writeAlertRule(target, uid, desired, observed);
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

function describe({ rule }: ObservedAlertRule): Applied {
  return { uid: rule.uid, url: `/alerting/grafana/${rule.uid}/view` };
}
