import { GrafanaDashboardResource } from '../../../src/api/generated/index.js';
import { absent, objectSpec, type Json, type KindScenario, type ScenarioContext } from './scenario.js';

const dashboard = (c: ScenarioContext, panelTitle: string) => ({
  title: c.n('Scenario dashboard'),
  tags: ['scenario'],
  panels: [
    {
      id: 1,
      type: 'timeseries',
      title: panelTitle,
      gridPos: { x: 0, y: 0, w: 12, h: 8 },
      targets: [{ refId: 'A', expr: 'sum(rate(http_requests_total[5m]))' }],
    },
  ],
});

export const dashboards: KindScenario = {
  title: 'GrafanaDashboard',
  type: GrafanaDashboardResource,
  name: 'dashboard',
  spec: (c) => ({ ...objectSpec(c), json: JSON.stringify(dashboard(c, 'Requests')) }),
  change: (c) => ({ json: JSON.stringify(dashboard(c, 'Errors')) }),
  read: async (c, uid) => {
    const stored = await absent(c.f.grafana.api.dashboards.get(uid));
    if (!stored) return undefined;
    const { title, tags, panels } = stored.dashboard as Json & { panels?: Json[] };
    return { title, tags, panels: panels?.map((p) => p.title) };
  },
  expected: (c, stage) => ({
    title: c.n('Scenario dashboard'),
    tags: ['scenario'],
    panels: [stage === 'created' ? 'Requests' : 'Errors'],
  }),
  edit: async (c, uid) => {
    const stored = (await c.f.grafana.api.dashboards.get(uid)).dashboard as Json & { panels: Json[] };
    stored.panels[0]!.title = 'Edited in Grafana';
    await c.f.grafana.api.dashboards.save({ dashboard: stored, overwrite: true });
  },
};
