import { contractGrafana } from './harness.js';
import { expectRbacDenied } from './http.js';

const NOT_FOUND = { status: 'not-found', message: 'folder not found' };
const FOLDER_CHANGED = { status: 'version-mismatch', message: 'the folder has been changed by someone else' };
const DASHBOARD_CHANGED = { message: 'The dashboard has been changed by someone else' };

describe('contract: folders (§4, §13.4)', () => {
  const h = contractGrafana();
  const exists = async (uid: string) => (await h.admin('GET', `/api/folders/${uid}`)).status === 200;

  async function create(body: Record<string, unknown>) {
    return h.admin('POST', '/api/folders', { body });
  }

  it('creates a folder: 200 DTO with version 1 and every DTO field', async () => {
    const res = await create({ uid: 'infra', title: 'Infra Team', description: 'd' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: expect.any(Number),
      uid: 'infra',
      orgId: h.orgId,
      title: 'Infra Team',
      url: '/dashboards/f/infra/infra-team',
      hasAcl: false,
      canSave: true,
      canEdit: true,
      canAdmin: true,
      canDelete: true,
      createdBy: h.adminLogin,
      created: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      updatedBy: h.adminLogin,
      updated: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      version: 1,
    });
  });

  it('generates a short uid when none is sent', async () => {
    const res = await create({ title: 'No uid' });
    expect(res.status).toBe(200);
    expect(res.body.uid).toMatch(/^[a-z][a-z0-9]{13}$/);
  });

  it('validates title and uid with 400', async () => {
    const emptyTitle = await create({ uid: 'a', title: '' });
    expect(emptyTitle.status).toBe(400);
    expect(emptyTitle.body).toEqual({ message: 'folder title cannot be empty' });

    const illegal = await create({ uid: 'bad uid!', title: 't' });
    expect(illegal.status).toBe(400);
    expect(illegal.body).toEqual({ message: 'uid contains illegal characters' });

    const long = await create({ uid: 'x'.repeat(41), title: 't' });
    expect(long.status).toBe(400);
    expect(long.body).toEqual({ message: 'uid too long, max 40 characters' });

    expect((await create({ uid: 'x'.repeat(40), title: 't' })).status).toBe(200);
  });

  it('answers a duplicate uid with 412 version-mismatch (folder API), 409 on 11.x (SQL path) (§4.3)', async () => {
    await create({ uid: 'dup', title: 'one' });
    const res = await create({ uid: 'dup', title: 'two' });
    expect([res.status, res.body]).toEqual(
      h.byVersion({
        '<12.0': [409, { message: 'a folder/dashboard with the same uid already exists' }],
        default: [412, FOLDER_CHANGED],
      }),
    );
  });

  it('GETs by uid; unknown uid is 404 with the 12.x body', async () => {
    await create({ uid: 'f1', title: 'F1' });
    const got = await h.admin('GET', '/api/folders/f1');
    expect(got.status).toBe(200);
    expect(got.body.title).toBe('F1');
    const missing = await h.admin('GET', '/api/folders/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(NOT_FOUND);
  });

  it('adds accessControl only with ?accesscontrol=true', async () => {
    await create({ uid: 'f1', title: 'F1' });
    expect((await h.admin('GET', '/api/folders/f1')).body.accessControl).toBeUndefined();
    const res = await h.admin('GET', '/api/folders/f1?accesscontrol=true');
    expect(res.body.accessControl).toMatchObject({ 'folders:read': true, 'folders:write': true });
  });

  it('nests folders with parentUid and parents[] from the root down', async () => {
    await create({ uid: 'a', title: 'A' });
    await create({ uid: 'b', title: 'B', parentUid: 'a' });
    const c = await create({ uid: 'c', title: 'C', parentUid: 'b' });
    expect(c.status).toBe(200);
    expect(c.body.parentUid).toBe('b');
    expect(c.body.parents.map((p: { uid: string }) => p.uid)).toEqual(['a', 'b']);
    expect(c.body.parents[1].parentUid).toBe('a');
    expect(c.body.parents[0].parentUid).toBeUndefined();

    const missingParent = await create({ title: 'orphan', parentUid: 'ghost' });
    expect(missingParent.status).toBe(404);
    expect(missingParent.body).toEqual(NOT_FOUND);
  });

  it('limits nesting to 4 levels by default, 400 mentioning depth', async () => {
    await create({ uid: 'l1', title: 'L1' });
    await create({ uid: 'l2', title: 'L2', parentUid: 'l1' });
    await create({ uid: 'l3', title: 'L3', parentUid: 'l2' });
    expect((await create({ uid: 'l4', title: 'L4', parentUid: 'l3' })).status).toBe(200);
    const fifth = await create({ uid: 'l5', title: 'L5', parentUid: 'l4' });
    expect(fifth.status).toBe(400);
    expect(fifth.body.message).toContain('depth');
    expect(fifth.body).toEqual({
      message: '[folder.maximum-depth-reached] folder max depth exceeded, max depth is 4',
    });
  });

  describe('PUT', () => {
    beforeEach(async () => {
      await create({ uid: 'f', title: 'Old', description: 'old' });
    });

    it('updates title and description with overwrite, version+1', async () => {
      const res = await h.admin('PUT', '/api/folders/f', {
        body: { title: 'New', description: 'new', overwrite: true },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ uid: 'f', title: 'New', version: 2, url: '/dashboards/f/f/new' });
    });

    it('accepts the matching version', async () => {
      const res = await h.admin('PUT', '/api/folders/f', { body: { title: 'V', version: 1 } });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(2);
    });

    it('answers 412 for a stale version, and for neither version nor overwrite; the folder body on 11.x (§4.3)', async () => {
      // 12.x maps the folder API's conflict to the dashboard text; 11.x's SQL store has its own.
      const expected = h.byVersion({ '<12.0': FOLDER_CHANGED, default: DASHBOARD_CHANGED });
      for (const body of [{ title: 'X', version: 7 }, { title: 'X' }]) {
        const res = await h.admin('PUT', '/api/folders/f', { body });
        expect(res.status).toBe(412);
        expect(res.body).toEqual(expected);
      }
      expect((await h.admin('GET', '/api/folders/f')).body.title).toBe('Old');
    });

    it('ignores a new uid and does not move', async () => {
      await create({ uid: 'p', title: 'P' });
      const res = await h.admin('PUT', '/api/folders/f', {
        body: { uid: 'renamed', title: 'T', overwrite: true, parentUid: 'p' },
      });
      expect(res.status).toBe(200);
      expect(res.body.uid).toBe('f');
      expect(res.body.parentUid).toBeUndefined();
      expect(await exists('renamed')).toBe(false);
    });

    it('answers 404 for an unknown folder and 400 for an empty title', async () => {
      const missing = await h.admin('PUT', '/api/folders/nope', { body: { title: 'T', overwrite: true } });
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual(NOT_FOUND);
      const empty = await h.admin('PUT', '/api/folders/f', { body: { title: '', overwrite: true } });
      expect(empty.status).toBe(400);
      expect(empty.body).toEqual({ message: 'folder title cannot be empty' });
    });
  });

  describe('move', () => {
    beforeEach(async () => {
      await create({ uid: 'a', title: 'A' });
      await create({ uid: 'b', title: 'B', parentUid: 'a' });
      await create({ uid: 'x', title: 'X' });
    });

    it('moves under a new parent and back to the root', async () => {
      const moved = await h.admin('POST', '/api/folders/x/move', { body: { parentUid: 'b' } });
      expect(moved.status).toBe(200);
      expect(moved.body.parentUid).toBe('b');
      expect(moved.body.parents.map((p: { uid: string }) => p.uid)).toEqual(['a', 'b']);
      expect(moved.body.version).toBe(1);
      const root = await h.admin('POST', '/api/folders/x/move', { body: { parentUid: '' } });
      expect(root.status).toBe(200);
      expect(root.body.parentUid).toBeUndefined();
    });

    it('refuses cycles, self-parenting and unknown folders', async () => {
      const cycle = await h.admin('POST', '/api/folders/a/move', { body: { parentUid: 'b' } });
      expect(cycle.status).toBe(400);
      expect(cycle.body).toEqual({
        statusCode: 400,
        messageId: 'folder.circular-reference',
        message: 'Circular reference detected',
      });
      const self = await h.admin('POST', '/api/folders/a/move', { body: { parentUid: 'a' } });
      expect(self.status).toBe(400);
      const unknown = await h.admin('POST', '/api/folders/x/move', { body: { parentUid: 'ghost' } });
      expect(unknown.status).toBe(404);
    });
  });

  describe('list', () => {
    beforeEach(async () => {
      await create({ uid: 'b', title: 'Beta' });
      await create({ uid: 'a', title: 'Alpha' });
      await create({ uid: 'c', title: 'Child', parentUid: 'a' });
    });

    it('lists root folders sorted by title, as search hits', async () => {
      const res = await h.admin('GET', '/api/folders');
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        { id: expect.any(Number), uid: 'a', title: 'Alpha' },
        { id: expect.any(Number), uid: 'b', title: 'Beta' },
      ]);
    });

    it('lists the children of parentUid', async () => {
      const res = await h.admin('GET', '/api/folders?parentUid=a');
      expect(res.body).toEqual([{ id: expect.any(Number), uid: 'c', title: 'Child', parentUid: 'a' }]);
      expect((await h.admin('GET', '/api/folders?parentUid=ghost')).status).toBe(404);
    });

    it('pages with limit and page', async () => {
      const first = await h.admin('GET', '/api/folders?limit=1&page=1');
      expect(first.body.map((f: { uid: string }) => f.uid)).toEqual(['a']);
      const second = await h.admin('GET', '/api/folders?limit=1&page=2');
      expect(second.body.map((f: { uid: string }) => f.uid)).toEqual(['b']);
      const third = await h.admin('GET', '/api/folders?limit=1&page=3');
      expect(third.body).toEqual([]);
    });

    it('filters permission=Edit by the caller role', async () => {
      const viewer = await h.createToken('Viewer');
      expect((await h.as(viewer, 'GET', '/api/folders')).body).toHaveLength(2);
      expect((await h.as(viewer, 'GET', '/api/folders?permission=Edit')).body).toEqual([]);
    });
  });

  describe('delete', () => {
    beforeEach(async () => {
      await create({ uid: 'a', title: 'A' });
      await create({ uid: 'b', title: 'B', parentUid: 'a' });
      await create({ uid: 'c', title: 'C', parentUid: 'b' });
      await create({ uid: 'other', title: 'Other' });
    });

    it('deletes the folder and its subfolders', async () => {
      const res = await h.admin('DELETE', '/api/folders/a');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ message: 'Folder deleted' });
      expect((await h.admin('GET', '/api/folders')).body.map((f: { uid: string }) => f.uid)).toEqual([
        'other',
      ]);
      expect([await exists('b'), await exists('c')]).toEqual([false, false]);
      const again = await h.admin('DELETE', '/api/folders/a');
      expect(again.status).toBe(404);
      expect(again.body).toEqual(NOT_FOUND);
    });
  });

  it('applies the role table: Viewer reads, Editor writes', async () => {
    await create({ uid: 'f', title: 'F' });
    const viewer = await h.createToken('Viewer');
    const editor = await h.createToken('Editor');
    const got = await h.as(viewer, 'GET', '/api/folders/f');
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ canSave: false, canEdit: false, canAdmin: false, canDelete: false });
    expectRbacDenied(
      await h.as(viewer, 'PUT', '/api/folders/f', { body: { title: 'x', overwrite: true } }),
      'folders:write',
    );
    expectRbacDenied(await h.as(viewer, 'DELETE', '/api/folders/f'), 'folders:delete');
    const edited = await h.as(editor, 'PUT', '/api/folders/f', { body: { title: 'E', overwrite: true } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ canEdit: true, canAdmin: false, updatedBy: editor.login });
  });
});
