/**
 * Grafana's search on unified storage follows writes with a delay (contract §6.8): the operator
 * must neither write again what search does not list yet, nor delete a folder whose new content
 * search does not show. The double's `searchLagMs` holds search an hour behind, so every search in
 * these tests answers from before the test's writes.
 */
import {
  GrafanaDashboardResource,
  GrafanaFolderResource,
  type GrafanaDashboard,
  type GrafanaFolder,
} from '../../src/api/generated/index.js';
import type { RecordedRequest } from '../grafana-double/recorder.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { itWithDouble } from '../support/grafana.js';
import { reconcileOnFreshLists } from '../support/operator.js';
import { eventually } from '../support/wait.js';

const AN_HOUR = 60 * 60_000;

describe('a search that lags behind writes (§6.8)', () => {
  let f: ObjectFixture;

  beforeAll(async () => {
    f = await objectFixture('searchlag');
  });

  afterAll(async () => {
    await f?.stop();
  });

  const lagSearch = () => {
    f.grafana.double!.options.searchLagMs = AN_HOUR;
  };

  itWithDouble(
    'a dashboard written moments ago is read by uid, not created again, when search does not list it yet',
    async () => {
      const double = f.grafana.double!;
      lagSearch();
      await f.kube.create(GrafanaDashboardResource, 'lagging', {
        instanceSelector: f.selector,
        json: JSON.stringify({ title: 'Lagging', panels: [] }),
        resyncPeriod: '10s',
      });
      const ready = await f.kube.waitReady(GrafanaDashboardResource, 'lagging', {
        status: 'True',
        reason: 'Synced',
      });
      const uid = (ready.status as { uid?: string }).uid ?? '';
      const isSave = (r: RecordedRequest) =>
        r.method === 'POST' &&
        r.path === '/api/dashboards/db' &&
        (r.body as { dashboard?: { uid?: string } } | undefined)?.dashboard?.uid === uid;
      const firstSave = double.requests.find(isSave)!.seq;
      // The next reconcile reads a fresh search list; it still lacks the dashboard. What the
      // operator does then is either a read by uid (right) or a second save (wrong).
      await reconcileOnFreshLists(f, GrafanaDashboardResource, ['lagging']);
      const next = await eventually(
        () =>
          double.requests.find(
            (r) =>
              r.seq > firstSave &&
              (isSave(r) || (r.method === 'GET' && r.path === `/api/dashboards/uid/${uid}`)),
          ),
        { timeoutMs: 40_000, what: 'a reconcile after the search list was reloaded' },
      );
      expect(`${next.method} ${next.path}`).toBe(`GET /api/dashboards/uid/${uid}`);
      expect(double.requests.filter(isSave)).toHaveLength(1);
      const now = await f.kube.get<GrafanaDashboard>(GrafanaDashboardResource, 'lagging');
      expect(now.status?.conditions?.[0]?.reason).toBe('Synced');
    },
  );

  itWithDouble(
    'a folder is not deleted while it holds a dashboard or subfolder made a moment ago, which search does not show yet',
    async () => {
      await f.kube.create(GrafanaFolderResource, 'keeper', { instanceSelector: f.selector, title: 'Keeper' });
      const ready = await f.kube.waitReady(GrafanaFolderResource, 'keeper', {
        status: 'True',
        reason: 'Synced',
      });
      const uid = (ready.status as { uid?: string }).uid ?? '';
      lagSearch();
      await f.grafana.api.dashboards.save({
        dashboard: { uid: 'made-just-now', title: 'Made just now' },
        folderUid: uid,
        overwrite: true,
      });
      await f.grafana.api.folders.create({ uid: 'sub-just-now', title: 'Sub just now', parentUid: uid });

      await f.kube.delete(GrafanaFolderResource, 'keeper');
      const blocked = await eventually(
        async () => {
          const o = await f.kube.get<GrafanaFolder>(GrafanaFolderResource, 'keeper');
          return o.status?.conditions?.find((c) => c.reason === 'DeletionBlocked');
        },
        { what: 'the deletion blocked' },
      );
      expect(blocked.message).toContain('folder "Sub just now"');
      expect(blocked.message).toContain('dashboard made-just-now');
      expect((await f.grafana.api.folders.get(uid)).title).toBe('Keeper');
      expect((await f.grafana.api.dashboards.get('made-just-now')).dashboard.title).toBe('Made just now');
      await f.kube.patchSpec(GrafanaFolderResource, 'keeper', { deletionPolicy: 'Orphan' });
      await f.kube.waitGone(GrafanaFolderResource, 'keeper');
    },
  );
});
