import { absent, type ScenarioContext } from './scenario.js';

/**
 * A folder and a Prometheus datasource made in Grafana through its HTTP API, for alert rules to
 * live in and query; `key` keeps the rule kinds' prerequisites apart.
 */
export function alertingPrerequisites(key: string) {
  const folderUid = (c: ScenarioContext) => c.shared(`${key}-alerts`);
  const datasourceUid = (c: ScenarioContext) => c.shared(`${key}-prom`);
  return {
    folderUid,
    datasourceUid,
    prepare: async (c: ScenarioContext) => {
      await c.f.grafana.api.folders.create({ uid: folderUid(c), title: c.shared(`Scenario ${key} alerts`) });
      await c.f.grafana.api.datasources.create({
        uid: datasourceUid(c),
        name: c.shared(`scenario-${key}-prometheus`),
        type: 'prometheus',
        access: 'proxy',
        url: 'http://prometheus.monitoring.svc:9090',
      });
    },
    cleanup: async (c: ScenarioContext) => {
      await absent(c.f.grafana.api.folders.delete(folderUid(c), { forceDeleteRules: true }));
      await absent(c.f.grafana.api.datasources.delete(datasourceUid(c)));
    },
    /** A rule as made by hand in the folder: always firing, no query. */
    handRule: (title: string) => ({
      title,
      condition: 'A',
      noDataState: 'NoData' as const,
      execErrState: 'Error' as const,
      for: '0s',
      data: [{ refId: 'A', datasourceUid: '__expr__', model: { type: 'math', expression: '1 == 1' } }],
    }),
    /** Scrape targets of the datasource that are down (A), and whether any is (condition B). */
    data: (c: ScenarioContext) => [
      {
        refId: 'A',
        datasourceUid: datasourceUid(c),
        relativeTimeRange: { from: 600, to: 0 },
        model: { expr: 'count(up == 0)', instant: true, refId: 'A' },
      },
      {
        refId: 'B',
        datasourceUid: '__expr__',
        model: { type: 'math', expression: '$A > 0', refId: 'B' },
      },
    ],
  };
}
