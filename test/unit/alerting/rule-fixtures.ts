import type { RuleFields } from '../../../src/alerting/alert-rule-model.js';

/** TEST-API_1 of Grafana's provisioning docs: `up` from Prometheus, classic condition `last > 6`. */
export const testApi1 = (): RuleFields => ({
  title: 'TEST-API_1',
  condition: 'B',
  noDataState: 'OK',
  execErrState: 'OK',
  for: '300s',
  annotations: { summary: 'test_api_1' },
  labels: { API: 'test1' },
  data: [
    {
      refId: 'A',
      relativeTimeRange: { from: 600, to: 0 },
      datasourceRef: 'prometheus',
      model: { refId: 'A', expr: 'up', hide: false },
    },
    {
      refId: 'B',
      datasourceUid: '__expr__',
      model: {
        type: 'classic_conditions',
        refId: 'B',
        datasource: { type: '__expr__', uid: '__expr__' },
        conditions: [
          {
            type: 'query',
            evaluator: { type: 'gt', params: [6] },
            operator: { type: 'and' },
            query: { params: ['A'] },
            reducer: { type: 'last', params: [] },
          },
        ],
      },
    },
  ],
});

/** Resolves a datasource name the way these tests' GrafanaDatasources would: `<name>-uid`. */
export const resolve = async (name: string) => `${name}-uid`;
