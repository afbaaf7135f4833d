/**
 * What GrafanaAlertRule and GrafanaAlertRuleGroup read besides Grafana's rule or group itself: the
 * per-instance list of every rule (shared by both kinds, and the source of provenance where a
 * group's GET lacks it), and the uids of the GrafanaDatasources their queries name.
 */
import { GrafanaDatasourceResource, type GrafanaDatasource } from '../api/generated/index.js';
import type { DatasourceResolver } from './alert-rule-model.js';
import type { ProvisionedAlertRule } from '../grafana/index.js';
import { ReferenceTracker } from '../runtime/references.js';
import { ObjectError } from '../lib/object-error.js';
import { unrecorded } from '../lib/read-record.js';
import { kindList } from '../sync/kind-list.js';
import type { KindContext } from '../sync/object-kind.js';
import type { InstanceTarget } from '../sync/targets.js';

/** Every rule of the instance's org by uid (`GET /alert-rules`): GrafanaAlertRule's list, which groups read too. */
export const alertRuleList = kindList<ProvisionedAlertRule>({
  name: 'alert-rules',
  load: (target) => target.api.alertRules.list(),
  key: (rule) => rule.uid,
});

/**
 * The rules of a group read with `GET …/rule-groups/:group`, each with its provenance. Grafana
 * 12.x answers that GET without provenance (`GetRuleGroup` fills none), while its rule list has
 * each rule's, so the provenance comes from the shared list; a rule the list does not know yet
 * (created since it was read) reloads it once.
 */
export async function withProvenance(
  target: InstanceTarget,
  rules: ProvisionedAlertRule[],
): Promise<ProvisionedAlertRule[]> {
  const list = alertRuleList.on(target);
  let listed = await list.items();
  if (rules.some((rule) => !listed.has(rule.uid))) listed = await list.itemsListedNow();
  return rules.map((rule) => {
    const known = listed.get(rule.uid);
    if (!known) return rule;
    const { provenance: _ignored, ...rest } = rule;
    return known.provenance ? { ...rest, provenance: known.provenance } : rest;
  });
}

// -------------------------------------------------------------------------------------------------
// Datasource references

/**
 * Resolves `datasourceRef`s through the GrafanaDatasources' status on `target` (once per name per
 * reconcile). Each one is registered as a reference, so its changes requeue the object; one not
 * synced to the instance yet is DependencyNotReady.
 */
export function datasourceResolver<T>(context: KindContext<T>, target: InstanceTarget): DatasourceResolver {
  const resolved = new Map<string, Promise<string>>();
  return (name) => {
    let uid = resolved.get(name);
    if (!uid) {
      uid = resolveDatasource(context, target, name);
      resolved.set(name, uid);
    }
    return uid;
  };
}

async function resolveDatasource<T>(
  context: KindContext<T>,
  target: InstanceTarget,
  name: string,
): Promise<string> {
  context.references.add(ReferenceTracker.key(GrafanaDatasourceResource.kind, context.namespace, name));
  // A reference: its changes requeue the object as events (counted from the line above), so a
  // resync need not read it again (read-record.ts), as with Secrets.
  const datasource = await unrecorded(() =>
    context.kube.find<GrafanaDatasource>(GrafanaDatasourceResource, context.namespace, name),
  );
  if (!datasource) {
    throw new ObjectError(
      'DependencyNotReady',
      `waiting for GrafanaDatasource "${name}", which does not exist`,
    );
  }
  const entry = datasource.status?.instances?.find((e) => e.name === target.name);
  if (!entry?.synced || !entry.uid) {
    throw new ObjectError(
      'DependencyNotReady',
      `waiting for GrafanaDatasource "${name}" to be synced to GrafanaInstance ${target.name}`,
    );
  }
  return entry.uid;
}
