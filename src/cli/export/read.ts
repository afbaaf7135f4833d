/**
 * Reads one org through the Grafana client into an OrgSnapshot, for the kinds asked for, counting
 * each object read on the progress line. Alerting contact points, the policy tree and mute
 * timings come from Grafana's export endpoints (§8.8); rule groups from the provisioning GET, whose
 * form the spec takes (the export escapes `$` as `$$` and names folders by their path of titles);
 * templates have no export endpoint.
 */
import type { AlertRuleGroup, GrafanaApi, GrafanaOrg } from '../../grafana/index.js';
import type { Progress } from '../progress.js';
import type { ExportKind } from './manifests.js';
import { emptySnapshot, type OrgSnapshot } from './snapshot.js';

export async function readOrg(
  api: GrafanaApi,
  org: GrafanaOrg,
  kinds: ReadonlySet<ExportKind>,
  progress: Progress,
): Promise<OrgSnapshot> {
  const snapshot = emptySnapshot({ id: org.id, name: org.name });
  const counted = async <T>(what: string, read: () => Promise<T>): Promise<T> => {
    const value = await read();
    progress.tick(what);
    return value;
  };
  // Folder uids are needed for folderRef even when dashboards alone are exported.
  if (kinds.has('GrafanaFolder')) {
    for (const hit of await api.search.folders()) {
      snapshot.folders.push(await counted(`folder ${hit.title}`, () => api.folders.get(hit.uid)));
    }
  }
  if (kinds.has('GrafanaDatasource')) {
    for (const item of await api.datasources.list()) {
      snapshot.datasources.push(
        await counted(`datasource ${item.name}`, () => api.datasources.getByUid(item.uid)),
      );
    }
  }
  if (kinds.has('GrafanaDashboard')) {
    for (const hit of await api.search.dashboards()) {
      snapshot.dashboards.push(await counted(`dashboard ${hit.title}`, () => api.dashboards.get(hit.uid)));
    }
  }
  if (kinds.has('GrafanaLibraryPanel')) {
    snapshot.libraryPanels = await counted('library panels', () => api.libraryPanels.list());
  }
  if (kinds.has('GrafanaAlertRuleGroup')) snapshot.ruleGroups = await readRuleGroups(api, counted);
  if (kinds.has('GrafanaContactPoint')) {
    snapshot.contactPoints =
      (await counted('contact points', () => api.contactPoints.export({ format: 'json' }))).contactPoints ??
      [];
    snapshot.integrations = await api.contactPoints.list();
  }
  if (kinds.has('GrafanaNotificationPolicy')) {
    const exported = await counted('notification policies', () =>
      api.notificationPolicies.export({ format: 'json' }),
    );
    const tree = exported.policies?.[0];
    if (tree) snapshot.policy = { tree, provenance: (await api.notificationPolicies.get()).provenance };
  }
  if (kinds.has('GrafanaNotificationTemplate')) {
    snapshot.templates = await counted('notification templates', () => api.notificationTemplates.list());
  }
  if (kinds.has('GrafanaMuteTiming')) {
    snapshot.muteTimings =
      (await counted('mute timings', () => api.muteTimings.exportAll({ format: 'json' }))).muteTimes ?? [];
    snapshot.muteTimingList = await api.muteTimings.list();
  }
  return snapshot;
}

/**
 * Every rule group of the org: the groups named by the rule list, each read whole, its rules given
 * the provenance the list shows (the group GET leaves it out, docs/grafana-api.md §8.3).
 */
async function readRuleGroups(
  api: GrafanaApi,
  counted: <T>(what: string, read: () => Promise<T>) => Promise<T>,
): Promise<AlertRuleGroup[]> {
  const places = new Map<string, { folderUid: string; group: string }>();
  const rules = await api.alertRules.list();
  const provenanceOf = new Map(rules.map((rule) => [rule.uid, rule.provenance]));
  for (const rule of rules) {
    places.set(`${rule.folderUID}/${rule.ruleGroup}`, { folderUid: rule.folderUID, group: rule.ruleGroup });
  }
  const groups: AlertRuleGroup[] = [];
  for (const { folderUid, group } of places.values()) {
    const read = await counted(`rule group ${group}`, () => api.ruleGroups.get(folderUid, group));
    groups.push({
      ...read,
      rules: read.rules.map((rule) => {
        const provenance = provenanceOf.get(rule.uid);
        return provenance === undefined ? rule : { ...rule, provenance };
      }),
    });
  }
  return groups;
}
