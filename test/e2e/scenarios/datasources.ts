import { GrafanaDatasourceResource } from '../../../src/api/generated/index.js';
import { editsIn } from '../../support/grafana-edits.js';
import { absent, objectSpec, type KindScenario } from './scenario.js';

const PROMETHEUS = 'http://prometheus.monitoring.svc:9090';
const THANOS = 'http://thanos-query.monitoring.svc:9090';

export const datasources: KindScenario = {
  title: 'GrafanaDatasource',
  type: GrafanaDatasourceResource,
  name: 'datasource',
  spec: (c) => ({
    ...objectSpec(c),
    name: c.n('scenario-prometheus'),
    type: 'prometheus',
    url: PROMETHEUS,
    jsonData: { httpMethod: 'POST', timeInterval: '30s' },
  }),
  change: () => ({ url: THANOS }),
  read: async (c, uid) => {
    const ds = await absent(c.f.grafana.api.datasources.getByUid(uid));
    return ds && { name: ds.name, type: ds.type, url: ds.url, jsonData: ds.jsonData };
  },
  expected: (c, stage) => ({
    name: c.n('scenario-prometheus'),
    type: 'prometheus',
    url: stage === 'created' ? PROMETHEUS : THANOS,
    jsonData: { httpMethod: 'POST', timeInterval: '30s' },
  }),
  edit: async (c, uid) => {
    await editsIn(c.f.grafana).editDatasource(uid, { url: 'http://edited-in-grafana:9090' });
  },
  drift: ['url'],
  byHand: async (c) => {
    const made = await c.f.grafana.api.datasources.create({
      name: c.n('scenario-prometheus'),
      type: 'prometheus',
      access: 'proxy',
      url: 'http://made-by-hand:9090',
    });
    // Taken over by name, under the uid the object gives it.
    return { uid: made.datasource.uid, keepsUid: false };
  },
};
