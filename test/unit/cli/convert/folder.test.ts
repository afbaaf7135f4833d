import { convert, operatorObject } from './helpers.js';

describe('convert: GrafanaFolder', () => {
  it('title, parent and uid carry over; without a title the name is the title, as grafana-operator does', () => {
    const { spec } = convert([
      operatorObject('GrafanaFolder', 'platform', { title: 'Platform', uid: 'plat' }),
      operatorObject('GrafanaFolder', 'databases', { parentFolderRef: 'platform' }, { uid: 'k8s-uid' }),
      operatorObject('GrafanaFolder', 'nested', { title: 'Nested', parentFolderUID: 'abc' }),
    ]);
    expect(spec('GrafanaFolder/platform')).toMatchObject({ title: 'Platform', uid: 'plat' });
    expect(spec('GrafanaFolder/databases')).toMatchObject({
      title: 'databases',
      uid: 'k8s-uid',
      parentFolderRef: 'platform',
    });
    expect(spec('GrafanaFolder/nested')).toMatchObject({ parentFolderUID: 'abc' });
  });

  it("Grafana's permission JSON becomes our list; entries it cannot express are reported", () => {
    const permissions = JSON.stringify({
      items: [
        { role: 'Viewer', permission: 1 },
        { teamId: 3, permission: 2 },
        { userId: 7, permission: 4 },
        { role: 'Editor', permission: 8 },
      ],
    });
    const { spec, lines } = convert([operatorObject('GrafanaFolder', 'ops', { title: 'Ops', permissions })]);
    expect(spec('GrafanaFolder/ops')?.permissions).toEqual([
      { role: 'Viewer', permission: 'View' },
      { teamId: 3, permission: 'Edit' },
      { userId: 7, permission: 'Admin' },
    ]);
    expect(lines).toEqual([
      'GrafanaFolder/ops: spec.permissions.items[3]: not converted: needs a role, teamId or userId and a permission 1 (View), 2 (Edit) or 4 (Admin)',
    ]);
  });
});
