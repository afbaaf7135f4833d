import { GrafanaNotificationPolicyResource } from '../../../src/api/generated/index.js';
import { editsIn } from '../../support/grafana-edits.js';
import { objectSpec, type KindScenario, type ScenarioContext } from './scenario.js';

/** The receiver the tree routes to, one for every object of the scenario. */
const receiver = (c: ScenarioContext) => c.shared('scenario-policy-team');

/** The org's tree, when it is this scenario's (it routes to the scenario's receiver). */
export const notificationPolicies: KindScenario = {
  title: 'GrafanaNotificationPolicy',
  type: GrafanaNotificationPolicyResource,
  name: 'notification-policy',
  // The receiver the tree routes to, made in Grafana (the policy waits for it to exist).
  prepare: async (c) => {
    await c.f.grafana.api.contactPoints.create({
      name: receiver(c),
      type: 'email',
      settings: { addresses: 'team@example.com' },
    });
  },
  cleanup: async (c) => {
    // The tree the adopted object left (Orphan) uses the receiver.
    await c.f.grafana.api.notificationPolicies.reset();
    for (const integration of await c.f.grafana.api.contactPoints.list({ name: receiver(c) }))
      await c.f.grafana.api.contactPoints.delete(integration.uid);
  },
  spec: (c) => ({
    ...objectSpec(c),
    receiver: receiver(c),
    group_by: ['grafana_folder', 'alertname'],
    repeat_interval: '4h',
    routes: [{ receiver: receiver(c), object_matchers: [['team', '=', 'platform']] }],
  }),
  change: () => ({ repeat_interval: '2h' }),
  read: async (c) => {
    const tree = await c.f.grafana.api.notificationPolicies.get();
    if (tree.receiver !== receiver(c)) return undefined;
    return {
      receiver: tree.receiver,
      repeat_interval: tree.repeat_interval,
      routes: tree.routes?.map((r) => ({ receiver: r.receiver, object_matchers: r.object_matchers })),
    };
  },
  expected: (c, stage) => ({
    receiver: receiver(c),
    repeat_interval: stage === 'created' ? '4h' : '2h',
    routes: [{ receiver: receiver(c), object_matchers: [['team', '=', 'platform']] }],
  }),
  // Another API client's tree (the UI refuses to edit a tree of provenance api).
  edit: async (c) => {
    await c.f.grafana.api.notificationPolicies.put({
      receiver: receiver(c),
      group_by: ['grafana_folder', 'alertname'],
      repeat_interval: '12h',
    });
  },
  drift: ['repeat_interval', 'routes'],
  editInUi: async (c) => {
    await editsIn(c.f.grafana).editPolicyTree({
      receiver: receiver(c),
      group_by: ['grafana_folder', 'alertname'],
      repeat_interval: '1d',
      routes: [{ receiver: receiver(c), object_matchers: [['team', '=', 'platform']] }],
    });
  },
  provenance: async (c) => (await c.f.grafana.api.notificationPolicies.get()).provenance ?? '',
  // Once the scenario's first object is gone (Delete reset the tree): a tree put by hand.
  byHand: async (c) => {
    await c.f.grafana.api.notificationPolicies.put(
      { receiver: receiver(c), group_by: ['alertname'], repeat_interval: '12h' },
      { disableProvenance: true },
    );
    return {};
  },
};
