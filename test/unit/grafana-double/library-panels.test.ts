import { dashboardsOf } from '../../grafana-double/dashboard-state.js';
import { libraryPanelsOf } from '../../grafana-double/library-panel-state.js';
import { VERSION_PROFILES } from '../../grafana-double/profiles.js';
import { libraryPanel, libraryPanelCalls } from '../../contract/library-panel-calls.js';
import { Harness } from './helpers.js';

describe('grafana double only: seeded and UI-edited state, sub-folder deletion (§7, §13.7; the HTTP contract is test/contract/library-panels.test.ts)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await Harness.start();
  });

  afterEach(() => h.stop());

  // `h` is a new harness per test: bind the calls to the current one.
  const create = (body: Record<string, unknown>) => libraryPanelCalls(h).create(body);
  const patch = (uid: string, body: Record<string, unknown>) => libraryPanelCalls(h).patch(uid, body);

  it('seeded and UI-edited dashboards connect too', async () => {
    await create({ uid: 'lp1', name: 'One', kind: 1, model: {} });
    const dashboards = dashboardsOf(h.double.state.org(1));
    dashboards.seedDashboard({ uid: 's', title: 'Seeded', data: { panels: [libraryPanel('lp1')] } });
    expect((await h.admin('GET', '/api/library-elements/lp1/connections/')).body.result).toHaveLength(1);
    dashboards.uiEditDashboard('s', { panels: [] });
    expect((await h.admin('GET', '/api/library-elements/lp1/connections/')).body.result).toHaveLength(0);
  });

  describe('folder deletion with sub-folders (§4.5, finding 16: Grafana differs per version, being modelled)', () => {
    beforeEach(() => {
      const org = h.double.state.org(1);
      org.seedFolder({ uid: 'top', title: 'Top' });
      org.seedFolder({ uid: 'sub', title: 'Sub', parentUid: 'top' });
    });

    // The folder's own connected panel (403) is in the contract suite.
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

  it('UI edits through the double bump the version so a PATCH with the old one is stale', async () => {
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
