import {
  orgNamespace,
  V2_SCHEMA_VERSIONS,
  type DashboardV2Place,
  type GrafanaApi,
} from '../../../src/grafana/index.js';
import { dashboards } from './dashboards.js';
import { objectSpec, type Json, type KindScenario, type ScenarioContext } from './scenario.js';

/** Where the fixture's v2 dashboards are read: the newest v2 version served, org 1. */
async function v2Place(api: GrafanaApi): Promise<DashboardV2Place | undefined> {
  const served = await api.dashboardResources.servedVersions();
  const version = V2_SCHEMA_VERSIONS.find((v) => served.includes(v));
  return version && { version, namespace: orgNamespace(1) };
}

/** A v2 dashboard spec: one panel element placed by a grid layout. */
const v2Dashboard = (c: ScenarioContext, panelTitle: string) => ({
  title: c.n('Scenario v2 dashboard'),
  tags: ['scenario'],
  elements: {
    'panel-1': {
      kind: 'Panel',
      spec: { id: 1, title: panelTitle, description: '', links: [] },
    },
  },
  layout: {
    kind: 'GridLayout',
    spec: {
      items: [
        {
          kind: 'GridLayoutItem',
          spec: { x: 0, y: 0, width: 12, height: 8, element: { kind: 'ElementReference', name: 'panel-1' } },
        },
      ],
    },
  },
});

type V2Json = Json & { elements: Record<string, { spec: Json }> };

/** Saves a change to the dashboard through the v2 API, as the dashboard editor does. */
async function editV2(c: ScenarioContext, uid: string, panelTitle: string): Promise<void> {
  const api = c.f.grafana.api;
  const place = (await v2Place(api))!;
  const found = (await api.dashboardResources.getV2(place, uid))!;
  const spec = structuredClone(found.spec) as V2Json;
  spec.elements['panel-1']!.spec.title = panelTitle;
  await api.dashboardResources.saveV2(place, {
    uid,
    folderUid: found.folderUid,
    spec,
    message: 'edited by hand',
    read: found,
  });
}

/**
 * GrafanaDashboard with a v2 dashboard (`elements` + `layout`): the same paths as classic JSON,
 * through `/apis/dashboard.grafana.app` v2 (Grafana 12 or later).
 */
export const dashboardsV2: KindScenario = {
  ...dashboards,
  title: 'GrafanaDashboard (v2)',
  name: 'dashboard-v2',
  supported: async (c) => (await v2Place(c.f.grafana.api)) !== undefined,
  spec: (c) => ({ ...objectSpec(c), json: JSON.stringify(v2Dashboard(c, 'Requests')) }),
  change: (c) => ({ json: JSON.stringify(v2Dashboard(c, 'Errors')) }),
  read: async (c, uid) => {
    const api = c.f.grafana.api;
    const found = await api.dashboardResources.getV2((await v2Place(api))!, uid);
    if (!found) return undefined;
    const { title, tags, elements } = found.spec as V2Json;
    return { title, tags, panels: Object.values(elements).map((e) => e.spec.title) };
  },
  expected: (c, stage) => ({
    title: c.n('Scenario v2 dashboard'),
    tags: ['scenario'],
    panels: [stage === 'created' ? 'Requests' : 'Errors'],
  }),
  edit: (c, uid) => editV2(c, uid, 'Edited in Grafana'),
  drift: ['elements.panel-1.spec.title'],
  editInUi: (c, uid) => editV2(c, uid, 'Tuned in the UI'),
  byHand: async (c) => {
    const api = c.f.grafana.api;
    const uid = c.n('hand-v2').slice(0, 40);
    const spec = { ...v2Dashboard(c, 'Made by hand'), title: c.n('Made by hand') };
    await api.dashboardResources.saveV2((await v2Place(api))!, { uid, folderUid: '', spec, message: '' });
    return { uid, spec: { json: JSON.stringify(v2Dashboard(c, 'Requests')), uid } };
  },
};
