import {
  GrafanaDashboardResource,
  GrafanaFolderResource,
  type GrafanaDashboard,
} from '../../src/api/generated/index.js';
import {
  GrafanaApiError,
  orgNamespace,
  V2_SCHEMA_VERSIONS,
  type DashboardV2Place,
} from '../../src/grafana/index.js';
import { driftEvent } from '../support/events.js';
import { connectInstance, objectFixture, type ObjectFixture } from '../support/fixture.js';
import { itWithDouble, startGrafana, type GrafanaUnderTest } from '../support/grafana.js';
import { reconcileOnFreshLists } from '../support/operator.js';
import { eventually } from '../support/wait.js';

/**
 * GrafanaDashboard's v2 paths (the scenario suite has the common ones, dashboards-v2.ts): a v2 and
 * a classic dashboard side by side in one folder, each through its own API, and an instance that
 * serves no v2.
 */
describe('GrafanaDashboard with a v2 dashboard', () => {
  let f: ObjectFixture;
  let place: DashboardV2Place | undefined;
  /** A Grafana without the v2 dashboard API, as an instance of its own. */
  let older: GrafanaUnderTest | undefined;

  beforeAll(async () => {
    f = await objectFixture('dashboard-v2');
    const served = await f.grafana.api.dashboardResources.servedVersions();
    const version = V2_SCHEMA_VERSIONS.find((v) => served.includes(v));
    place = version && { version, namespace: orgNamespace(1) };
  });

  afterAll(async () => {
    await older?.stop();
    await f?.stop();
  });

  const n = (name: string) => `${name} ${f.kube.namespace}`;
  const objectSpec = (extra: Record<string, unknown>) => ({
    instanceSelector: f.selector,
    resyncPeriod: '10s',
    ...extra,
  });
  const v2Resource = (title: string) => ({
    apiVersion: `dashboard.grafana.app/${place?.version ?? 'v2beta1'}`,
    kind: 'Dashboard',
    metadata: { name: 'ignored-by-spec-uid' },
    spec: {
      title,
      elements: { 'panel-1': { kind: 'Panel', spec: { id: 1, title: 'Latency', links: [] } } },
      layout: { kind: 'GridLayout', spec: { items: [] } },
    },
  });
  const synced = async (name: string) =>
    (await f.kube.waitReady(GrafanaDashboardResource, name, {
      status: 'True',
      reason: 'Synced',
    })) as GrafanaDashboard;

  it('writes a classic and a v2 dashboard into one folder, each through its own API', async () => {
    if (!place) return; // A Grafana in GRAFANA_URL without v2: the last test covers it.
    await f.kube.create(GrafanaFolderResource, 'shared', objectSpec({ title: n('Shared') }));
    const folderRef = 'shared';
    await f.kube.create(
      GrafanaDashboardResource,
      'classic',
      objectSpec({ folderRef, json: JSON.stringify({ title: n('Classic'), panels: [] }) }),
    );
    await f.kube.create(
      GrafanaDashboardResource,
      'modern',
      objectSpec({ folderRef, uid: 'modern-v2', json: JSON.stringify(v2Resource(n('Modern'))) }),
    );
    const folderUid = (await f.kube.waitReady(GrafanaFolderResource, 'shared', { status: 'True' })).status
      ?.uid;
    const classicUid = (await synced('classic')).status?.uid ?? '';
    const modern = await synced('modern');
    expect(modern.status?.uid).toBe('modern-v2');

    const api = f.grafana.api;
    expect((await api.dashboards.get(classicUid)).meta.folderUid).toBe(folderUid);
    const stored = await api.dashboardResources.getV2(place, 'modern-v2');
    expect(stored?.folderUid).toBe(folderUid);
    expect(stored?.spec.title).toBe(n('Modern'));
    expect(modern.status?.instances?.[0]?.version).toBe(stored?.generation);
    // The classic API does not serve a v2 dashboard: it points to the app-platform one (§23.3).
    const refused = await api.dashboards.get('modern-v2').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(GrafanaApiError);
    expect((refused as GrafanaApiError).status).toBe(406);

    // Moved out of the folder in Grafana: moved back, and the Event names the folder.
    await api.dashboardResources.saveV2(place, {
      uid: 'modern-v2',
      folderUid: '',
      spec: stored!.spec,
      message: 'moved by hand',
      read: stored!,
    });
    await reconcileOnFreshLists(f, GrafanaDashboardResource, ['modern']);
    await eventually(
      async () => (await api.dashboardResources.getV2(place!, 'modern-v2'))?.folderUid === folderUid,
      {
        what: 'the v2 dashboard back in its folder',
      },
    );
    await driftEvent(f.kube, 'modern', 'folder');
  });

  itWithDouble(
    'a v2 dashboard on a Grafana that serves no v2 (11.2) is Unsupported, and nothing is written',
    async () => {
      older = await startGrafana({ version: '11.2' });
      await connectInstance(f.kube, older, 'older', { grafana: 'older' });
      await f.kube.create(GrafanaDashboardResource, 'on-older', {
        instanceSelector: { matchLabels: { grafana: 'older' } },
        resyncPeriod: '10s',
        json: JSON.stringify(v2Resource(n('On 11')).spec),
      });
      const object = await f.kube.waitReady(GrafanaDashboardResource, 'on-older', {
        status: 'False',
        reason: 'Unsupported',
      });
      expect(object.status?.conditions?.find((c) => c.type === 'Ready')?.message).toBe(
        'older: Grafana 11.2.0 does not serve v2 dashboards (dashboard.grafana.app v2alpha1, v2beta1, v2): they need Grafana 12 or later',
      );
      expect(await older.api.search.dashboards()).toEqual([]);
    },
  );
});
