import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  GrafanaApi,
  GrafanaForbiddenError,
  GrafanaHttpClient,
  orgNamespace,
} from '../../../src/grafana/index.js';
import { dashboardsOf } from '../../grafana-double/dashboard-state.js';
import { GrafanaDouble } from '../../grafana-double/server.js';

let double: GrafanaDouble;
let http: GrafanaHttpClient;
let api: GrafanaApi;

beforeEach(async () => {
  double = new GrafanaDouble();
  const url = await double.start();
  http = new GrafanaHttpClient({
    url,
    auth: { kind: 'basic', username: 'admin', password: 'admin' },
    retry: { limit: 0 },
  });
  api = new GrafanaApi(http);
  const org = double.state.org(1);
  org.seedFolder({ uid: 'ops', title: 'Ops' });
  const dashboards = dashboardsOf(org);
  for (let i = 1; i <= 5; i++) {
    dashboards.seedDashboard({ uid: `d${i}`, title: `Dash ${i}`, folderUid: i === 2 ? 'ops' : '' });
  }
  dashboards.uiEditDashboard('d3', { description: 'edited' });
});

afterEach(async () => {
  http.close();
  await double.stop();
});

describe('DashboardResourcesApi against the double', () => {
  it('finds the classic-schema version of the dashboard group', async () => {
    expect(await api.dashboardResources.classicVersion()).toBe('v1beta1');
    double.options.dashboardApis = false;
    expect(await api.dashboardResources.classicVersion()).toBeUndefined();
  });

  it('lists every dashboard with its version and folder, metadata only, following continue tokens', async () => {
    const items = await api.dashboardResources.listVersions('v1beta1', orgNamespace(1), 2);
    expect(items).toEqual([
      { uid: 'd1', version: 1, folderUid: '' },
      { uid: 'd2', version: 1, folderUid: 'ops' },
      { uid: 'd3', version: 2, folderUid: '' },
      { uid: 'd4', version: 1, folderUid: '' },
      { uid: 'd5', version: 1, folderUid: '' },
    ]);
    const lists = double.requests.filter((r) => r.path.endsWith('/dashboards'));
    expect(lists.map((r) => r.query)).toEqual([
      { limit: '2' },
      { limit: '2', continue: '2' },
      { limit: '2', continue: '4' },
    ]);
    expect(lists[0]!.headers.accept).toContain('as=PartialObjectMetadataList;g=meta.k8s.io;v=v1');
  });

  it('the version in the list is the classic version a save answers', async () => {
    const saved = await api.dashboards.save({ dashboard: { uid: 'd4', title: 'Dash 4' }, overwrite: true });
    const listed = await api.dashboardResources.listVersions('v1beta1', 'default');
    expect(listed.find((d) => d.uid === 'd4')?.version).toBe(saved.version);
    expect((await api.dashboards.get('d4')).meta.version).toBe(saved.version);
  });

  it('another org namespace is forbidden (metav1.Status 403)', async () => {
    double.state.createOrg('Other');
    await expect(api.dashboardResources.listVersions('v1beta1', orgNamespace(2))).rejects.toBeInstanceOf(
      GrafanaForbiddenError,
    );
    expect(orgNamespace(7)).toBe('org-7');
  });
});
