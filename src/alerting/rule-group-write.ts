/**
 * How a GrafanaAlertRuleGroup's group is written: replaced whole with one
 * `PUT /api/v1/provisioning/folder/:folderUid/rule-groups/:group` (contract §8.3), and taken from
 * the place this object last wrote it to when it moved.
 */
import {
  GrafanaVersionMismatchError,
  undefinedIfNotFound,
  type AlertRuleGroup,
  type ProvisionedAlertRule,
} from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import { excused, noteUnrepeatable } from '../lib/read-record.js';
import type { InstanceTarget } from '../sync/targets.js';
import { alertRuleList } from './alert-rule-reads.js';
import { wantedProvenance } from './provenance.js';
import { inGroup, provenanceMismatch, type DesiredRuleGroup } from './rule-group.js';
import { locationKey, parseLocation, type RuleGroupOwners } from './rule-group-owners.js';

/**
 * Puts the group at its place (`current`: what is there now) and returns its location as Grafana
 * stored it. Moved or renamed (`lastLocation`, where this object last wrote it, is elsewhere), the
 * group then leaves its old place, unless another object claims that place now.
 *
 * The shared list of every rule is kept as the write left it: the rules read back go in (with the
 * provenance they were written with, which Grafana 12's group GET leaves out), rules the PUT
 * deleted leave it, so the next resync checks the group against the list without a GET of its own
 * (observeRuleGroup). A move, which deletes another group too, or a failure lets the list go.
 */
export async function writeRuleGroup(
  target: InstanceTarget,
  owners: Pick<RuleGroupOwners, 'claimants'>,
  desired: DesiredRuleGroup,
  current: AlertRuleGroup | undefined,
  lastLocation: string | undefined,
): Promise<string> {
  const location = locationKey(desired.folderUid, desired.group);
  const list = alertRuleList.on(target);
  const { result: stored, unrepeatable } = await excused(() => replace(target, desired, current)).catch(
    (err: unknown) => {
      list.invalidate();
      throw err;
    },
  );
  const old =
    lastLocation !== undefined && lastLocation !== location ? parseLocation(lastLocation) : undefined;
  if (old) {
    list.invalidate();
    if (unrepeatable !== undefined) noteUnrepeatable(unrepeatable);
    if (owners.claimants(target.key, old.folderUid, old.group).length === 0)
      await undefinedIfNotFound(target.api.ruleGroups.delete(old.folderUid, old.group));
  } else {
    keepListed(list, desired, current, stored);
    // What the group depends on is its own rules as the write left them, not the whole list.
    if (stored) await list.subset(inGroup(stored.folderUid, stored.title));
  }
  return stored ? locationKey(stored.folderUid, stored.title) : location;
}

/** The rules as the write left them, in the list of every rule. */
function keepListed(
  list: ReturnType<typeof alertRuleList.on>,
  desired: DesiredRuleGroup,
  before: AlertRuleGroup | undefined,
  stored: AlertRuleGroup | undefined,
): void {
  const provenance = wantedProvenance(desired.editable);
  const now = stored?.rules ?? [];
  for (const rule of now) {
    const { provenance: _unreliable, ...rest } = rule;
    list.put((provenance ? { ...rest, provenance } : rest) as ProvisionedAlertRule);
  }
  const kept = new Set(now.map((rule) => rule.uid));
  for (const rule of before?.rules ?? []) if (!kept.has(rule.uid)) list.remove(rule.uid);
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
