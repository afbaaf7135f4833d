import { convert, operatorObject } from './helpers.js';

const rule = {
  uid: 'errors',
  title: 'Errors',
  condition: 'B',
  for: '5m',
  keepFiringFor: '1m0s',
  noDataState: 'OK',
  execErrState: 'Alerting',
  isPaused: true,
  labels: { team: 'ops' },
  annotations: { summary: 's' },
  missingSeriesEvalsToResolve: 3,
  notificationSettings: { receiver: 'ops', group_by: ['alertname'] },
  data: [
    { refId: 'A', datasourceUid: 'prom', relativeTimeRange: { from: 600, to: 0 }, model: { expr: 'up' } },
    { refId: 'B', datasourceUid: '__expr__', model: { type: 'threshold', expression: 'A' } },
  ],
};

/** The fields whose names differ between grafana-operator and this operator, and the rest. */
const { keepFiringFor, notificationSettings, ...sameNames } = rule;

describe('convert: GrafanaAlertRuleGroup', () => {
  it("rules keep their fields under Grafana's provisioning names", () => {
    const { spec, lines } = convert([
      operatorObject('GrafanaAlertRuleGroup', 'api', {
        name: 'API',
        folderRef: 'platform',
        interval: '1m0s',
        editable: true,
        rules: [rule],
      }),
    ]);
    expect(spec('GrafanaAlertRuleGroup/api')).toEqual({
      instanceSelector: { matchLabels: { dashboards: 'shared' } },
      name: 'API',
      folderRef: 'platform',
      interval: '1m0s',
      editableInGrafana: true,
      rules: [{ ...sameNames, keep_firing_for: keepFiringFor, notification_settings: notificationSettings }],
    });
    expect(lines).toEqual([]);
  });

  it('a recording rule keeps its record; deprecated dashboardUid and panelId are reported', () => {
    const recording = {
      uid: 'r',
      title: 'R',
      data: rule.data,
      record: { metric: 'm', from: 'A', targetDatasourceUid: 'prom' },
      dashboardUid: 'd',
      panelId: 2,
    };
    const { spec, lines } = convert([
      operatorObject('GrafanaAlertRuleGroup', 'rec', { folderUID: 'f', interval: '30s', rules: [recording] }),
    ]);
    expect(spec('GrafanaAlertRuleGroup/rec')?.rules[0].record).toEqual({
      metric: 'm',
      from: 'A',
      target_datasource_uid: 'prom',
    });
    expect(lines.map((line) => line.replace(/: not converted: .*/, ''))).toEqual([
      'GrafanaAlertRuleGroup/rec: spec.rules[0].dashboardUid',
      'GrafanaAlertRuleGroup/rec: spec.rules[0].panelId',
    ]);
  });

  it('an interval Grafana cannot evaluate, or no folder, is not converted', () => {
    const { result, lines } = convert([
      operatorObject('GrafanaAlertRuleGroup', 'odd', { folderUID: 'f', interval: '15s', rules: [rule] }),
      operatorObject('GrafanaAlertRuleGroup', 'nowhere', { interval: '1m', rules: [rule] }),
    ]);
    expect(result.entries).toEqual([]);
    expect(lines).toEqual([
      'GrafanaAlertRuleGroup/odd: spec.interval: not converted: "15s" is not a positive multiple of 10s (Grafana evaluates on a 10s tick)',
      'GrafanaAlertRuleGroup/nowhere: not converted: neither spec.folderRef nor spec.folderUID: Grafana keeps rule groups in folders',
    ]);
  });
});
