import { dashboardsOf } from '../../grafana-double/dashboard-state.js';
import { profileOptions } from '../../grafana-double/profiles.js';
import { eventually } from '../../support/wait.js';
import { Harness } from './helpers.js';

describe('grafana double: search lag (GET /api/search, double-only: the lag is a switch)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await Harness.start();
    const org = h.double.state.org(1);
    org.seedFolder({ uid: 'top', title: 'Top Level' });
    org.seedFolder({ uid: 'mid', title: 'middle', parentUid: 'top' });
    org.seedFolder({ uid: 'leaf', title: 'Leaf', parentUid: 'mid' });
    const dashboards = dashboardsOf(org);
    dashboards.seedDashboard({ uid: 'root-dash', title: 'Root Board', data: { tags: ['zeta', 'alpha'] } });
    dashboards.seedDashboard({
      uid: 'mid-dash',
      title: 'api latency',
      folderUid: 'mid',
      data: { tags: ['alpha'] },
    });
    dashboards.seedDashboard({ uid: 'leaf-dash', title: 'Leaf Board', folderUid: 'leaf' });
  });

  afterEach(() => h.stop());

  const search = (query: string) => h.admin('GET', `/api/search?${query}`);
  const uids = async (query: string): Promise<string[]> =>
    (await search(query)).body.map((hit: { uid: string }) => hit.uid);

  describe('with searchLagMs (unified storage, §6.8)', () => {
    const LONG = 60 * 60_000;

    it('answers from the state before writes younger than the lag: creates, moves and deletes', async () => {
      h.double.options.searchLagMs = LONG;
      await h.admin('POST', '/api/dashboards/db', { body: { dashboard: { uid: 'new', title: 'New' } } });
      await h.admin('POST', '/api/folders/leaf/move', { body: { parentUid: '' } });
      await h.admin('DELETE', '/api/dashboards/uid/root-dash');
      expect(await uids('type=dash-db')).toEqual(['mid-dash', 'leaf-dash', 'root-dash']);
      expect(await uids('type=dash-folder&folderUIDs=general')).toEqual(['top']);
      // A direct read is not lagged.
      expect((await h.admin('GET', '/api/dashboards/uid/new')).status).toBe(200);

      h.double.options.searchLagMs = 0;
      expect(await uids('type=dash-db')).toEqual(['mid-dash', 'leaf-dash', 'new']);
      expect(await uids('type=dash-folder&folderUIDs=general')).toEqual(['leaf', 'top']);
    });

    it('shows a write once the lag has passed', async () => {
      h.double.options.searchLagMs = 300;
      await h.admin('DELETE', '/api/folders/leaf');
      expect(await uids('type=dash-folder')).toContain('leaf');
      await eventually(async () => !(await uids('type=dash-folder')).includes('leaf'), {
        what: 'the deleted folder gone from search',
      });
      expect(await uids('type=dash-db')).toEqual(['mid-dash', 'root-dash']);
    });

    it('is off in the 11.2 and 12.2 profiles and on in 13.0', () => {
      expect(profileOptions('11.2').searchLagMs).toBe(0);
      expect(profileOptions('12.2').searchLagMs).toBe(0);
      expect(profileOptions('13.0').searchLagMs).toBeGreaterThan(0);
    });
  });
});
