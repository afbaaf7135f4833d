import { GrafanaFolderResource } from '../../../src/api/generated/index.js';
import { editsIn } from '../../support/grafana-edits.js';
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
    await editsIn(c.f.grafana).renameFolder(uid, c.n('Renamed in Grafana'));
  },
  drift: ['title'],
  byHand: async (c) => {
    const uid = c.n('hand').slice(0, 40);
    await c.f.grafana.api.folders.create({ uid, title: c.n('Made by hand') });
    return { uid, spec: { uid } };
  },
};
