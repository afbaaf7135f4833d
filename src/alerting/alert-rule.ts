/**
 * One GrafanaAlertRule's rule in Grafana (contract §8.2): where it goes, how it is read, and where
 * Grafana's differs from it. How it is written is in alert-rule-write.ts.
 */
import type { ProvisionedAlertRule } from '../grafana/index.js';
import type { InstanceTarget } from '../sync/targets.js';
import { diffRule, type DesiredRule } from './alert-rule-model.js';
import { alertRuleList } from './alert-rule-reads.js';
import { foreignRuleConflict, isForeignManaged, wantedProvenance } from './provenance.js';

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
 * The rule with this uid, from the list of every rule on the instance (shared by all objects), or
 * undefined. A rule provisioned from files or by another manager is a Conflict, adopt or not.
 */
export async function observeAlertRule(
  target: InstanceTarget,
  uid: string,
): Promise<ObservedAlertRule | undefined> {
  const list = alertRuleList.on(target);
  // Not in the list (up to 10 s old): one GET before creating, so that a rule made in Grafana
  // meanwhile is judged by the ownership rules (Conflict unless adopt) instead of overwritten.
  const rule = (await list.get(uid)) ?? (await list.readPast(() => target.api.alertRules.find(uid)));
  if (!rule) return undefined;
  if (isForeignManaged(rule.provenance)) throw foreignRuleConflict(rule);
  return { rule };
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
