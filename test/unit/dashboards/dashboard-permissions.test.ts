import { describe, expect, it } from '@jest/globals';
import type { FolderPermission } from '../../../src/access/permissions.js';
import {
  diffWithPermissions,
  type ObservedWithPermissions,
} from '../../../src/dashboards/dashboard-permissions.js';
import type { DesiredDashboard } from '../../../src/dashboards/desired.js';

describe('dashboard drift with spec.permissions', () => {
  const viewers: FolderPermission[] = [{ grantee: 'role:Viewer', permission: 'View' }];
  const desired = (extra: Partial<DesiredDashboard> = {}): DesiredDashboard => ({
    dashboard: { title: 'Board' },
    jsonUid: undefined,
    folderUid: '',
    message: '',
    editable: false,
    ...extra,
  });
  /** Nobody saved it since our last write: only the folder and the permissions are judged. */
  const observed = (extra: Partial<ObservedWithPermissions> = {}): ObservedWithPermissions => ({
    uid: 'board',
    title: 'Board',
    folderUid: '',
    url: '/d/board/board',
    version: 2,
    untouched: true,
    ...extra,
  });

  it('permissions that differ are drift; the same list is none', () => {
    expect(
      diffWithPermissions(desired({ permissions: viewers }), observed({ permissions: viewers })),
    ).toEqual([]);
    expect(
      diffWithPermissions(
        desired({ permissions: viewers }),
        observed({ permissions: [{ grantee: 'role:Viewer', permission: 'Edit' }] }),
      ),
    ).toEqual(['permissions']);
    // An empty list wants none: anything Grafana holds is drift.
    expect(diffWithPermissions(desired({ permissions: [] }), observed({ permissions: viewers }))).toEqual([
      'permissions',
    ]);
  });

  it('without spec.permissions, whatever Grafana holds is not drift', () => {
    expect(diffWithPermissions(desired(), observed({ permissions: viewers }))).toEqual([]);
  });

  it('editableInGrafana leaves the content to Grafana, not the permissions', () => {
    const edited = observed({ untouched: false, title: 'Renamed in Grafana', permissions: [] });
    expect(diffWithPermissions(desired({ editable: true, permissions: viewers }), edited)).toEqual([
      'permissions',
    ]);
  });

  it('content drift and permission drift are both named', () => {
    expect(
      diffWithPermissions(
        desired({ permissions: viewers }),
        observed({ folderUid: 'moved', permissions: [] }),
      ),
    ).toEqual(['folder', 'permissions']);
  });
});
