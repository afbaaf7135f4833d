import { GrafanaFolderResource } from '../../../src/api/generated/index.js';
import { absent, objectSpec, type KindScenario } from './scenario.js';

export const folders: KindScenario = {
  title: 'GrafanaFolder',
  type: GrafanaFolderResource,
  name: 'folder',
  spec: (c) => ({ ...objectSpec(c), title: c.n('Scenario folder') }),
  change: (c) => ({ title: c.n('Scenario folder renamed') }),
  read: async (c, uid) => {
    const folder = await absent(c.f.grafana.api.folders.get(uid));
    return folder && { title: folder.title };
  },
  expected: (c, stage) => ({
    title: stage === 'created' ? c.n('Scenario folder') : c.n('Scenario folder renamed'),
  }),
  edit: async (c, uid) => {
    await c.f.grafana.api.folders.update(uid, { title: c.n('Renamed in Grafana') });
  },
};
