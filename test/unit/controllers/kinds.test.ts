import { describe, expect, it } from '@jest/globals';
import type { GrafanaInstance } from '../../../src/api/generated/index.js';
import { buildKinds, type KindServices } from '../../../src/controllers/kinds.js';
import { RuleGroupOwners } from '../../../src/alerting/rule-group-owners.js';
import type { SharedInformer } from '../../../src/runtime/informer.js';
import type { KubeClient } from '../../../src/runtime/kube/client.js';
import type { AnyObject, AnyObjectKind } from '../../../src/sync/object-kind.js';

// Only registering the kinds is exercised here: the owners are never asked about claims.
const services: KindServices = {
  ruleGroupOwners: new RuleGroupOwners({} as KubeClient, {} as SharedInformer<GrafanaInstance>),
};

const object = (spec: object, name = 'obj'): AnyObject =>
  ({ metadata: { name, namespace: 'ns' }, spec }) as AnyObject;

describe('KINDS', () => {
  const kinds = buildKinds(services);
  const named = (kind: string): AnyObjectKind => kinds.find((k) => k.resource.kind === kind)!;

  it('runs every Grafana-object kind once', () => {
    expect(kinds.map((k) => k.resource.kind)).toEqual([
      'GrafanaFolder',
      'GrafanaDatasource',
      'GrafanaLibraryPanel',
      'GrafanaDashboard',
      'GrafanaAlertRuleGroup',
      'GrafanaAlertRule',
      'GrafanaContactPoint',
      'GrafanaNotificationTemplate',
      'GrafanaMuteTiming',
      'GrafanaNotificationPolicy',
      'GrafanaTeam',
      'GrafanaServiceAccount',
      'GrafanaOrganization',
      'GrafanaSilence',
      'GrafanaRepository',
      'GrafanaAppResource',
    ]);
  });

  it('builds the kinds that keep state anew for each operator', () => {
    const again = buildKinds(services);
    expect(again.find((k) => k.resource.kind === 'GrafanaDashboard')).not.toBe(named('GrafanaDashboard'));
    expect(again.find((k) => k.resource.kind === 'GrafanaDatasource')).toBe(named('GrafanaDatasource'));
  });

  it('declares which kinds live in folders, and the spec field that names the folder', () => {
    const inFolders = kinds.filter((k) => k.folderRef);
    expect(inFolders.map((k) => k.resource.kind)).toEqual([
      'GrafanaFolder',
      'GrafanaLibraryPanel',
      'GrafanaDashboard',
      'GrafanaAlertRuleGroup',
      'GrafanaAlertRule',
      'GrafanaAppResource',
    ]);
    expect(named('GrafanaFolder').folderRef?.(object({ parentFolderRef: 'parent' }).spec)).toBe('parent');
    for (const kind of inFolders.slice(1))
      expect(kind.folderRef?.(object({ folderRef: 'team', folderUID: 'uid' }).spec)).toBe('team');
    expect(named('GrafanaDashboard').folderRef?.(object({ folderUID: 'uid' }).spec)).toBeUndefined();
  });

  it('declares the names contact points and mute timings provide: spec.name, else metadata.name', () => {
    const providers = kinds.filter((k) => k.provides);
    expect(providers.map((k) => [k.resource.kind, k.provides?.name])).toEqual([
      ['GrafanaContactPoint', 'receiver'],
      ['GrafanaMuteTiming', 'timeInterval'],
    ]);
    for (const kind of providers) {
      expect(kind.provides?.nameOf(object({ name: 'in-grafana' }))).toBe('in-grafana');
      expect(kind.provides?.nameOf(object({}, 'weekends'))).toBe('weekends');
    }
  });

  it('declares what requeues folders, dashboards, alert rules, the policy tree, teams and orgs besides their folders', () => {
    const watches = kinds
      .filter((k) => k.watches)
      .map((k) => [k.resource.kind, k.watches?.map((w) => w.kind)]);
    expect(watches).toEqual([
      // The makers of the teams and service accounts their spec.permissions name.
      ['GrafanaFolder', ['GrafanaTeam', 'GrafanaServiceAccount']],
      ['GrafanaDashboard', ['GrafanaTeam', 'GrafanaServiceAccount']],
      // The datasources their queries name; the providers of the receivers and time intervals
      // their notification settings name.
      ['GrafanaAlertRuleGroup', ['GrafanaDatasource', 'GrafanaContactPoint', 'GrafanaMuteTiming']],
      ['GrafanaAlertRule', ['GrafanaDatasource', 'GrafanaContactPoint', 'GrafanaMuteTiming']],
      ['GrafanaNotificationPolicy', ['GrafanaContactPoint', 'GrafanaMuteTiming']],
      // The dashboard their preferences.homeDashboardRef names.
      ['GrafanaTeam', ['GrafanaDashboard']],
      ['GrafanaOrganization', ['GrafanaDashboard']],
    ]);
  });

  it('lets the alert rule kinds connect to the rule group owners they share', () => {
    expect(kinds.filter((k) => k.connect).map((k) => k.resource.kind)).toEqual([
      'GrafanaAlertRuleGroup',
      'GrafanaAlertRule',
    ]);
  });
});
