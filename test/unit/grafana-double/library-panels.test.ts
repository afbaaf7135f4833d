import { dashboardsOf } from '../../grafana-double/dashboard-state.js';
import { libraryPanelsOf } from '../../grafana-double/library-panel-state.js';
import { VERSION_PROFILES } from '../../grafana-double/profiles.js';
import { basic, expectRbacDenied, Harness } from './helpers.js';

const NOT_FOUND = { message: 'library element could not be found' };
const EXISTS = { message: 'library element with that name or UID already exists' };
const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);
const ADMIN_USER = { id: 1, name: 'admin', avatarUrl: expect.stringMatching(/^\/avatar\/[0-9a-f]{32}$/) };

describe('grafana double: library panels (§7, §13.7)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await Harness.start();
  });

  afterEach(() => h.stop());

  function create(body: Record<string, unknown>) {
    return h.admin('POST', '/api/library-elements', { body });
  }

  function patch(uid: string, body: Record<string, unknown>) {
    return h.admin('PATCH', `/api/library-elements/${uid}`, { body });
  }

  function saveDashboard(uid: string, panels: unknown[], extra: Record<string, unknown> = {}) {
    return h.admin('POST', '/api/dashboards/db', {
      body: { dashboard: { uid, title: `Dash ${uid}`, panels }, overwrite: true, ...extra },
    });
  }

  const libraryPanel = (uid: string) => ({ id: 1, gridPos: {}, libraryPanel: { uid, name: uid } });

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
          orgId: 1,
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
            createdBy: ADMIN_USER,
            updatedBy: ADMIN_USER,
          },
        },
      });
    });

    it('creates in a folder and generates a uid when none is sent', async () => {
      const folder = h.double.state.org(1).seedFolder({ uid: 'ops', title: 'Ops' });
      const res = await create({ name: 'P', kind: 1, model: {}, folderUid: 'ops' });
      expect(res.status).toBe(200);
      expect(res.body.result).toMatchObject({
        uid: expect.stringMatching(/^[a-z][a-z0-9]{13}$/),
        folderId: folder.id,
        folderUid: 'ops',
        meta: { folderName: 'Ops', folderUid: 'ops' },
      });
    });

    it('answers 400 (not 409) when the uid or the name in the folder is taken', async () => {
      h.double.state.org(1).seedFolder({ uid: 'ops', title: 'Ops' });
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
      h.double.addUser('viewer', 'pw', { orgs: { 1: 'Viewer' } });
      const res = await h.call('POST', '/api/library-elements', {
        auth: basic('viewer', 'pw'),
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
      h.double.state.org(1).seedFolder({ uid: 'ops', title: 'Ops' });
      await create({ uid: 'a', name: 'Shared', kind: 1, model: {} });
      await create({ uid: 'b', name: 'Shared', kind: 1, model: {}, folderUid: 'ops' });
      const res = await h.admin('GET', '/api/library-elements/name/Shared');
      expect(res.status).toBe(200);
      expect(res.body.result.map((e: { uid: string }) => e.uid)).toEqual(['a', 'b']);
      expect((await h.admin('GET', '/api/library-elements/name/None')).body).toEqual(NOT_FOUND);
    });

    it('lists with paging, totalCount, sort and filters', async () => {
      const org = h.double.state.org(1);
      org.seedFolder({ uid: 'ops', title: 'Operations' });
      const store = libraryPanelsOf(org);
      store.seedLibraryPanel({ uid: 'c', name: 'Charlie', model: { type: 'stat' } });
      store.seedLibraryPanel({
        uid: 'a',
        name: 'Alpha',
        model: { type: 'timeseries', description: 'latency' },
      });
      store.seedLibraryPanel({ uid: 'b', name: 'Bravo', folderUid: 'ops', model: { type: 'stat' } });
      store.seedLibraryPanel({ uid: 'v', name: 'Var', kind: 2 });

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
      h.double.state.org(1).seedFolder({ uid: 'ops', title: 'Ops' });
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
            createdBy: ADMIN_USER,
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

    it('seeded and UI-edited dashboards connect too', async () => {
      const dashboards = dashboardsOf(h.double.state.org(1));
      dashboards.seedDashboard({ uid: 's', title: 'Seeded', data: { panels: [libraryPanel('lp1')] } });
      expect((await h.admin('GET', '/api/library-elements/lp1/connections/')).body.result).toHaveLength(1);
      dashboards.uiEditDashboard('s', { panels: [] });
      expect((await h.admin('GET', '/api/library-elements/lp1/connections/')).body.result).toHaveLength(0);
    });
  });

  describe('folder deletion (§4.3)', () => {
    beforeEach(() => {
      const org = h.double.state.org(1);
      org.seedFolder({ uid: 'top', title: 'Top' });
      org.seedFolder({ uid: 'sub', title: 'Sub', parentUid: 'top' });
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

    it('takes unconnected library panels along (those of subfolders with forceDeleteRules)', async () => {
      await create({ uid: 'lp-top', name: 'A', kind: 1, model: {}, folderUid: 'top' });
      await create({ uid: 'lp-sub', name: 'B', kind: 1, model: {}, folderUid: 'sub' });
      await create({ uid: 'lp-root', name: 'C', kind: 1, model: {} });
      expect((await h.admin('DELETE', '/api/folders/top?forceDeleteRules=true')).status).toBe(200);
      expect((await h.admin('GET', '/api/library-elements/lp-top')).status).toBe(404);
      expect((await h.admin('GET', '/api/library-elements/lp-sub')).status).toBe(404);
      expect((await h.admin('GET', '/api/library-elements/lp-root')).status).toBe(200);
    });
  });

  it('UI edits bump the version so a PATCH with the old one is stale', async () => {
    libraryPanelsOf(h.double.state.org(1)).seedLibraryPanel({ uid: 'p', name: 'P', model: { type: 'stat' } });
    libraryPanelsOf(h.double.state.org(1)).uiEditLibraryPanel('p', { model: { type: 'gauge' } });
    const res = await patch('p', { kind: 1, version: 1, name: 'Mine' });
    expect(res.status).toBe(412);
    expect((await h.admin('GET', '/api/library-elements/p')).body.result).toMatchObject({
      version: 2,
      type: 'gauge',
    });
  });
});

describe.each(VERSION_PROFILES)(
  'grafana double %s: deleting a folder with library elements (§4.5)',
  (version) => {
    let h: Harness;

    beforeEach(async () => {
      h = await Harness.start({ version });
      await h.admin('POST', '/api/folders', { body: { uid: 'top', title: 'Top' } });
      await h.admin('POST', '/api/folders', { body: { uid: 'sub', title: 'Sub', parentUid: 'top' } });
    });

    afterEach(() => h.stop());

    const element = (uid: string, folderUid: string) =>
      h.admin('POST', '/api/library-elements', {
        body: { uid, name: uid, kind: 1, folderUid, model: { type: 'text' } },
      });
    const useIn = (dashboardUid: string, elementUid: string) =>
      h.admin('POST', '/api/dashboards/db', {
        body: {
          dashboard: {
            uid: dashboardUid,
            title: dashboardUid,
            panels: [{ libraryPanel: { uid: elementUid } }],
          },
        },
      });

    it("the folder's own element in use: 403, whatever forceDeleteRules says", async () => {
      await element('own', 'top');
      await useIn('user', 'own');
      for (const path of ['/api/folders/top', '/api/folders/top?forceDeleteRules=true']) {
        const refused = await h.admin('DELETE', path);
        expect(refused.status).toBe(403);
        expect(refused.body).toEqual({
          message: 'Folder could not be deleted because it contains library elements in use',
        });
      }
    });

    it('an element in a subfolder: 400 folder.not-empty, in use or not, without forceDeleteRules', async () => {
      await element('below', 'sub');
      const unused = await h.admin('DELETE', '/api/folders/top');
      expect(unused.status).toBe(400);
      expect(unused.body).toEqual({
        statusCode: 400,
        messageId: 'folder.not-empty',
        message: 'Folder cannot be deleted: folder is not empty',
      });
      await useIn('user', 'below');
      expect((await h.admin('DELETE', '/api/folders/top')).body.messageId).toBe('folder.not-empty');
      expect((await h.admin('GET', '/api/folders/sub')).status).toBe(200);
    });

    it('with forceDeleteRules, an element in use in a subfolder is 500 "Folder API error"; unused ones go', async () => {
      await element('below', 'sub');
      await useIn('user', 'below');
      const refused = await h.admin('DELETE', '/api/folders/top?forceDeleteRules=true');
      expect(refused.status).toBe(500);
      expect(refused.body).toEqual({ message: 'Folder API error' });

      await h.admin('POST', '/api/dashboards/db', {
        body: { dashboard: { uid: 'user', title: 'user' }, overwrite: true },
      });
      expect((await h.admin('DELETE', '/api/folders/top?forceDeleteRules=true')).status).toBe(200);
      expect((await h.admin('GET', '/api/library-elements/below')).status).toBe(404);
    });
  },
);
