import { errutil, messageError } from '../../grafana-double/errors.js';
import { bearer, expectRbacDenied, Harness } from './helpers.js';

const NOT_FOUND = { status: 'not-found', message: 'folder not found' };
const FOLDER_CHANGED = { status: 'version-mismatch', message: 'the folder has been changed by someone else' };

describe('grafana double: folders (§4, §13.4)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await Harness.start();
  });

  afterEach(() => h.stop());

  async function create(body: Record<string, unknown>) {
    return h.admin('POST', '/api/folders', { body });
  }

  it('creates a folder: 200 DTO with version 1 and every DTO field', async () => {
    const res = await create({ uid: 'infra', title: 'Infra Team', description: 'd' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: expect.any(Number),
      uid: 'infra',
      orgId: 1,
      title: 'Infra Team',
      url: '/dashboards/f/infra/infra-team',
      hasAcl: false,
      canSave: true,
      canEdit: true,
      canAdmin: true,
      canDelete: true,
      createdBy: 'admin',
      created: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      updatedBy: 'admin',
      updated: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      version: 1,
    });
    expect(h.double.state.org(1).folder('infra')?.description).toBe('d');
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

  it('answers a duplicate uid with 412 version-mismatch, or 409 when switched to the SQL path', async () => {
    await create({ uid: 'dup', title: 'one' });
    const k8s = await create({ uid: 'dup', title: 'two' });
    expect(k8s.status).toBe(412);
    expect(k8s.body).toEqual(FOLDER_CHANGED);

    h.double.options.folderDuplicateUidStatus = 409;
    const sql = await create({ uid: 'dup', title: 'two' });
    expect(sql.status).toBe(409);
    expect(sql.body).toEqual({ message: 'a folder/dashboard with the same uid already exists' });
  });

  it('allows duplicate titles under one parent', async () => {
    expect((await create({ title: 'Same' })).status).toBe(200);
    expect((await create({ title: 'Same' })).status).toBe(200);
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

  it('honours a configured depth, clamped to 1..7', async () => {
    h.double.options.maxFolderDepth = 1;
    await create({ uid: 'top', title: 'Top' });
    const sub = await create({ uid: 'sub', title: 'Sub', parentUid: 'top' });
    expect(sub.status).toBe(400);
    expect(sub.body.message).toContain('depth');

    h.double.options.maxFolderDepth = 100; // clamped to 7
    let parent = 'top';
    for (let level = 2; level <= 7; level++) {
      const res = await create({ uid: `lvl${level}`, title: `L${level}`, parentUid: parent });
      expect(res.status).toBe(200);
      parent = `lvl${level}`;
    }
    expect((await create({ uid: 'lvl8', title: 'L8', parentUid: parent })).status).toBe(400);
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
      expect(h.double.state.org(1).folder('f')?.description).toBe('new');
    });

    it('accepts the matching version', async () => {
      const res = await h.admin('PUT', '/api/folders/f', { body: { title: 'V', version: 1 } });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(2);
    });

    it('answers 412 for a stale version, and for neither version nor overwrite', async () => {
      for (const body of [{ title: 'X', version: 7 }, { title: 'X' }]) {
        const res = await h.admin('PUT', '/api/folders/f', { body });
        expect(res.status).toBe(412);
        expect(res.body).toEqual({ message: 'The dashboard has been changed by someone else' });
      }
      h.double.options.folderVersionMismatchBody = 'folder';
      const legacy = await h.admin('PUT', '/api/folders/f', { body: { title: 'X' } });
      expect(legacy.status).toBe(412);
      expect(legacy.body).toEqual(FOLDER_CHANGED);
      expect(h.double.state.org(1).folder('f')?.title).toBe('Old');
    });

    it('ignores a new uid and does not move', async () => {
      await create({ uid: 'p', title: 'P' });
      const res = await h.admin('PUT', '/api/folders/f', {
        body: { uid: 'renamed', title: 'T', overwrite: true, parentUid: 'p' },
      });
      expect(res.status).toBe(200);
      expect(res.body.uid).toBe('f');
      expect(res.body.parentUid).toBeUndefined();
      expect(h.double.state.org(1).folder('renamed')).toBeUndefined();
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

    it('refuses cycles, self-parenting, unknown folders and too deep subtrees', async () => {
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

      h.double.options.maxFolderDepth = 2;
      const deep = await h.admin('POST', '/api/folders/x/move', { body: { parentUid: 'b' } });
      expect(deep.status).toBe(400);
      expect(deep.body.message.toLowerCase()).toContain('depth');
      const subtree = await h.admin('POST', '/api/folders/a/move', { body: { parentUid: 'x' } });
      expect(subtree.status).toBe(400);
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
      h.double.addServiceAccountToken('glsa_v', { orgId: 1, role: 'Viewer' });
      expect((await h.call('GET', '/api/folders', { auth: bearer('glsa_v') })).body).toHaveLength(2);
      expect((await h.call('GET', '/api/folders?permission=Edit', { auth: bearer('glsa_v') })).body).toEqual(
        [],
      );
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
      expect([...h.double.state.org(1).folders.keys()]).toEqual(['other']);
      const again = await h.admin('DELETE', '/api/folders/a');
      expect(again.status).toBe(404);
      expect(again.body).toEqual(NOT_FOUND);
    });

    it('lets other modules refuse the delete through guards', async () => {
      const seen: string[][] = [];
      const removeLibraryGuard = h.double.state.addFolderDeleteGuard(({ folderUids }) => {
        seen.push([...folderUids]);
        return folderUids.includes('c')
          ? messageError(403, 'Folder could not be deleted because it contains library elements in use', true)
          : undefined;
      });
      const refused = await h.admin('DELETE', '/api/folders/a');
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({
        message: 'Folder could not be deleted because it contains library elements in use',
      });
      expect(seen).toEqual([['a', 'b', 'c']]);
      expect(h.double.state.org(1).folders.size).toBe(4);
      removeLibraryGuard();

      h.double.state.addFolderDeleteGuard(({ forceDeleteRules }) =>
        forceDeleteRules ? undefined : errutil(400, 'folder.not-empty', 'folder contains 2 alert rules'),
      );
      const rules = await h.admin('DELETE', '/api/folders/a');
      expect(rules.status).toBe(400);
      expect(rules.body.messageId).toBe('folder.not-empty');

      const deleted: string[][] = [];
      h.double.state.addFolderDeletedListener((_org, uids) => deleted.push([...uids]));
      const forced = await h.admin('DELETE', '/api/folders/a?forceDeleteRules=true');
      expect(forced.status).toBe(200);
      expect(deleted).toEqual([['a', 'b', 'c']]);
    });
  });

  it('applies the role table: Viewer reads, Editor writes', async () => {
    await create({ uid: 'f', title: 'F' });
    h.double.addServiceAccountToken('glsa_v', { orgId: 1, role: 'Viewer' });
    h.double.addServiceAccountToken('glsa_e', { orgId: 1, role: 'Editor' });
    const viewer = bearer('glsa_v');
    const got = await h.call('GET', '/api/folders/f', { auth: viewer });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ canSave: false, canEdit: false, canAdmin: false, canDelete: false });
    expectRbacDenied(
      await h.call('PUT', '/api/folders/f', { auth: viewer, body: { title: 'x', overwrite: true } }),
      'folders:write',
    );
    expectRbacDenied(await h.call('DELETE', '/api/folders/f', { auth: viewer }), 'folders:delete');
    const editor = bearer('glsa_e');
    const edited = await h.call('PUT', '/api/folders/f', {
      auth: editor,
      body: { title: 'E', overwrite: true },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ canEdit: true, canAdmin: false, updatedBy: 'sa-1-sa-3' });
  });
});

describe('grafana double: /apis/folder.grafana.app (§4.7)', () => {
  let h: Harness;

  afterEach(() => h.stop());

  it('lists every folder of the org from storage, with its parent as grafana.app/folder, lag or not', async () => {
    h = await Harness.start({ version: '13.0', searchLagMs: 60 * 60_000 });
    const discovery = await h.admin('GET', '/apis/folder.grafana.app');
    expect(discovery.body.preferredVersion).toEqual({
      groupVersion: 'folder.grafana.app/v1beta1',
      version: 'v1beta1',
    });
    await h.admin('POST', '/api/folders', { body: { uid: 'top', title: 'Top' } });
    await h.admin('POST', '/api/folders', { body: { uid: 'sub', title: 'Sub', parentUid: 'top' } });

    const list = await h.admin('GET', '/apis/folder.grafana.app/v1beta1/namespaces/default/folders?limit=1');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        kind: 'Folder',
        metadata: expect.objectContaining({
          name: 'sub',
          generation: 1,
          annotations: expect.objectContaining({ 'grafana.app/folder': 'top' }),
        }),
        spec: { title: 'Sub', description: '' },
      }),
    ]);
    const rest = await h.admin(
      'GET',
      `/apis/folder.grafana.app/v1beta1/namespaces/default/folders?continue=${list.body.metadata.continue}`,
    );
    expect(
      rest.body.items.map((i: { metadata: { name: string; annotations: object } }) => i.metadata),
    ).toEqual([
      expect.objectContaining({
        name: 'top',
        annotations: expect.not.objectContaining({ 'grafana.app/folder': expect.anything() }),
      }),
    ]);
    // The search index has not caught up yet.
    expect((await h.admin('GET', '/api/search?type=dash-folder')).body).toEqual([]);

    const otherOrg = await h.admin('GET', '/apis/folder.grafana.app/v1beta1/namespaces/org-7/folders');
    expect(otherOrg.status).toBe(403);
    expect(otherOrg.body.kind).toBe('Status');
  });

  it('is absent on 11.2', async () => {
    h = await Harness.start({ version: '11.2' });
    expect((await h.admin('GET', '/apis/folder.grafana.app')).status).toBe(404);
    expect((await h.admin('GET', '/apis/folder.grafana.app/v1beta1/namespaces/default/folders')).status).toBe(
      404,
    );
  });
});
