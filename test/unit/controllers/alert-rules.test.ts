import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { buildRule, diffRule, type RuleFields } from '../../../src/alerting/alert-rule-model.js';
import type { DesiredAlertRule } from '../../../src/alerting/alert-rule.js';
import type { RuleGroupOwners } from '../../../src/alerting/rule-group-owners.js';
import type { DesiredRuleGroup } from '../../../src/alerting/rule-group.js';
import { grafanaAlertRuleGroupKind } from '../../../src/controllers/grafanaalertrulegroup.js';
import { grafanaAlertRuleKind } from '../../../src/controllers/grafanaalertrule.js';
import { GrafanaApi, GrafanaHttpClient, type ProvisionedAlertRule } from '../../../src/grafana/index.js';
import { SnapshotCache } from '../../../src/sync/snapshot.js';
import type { InstanceTarget } from '../../../src/sync/targets.js';
import { GrafanaDouble } from '../../grafana-double/server.js';
import { opAt } from '../../support/kind-op.js';
import { resolve, testApi1 } from '../alerting/rule-fixtures.js';

describe('against the Grafana double', () => {
  let double: GrafanaDouble;
  let http: GrafanaHttpClient;
  let api: GrafanaApi;

  beforeEach(async () => {
    double = new GrafanaDouble();
    const url = await double.start();
    http = new GrafanaHttpClient({
      url,
      auth: { kind: 'basic', username: 'admin', password: 'admin' },
      retry: { limit: 0 },
    });
    api = new GrafanaApi(http);
    double.state.org(1).seedFolder({ uid: 'f1', title: 'Folder' });
  });

  afterEach(async () => {
    http.close();
    await double.stop();
  });

  const stored = async (fields: RuleFields): Promise<ProvisionedAlertRule> => {
    await api.ruleGroups.put('f1', 'G', { interval: 60, rules: [await buildRule(fields, 'r1', resolve)] });
    return (await api.ruleGroups.get('f1', 'G')).rules[0]!;
  };

  it('finds nothing to change in what Grafana stored, and Grafana finds nothing to write again', async () => {
    const fields: RuleFields = {
      ...testApi1(),
      keep_firing_for: '120s',
      notification_settings: {
        receiver: 'grafana-default-email',
        group_wait: '30s',
        repeat_interval: '240m',
      },
      missingSeriesEvalsToResolve: 3,
    };
    const desired = await buildRule(fields, 'r1', resolve);
    expect(diffRule(desired, await stored(fields))).toEqual([]);
    const updated = (await api.ruleGroups.get('f1', 'G')).rules[0]!.updated;
    double.clearRequests();
    await api.ruleGroups.put('f1', 'G', { interval: 60, rules: [desired] });
    expect((await api.ruleGroups.get('f1', 'G')).rules[0]!.updated).toBe(updated);

    const recording: RuleFields = {
      title: 'up:count',
      record: { metric: 'up:count', from: 'A' },
      data: [{ refId: 'A', datasourceUid: 'prom', model: { expr: 'count(up)' } }],
    };
    expect(diffRule(await buildRule(recording, 'r1', resolve), await stored(recording))).toEqual([]);
  });

  it('GrafanaAlertRule: a PUT refused for a provenance change (500) deletes and creates the rule again', async () => {
    const kind = grafanaAlertRuleKind({ owners: {} as RuleGroupOwners });
    const rule = await buildRule(testApi1(), 'r1', resolve);
    const created = await api.alertRules.create({ ...rule, folderUID: 'f1', ruleGroup: 'G' });
    expect(created.provenance).toBe('api');
    const target = { name: 'main', api, snapshots: new SnapshotCache(10_000) } as unknown as InstanceTarget;
    const desired: DesiredAlertRule = {
      folderUid: 'f1',
      group: 'G',
      rule: { ...rule, title: 'Editable now' },
      editable: true,
    };
    double.clearRequests();
    // A stale read that still shows provenance none: the PUT is tried, refused, and recovered from.
    const applied = await kind.write({
      ...opAt(target, 'r1', desired),
      observed: { rule: { ...created, provenance: undefined } },
      driftOnly: false,
    });
    expect(applied.uid).toBe('r1');
    expect(double.writes().map((r) => `${r.method} ${r.status}`)).toEqual([
      'PUT 500',
      'DELETE 204',
      'POST 201',
    ]);
    expect(await api.alertRules.get('r1')).toMatchObject({ title: 'Editable now' });
    expect((await api.alertRules.get('r1')).provenance).toBeUndefined();
  });

  it('names the fields changed in Grafana', async () => {
    const desired = await buildRule(testApi1(), 'r1', resolve);
    const rule = await stored(testApi1());
    const changed: ProvisionedAlertRule = {
      ...rule,
      for: '10m',
      labels: { API: 'test2' },
      data: [rule.data[0]!, { ...rule.data[1]!, model: { ...rule.data[1]!.model, hide: true } }],
    };
    expect(diffRule(desired, changed)).toEqual(['data[B]', 'labels', 'for']);
    // Key order and durations spelled differently are not changes.
    expect(
      diffRule(desired, {
        ...rule,
        for: '300s',
        data: [...rule.data].map((q) => ({
          ...q,
          model: Object.fromEntries(Object.entries(q.model).reverse()),
        })),
      }),
    ).toEqual([]);
  });
});

describe('GrafanaAlertRuleGroup observe', () => {
  it("takes each rule's provenance from the rule list, as Grafana's group GET carries none", async () => {
    const a = await buildRule({ ...testApi1(), title: 'A' }, 'a', resolve);
    const stored = {
      ...a,
      id: 1,
      orgID: 1,
      folderUID: 'f1',
      ruleGroup: 'G',
      updated: '',
    } as ProvisionedAlertRule;
    let listed: ProvisionedAlertRule[] = [];
    let lists = 0;
    const target = {
      name: 'main',
      snapshots: new SnapshotCache(10_000),
      api: {
        ruleGroups: { find: async () => ({ title: 'G', folderUid: 'f1', interval: 60, rules: [stored] }) },
        alertRules: { list: async () => (lists++, listed) },
      },
    } as unknown as InstanceTarget;
    const kind = grafanaAlertRuleGroupKind({ owners: {} as RuleGroupOwners });
    const desired: DesiredRuleGroup = {
      folderUid: 'f1',
      group: 'G',
      intervalSeconds: 60,
      rules: [a],
      editable: false,
    };
    // Not in the (empty, older) list: read again once, then taken as it came.
    const unknown = await kind.observe(opAt(target, 'x', desired));
    expect(lists).toBe(2);
    expect(unknown && kind.diff(desired, unknown)).toEqual(['provenance']);

    listed = [{ ...stored, provenance: 'api' }];
    target.snapshots.invalidate('alert-rules');
    const observed = await kind.observe(opAt(target, 'x', desired));
    expect(observed?.group.rules[0]?.provenance).toBe('api');
    expect(kind.diff(desired, observed!)).toEqual([]);

    listed = [{ ...stored, provenance: 'file' }];
    target.snapshots.invalidate('alert-rules');
    await expect(kind.observe(opAt(target, 'x', desired))).rejects.toThrow(
      /is provisioned from files in Grafana/,
    );
  });
});
