/**
 * How a GrafanaAlertRuleGroup's group is written: replaced whole with one
 * `PUT /api/v1/provisioning/folder/:folderUid/rule-groups/:group` (contract §8.3), and taken from
 * the place this object last wrote it to when it moved.
 */
import { GrafanaVersionMismatchError, undefinedIfNotFound, type AlertRuleGroup } from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import type { InstanceTarget } from '../sync/targets.js';
import { provenanceMismatch, type DesiredRuleGroup } from './rule-group.js';
import { locationKey, parseLocation, type RuleGroupOwners } from './rule-group-owners.js';

/**
 * Puts the group at its place (`current`: what is there now) and returns its location as Grafana
 * stored it. Moved or renamed (`lastLocation`, where this object last wrote it, is elsewhere), the
 * group then leaves its old place, unless another object claims that place now.
 */
export async function writeRuleGroup(
  target: InstanceTarget,
  owners: Pick<RuleGroupOwners, 'claimants'>,
  desired: DesiredRuleGroup,
  current: AlertRuleGroup | undefined,
  lastLocation: string | undefined,
): Promise<string> {
  const location = locationKey(desired.folderUid, desired.group);
  const stored = await replace(target, desired, current);
  const old =
    lastLocation !== undefined && lastLocation !== location ? parseLocation(lastLocation) : undefined;
  if (old && owners.claimants(target.key, old.folderUid, old.group).length === 0) {
    await undefinedIfNotFound(target.api.ruleGroups.delete(old.folderUid, old.group));
  }
  return stored ? locationKey(stored.folderUid, stored.title) : location;
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
