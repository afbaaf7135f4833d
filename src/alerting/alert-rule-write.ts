/**
 * How a GrafanaAlertRule's rule is written through `/api/v1/provisioning/alert-rules[/:uid]`
 * (contract §8.2, §8.9): created, updated in place, or deleted and created again under the same
 * uid where Grafana will not change the provenance in place. The sync layer keeps the rule list
 * (alert-rule-reads.ts) current: it lists what a write stored, and lets the list go after a failed
 * one, which may have deleted the rule (GrafanaAlertRule declares `relistAfterFailedWrite`).
 */
import {
  GrafanaNotFoundError,
  GrafanaProvenanceConflictError,
  GrafanaVersionMismatchError,
  type AlertRuleInput,
  type ProvisionedAlertRule,
} from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import type { InstanceTarget } from '../sync/targets.js';
import type { DesiredAlertRule, ObservedAlertRule } from './alert-rule.js';
import { switchesToNone } from './provenance.js';

/**
 * Makes Grafana's rule `uid` the desired one (`observed` undefined: there is none yet) and returns
 * what Grafana stored.
 */
export async function writeAlertRule(
  target: InstanceTarget,
  uid: string,
  desired: DesiredAlertRule,
  observed: ObservedAlertRule | undefined,
): Promise<ProvisionedAlertRule> {
  if (!observed) return create(target, desired);
  // `api` → none: Grafana's PUT refuses any provenance change of a rule that has one.
  if (switchesToNone(observed.rule.provenance, desired.editable)) return recreate(target, uid, desired);
  return update(target, uid, desired);
}

function body(desired: DesiredAlertRule): AlertRuleInput {
  return { ...desired.rule, folderUID: desired.folderUid, ruleGroup: desired.group };
}

/**
 * POST. Refused as existing, the rule appeared since the list was read: the sync layer observes
 * again and judges it by the ownership rules (a Conflict unless ours or adopted) at once.
 */
function create(target: InstanceTarget, desired: DesiredAlertRule): Promise<ProvisionedAlertRule> {
  return target.api.alertRules.create(body(desired), { disableProvenance: desired.editable });
}

/** Deletes the rule and creates it again under the same uid, with the requested provenance. */
async function recreate(
  target: InstanceTarget,
  uid: string,
  desired: DesiredAlertRule,
): Promise<ProvisionedAlertRule> {
  await target.api.alertRules.delete(uid);
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
    if (err instanceof GrafanaNotFoundError) return create(target, desired);
    if (err instanceof GrafanaVersionMismatchError) {
      throw new ObjectError(
        'Conflict',
        `Grafana refused alert rule ${uid} twice because it was being changed at the same time (${err.message}); trying again later`,
      );
    }
    throw err;
  }
}
