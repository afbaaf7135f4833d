import { errutil, messageError } from '../../grafana-double/errors.js';
import { Harness } from './helpers.js';

describe('grafana double only: configured depth, stored descriptions, delete guards, duplicate titles (§4, §13.4; the HTTP contract is test/contract/folders.test.ts)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await Harness.start();
  });

  afterEach(() => h.stop());

  async function create(body: Record<string, unknown>) {
    return h.admin('POST', '/api/folders', { body });
  }

  it('allows duplicate titles under one parent (the 12.2 profile; 11.0–11.2 refuse them, §4.6, not modelled)', async () => {
    expect((await create({ title: 'Same' })).status).toBe(200);
    expect((await create({ title: 'Same' })).status).toBe(200);
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

  it('stores the description sent on create and on update (the DTO does not show it, §4.2)', async () => {
    await create({ uid: 'infra', title: 'Infra Team', description: 'd' });
    expect(h.double.state.org(1).folder('infra')?.description).toBe('d');
    await h.admin('PUT', '/api/folders/infra', {
      body: { title: 'New', description: 'new', overwrite: true },
    });
    expect(h.double.state.org(1).folder('infra')?.description).toBe('new');
  });

  it('refuses a move that makes the subtree deeper than a configured depth', async () => {
    await create({ uid: 'a', title: 'A' });
    await create({ uid: 'b', title: 'B', parentUid: 'a' });
    await create({ uid: 'x', title: 'X' });
    h.double.options.maxFolderDepth = 2;
    const deep = await h.admin('POST', '/api/folders/x/move', { body: { parentUid: 'b' } });
    expect(deep.status).toBe(400);
    expect(deep.body.message.toLowerCase()).toContain('depth');
    const subtree = await h.admin('POST', '/api/folders/a/move', { body: { parentUid: 'x' } });
    expect(subtree.status).toBe(400);
  });

  describe('delete', () => {
    beforeEach(async () => {
      await create({ uid: 'a', title: 'A' });
      await create({ uid: 'b', title: 'B', parentUid: 'a' });
      await create({ uid: 'c', title: 'C', parentUid: 'b' });
      await create({ uid: 'other', title: 'Other' });
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
