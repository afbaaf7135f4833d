import { dashboardsOf } from '../../grafana-double/dashboard-state.js';
import type { FolderRecord } from '../../grafana-double/types.js';
import { profileOptions } from '../../grafana-double/profiles.js';
import { eventually } from '../../support/wait.js';
import { basic, bearer, Harness } from './helpers.js';

describe('grafana double: search (GET /api/search)', () => {
  let h: Harness;
  let top: FolderRecord;
  let mid: FolderRecord;
  let leaf: FolderRecord;

  beforeEach(async () => {
    h = await Harness.start();
    const org = h.double.state.org(1);
    top = org.seedFolder({ uid: 'top', title: 'Top Level' });
    mid = org.seedFolder({ uid: 'mid', title: 'middle', parentUid: 'top' });
    leaf = org.seedFolder({ uid: 'leaf', title: 'Leaf', parentUid: 'mid' });
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

  it('type=dash-folder returns folders of every level, each with its parent as folderUid', async () => {
    const res = await search('type=dash-folder');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        id: leaf.id,
        uid: 'leaf',
        orgId: 1,
        title: 'Leaf',
        uri: 'db/leaf',
        url: '/dashboards/f/leaf/leaf',
        slug: '',
        type: 'dash-folder',
        tags: [],
        isStarred: false,
        folderId: mid.id,
        folderUid: 'mid',
        folderTitle: 'middle',
        folderUrl: '/dashboards/f/mid/middle',
        sortMeta: 0,
        isDeleted: false,
      },
      expect.objectContaining({ uid: 'mid', folderUid: 'top', folderTitle: 'Top Level', folderId: top.id }),
      {
        id: top.id,
        uid: 'top',
        orgId: 1,
        title: 'Top Level',
        uri: 'db/top-level',
        url: '/dashboards/f/top/top-level',
        slug: '',
        type: 'dash-folder',
        tags: [],
        isStarred: false,
        sortMeta: 0,
        isDeleted: false,
      },
    ]);
  });

  it('type=dash-db returns dashboards with sorted tags and their folder, none at the root', async () => {
    const res = await search('type=dash-db');
    expect(res.body.map((hit: { uid: string }) => hit.uid)).toEqual(['mid-dash', 'leaf-dash', 'root-dash']);
    const root = dashboardsOf(h.double.state.org(1)).dashboard('root-dash');
    expect(res.body[2]).toEqual({
      id: root?.id,
      uid: 'root-dash',
      orgId: 1,
      title: 'Root Board',
      uri: 'db/root-board',
      url: '/d/root-dash/root-board',
      slug: '',
      type: 'dash-db',
      tags: ['alpha', 'zeta'],
      isStarred: false,
      sortMeta: 0,
      isDeleted: false,
    });
    expect(res.body[0]).toMatchObject({
      folderId: mid.id,
      folderUid: 'mid',
      folderTitle: 'middle',
      folderUrl: '/dashboards/f/mid/middle',
    });
  });

  it('without type returns folders first, then dashboards, each by lower-cased title', async () => {
    expect(await uids('')).toEqual(['leaf', 'mid', 'top', 'mid-dash', 'leaf-dash', 'root-dash']);
    expect(await uids('type=dash-db&sort=alpha-desc')).toEqual(['root-dash', 'leaf-dash', 'mid-dash']);
  });

  it('filters by query, folderUIDs (general = root), dashboardUIDs and tag', async () => {
    expect(await uids('query=BOARD&type=dash-db')).toEqual(['leaf-dash', 'root-dash']);
    expect(await uids('folderUIDs=mid&folderUIDs=leaf&type=dash-db')).toEqual(['mid-dash', 'leaf-dash']);
    expect(await uids('folderUIDs=general&type=dash-db')).toEqual(['root-dash']);
    expect(await uids('folderUIDs=top&type=dash-folder')).toEqual(['mid']);
    expect(await uids('folderUIDs=general&type=dash-folder')).toEqual(['top']);
    expect(await uids('dashboardUIDs=leaf-dash&dashboardUIDs=top')).toEqual(['top', 'leaf-dash']);
    expect(await uids('tag=alpha')).toEqual(['mid-dash', 'root-dash']);
    expect(await uids('tag=alpha&tag=zeta')).toEqual(['root-dash']);
  });

  it('pages with limit and 1-based page (default limit 1000)', async () => {
    expect(await uids('type=dash-db&limit=2&page=1')).toEqual(['mid-dash', 'leaf-dash']);
    expect(await uids('type=dash-db&limit=2&page=2')).toEqual(['root-dash']);
    expect(await uids('type=dash-db&limit=2&page=3')).toEqual([]);
    expect(await uids('type=dash-db&limit=0&page=0')).toHaveLength(3);
  });

  it('answers the handler errors with their status and text', async () => {
    const limit = await search('limit=5001');
    expect(limit.status).toBe(422);
    expect(limit.body).toEqual({
      message: 'Limit is above maximum allowed (5000), use page parameter to access hits beyond limit',
    });
    const both = await search('dashboardIds=1&dashboardUIDs=x');
    expect(both.status).toBe(400);
    expect(both.body).toEqual({ message: 'search supports UIDs or IDs, not both' });
    const badType = await search('type=nope');
    expect(badType.status).toBe(500);
    expect(badType.body).toEqual({ message: 'Search failed' });

    h.double.addUser('editor', 'pw', { orgs: { 1: 'Editor' } });
    const deleted = await h.call('GET', '/api/search?deleted=true', { auth: basic('editor', 'pw') });
    expect(deleted.status).toBe(401);
    expect(deleted.body).toEqual({ message: 'Unauthorized' });
  });

  it('searches only the caller org; permission=Edit is empty for viewers', async () => {
    const team = h.double.state.createOrg('Team');
    dashboardsOf(team).seedDashboard({ uid: 'team-dash', title: 'Team Board' });
    h.double.addServiceAccountToken('glsa_team', { orgId: team.id, role: 'Viewer' });
    const res = await h.call('GET', '/api/search', { auth: bearer('glsa_team') });
    expect(res.status).toBe(200);
    expect(res.body.map((hit: { uid: string }) => hit.uid)).toEqual(['team-dash']);
    const edit = await h.call('GET', '/api/search?permission=Edit', { auth: bearer('glsa_team') });
    expect(edit.body).toEqual([]);

    const anonymous = await h.call('GET', '/api/search');
    expect(anonymous.status).toBe(401);
  });

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

  it('reflects API writes and deletions', async () => {
    await h.admin('POST', '/api/dashboards/db', { body: { dashboard: { uid: 'new', title: 'Aaa New' } } });
    expect((await uids('type=dash-db'))[0]).toBe('new');
    await h.admin('DELETE', '/api/folders/mid');
    expect(await uids('')).toEqual(['top', 'new', 'root-dash']);
  });
});
