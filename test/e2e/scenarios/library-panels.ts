import { GrafanaLibraryPanelResource } from '../../../src/api/generated/index.js';
import { editsIn } from '../../support/grafana-edits.js';
import { absent, objectSpec, type KindScenario } from './scenario.js';

const model = (title: string) => ({
  type: 'stat',
  title,
  description: 'Container restarts in the last hour',
  targets: [{ refId: 'A', expr: 'sum(increase(kube_pod_container_status_restarts_total[1h]))' }],
  options: { colorMode: 'value', reduceOptions: { calcs: ['lastNotNull'] } },
});

export const libraryPanels: KindScenario = {
  title: 'GrafanaLibraryPanel',
  type: GrafanaLibraryPanelResource,
  name: 'library-panel',
  spec: (c) => ({ ...objectSpec(c), name: c.n('scenario-restarts'), model: model('Pod restarts') }),
  change: () => ({ model: model('Container restarts') }),
  read: async (c, uid) => {
    const panel = await absent(c.f.grafana.api.libraryPanels.get(uid));
    return panel && { name: panel.name, title: panel.model.title, type: panel.model.type };
  },
  expected: (c, stage) => ({
    name: c.n('scenario-restarts'),
    title: stage === 'created' ? 'Pod restarts' : 'Container restarts',
    type: 'stat',
  }),
  edit: async (c, uid) => {
    await editsIn(c.f.grafana).editLibraryPanel(uid, model('Edited in Grafana'));
  },
  drift: ['model.title'],
  // By name: taken over under the uid it has, which dashboards use.
  byHand: async (c) => {
    const uid = c.n('hand').slice(0, 40);
    await c.f.grafana.api.libraryPanels.create({
      uid,
      name: c.n('scenario-restarts'),
      model: model('By hand'),
    });
    return { uid };
  },
};
