import { GrafanaAlertRuleResource } from '../../../src/api/generated/index.js';
import type { AlertRuleInput } from '../../../src/grafana/index.js';
import { editsIn } from '../../support/grafana-edits.js';
import { alertingPrerequisites } from './alerting-prerequisites.js';
import { objectSpec, type KindScenario } from './scenario.js';

const grafana = alertingPrerequisites('rule');

export const alertRules: KindScenario = {
  title: 'GrafanaAlertRule',
  type: GrafanaAlertRuleResource,
  name: 'alert-rule',
  prepare: grafana.prepare,
  cleanup: grafana.cleanup,
  spec: (c) => ({
    ...objectSpec(c),
    folderUID: grafana.folderUid(c),
    ruleGroup: 'scenario',
    title: c.n('Node exporter down'),
    condition: 'B',
    for: '2m',
    labels: { severity: 'critical' },
    data: grafana.data(c),
  }),
  change: () => ({ for: '5m', labels: { severity: 'warning' } }),
  read: async (c, uid) => {
    const rule = await c.f.grafana.api.alertRules.find(uid);
    return (
      rule && {
        title: rule.title,
        folderUID: rule.folderUID,
        ruleGroup: rule.ruleGroup,
        for: rule.for,
        labels: rule.labels,
      }
    );
  },
  expected: (c, stage) => ({
    title: c.n('Node exporter down'),
    folderUID: grafana.folderUid(c),
    ruleGroup: 'scenario',
    for: stage === 'created' ? '2m' : '5m',
    labels: { severity: stage === 'created' ? 'critical' : 'warning' },
  }),
  // Provenance api: the UI refuses to edit it, another API client does not.
  edit: async (c, uid) => {
    const {
      id: _id,
      updated: _updated,
      provenance: _provenance,
      orgID: _org,
      ...rule
    } = await c.f.grafana.api.alertRules.get(uid);
    await c.f.grafana.api.alertRules.update(uid, { ...(rule as AlertRuleInput), for: '1h', isPaused: true });
  },
  drift: ['for', 'isPaused'],
  editInUi: async (c, uid) => {
    await editsIn(c.f.grafana).editAlertRule(uid, { for: '30m' });
  },
  provenance: async (c, uid) => (await c.f.grafana.api.alertRules.get(uid)).provenance ?? '',
  byHand: async (c) => {
    const uid = c.n('hand').slice(0, 40);
    await c.f.grafana.api.alertRules.create(
      {
        uid,
        folderUID: grafana.folderUid(c),
        ruleGroup: 'scenario',
        ...grafana.handRule(c.n('Made by hand')),
      },
      { disableProvenance: true },
    );
    return { uid, spec: { uid } };
  },
};
