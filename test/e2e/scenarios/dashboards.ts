import { GrafanaDashboardResource } from '../../../src/api/generated/index.js';
import { editsIn } from '../../support/grafana-edits.js';
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
    await editsIn(c.f.grafana).editDashboard(uid, (stored) => {
      (stored.panels as Json[])[0]!.title = 'Edited in Grafana';
    });
  },
  drift: ['panels[0].title'],
  editInUi: async (c, uid) => {
    await editsIn(c.f.grafana).editDashboard(uid, (stored) => {
      (stored.panels as Json[])[0]!.title = 'Tuned in the UI';
    });
  },
  byHand: async (c) => {
    const uid = c.n('hand').slice(0, 40);
    await c.f.grafana.api.dashboards.save({
      dashboard: { uid, title: c.n('Made by hand'), panels: [] },
      folderUid: '',
      overwrite: false,
    });
    return { uid, spec: { json: JSON.stringify({ ...dashboard(c, 'Requests'), uid }) } };
  },
};
