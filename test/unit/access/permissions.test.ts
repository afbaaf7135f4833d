import { describe, expect, it } from '@jest/globals';
import { observedPermissions, permissionItems, samePermissions } from '../../../src/access/permissions.js';
import { type FolderPermissionEntry } from '../../../src/grafana/index.js';

const entry = (fields: Partial<FolderPermissionEntry>): FolderPermissionEntry => ({
  created: '',
  updated: '',
  userId: 0,
  userLogin: '',
  userEmail: '',
  teamId: 0,
  team: '',
  permission: 1,
  permissionName: 'View',
  uid: 'f',
  title: 'F',
  isFolder: true,
  url: '',
  inherited: false,
  ...fields,
});

describe('folder permission normalisation', () => {
  it('reads role, team and user entries; skips inherited ones and levels without a name', () => {
    expect(
      observedPermissions([
        entry({ userId: 7, permission: 4 }),
        entry({ role: 'Viewer', permission: 1 }),
        entry({ teamId: 3, team: 'SRE', permission: 2 }),
        entry({ role: 'Editor', permission: 2, inherited: true }),
        entry({ userId: 8, permission: 3 as never }),
      ]),
    ).toEqual([
      { grantee: 'role:Viewer', permission: 'View' },
      { grantee: 'team:3', permission: 'Edit' },
      { grantee: 'user:7', permission: 'Admin' },
    ]);
  });

  it('builds Grafana items with one grantee each and numeric levels', () => {
    expect(
      permissionItems([
        { grantee: 'role:Editor', permission: 'Edit' },
        { grantee: 'team:3', permission: 'View' },
        { grantee: 'user:7', permission: 'Admin' },
      ]),
    ).toEqual([
      { role: 'Editor', permission: 2 },
      { teamId: 3, permission: 1 },
      { userId: 7, permission: 4 },
    ]);
  });

  it('compares grantee and level', () => {
    const a = [{ grantee: 'role:Viewer', permission: 'View' as const }];
    expect(samePermissions(a, [{ grantee: 'role:Viewer', permission: 'View' }])).toBe(true);
    expect(samePermissions(a, [{ grantee: 'role:Viewer', permission: 'Edit' }])).toBe(false);
    expect(samePermissions(a, [])).toBe(false);
  });
});
