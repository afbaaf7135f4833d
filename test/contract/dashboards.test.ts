import { contractGrafana } from './harness.js';
import { expectRbacDenied } from './http.js';

const VERSION_MISMATCH = {
  status: 'version-mismatch',
  message: 'The dashboard has been changed by someone else',
};
const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);
const USE_OVERWRITE = { message: 'Dashboard already exists. Use overwrite flag to update.' };

describe('contract: dashboards (§6, §12, §13.6)', () => {
  const h = contractGrafana();

  function save(body: Record<string, unknown>) {
    return h.admin('POST', '/api/dashboards/db', { body });
  }

  /** A folder made through the folder API; its id as Grafana answers it. */
  async function folder(uid: string, title: string, parentUid?: string): Promise<number> {
    const res = await h.admin('POST', '/api/folders', { body: { uid, title, parentUid } });
    expect(res.status).toBe(200);
    return res.body.id as number;
  }

  /** A stale or missing version: 412 version-mismatch, 409 "Use overwrite flag" from 13.x (§6.1, §15.12). */
  const conflict = () =>
    h.byVersion({ '>=13.0': [409, USE_OVERWRITE], default: [412, VERSION_MISMATCH] } as const);

  describe('POST /api/dashboards/db', () => {
    it('creates a dashboard: 200 with the save response, version 1', async () => {
      const res = await save({ dashboard: { uid: 'cpu', title: 'CPU Usage', panels: [] } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: expect.any(Number),
        uid: 'cpu',
        url: '/d/cpu/cpu-usage',
        status: 'success',
        version: 1,
        slug: 'cpu-usage',
        folderUid: '',
      });
    });

    it('generates a uid (a UUID, as 12.x does) when none is sent', async () => {
      const res = await save({ dashboard: { title: 'No uid' } });
      expect(res.status).toBe(200);
      expect(res.body.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    });

    it('injects id and version into the stored JSON and trims the title', async () => {
      const created = await save({ dashboard: { uid: 'd', title: '  Padded  ', id: null, tags: ['a'] } });
      const got = await h.admin('GET', '/api/dashboards/uid/d');
      expect(got.body.dashboard).toEqual({
        uid: 'd',
        title: 'Padded',
        id: created.body.id,
        version: 1,
        tags: ['a'],
      });
    });

    it('answers an existing uid without version or overwrite with 412 version-mismatch, 409 "Use overwrite flag" from 13.x (§15.12)', async () => {
      await save({ dashboard: { uid: 'd', title: 'T' } });
      const res = await save({ dashboard: { uid: 'd', title: 'T' } });
      expect([res.status, res.body]).toEqual(conflict());
      expect((await save({ dashboard: { uid: 'd', title: 'T', version: 1 } })).status).toBe(200);
    });

    it('accepts the current version or overwrite, and bumps the version on every save, even unchanged', async () => {
      await save({ dashboard: { uid: 'd', title: 'T' } });
      const withVersion = await save({ dashboard: { uid: 'd', title: 'T', version: 1 } });
      expect(withVersion.status).toBe(200);
      expect(withVersion.body.version).toBe(2);
      const overwritten = await save({ dashboard: { uid: 'd', title: 'T', version: 99 }, overwrite: true });
      expect(overwritten.body.version).toBe(3);
      const again = await save({ dashboard: { uid: 'd', title: 'T' }, overwrite: true });
      expect(again.body.version).toBe(4);
      expect(again.body.id).toBe(withVersion.body.id);
      const stale = await save({ dashboard: { uid: 'd', title: 'T', version: 3 } });
      expect([stale.status, stale.body]).toEqual(conflict());
    });

    it('refuses an id and a uid that point at different dashboards (400), and an unknown id (404)', async () => {
      const a = await save({ dashboard: { uid: 'a', title: 'A' } });
      await save({ dashboard: { uid: 'b', title: 'B' } });
      const mismatch = await save({ dashboard: { id: a.body.id, uid: 'b', title: 'X' }, overwrite: true });
      expect(mismatch.status).toBe(400);
      expect(mismatch.body).toEqual({ message: 'A dashboard with the same uid already exists' });

      const unknown = await save({ dashboard: { id: 99999, title: 'X' } });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({ status: 'not-found', message: 'Dashboard not found' });

      // An id alone finds the dashboard and its uid.
      const byId = await save({ dashboard: { id: a.body.id, title: 'A2', version: 1 } });
      expect(byId.body).toMatchObject({ uid: 'a', version: 2 });
    });

    it('validates title, uid and message like ValidateBasicDashboardProperties', async () => {
      const empty = await save({ dashboard: { uid: 'd', title: '   ' } });
      expect(empty.status).toBe(400);
      expect(empty.body).toEqual({ status: 'empty-name', message: 'Dashboard title cannot be empty' });
      expect((await save({ dashboard: { uid: 'd' } })).body.status).toBe('empty-name');

      const long = await save({ dashboard: { title: 'x'.repeat(5001) } });
      expect(long.status).toBe(400);
      expect(long.body).toEqual({
        status: 'title-too-long',
        message: 'Dashboard title cannot contain more than 5 000 characters',
      });

      const message = await save({ dashboard: { title: 'T' }, message: 'm'.repeat(501) });
      expect(message.status).toBe(400);
      expect(message.body).toEqual({ message: 'message too long, max 500 characters' });

      const illegal = await save({ dashboard: { uid: 'bad uid', title: 'T' } });
      expect(illegal.status).toBe(400);
      expect(illegal.body).toEqual({ message: 'uid contains illegal characters' });
      // Characters are checked before the length.
      expect((await save({ dashboard: { uid: '!'.repeat(41), title: 'T' } })).body.message).toBe(
        'uid contains illegal characters',
      );

      const tooLong = await save({ dashboard: { uid: 'x'.repeat(41), title: 'T' } });
      expect(tooLong.status).toBe(400);
      expect(tooLong.body).toEqual({ message: 'uid too long, max 40 characters' });
      expect((await save({ dashboard: { uid: 'x'.repeat(40), title: 'T' } })).status).toBe(200);
    });

    it('answers 400 bad request data for bind errors and 400 for folders', async () => {
      const missing = await save({ folderUid: '' });
      expect(missing.status).toBe(400);
      expect(missing.body).toEqual({ message: 'bad request data' });
      const notObject = await save({ dashboard: 'x' });
      expect(notObject.body).toEqual({ message: 'bad request data' });
      const text = await h.admin('POST', '/api/dashboards/db', {
        rawBody: JSON.stringify({ dashboard: { title: 'T' } }),
        headers: { 'content-type': 'text/plain' },
      });
      expect(text.status).toBe(400);

      const folder = await save({ dashboard: { title: 'T' }, isFolder: true });
      expect(folder.status).toBe(400);
      expect(folder.body).toEqual({ message: 'Use folders endpoint for saving folders.' });
    });

    it('answers 400 folder not found, and saves into an existing folder', async () => {
      const missing = await save({ dashboard: { title: 'T' }, folderUid: 'nope' });
      expect(missing.status).toBe(400);
      expect(missing.body).toEqual({ message: 'folder not found' });

      await folder('ops', 'Ops Team');
      const saved = await save({ dashboard: { uid: 'd', title: 'T' }, folderUid: 'ops' });
      expect(saved.body.folderUid).toBe('ops');
      // Moving between folders is a save with another folderUid.
      const moved = await save({ dashboard: { uid: 'd', title: 'T' }, folderUid: '', overwrite: true });
      expect(moved.body.folderUid).toBe('');
    });

    it('stores a refresh below min_refresh_interval as the minimum; 13.x refuses it with 400 (§6.6)', async () => {
      const fast = await save({ dashboard: { uid: 'fast', title: 'Fast', refresh: '1s' } });
      await save({ dashboard: { uid: 'ok', title: 'OK', refresh: '1m' } });
      await save({ dashboard: { uid: 'off', title: 'Off', refresh: false } });
      if (h.byVersion({ '>=13.0': 'refused', default: 'clamped' }) === 'refused') {
        expect([fast.status, fast.body]).toEqual([400, { message: 'Dashboard refresh interval is too low' }]);
        expect((await h.admin('GET', '/api/dashboards/uid/fast')).status).toBe(404);
      } else {
        expect((await h.admin('GET', '/api/dashboards/uid/fast')).body.dashboard.refresh).toBe('5s');
      }
      expect((await h.admin('GET', '/api/dashboards/uid/ok')).body.dashboard.refresh).toBe('1m');
      expect((await h.admin('GET', '/api/dashboards/uid/off')).body.dashboard.refresh).toBe(false);
    });

    it('needs dashboards:write (Editor) for saves', async () => {
      const viewer = await h.createUser();
      const res = await h.as(viewer, 'POST', '/api/dashboards/db', { body: { dashboard: { title: 'T' } } });
      expectRbacDenied(res, 'dashboards:write');
    });
  });

  describe('GET /api/dashboards/uid/:uid', () => {
    it('returns the dashboard with the meta block; General at the root', async () => {
      const created = await save({ dashboard: { uid: 'd', title: 'My Board' }, message: 'first' });
      const res = await h.admin('GET', '/api/dashboards/uid/d');
      expect(res.status).toBe(200);
      expect(res.body.meta).toEqual({
        type: 'db',
        canSave: true,
        canEdit: true,
        canAdmin: true,
        canStar: true,
        canDelete: true,
        slug: 'my-board',
        url: '/d/d/my-board',
        expires: '0001-01-01T00:00:00Z',
        created: ISO,
        updated: ISO,
        updatedBy: h.adminLogin,
        createdBy: h.adminLogin,
        version: 1,
        hasAcl: false,
        isFolder: false,
        folderId: 0,
        folderUid: '',
        folderTitle: 'General',
        folderUrl: '',
        provisioned: false,
        provisionedExternalId: '',
        annotationsPermissions: {
          dashboard: { canAdd: true, canEdit: true, canDelete: true },
          organization: { canAdd: true, canEdit: true, canDelete: true },
        },
      });
      expect(res.body.dashboard).toEqual({ uid: 'd', title: 'My Board', id: created.body.id, version: 1 });
    });

    it('reports the folder of a dashboard in a folder', async () => {
      const folderId = await folder('ops', 'Ops Team');
      await save({ dashboard: { uid: 'd', title: 'T' }, folderUid: 'ops' });
      const meta = (await h.admin('GET', '/api/dashboards/uid/d')).body.meta;
      expect(meta).toMatchObject({
        folderId,
        folderUid: 'ops',
        folderTitle: 'Ops Team',
        folderUrl: '/dashboards/f/ops/ops-team',
      });
    });

    it('answers 404 Dashboard not found', async () => {
      const res = await h.admin('GET', '/api/dashboards/uid/missing');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: 'Dashboard not found' });
    });

    it('reflects the caller permissions in meta', async () => {
      const viewer = await h.createUser();
      await save({ dashboard: { uid: 'd', title: 'T' } });
      const meta = (await h.as(viewer, 'GET', '/api/dashboards/uid/d')).body.meta;
      expect(meta).toMatchObject({
        canSave: false,
        canEdit: false,
        canAdmin: false,
        canDelete: false,
        canStar: true,
      });
    });
  });

  describe('DELETE /api/dashboards/uid/:uid', () => {
    it('deletes: 200 {title, message, uid}, then 404', async () => {
      await save({ dashboard: { uid: 'd', title: 'Doomed' } });
      const res = await h.admin('DELETE', '/api/dashboards/uid/d');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ title: 'Doomed', message: 'Dashboard Doomed deleted', uid: 'd' });
      expect((await h.admin('GET', '/api/dashboards/uid/d')).status).toBe(404);
      const again = await h.admin('DELETE', '/api/dashboards/uid/d');
      expect(again.status).toBe(404);
      expect(again.body).toEqual({ message: 'Dashboard not found' });
    });
  });

  describe('UI edits', () => {
    // The UI saves the JSON it loaded, edited, with the version it loaded.
    const uiEdit = async (edit: (dashboard: Record<string, unknown>) => void) => {
      const { dashboard } = (await h.admin('GET', '/api/dashboards/uid/d')).body;
      edit(dashboard);
      expect((await save({ dashboard })).status).toBe(200);
    };

    it('change the stored JSON and bump the version, so a save with the old version is stale', async () => {
      await save({ dashboard: { uid: 'd', title: 'Mine', tags: ['x'] } });
      await uiEdit((data) => Object.assign(data, { title: 'Edited in UI', tags: ['y'] }));
      const got = (await h.admin('GET', '/api/dashboards/uid/d')).body;
      expect(got.dashboard).toMatchObject({ title: 'Edited in UI', tags: ['y'], version: 2 });
      expect(got.meta.version).toBe(2);
      expect((await save({ dashboard: { uid: 'd', title: 'Mine', version: 1 } })).status).toBe(conflict()[0]);

      await uiEdit((data) => {
        data.description = 'added';
      });
      expect((await h.admin('GET', '/api/dashboards/uid/d')).body.dashboard).toMatchObject({
        description: 'added',
        version: 3,
      });
    });
  });

  describe('folder deletion', () => {
    it('deletes the dashboards of the folder and its subfolders, not others', async () => {
      await folder('top', 'Top');
      await folder('sub', 'Sub', 'top');
      await save({ dashboard: { uid: 'in-top', title: 'A' }, folderUid: 'top' });
      await save({ dashboard: { uid: 'in-sub', title: 'B' }, folderUid: 'sub' });
      await save({ dashboard: { uid: 'root', title: 'C' } });

      expect((await h.admin('DELETE', '/api/folders/top')).status).toBe(200);
      expect((await h.admin('GET', '/api/dashboards/uid/in-top')).status).toBe(404);
      expect((await h.admin('GET', '/api/dashboards/uid/in-sub')).status).toBe(404);
      expect((await h.admin('GET', '/api/dashboards/uid/root')).status).toBe(200);
    });
  });

  it('keeps dashboards per org', async () => {
    const team = await h.createOrg();
    await save({ dashboard: { uid: 'd', title: 'Org 1' } });
    const other = await h.admin('GET', '/api/dashboards/uid/d', {
      headers: { 'x-grafana-org-id': String(team) },
    });
    expect(other.status).toBe(404);
  });
});
