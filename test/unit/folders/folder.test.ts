import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { folderDrift, observedFolder, type DesiredFolder } from '../../../src/folders/folder.js';
import { writeFolder } from '../../../src/folders/write.js';
import { startDoubleTarget, type DoubleTarget } from '../../support/double-target.js';

const desired = (fields: Partial<DesiredFolder> = {}): DesiredFolder => ({
  title: 'Team A',
  description: 'dashboards of team A',
  parentUid: '',
  ...fields,
});

describe('folderDrift', () => {
  it('compares title and parent, not the description', () => {
    const observed = { uid: 'a', title: 'Team A', parentUid: '' };
    expect(folderDrift(desired({ description: 'other' }), observed)).toEqual([]);
    expect(folderDrift(desired({ title: 'Team B', parentUid: 'p' }), observed)).toEqual([
      'title',
      'parent folder',
    ]);
  });

  it('compares permissions only where the spec manages them', () => {
    const observed = { uid: 'a', title: 'Team A', parentUid: '' };
    const viewer = { grantee: 'role:Viewer', permission: 'View' as const };
    expect(folderDrift(desired(), { ...observed, permissions: [viewer] })).toEqual([]);
    expect(folderDrift(desired({ permissions: [viewer] }), observed)).toEqual(['permissions']);
    expect(folderDrift(desired({ permissions: [viewer] }), { ...observed, permissions: [viewer] })).toEqual(
      [],
    );
  });
});

describe('writeFolder against the double', () => {
  let fixture: DoubleTarget;

  beforeEach(async () => {
    fixture = await startDoubleTarget();
  });

  afterEach(() => fixture.stop());

  const writes = () =>
    fixture.double.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

  it('creates, then updates and moves: a PUT does not move a folder', async () => {
    const { api } = fixture.target;
    await api.folders.create({ uid: 'parent', title: 'Parent' });
    const created = await writeFolder(api, 'a', desired(), undefined, false);
    expect(observedFolder(created)).toEqual({ uid: 'a', title: 'Team A', parentUid: '' });
    const moved = await writeFolder(
      api,
      'a',
      desired({ title: 'Team B', parentUid: 'parent' }),
      observedFolder(created),
      false,
    );
    expect(observedFolder(moved)).toEqual({ uid: 'a', title: 'Team B', parentUid: 'parent' });
    expect(writes()).toEqual([
      'POST /api/folders',
      'POST /api/folders',
      'PUT /api/folders/a',
      'POST /api/folders/a/move',
    ]);
  });

  it('writes only the permissions when only they drifted, keeping the version', async () => {
    const { api } = fixture.target;
    const created = await writeFolder(api, 'a', desired(), undefined, false);
    const viewer = { grantee: 'role:Viewer', permission: 'View' as const };
    const written = await writeFolder(
      api,
      'a',
      desired({ permissions: [viewer] }),
      { ...observedFolder(created), permissions: [] },
      true,
    );
    expect(written.version).toBe(created.version);
    expect(writes()).toEqual(['POST /api/folders', 'POST /api/folders/a/permissions']);
  });

  it('a 500 for permissions naming ids is InvalidSpec, blaming an id that does not exist', async () => {
    const { api } = fixture.target;
    const created = await writeFolder(api, 'a', desired(), undefined, false);
    await expect(
      writeFolder(
        api,
        'a',
        desired({ permissions: [{ grantee: 'user:4242', permission: 'View' }] }),
        observedFolder(created),
        true,
      ),
    ).rejects.toMatchObject({
      reason: 'InvalidSpec',
      message: expect.stringContaining('the usual cause is a userId or teamId that does not exist'),
    });
  });
});
