import { GrafanaAlertRuleGroupResource } from '../../../src/api/generated/index.js';
import type { AlertRuleInput } from '../../../src/grafana/index.js';
import { editsIn } from '../../support/grafana-edits.js';
import { alertingPrerequisites } from './alerting-prerequisites.js';
import { objectSpec, type KindScenario, type ScenarioContext } from './scenario.js';

const grafana = alertingPrerequisites('group');
/** The group's name in the shared folder, one per object of the scenario. */
const groupName = (c: ScenarioContext) => c.n('scenario-group');

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
    name: groupName(c),
    interval: '1m',
    rules: [rule(c)],
  }),
  change: () => ({ interval: '2m' }),
  read: async (c) => {
    const group = await c.f.grafana.api.ruleGroups.find(grafana.folderUid(c), groupName(c));
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
  // Provenance api: the UI refuses to edit it, another API client does not.
  edit: async (c) => {
    const stored = await firstRule(c);
    const { id: _id, updated: _updated, provenance: _provenance, orgID: _org, ...edit } = stored;
    await c.f.grafana.api.alertRules.update(stored.uid, {
      ...(edit as AlertRuleInput),
      for: '1h',
      labels: { team: 'changed-in-grafana' },
    });
  },
  drift: ['].for', '].labels'],
  editInUi: async (c) => {
    await editsIn(c.f.grafana).editAlertRule((await firstRule(c)).uid, { for: '30m' });
  },
  // The rules' provenance (the single-rule GET has it; Grafana's group GET does not).
  provenance: async (c) => (await c.f.grafana.api.alertRules.get((await firstRule(c)).uid)).provenance ?? '',
  byHand: async (c) => {
    await c.f.grafana.api.ruleGroups.put(
      grafana.folderUid(c),
      groupName(c),
      { interval: 300, rules: [grafana.handRule(c.n('Made by hand'))] },
      { disableProvenance: true },
    );
    return {};
  },
};

const firstRule = async (c: ScenarioContext) =>
  (await c.f.grafana.api.ruleGroups.get(grafana.folderUid(c), groupName(c))).rules[0]!;
