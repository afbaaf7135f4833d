import { eventually } from '../support/wait.js';
import { contractGrafana } from './harness.js';

describe('contract: search (GET /api/search, §14.1)', () => {
  const h = contractGrafana();
  let top: number;
  let mid: number;
  let leaf: number;
  let rootDash: number;

  const folder = async (uid: string, title: string, parentUid?: string): Promise<number> => {
    const res = await h.admin('POST', '/api/folders', { body: { uid, title, parentUid } });
    expect(res.status).toBe(200);
    return res.body.id as number;
  };
  const dashboard = async (dash: Record<string, unknown>, folderUid?: string): Promise<number> => {
    const res = await h.admin('POST', '/api/dashboards/db', { body: { dashboard: dash, folderUid } });
    expect(res.status).toBe(200);
    return res.body.id as number;
  };
  const search = (query: string) => h.admin('GET', `/api/search?${query}`);
  const uids = async (query: string): Promise<string[]> =>
    (await search(query)).body.map((hit: { uid: string }) => hit.uid);
  /** Search is not read-after-write on unified storage (§6.8): wait until it shows `expected`. */
  const untilSearch = (query: string, expected: string[]) =>
    eventually(async () => {
      expect(await uids(query)).toEqual(expected);
      return true;
    });

  beforeEach(async () => {
    top = await folder('top', 'Top Level');
    mid = await folder('mid', 'middle', 'top');
    leaf = await folder('leaf', 'Leaf', 'mid');
    rootDash = await dashboard({ uid: 'root-dash', title: 'Root Board', tags: ['zeta', 'alpha'] });
    await dashboard({ uid: 'mid-dash', title: 'api latency', tags: ['alpha'] }, 'mid');
    await dashboard({ uid: 'leaf-dash', title: 'Leaf Board' }, 'leaf');
    await untilSearch('', ['leaf', 'mid', 'top', 'mid-dash', 'leaf-dash', 'root-dash']);
  });

  it('type=dash-folder returns folders of every level, each with its parent as folderUid', async () => {
    const res = await search('type=dash-folder');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        id: leaf,
        uid: 'leaf',
        orgId: h.orgId,
        title: 'Leaf',
        uri: 'db/leaf',
        url: '/dashboards/f/leaf/leaf',
        slug: '',
        type: 'dash-folder',
        tags: [],
        isStarred: false,
        folderId: mid,
        folderUid: 'mid',
        folderTitle: 'middle',
        folderUrl: '/dashboards/f/mid/middle',
        sortMeta: 0,
        isDeleted: false,
      },
      expect.objectContaining({ uid: 'mid', folderUid: 'top', folderTitle: 'Top Level', folderId: top }),
      {
        id: top,
        uid: 'top',
        orgId: h.orgId,
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
    expect(res.body[2]).toEqual({
      id: rootDash,
      uid: 'root-dash',
      orgId: h.orgId,
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
      folderId: mid,
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

    const editor = await h.createUser({ [h.orgId]: 'Editor' });
    const deleted = await h.as(editor, 'GET', '/api/search?deleted=true');
    expect(deleted.status).toBe(401);
    expect(deleted.body).toEqual({ message: 'Unauthorized' });
  });

  it('searches only the caller org; permission=Edit is empty for viewers', async () => {
    const team = await h.createOrg();
    const inTeam = { headers: { 'X-Grafana-Org-Id': String(team) } };
    const saved = await h.admin('POST', '/api/dashboards/db', {
      ...inTeam,
      body: { dashboard: { uid: 'team-dash', title: 'Team Board' } },
    });
    expect(saved.status).toBe(200);
    const viewer = await h.createToken('Viewer', team);
    const res = await eventually(async () => {
      const found = await h.as(viewer, 'GET', '/api/search');
      expect(found.body.map((hit: { uid: string }) => hit.uid)).toEqual(['team-dash']);
      return found;
    });
    expect(res.status).toBe(200);
    const edit = await h.as(viewer, 'GET', '/api/search?permission=Edit');
    expect(edit.body).toEqual([]);

    const anonymous = await h.call('GET', '/api/search');
    expect(anonymous.status).toBe(401);
  });

  it('reflects API writes and deletions', async () => {
    await dashboard({ uid: 'new', title: 'Aaa New' });
    await eventually(async () => {
      expect((await uids('type=dash-db'))[0]).toBe('new');
      return true;
    });
    await h.admin('DELETE', '/api/folders/mid');
    await untilSearch('', ['top', 'new', 'root-dash']);
  });
});
