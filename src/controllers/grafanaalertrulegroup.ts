import {
  GrafanaAlertRuleGroupResource,
  GrafanaContactPointResource,
  GrafanaDatasourceResource,
  GrafanaMuteTimingResource,
  grafanaAlertRuleGroupSpecSchema,
  type GrafanaAlertRuleGroup,
  type GrafanaAlertRuleGroupSpec,
} from '../api/generated/index.js';
import {
  buildRule,
  deriveRuleUid,
  notificationNames,
  validateRule,
  type DesiredRule,
} from '../alerting/alert-rule-model.js';
import { ProviderReferences, waitForNamedProviders } from '../alerting/notification-dependencies.js';
import { alertRuleList, datasourceResolver } from '../alerting/alert-rule-reads.js';
import {
  describeRule,
  diffRuleGroup,
  intervalSeconds,
  observeRuleGroup,
  ruleUids,
  type DesiredRuleGroup,
  type ObservedRuleGroup,
} from '../alerting/rule-group.js';
import { writeRuleGroup } from '../alerting/rule-group-write.js';
import { locationKey, parseLocation, type RuleGroupOwners } from '../alerting/rule-group-owners.js';
import { refuseReplacingSingleRules } from '../alerting/rule-write-guards.js';
import { type ObjectKind, grafanaName, showName, writtenUid } from '../sync/object-kind.js';
import { resolveFolderRef } from '../folders/folder-ref.js';

/**
 * GrafanaAlertRuleGroup: a folder's rule group, replaced as a whole with one
 * `PUT /api/v1/provisioning/folder/:folderUid/rule-groups/:group` (contract §8.3): rules are matched
 * by uid (every rule gets one from the spec, so matching is stable), rules missing from the body
 * are deleted, and Grafana writes nothing when nothing changed. The PUT answers with the request
 * echoed, so the group is read back with a GET, which is also how it is observed (404: absent;
 * the interval is not in any list; a resync of a group in sync checks the GET through the list of
 * every rule instead, see observeRuleGroup).
 *
 * The group's identity in status (`status.instances[].uid`) is `<folderUid>/<group>`: a change of
 * folder or name creates the group at its new place and then deletes it where the status says it
 * was. Provenance (§8.9): rules are written with `api` or, with editableInGrafana, none; a switch
 * re-creates the group, because a PUT that changes no rule content changes no provenance either.
 * A group with rules provisioned from files is never touched, adopt or not.
 *
 * Before a write, the contact points and mute timings its rules' notification_settings name must
 * exist in Grafana (it refuses the group otherwise): the group waits (DependencyNotReady) and is
 * requeued by the GrafanaContactPoint / GrafanaMuteTiming that provides the name.
 */
export function grafanaAlertRuleGroupKind(deps: {
  owners: RuleGroupOwners;
}): ObjectKind<GrafanaAlertRuleGroupSpec, GrafanaAlertRuleGroup, DesiredRuleGroup, ObservedRuleGroup> {
  const providers = new ProviderReferences();
  return {
    resource: GrafanaAlertRuleGroupResource,
    specSchema: grafanaAlertRuleGroupSpecSchema,
    folderRef: (spec) => spec.folderRef,
    // Its rules' queries may name GrafanaDatasources (datasourceRef), their notification settings
    // receivers and time intervals that contact points and mute timings provide.
    watches: [GrafanaDatasourceResource, GrafanaContactPointResource, GrafanaMuteTimingResource],
    connect: (objects, enqueue) => deps.owners.connect(GrafanaAlertRuleGroupResource, objects, enqueue),

    async desired(context, target) {
      const { spec, metadata } = context.object;
      const group = grafanaName(context.object);
      const interval = intervalSeconds(spec.interval);
      const uids = ruleUids(spec.rules, context.uid);
      spec.rules.forEach((rule, i) => validateRule(rule, describeRule(i, rule.title)));
      const folderUid = await deps.owners.claimPlacement(
        target.key,
        {
          kind: GrafanaAlertRuleGroupResource.kind,
          namespace: context.namespace,
          name: metadata?.name ?? '',
        },
        { folderRef: spec.folderRef, folderUID: spec.folderUID, group, ruleUids: uids },
        (folderRef) => resolveFolderRef(context, target, folderRef),
        'a rule group is managed either whole, by one GrafanaAlertRuleGroup, or rule by rule, by ' +
          "GrafanaAlertRules, not both (replacing this group would delete their rules); move those rules into this object's spec.rules, or put them in another group",
      );
      const resolve = datasourceResolver(context, target);
      const rules: DesiredRule[] = [];
      for (const [i, rule] of spec.rules.entries()) rules.push(await buildRule(rule, uids[i]!, resolve));
      return {
        folderUid,
        group,
        intervalSeconds: interval,
        rules,
        editable: spec.editableInGrafana ?? false,
      };
    },

    // Another GrafanaAlertRuleGroup with the same group, or a rule uid of ours: the older one keeps it.
    claims: ({ folderUid, group, rules }) => [
      `group:${locationKey(folderUid, group)}`,
      ...rules.map((r) => `rule:${r.uid}`),
    ],

    observe: ({ target, desired }) => observeRuleGroup(target, desired.folderUid, desired.group),

    diff: diffRuleGroup,

    async write({ context, target, desired, observed, record }) {
      // If GrafanaAlertRules put rules the spec does not list into the group (their claims not
      // recorded yet, e.g. just after a restart), the PUT would delete them: leave it alone.
      if (observed) await refuseReplacingSingleRules(context, target.name, desired, observed.group);
      await waitForNamedProviders(providers, context, target, notificationNames(desired.rules));
      return { uid: await writeRuleGroup(target, deps.owners, desired, observed?.group, writtenUid(record)) };
    },

    async remove(target, uid) {
      const { folderUid, group } = parseLocation(uid);
      try {
        // Without X-Disable-Provenance: Grafana accepts that for rules of provenance api and none (§8.9).
        await target.api.ruleGroups.delete(folderUid, group);
      } finally {
        // Its rules leave the list of every rule (the write keeps that list itself, writeRuleGroup).
        alertRuleList.on(target).invalidate();
      }
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
