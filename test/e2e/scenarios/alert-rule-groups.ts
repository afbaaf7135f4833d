import { GrafanaAlertRuleGroupResource } from '../../../src/api/generated/index.js';
import type { AlertRuleInput } from '../../../src/grafana/index.js';
import { alertingPrerequisites } from './alerting-prerequisites.js';
import { objectSpec, type KindScenario, type ScenarioContext } from './scenario.js';

const grafana = alertingPrerequisites('group');
const GROUP = 'scenario-group';

const rule = (c: ScenarioContext) => ({
  title: c.n('Node exporter flapping'),
  condition: 'B',
  for: '5m',
  labels: { team: 'platform' },
  data: grafana.data(c),
});

export const alertRuleGroups: KindScenario = {
  title: 'GrafanaAlertRuleGroup',
  type: GrafanaAlertRuleGroupResource,
  name: 'alert-rule-group',
  prepare: grafana.prepare,
  cleanup: grafana.cleanup,
  spec: (c) => ({
    ...objectSpec(c),
    folderUID: grafana.folderUid(c),
    name: GROUP,
    interval: '1m',
    rules: [rule(c)],
  }),
  change: () => ({ interval: '2m' }),
  read: async (c) => {
    const group = await c.f.grafana.api.ruleGroups.find(grafana.folderUid(c), GROUP);
    return (
      group && {
        interval: group.interval,
        rules: group.rules.map((r) => ({ title: r.title, for: r.for, labels: r.labels })),
      }
    );
  },
  expected: (c, stage) => ({
    interval: stage === 'created' ? 60 : 120,
    rules: [{ title: c.n('Node exporter flapping'), for: '5m', labels: { team: 'platform' } }],
  }),
  edit: async (c) => {
    const stored = (await c.f.grafana.api.ruleGroups.get(grafana.folderUid(c), GROUP)).rules[0]!;
    const { id: _id, updated: _updated, provenance: _provenance, orgID: _org, ...edit } = stored;
    await c.f.grafana.api.alertRules.update(stored.uid, {
      ...(edit as AlertRuleInput),
      for: '1h',
      labels: { team: 'changed-in-grafana' },
    });
  },
};
