/**
 * Refusals of a write that would delete rules another object put into Grafana, judged by the
 * other kind's status. RuleGroupOwners tells the same from the claims objects record as they
 * reconcile, which are not all recorded yet just after a restart; the status is there at once.
 */
import {
  GrafanaAlertRuleGroupResource,
  GrafanaAlertRuleResource,
  type GrafanaObjectStatus,
} from '../api/generated/index.js';
import type { AlertRuleGroup } from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import type { KubeObject, ResourceType } from '../runtime/kube/types.js';
import type { ReconcileContext } from '../runtime/reconciler.js';
import type { DesiredRuleGroup } from './rule-group.js';
import { locationKey } from './rule-group-owners.js';

/** Where the objects of the namespace are read. */
type Namespace = Pick<ReconcileContext<unknown>, 'kube' | 'namespace'>;

/**
 * Before a GrafanaAlertRule creates its rule: a GrafanaAlertRuleGroup that last wrote this group on
 * the instance manages it whole, and its next write would delete the rule.
 */
export async function refuseGroupManagedWhole(
  context: Namespace,
  instanceName: string,
  desired: { folderUid: string; group: string },
): Promise<void> {
  const location = locationKey(desired.folderUid, desired.group);
  const groups = await lastWriters(
    context,
    GrafanaAlertRuleGroupResource,
    instanceName,
    (uid) => uid === location,
  );
  if (groups.length === 0) return;
  throw new ObjectError(
    'Conflict',
    `rule group "${desired.group}" in folder ${desired.folderUid} is managed whole by ${groups.map((g) => `GrafanaAlertRuleGroup ${context.namespace}/${g}`).join(', ')}, which would delete this rule; add it to that object's spec.rules, or put it in another group`,
  );
}

/**
 * Before a GrafanaAlertRuleGroup replaces its group: the PUT deletes the group's rules the spec
 * does not list, so none of them may be one a GrafanaAlertRule last wrote on the instance.
 */
export async function refuseReplacingSingleRules(
  context: Namespace,
  instanceName: string,
  desired: DesiredRuleGroup,
  current: AlertRuleGroup,
): Promise<void> {
  const wanted = new Set(desired.rules.map((r) => r.uid));
  const extra = current.rules.filter((r) => !wanted.has(r.uid)).map((r) => r.uid);
  if (extra.length === 0) return;
  const singles = await lastWriters(context, GrafanaAlertRuleResource, instanceName, (uid) =>
    extra.includes(uid ?? ''),
  );
  if (singles.length === 0) return;
  throw new ObjectError(
    'Conflict',
    `rule group "${desired.group}" in folder ${desired.folderUid} holds rules of ${singles.map((s) => `GrafanaAlertRule ${context.namespace}/${s}`).join(', ')}, which replacing the group would delete; move them into spec.rules, or put them in another group`,
  );
}

/** The names of the objects of `resource` (not being deleted) whose last write on the instance was a uid `wrote` picks. */
async function lastWriters(
  context: Namespace,
  resource: ResourceType,
  instanceName: string,
  wrote: (uid: string | undefined) => boolean,
): Promise<string[]> {
  const objects = await context.kube.list<KubeObject & { status?: GrafanaObjectStatus }>(
    resource,
    context.namespace,
  );
  return objects.items
    .filter(
      (o) =>
        !o.metadata?.deletionTimestamp &&
        (o.status?.instances ?? []).some((e) => e.name === instanceName && e.appliedHash && wrote(e.uid)),
    )
    .map((o) => o.metadata?.name ?? '');
}
