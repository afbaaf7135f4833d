import { contractGrafana } from './harness.js';
import { libraryPanel, libraryPanelCalls } from './library-panel-calls.js';
import { expectRbacDenied } from './http.js';

const NOT_FOUND = { message: 'library element could not be found' };
const EXISTS = { message: 'library element with that name or UID already exists' };
const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);

describe('contract: library panels (§7, §13.7)', () => {
  const h = contractGrafana();
  /** The suite's admin as library elements record their author. */
  let adminUser: Record<string, unknown>;

  beforeAll(async () => {
    const id = (await h.serverAdmin('GET', '/api/user')).body.id as number;
    adminUser = { id, name: h.adminLogin, avatarUrl: expect.stringMatching(/^\/avatar\/[0-9a-f]{32}$/) };
  });

  /** A folder made through the folder API; its id as Grafana answers it. */
  async function folder(uid: string, title: string, parentUid?: string): Promise<number> {
    const res = await h.admin('POST', '/api/folders', { body: { uid, title, parentUid } });
    expect(res.status).toBe(200);
    return res.body.id as number;
  }

  const { create, patch, saveDashboard } = libraryPanelCalls(h);

  describe('POST /api/library-elements', () => {
    it('creates: 200 {result} with type and description synced into the model, version 1', async () => {
      const res = await create({
        uid: 'cpu',
        name: 'CPU',
        kind: 1,
        model: { type: 'timeseries', title: 'CPU', libraryPanel: { uid: '' } },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        result: {
          id: expect.any(Number),
          orgId: h.orgId,
          folderId: 0,
          folderUid: '',
          uid: 'cpu',
          name: 'CPU',
          kind: 1,
          type: 'timeseries',
          description: '',
          model: { type: 'timeseries', title: 'CPU', description: '', libraryPanel: { uid: 'cpu' } },
          version: 1,
          meta: {
            folderName: '',
            folderUid: '',
            connectedDashboards: 0,
            created: ISO,
            updated: ISO,
            createdBy: adminUser,
            updatedBy: adminUser,
          },
        },
      });
    });

    it('creates in a folder and generates a uid when none is sent', async () => {
      const folderId = await folder('ops', 'Ops');
      const res = await create({ name: 'P', kind: 1, model: {}, folderUid: 'ops' });
      expect(res.status).toBe(200);
      expect(res.body.result).toMatchObject({
        uid: expect.stringMatching(/^[a-z][a-z0-9]{13}$/),
        folderId,
        folderUid: 'ops',
        meta: { folderName: 'Ops', folderUid: 'ops' },
      });
    });

    it('answers 400 (not 409) when the uid or the name in the folder is taken', async () => {
      await folder('ops', 'Ops');
      await create({ uid: 'a', name: 'Same', kind: 1, model: {} });
      const sameUid = await create({ uid: 'a', name: 'Other', kind: 1, model: {} });
      expect(sameUid.status).toBe(400);
      expect(sameUid.body).toEqual(EXISTS);
      const sameName = await create({ uid: 'b', name: 'Same', kind: 1, model: {} });
      expect(sameName.status).toBe(400);
      expect(sameName.body).toEqual(EXISTS);
      // The same name is fine in another folder, or for another kind.
      expect((await create({ uid: 'c', name: 'Same', kind: 1, model: {}, folderUid: 'ops' })).status).toBe(
        200,
      );
      expect((await create({ uid: 'd', name: 'Same', kind: 2, model: {} })).status).toBe(200);
    });

    it('validates uid, folder, kind and model', async () => {
      const illegal = await create({ uid: 'bad uid', name: 'P', kind: 1, model: {} });
      expect(illegal.status).toBe(400);
      expect(illegal.body).toEqual({ message: 'uid contains illegal characters' });
      const long = await create({ uid: 'x'.repeat(41), name: 'P', kind: 1, model: {} });
      expect(long.status).toBe(400);
      expect(long.body).toEqual({ message: 'uid too long, max 40 characters' });

      const folder = await create({ name: 'P', kind: 1, model: {}, folderUid: 'missing' });
      expect(folder.status).toBe(400);
      expect(folder.body).toEqual({ message: 'failed to get folder' });

      const noKind = await create({ name: 'P', model: {} });
      expect(noKind.status).toBe(400);
      expect(noKind.body).toEqual({ message: 'bad request data' });
      const badKind = await create({ name: 'P', kind: 3, model: {} });
      expect(badKind.status).toBe(500);
      expect(badKind.body).toEqual({ message: 'Failed to create library element' });
      const noModel = await create({ name: 'P', kind: 1 });
      expect(noModel.status).toBe(500);
      expect(noModel.body).toEqual({ message: 'Failed to create library element' });
    });

    it('needs library.panels:create (Editor)', async () => {
      const viewer = await h.createUser();
      const res = await h.as(viewer, 'POST', '/api/library-elements', {
        body: { name: 'P', kind: 1, model: {} },
      });
      expectRbacDenied(res, 'library.panels:create');
    });
  });

  describe('GET', () => {
    it('by uid reports the General folder as general/General; 404 when missing', async () => {
      await create({ uid: 'p', name: 'P', kind: 1, model: { type: 'stat' } });
      const res = await h.admin('GET', '/api/library-elements/p');
      expect(res.status).toBe(200);
      expect(res.body.result).toMatchObject({
        uid: 'p',
        folderUid: 'general',
        meta: { folderName: 'General', folderUid: 'general', connectedDashboards: 0 },
      });
      const missing = await h.admin('GET', '/api/library-elements/nope');
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual(NOT_FOUND);
    });

    it('by name returns an array, one element per folder', async () => {
      await folder('ops', 'Ops');
      await create({ uid: 'a', name: 'Shared', kind: 1, model: {} });
      await create({ uid: 'b', name: 'Shared', kind: 1, model: {}, folderUid: 'ops' });
      const res = await h.admin('GET', '/api/library-elements/name/Shared');
      expect(res.status).toBe(200);
      expect(res.body.result.map((e: { uid: string }) => e.uid)).toEqual(['a', 'b']);
      expect((await h.admin('GET', '/api/library-elements/name/None')).body).toEqual(NOT_FOUND);
    });

    it('lists with paging, totalCount, sort and filters', async () => {
      await folder('ops', 'Operations');
      await create({ uid: 'c', name: 'Charlie', kind: 1, model: { type: 'stat' } });
      await create({
        uid: 'a',
        name: 'Alpha',
        kind: 1,
        model: { type: 'timeseries', description: 'latency' },
      });
      await create({ uid: 'b', name: 'Bravo', kind: 1, folderUid: 'ops', model: { type: 'stat' } });
      await create({ uid: 'v', name: 'Var', kind: 2, model: {} });

      const page1 = await h.admin('GET', '/api/library-elements?perPage=2&page=1');
      expect(page1.status).toBe(200);
      expect(page1.body.result).toMatchObject({ totalCount: 4, page: 1, perPage: 2 });
      expect(page1.body.result.elements.map((e: { uid: string }) => e.uid)).toEqual(['a', 'b']);
      const page2 = await h.admin('GET', '/api/library-elements?perPage=2&page=2');
      expect(page2.body.result.elements.map((e: { uid: string }) => e.uid)).toEqual(['c', 'v']);

      const uids = async (query: string): Promise<string[]> =>
        (await h.admin('GET', `/api/library-elements?${query}`)).body.result.elements.map(
          (e: { uid: string }) => e.uid,
        );
      expect(await uids('kind=1&sortDirection=alpha-desc')).toEqual(['c', 'b', 'a']);
      expect(await uids('searchString=LATENCY')).toEqual(['a']);
      expect(await uids('searchString=operations')).toEqual(['b']);
      expect(await uids('typeFilter=stat')).toEqual(['b', 'c']);
      expect(await uids('excludeUid=a&kind=1')).toEqual(['b', 'c']);
      expect(await uids('folderFilterUIDs=ops')).toEqual(['b']);
      expect(await uids('folderFilterUIDs=ops,general')).toEqual(['a', 'b', 'c', 'v']);
      // As in Grafana: `general` alone adds the General folder without restricting the others.
      expect(await uids('folderFilterUIDs=general')).toEqual(['a', 'b', 'c', 'v']);
    });

    it('lists the General folder as folderUid "" with folderName General', async () => {
      await create({ uid: 'p', name: 'P', kind: 1, model: {} });
      const element = (await h.admin('GET', '/api/library-elements')).body.result.elements[0];
      expect(element).toMatchObject({ folderUid: '', meta: { folderUid: '', folderName: 'General' } });
    });
  });

  describe('PATCH /api/library-elements/:uid', () => {
    beforeEach(async () => {
      await create({ uid: 'p', name: 'P', kind: 1, model: { type: 'stat', description: 'd' } });
    });

    it('requires kind and a non-zero version (binding Required → 400 bad request data)', async () => {
      expect((await patch('p', { kind: 1, name: 'X' })).body).toEqual({ message: 'bad request data' });
      const zero = await patch('p', { kind: 1, version: 0, name: 'X' });
      expect(zero.status).toBe(400);
      expect(zero.body).toEqual({ message: 'bad request data' });
      expect((await patch('p', { version: 1, name: 'X' })).status).toBe(400);
    });

    it('answers 412 for a version that is not the stored one', async () => {
      const res = await patch('p', { kind: 1, version: 2, name: 'X' });
      expect(res.status).toBe(412);
      expect(res.body).toEqual({ message: 'the library element has been changed by someone else' });
    });

    it('updates with the current version: version+1, empty name and absent model keep theirs', async () => {
      const renamed = await patch('p', { kind: 1, version: 1, name: 'Renamed' });
      expect(renamed.status).toBe(200);
      expect(renamed.body.result).toMatchObject({
        name: 'Renamed',
        version: 2,
        type: 'stat',
        description: 'd',
      });
      const remodelled = await patch('p', { kind: 1, version: 2, name: '', model: { type: 'gauge' } });
      expect(remodelled.body.result).toMatchObject({
        name: 'Renamed',
        version: 3,
        type: 'gauge',
        description: 'd',
        model: { type: 'gauge', description: 'd' },
      });
    });

    it('moves between folders and renames the uid', async () => {
      await folder('ops', 'Ops');
      const moved = await patch('p', { kind: 1, version: 1, folderUid: 'ops', uid: 'p2' });
      expect(moved.status).toBe(200);
      expect(moved.body.result).toMatchObject({ uid: 'p2', folderUid: 'ops', meta: { folderName: 'Ops' } });
      expect((await h.admin('GET', '/api/library-elements/p')).status).toBe(404);
      const back = await patch('p2', { kind: 1, version: 2, folderUid: '' });
      expect(back.body.result).toMatchObject({ folderUid: '', folderId: 0 });
      expect((await patch('p2', { kind: 1, version: 3, folderUid: 'nope' })).body).toEqual({
        message: 'failed to get folder',
      });
    });

    it('answers 400 when the new uid or name is taken, 404 for an unknown element', async () => {
      await create({ uid: 'q', name: 'Q', kind: 1, model: {} });
      expect((await patch('p', { kind: 1, version: 1, uid: 'q' })).body).toEqual(EXISTS);
      expect((await patch('p', { kind: 1, version: 1, name: 'Q' })).body).toEqual(EXISTS);
      expect((await patch('p', { kind: 1, version: 1, uid: 'bad uid' })).body).toEqual({
        message: 'uid contains illegal characters',
      });
      const missing = await patch('nope', { kind: 1, version: 1 });
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual(NOT_FOUND);
    });
  });

  describe('connections', () => {
    beforeEach(async () => {
      await create({ uid: 'lp1', name: 'One', kind: 1, model: {} });
      await create({ uid: 'lp2', name: 'Two', kind: 1, model: {} });
    });

    it('a dashboard save connects its library panels, inside rows too; a save without them disconnects', async () => {
      const saved = await saveDashboard('d', [
        libraryPanel('lp1'),
        { type: 'row', panels: [libraryPanel('lp2')] },
        { type: 'timeseries', title: 'plain' },
      ]);
      expect(saved.status).toBe(200);

      const connections = await h.admin('GET', '/api/library-elements/lp1/connections/');
      expect(connections.status).toBe(200);
      expect(connections.body).toEqual({
        result: [
          {
            id: expect.any(Number),
            kind: 1,
            elementId: expect.any(Number),
            connectionId: saved.body.id,
            connectionUid: 'd',
            created: ISO,
            createdBy: adminUser,
          },
        ],
      });
      expect((await h.admin('GET', '/api/library-elements/lp2')).body.result.meta.connectedDashboards).toBe(
        1,
      );

      await saveDashboard('d', [libraryPanel('lp2')]);
      expect((await h.admin('GET', '/api/library-elements/lp1/connections/')).body).toEqual({ result: [] });
      expect((await h.admin('GET', '/api/library-elements/lp2/connections')).body.result).toHaveLength(1);
    });

    it('an unknown or uid-less library panel reference is a 500 after the dashboard was saved', async () => {
      await saveDashboard('d', [libraryPanel('lp1')]);
      const unknown = await saveDashboard('d', [libraryPanel('ghost')]);
      expect(unknown.status).toBe(500);
      expect(unknown.body).toEqual({ message: 'Error while connecting library panels' });
      // Saved (version 2), connections unchanged.
      expect((await h.admin('GET', '/api/dashboards/uid/d')).body.meta.version).toBe(2);
      expect((await h.admin('GET', '/api/library-elements/lp1/connections/')).body.result).toHaveLength(1);

      const noUid = await saveDashboard('d', [{ libraryPanel: { name: 'x' } }]);
      expect(noUid.status).toBe(500);
      expect(noUid.body).toEqual({ message: 'Error while connecting library panels' });
    });

    it('DELETE refuses a connected element with 403 until the dashboard is gone', async () => {
      await saveDashboard('d', [libraryPanel('lp1')]);
      const refused = await h.admin('DELETE', '/api/library-elements/lp1');
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({ message: 'the library element has connections' });

      expect((await h.admin('DELETE', '/api/dashboards/uid/d')).status).toBe(200);
      const element = (await h.admin('GET', '/api/library-elements/lp1')).body.result;
      const deleted = await h.admin('DELETE', '/api/library-elements/lp1');
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual({ id: element.id, message: 'Library element deleted' });
      expect((await h.admin('DELETE', '/api/library-elements/lp1')).body).toEqual(NOT_FOUND);
    });

    it('answers 404 for the connections of an unknown element', async () => {
      const res = await h.admin('GET', '/api/library-elements/nope/connections/');
      expect(res.status).toBe(404);
      expect(res.body).toEqual(NOT_FOUND);
    });
  });

  describe('folder deletion (§4.3)', () => {
    beforeEach(async () => {
      await folder('top', 'Top');
      await folder('sub', 'Sub', 'top');
    });

    it('is refused with 403 while a library panel in it is connected', async () => {
      await create({ uid: 'lp', name: 'LP', kind: 1, model: {}, folderUid: 'top' });
      await saveDashboard('d', [libraryPanel('lp')]);
      const res = await h.admin('DELETE', '/api/folders/top');
      expect(res.status).toBe(403);
      expect(res.body).toEqual({
        message: 'Folder could not be deleted because it contains library elements in use',
      });
      expect((await h.admin('GET', '/api/folders/top')).status).toBe(200);
      expect((await h.admin('GET', '/api/library-elements/lp')).status).toBe(200);
    });
  });

  it('UI edits bump the version so a PATCH with the old one is stale', async () => {
    await create({ uid: 'p', name: 'P', kind: 1, model: { type: 'stat' } });
    // The UI saves the element with the version it loaded.
    expect((await patch('p', { kind: 1, version: 1, model: { type: 'gauge' } })).status).toBe(200);
    const res = await patch('p', { kind: 1, version: 1, name: 'Mine' });
    expect(res.status).toBe(412);
    expect((await h.admin('GET', '/api/library-elements/p')).body.result).toMatchObject({
      version: 2,
      type: 'gauge',
    });
  });
});
