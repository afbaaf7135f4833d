/**
 * A restarted operator, against the real apiserver: it checks every object it finds, reading
 * them whole a page at a time ahead of the reconciles (InitialReads) instead of one GET each, and
 * an object edited while no operator ran is synced at its new generation from that page.
 */
import {
  GrafanaDashboardResource,
  GrafanaFolderResource,
  type GrafanaDashboard,
  type GrafanaFolder,
} from '../../src/api/generated/index.js';
import { createTestNamespace, e2eCluster } from '../support/cluster.js';
import { connectInstance } from '../support/fixture.js';
import { startGrafana, type GrafanaUnderTest } from '../support/grafana.js';
import { TestKube } from '../support/kube.js';
import { reconcileResults, samples, scrape, waitIdle } from '../support/metrics.js';
import { startOperator, type InProcessOperator } from '../support/operator.js';
import { eventually } from '../support/wait.js';

const FOLDERS = 25;

describe('a restarted operator', () => {
  let kube: TestKube;
  let grafana: GrafanaUnderTest;
  let operator: InProcessOperator | undefined;

  beforeAll(async () => {
    kube = new TestKube(await createTestNamespace('restart-reads'));
    grafana = await startGrafana();
    await start();
    await connectInstance(kube, grafana, 'main', { grafana: 'main' });
  });

  afterAll(async () => {
    await operator?.stop();
    await grafana?.stop();
  });

  const start = async (env: Record<string, string> = {}) =>
    (operator = await startOperator({
      namespace: kube.namespace,
      kubeConfig: e2eCluster().kubeConfig(),
      env,
    }));
  const names = Array.from({ length: FOLDERS }, (_, i) => `folder-${String(i).padStart(2, '0')}`);

  it('reads the objects it checks a page at a time, not one GET each, and syncs one edited while it was down', async () => {
    for (const name of names) {
      await kube.create(GrafanaFolderResource, name, {
        instanceSelector: { matchLabels: { grafana: 'main' } },
        title: `Title ${name}`,
      });
    }
    for (const name of names) await kube.waitReady(GrafanaFolderResource, name, { status: 'True' });
    await operator!.stop();
    operator = undefined;

    await kube.patchSpec(GrafanaFolderResource, 'folder-20', { title: 'Edited while down' });
    const restarted = await start();
    const edited = (await kube.waitReady(GrafanaFolderResource, 'folder-20', {
      status: 'True',
    })) as GrafanaFolder;
    expect((await grafana.api.folders.get(edited.status?.uid ?? '')).title).toBe('Edited while down');
    await waitIdle(restarted.metricsUrl);

    // Every folder was checked again…
    const results = await reconcileResults(restarted.metricsUrl, 'grafanafolder');
    expect(results.requeue_after! + results.success!).toBeGreaterThanOrEqual(FOLDERS);
    // …with two lists for the caches and a page of whole folders (one GET each would be 25 more).
    const folderGets = samples(await scrape(restarted.metricsUrl), 'rest_client_requests_total')
      .filter(({ labels }) => labels.method === 'GET' && labels.resource === 'grafanafolders')
      .reduce((sum, { value }) => sum + value, 0);
    expect(folderGets).toBeLessThanOrEqual(4);
    for (const name of names) {
      const folder = await kube.get<GrafanaFolder>(GrafanaFolderResource, name);
      expect(folder.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    }
  }, 120_000);

  it('serves an edit made while every other worker waits on the check of a (re)start, without waiting for its lists', async () => {
    const dashboard = (title: string) => ({
      instanceSelector: { matchLabels: { grafana: 'main' } },
      json: JSON.stringify({ title, panels: [], schemaVersion: 39 }),
    });
    // Checked in this order after the restart; the last is edited meanwhile.
    const dashboards = ['d-1', 'd-2', 'd-3'];
    for (const name of dashboards) {
      await kube.create(GrafanaDashboardResource, name, dashboard(`Restart ${name}`));
      await kube.waitReady(GrafanaDashboardResource, name, { status: 'True' });
    }
    await operator!.stop();
    operator = undefined;

    // Two workers: one for changes only, one that the start's check of d-1 holds while the
    // dashboards' search list, which that check reads, takes 8 s to answer.
    const slowSearch = grafana.recorder.injectFault({
      method: 'GET',
      path: '/api/search',
      delayMs: 8_000,
      times: 1,
    });
    await start({ MAX_CONCURRENT_RECONCILES: '2' });
    await eventually(() => slowSearch.hits === 1, { what: 'the search list asked for' });
    await kube.patchSpec(GrafanaDashboardResource, 'd-3', dashboard('Edited during the check'));

    const edited = (await kube.waitReady(
      GrafanaDashboardResource,
      'd-3',
      { status: 'True' },
      5_000,
    )) as GrafanaDashboard;
    const uid = edited.status?.instances?.[0]?.uid ?? '';
    expect((await grafana.api.dashboards.get(uid)).dashboard.title).toBe('Edited during the check');
    for (const name of dashboards) await kube.waitReady(GrafanaDashboardResource, name, { status: 'True' });
  }, 120_000);
});
