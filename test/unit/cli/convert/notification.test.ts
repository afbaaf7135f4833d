import { convert, operatorObject } from './helpers.js';

describe('convert: GrafanaNotificationPolicy, template and mute timing', () => {
  it("the route tree keeps Grafana's names; matchers and match_re become object_matchers", () => {
    const { spec, lines } = convert([
      operatorObject('GrafanaNotificationPolicy', 'tree', {
        route: {
          receiver: 'ops',
          group_by: ['alertname'],
          group_wait: '30s',
          group_interval: '5m',
          repeat_interval: '4h',
          continue: true,
          routes: [
            {
              receiver: 'sec',
              continue: true,
              object_matchers: [['team', '=', 'sec']],
              matchers: [{ name: 'severity', value: 'high', isRegex: true }],
              match_re: { env: 'prod|staging' },
              mute_time_intervals: ['nights'],
              active_time_intervals: ['days'],
              routes: [{ repeat_interval: '5m' }],
            },
            { receiver: 'db', routeSelector: { matchLabels: { team: 'db' } } },
          ],
        },
      }),
    ]);
    expect(spec('GrafanaNotificationPolicy/tree')).toEqual({
      instanceSelector: { matchLabels: { dashboards: 'shared' } },
      receiver: 'ops',
      group_by: ['alertname'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      editableInGrafana: true,
      routes: [
        {
          receiver: 'sec',
          continue: true,
          object_matchers: [
            ['team', '=', 'sec'],
            ['severity', '=', 'high'],
            ['env', '=~', 'prod|staging'],
          ],
          mute_time_intervals: ['nights'],
          active_time_intervals: ['days'],
          routes: [{ repeat_interval: '5m' }],
        },
        { receiver: 'db' },
      ],
    });
    expect(lines).toEqual([
      'GrafanaNotificationPolicy/tree: spec.route.continue: not converted: it never worked on the top-level route in grafana-operator',
      'GrafanaNotificationPolicy/tree: spec.route.routes[0].matchers[0]: isRegex and isEqual had no effect in grafana-operator: converted as =',
      "GrafanaNotificationPolicy/tree: spec.route.routes[1].routeSelector: not converted: routes from GrafanaNotificationPolicyRoute objects are not merged in; write them into this route's routes",
    ]);
  });

  it('GrafanaNotificationPolicyRoute is reported', () => {
    const { result, lines } = convert([
      {
        apiVersion: 'grafana.integreatly.org/v1beta1',
        kind: 'GrafanaNotificationPolicyRoute',
        metadata: { name: 'r' },
        spec: { receiver: 'x' },
      },
    ]);
    expect(result.entries).toEqual([]);
    expect(lines).toEqual([
      expect.stringMatching(
        /^GrafanaNotificationPolicyRoute\/r: not converted: routes are written inline here/,
      ),
    ]);
  });

  it("templates and mute timings keep name and content; editable is grafana-operator's default true unless false", () => {
    const intervals = [
      { times: [{ start_time: '00:00', end_time: '06:00' }], weekdays: ['monday:friday'], location: 'UTC' },
    ];
    const { spec, lines } = convert([
      operatorObject('GrafanaNotificationTemplate', 'ops', {
        name: 'ops',
        template: '{{ define "x" }}y{{ end }}',
      }),
      operatorObject('GrafanaMuteTiming', 'nights', {
        name: 'nights',
        editable: false,
        time_intervals: intervals,
      }),
    ]);
    expect(spec('GrafanaNotificationTemplate/ops')).toMatchObject({
      name: 'ops',
      template: '{{ define "x" }}y{{ end }}',
      editableInGrafana: true,
    });
    expect(spec('GrafanaMuteTiming/nights')).toEqual({
      instanceSelector: { matchLabels: { dashboards: 'shared' } },
      name: 'nights',
      time_intervals: intervals,
    });
    expect(lines).toEqual([]);
  });
});
