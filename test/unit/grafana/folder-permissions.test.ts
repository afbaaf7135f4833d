import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  GrafanaApi,
  GrafanaHttpClient,
  GrafanaNotFoundError,
  GrafanaUnavailableError,
  GrafanaValidationError,
  type FolderPermissionEntry,
} from '../../../src/grafana/index.js';
import { accessOf } from '../../grafana-double/routes/folder-permissions.js';
import { GrafanaDouble } from '../../grafana-double/server.js';

let double: GrafanaDouble;
let url: string;
let api: GrafanaApi;
const clients: GrafanaHttpClient[] = [];

function client(auth: ConstructorParameters<typeof GrafanaHttpClient>[0]['auth']): GrafanaApi {
  const http = new GrafanaHttpClient({ url, auth, retry: { baseDelayMs: 1, limit: 0 } });
  clients.push(http);
  return new GrafanaApi(http);
}

beforeEach(async () => {
  double = new GrafanaDouble();
  url = await double.start();
  api = client({ kind: 'basic', username: 'admin', password: 'admin' });
});

afterEach(async () => {
  for (const http of clients.splice(0)) http.close();
  await double.stop();
});

const grantees = (entries: FolderPermissionEntry[]) =>
  entries
    .map((e) => `${e.role ?? (e.teamId ? `team:${e.team}` : `user:${e.userLogin}`)}=${e.permissionName}`)
    .sort();

describe('FolderPermissionsApi against the double', () => {
  it('a new root folder gets Admin for the creating user, Edit for Editors and View for Viewers', async () => {
    await api.folders.create({ uid: 'root', title: 'Root' });
    const entries = await api.folderPermissions.get('root');
    expect(grantees(entries)).toEqual(['Editor=Edit', 'Viewer=View', 'user:admin=Admin']);
    expect(entries.find((e) => e.role === 'Viewer')).toMatchObject({
      permission: 1,
      uid: 'root',
      title: 'Root',
      isFolder: true,
      inherited: false,
      userId: 0,
      teamId: 0,
    });
  });

  it('a nested folder gets only the creator; a service account creator gets nothing', async () => {
    await api.folders.create({ uid: 'parent', title: 'Parent' });
    await api.folders.create({ uid: 'child', title: 'Child', parentUid: 'parent' });
    expect(grantees(await api.folderPermissions.get('child'))).toEqual(['user:admin=Admin']);

    double.addServiceAccountToken('glsa_ops', { orgId: 1, role: 'Admin' });
    const robot = client({ kind: 'token', token: 'glsa_ops' });
    await robot.folders.create({ uid: 'by-robot', title: 'By robot' });
    expect(grantees(await robot.folderPermissions.get('by-robot'))).toEqual(['Editor=Edit', 'Viewer=View']);
  });

  it('POST replaces the whole list: entries not sent are removed', async () => {
    await api.folders.create({ uid: 'ops', title: 'Ops' });
    const team = accessOf(double.state.org(1)).addTeam('SRE');
    await api.folderPermissions.set('ops', [
      { role: 'Viewer', permission: 1 },
      { teamId: team.id, permission: 2 },
    ]);
    const entries = await api.folderPermissions.get('ops');
    expect(grantees(entries)).toEqual(['Viewer=View', 'team:SRE=Edit']);
    expect(entries.find((e) => e.teamId === team.id)).toMatchObject({ team: 'SRE', permission: 2 });

    await api.folderPermissions.set('ops', []);
    expect(await api.folderPermissions.get('ops')).toEqual([]);
  });

  it('answers Grafana errors: 400 for a user with a role or team, 500 for unknown ids, 404 for a missing folder', async () => {
    await api.folders.create({ uid: 'f', title: 'F' });
    const raw = (items: unknown) =>
      api.http.request({
        method: 'POST',
        route: '/api/folders/:uid/permissions',
        params: { uid: 'f' },
        body: { items },
      });
    // Grafana's two validation texts are swapped; the double keeps them as they are.
    await expect(raw([{ userId: 1, teamId: 1, permission: 1 }])).rejects.toThrow(
      'team and user permissions cannot have an associated role',
    );
    await expect(raw([{ userId: 1, role: 'Viewer', permission: 1 }])).rejects.toBeInstanceOf(
      GrafanaValidationError,
    );
    await expect(raw('not a list')).rejects.toThrow('bad request data');
    await expect(api.folderPermissions.set('f', [{ userId: 999, permission: 1 }])).rejects.toBeInstanceOf(
      GrafanaUnavailableError,
    );
    await expect(api.folderPermissions.set('f', [{ teamId: 999, permission: 1 }])).rejects.toThrow(
      'Failed to create permission',
    );
    // Nothing was written by the refused requests.
    expect(grantees(await api.folderPermissions.get('f'))).toEqual([
      'Editor=Edit',
      'Viewer=View',
      'user:admin=Admin',
    ]);
    await expect(api.folderPermissions.get('missing')).rejects.toBeInstanceOf(GrafanaNotFoundError);
  });

  it('a level without a name (not 1, 2 or 4) removes the grantee, as Grafana does', async () => {
    await api.folders.create({ uid: 'f', title: 'F' });
    await api.http.request({
      method: 'POST',
      route: '/api/folders/:uid/permissions',
      params: { uid: 'f' },
      body: {
        items: [
          { role: 'Viewer', permission: 3 },
          { role: 'Editor', permission: 4 },
        ],
      },
    });
    expect(grantees(await api.folderPermissions.get('f'))).toEqual(['Editor=Admin']);
  });

  it('deleting a folder drops its permissions; a new folder with the same uid starts from the defaults', async () => {
    await api.folders.create({ uid: 'again', title: 'Again' });
    await api.folderPermissions.set('again', []);
    await api.folders.delete('again');
    await api.folders.create({ uid: 'again', title: 'Again' });
    expect(await api.folderPermissions.get('again')).toHaveLength(3);
  });

  it('only org Admins read or change folder permissions', async () => {
    await api.folders.create({ uid: 'f', title: 'F' });
    double.addServiceAccountToken('glsa_editor', { orgId: 1, role: 'Editor' });
    const editor = client({ kind: 'token', token: 'glsa_editor' });
    await expect(editor.folderPermissions.get('f')).rejects.toThrow(/folders.permissions:read/);
    await expect(editor.folderPermissions.set('f', [])).rejects.toThrow(/folders.permissions:write/);
  });
});

describe('OrgUsersApi and TeamsApi against the double', () => {
  it('lists the org users (not service accounts) and narrows by query', async () => {
    double.state.addUser('alice', 'pw', { orgs: { 1: 'Viewer' }, email: 'alice@example.com', name: 'Alice' });
    double.state.createOrg('Other');
    double.state.addUser('bob', 'pw', { orgs: { 2: 'Viewer' }, email: 'bob@example.com' });
    double.addServiceAccountToken('glsa_x', { orgId: 1, role: 'Admin' });
    const users = await api.orgUsers.list();
    expect(users.map((u) => u.login).sort()).toEqual(['admin', 'alice']);
    expect(users.find((u) => u.login === 'alice')).toMatchObject({
      email: 'alice@example.com',
      role: 'Viewer',
    });
    expect((await api.orgUsers.list('ALICE@')).map((u) => u.login)).toEqual(['alice']);
  });

  it('searches teams by exact name and pages through all of them', async () => {
    const store = accessOf(double.state.org(1));
    store.addTeam('SRE');
    store.addTeam('SRE Leads');
    expect((await api.teams.list({ name: 'SRE' })).map((t) => t.name)).toEqual(['SRE']);
    expect((await api.teams.list()).map((t) => t.name)).toEqual(['SRE', 'SRE Leads']);
  });

  it('creates teams (409 for a taken name) and, for server admins, users that join an org as Viewers', async () => {
    const post = (target: GrafanaApi, route: string, body: unknown) =>
      target.http.request<Record<string, unknown>>({ method: 'POST', route, body });
    const created = await post(api, '/api/teams', { name: 'Ops' });
    expect(created.body).toMatchObject({ message: 'Team created', teamId: expect.any(Number) });
    await expect(post(api, '/api/teams', { name: 'Ops' })).rejects.toThrow('Team name taken');

    const user = await post(api, '/api/admin/users', {
      login: 'dave',
      email: 'dave@example.com',
      password: 'pw',
    });
    expect(user.body).toMatchObject({ message: 'User created', id: expect.any(Number) });
    expect((await api.orgUsers.list('dave'))[0]).toMatchObject({ login: 'dave', role: 'Viewer' });
    await expect(post(api, '/api/admin/users', { login: 'dave', password: 'pw' })).rejects.toThrow(
      /already exists/,
    );

    double.addServiceAccountToken('glsa_admin', { orgId: 1, role: 'Admin' });
    const robot = client({ kind: 'token', token: 'glsa_admin' });
    await expect(post(robot, '/api/admin/users', { login: 'erin', password: 'pw' })).rejects.toThrow(
      /users:create/,
    );
  });
});
