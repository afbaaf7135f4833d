import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  GrafanaAlreadyExistsError,
  GrafanaApi,
  GrafanaConflictError,
  GrafanaHttpClient,
  GrafanaLibraryElementExistsError,
  GrafanaNotFoundError,
  GrafanaValidationError,
  GrafanaVersionMismatchError,
  isGrafanaAlreadyExists,
  libraryElementFolderUid,
} from '../../../src/grafana/index.js';
import { libraryPanelsOf } from '../../grafana-double/library-panel-state.js';
import { GrafanaDouble } from '../../grafana-double/server.js';

let double: GrafanaDouble;
let http: GrafanaHttpClient;
let api: GrafanaApi;

beforeEach(async () => {
  double = new GrafanaDouble();
  const url = await double.start();
  http = new GrafanaHttpClient({
    url,
    auth: { kind: 'basic', username: 'admin', password: 'admin' },
    retry: { baseDelayMs: 1 },
  });
  api = new GrafanaApi(http);
});

afterEach(async () => {
  http.close();
  await double.stop();
});

const libraryRequests = () => double.requests.filter((r) => r.path.startsWith('/api/library-elements'));

describe('LibraryPanelsApi against the double', () => {
  it('creates, reads, updates and deletes, unwrapping {result}', async () => {
    const created = await api.libraryPanels.create({ uid: 'cpu', name: 'CPU', model: { type: 'stat' } });
    expect(created).toMatchObject({
      uid: 'cpu',
      name: 'CPU',
      kind: 1,
      type: 'stat',
      version: 1,
      folderUid: '',
    });
    expect(libraryRequests()[0]?.body).toEqual({ name: 'CPU', model: { type: 'stat' }, kind: 1, uid: 'cpu' });

    const got = await api.libraryPanels.get('cpu');
    expect(got.model).toEqual({ type: 'stat', description: '' });
    expect(libraryElementFolderUid(got)).toBe('');
    await expect(api.libraryPanels.getByName('CPU')).resolves.toHaveLength(1);

    const updated = await api.libraryPanels.update('cpu', { version: 1, model: { type: 'gauge' } });
    expect(updated).toMatchObject({ version: 2, type: 'gauge', name: 'CPU' });
    expect(libraryRequests().at(-1)).toMatchObject({
      method: 'PATCH',
      path: '/api/library-elements/cpu',
      body: { kind: 1, version: 1, model: { type: 'gauge' } },
    });

    await expect(api.libraryPanels.delete('cpu')).resolves.toEqual({
      id: created.id,
      message: 'Library element deleted',
    });
    await expect(api.libraryPanels.get('cpu')).rejects.toBeInstanceOf(GrafanaNotFoundError);
    await expect(api.libraryPanels.getByName('CPU')).rejects.toBeInstanceOf(GrafanaNotFoundError);
  });

  it('reports a taken uid or name as GrafanaLibraryElementExistsError, an InvalidSpec', async () => {
    await api.libraryPanels.create({ uid: 'a', name: 'A', model: {} });
    const error = await api.libraryPanels.create({ uid: 'a', name: 'Other', model: {} }).catch((e) => e);
    expect(error).toBeInstanceOf(GrafanaLibraryElementExistsError);
    expect(error).toBeInstanceOf(GrafanaValidationError);
    expect(error).not.toBeInstanceOf(GrafanaAlreadyExistsError);
    expect(error).toMatchObject({
      reason: 'InvalidSpec',
      status: 400,
      grafanaMessage: 'library element with that name or UID already exists',
    });
    expect(isGrafanaAlreadyExists(error)).toBe(true);
    // Told apart by a GET: here the uid exists, so the element is there.
    await expect(api.libraryPanels.get('a')).resolves.toMatchObject({ name: 'A' });

    await api.folders.create({ uid: 'f', title: 'F' });
    expect(isGrafanaAlreadyExists(await api.folders.create({ uid: 'f', title: 'F' }).catch((e) => e))).toBe(
      true,
    );
    expect(isGrafanaAlreadyExists(new Error('x'))).toBe(false);
  });

  it('reports a stale version as VersionMismatch (412) and version 0 as InvalidSpec', async () => {
    await api.libraryPanels.create({ uid: 'p', name: 'P', model: {} });
    const stale = await api.libraryPanels.update('p', { version: 5, name: 'X' }).catch((e) => e);
    expect(stale).toBeInstanceOf(GrafanaVersionMismatchError);
    expect(stale.status).toBe(412);
    const zero = await api.libraryPanels.update('p', { version: 0, name: 'X' }).catch((e) => e);
    expect(zero).toBeInstanceOf(GrafanaValidationError);
    expect(zero.grafanaMessage).toBe('bad request data');
  });

  it('reports a missing folder as NotFound', async () => {
    const error = await api.libraryPanels
      .create({ name: 'P', model: {}, folderUid: 'later' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(GrafanaNotFoundError);
    expect(error.grafanaMessage).toBe('failed to get folder');
  });

  it('lists every page until totalCount and filters by folder (General included)', async () => {
    await api.folders.create({ uid: 'ops', title: 'Ops' });
    const store = libraryPanelsOf(double.state.org(1));
    for (const [uid, folderUid] of [
      ['p1', ''],
      ['p2', 'ops'],
      ['p3', ''],
      ['p4', 'ops'],
      ['p5', ''],
    ] as const) {
      store.seedLibraryPanel({ uid, name: uid.toUpperCase(), folderUid });
    }
    store.seedLibraryPanel({ uid: 'var', name: 'Variable', kind: 2 });

    const all = await api.libraryPanels.list({ perPage: 2 });
    expect(all.map((e) => e.uid)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(libraryRequests().map((r) => r.query)).toEqual([
      { kind: '1', perPage: '2', page: '1' },
      { kind: '1', perPage: '2', page: '2' },
      { kind: '1', perPage: '2', page: '3' },
    ]);

    expect((await api.libraryPanels.list({ folderUids: ['ops'] })).map((e) => e.uid)).toEqual(['p2', 'p4']);
    // Grafana would return every folder for `general` alone; the client narrows it.
    expect((await api.libraryPanels.list({ folderUids: [''] })).map((e) => e.uid)).toEqual([
      'p1',
      'p3',
      'p5',
    ]);
    expect(libraryRequests().at(-1)?.query).toMatchObject({ folderFilterUIDs: 'general' });
    expect((await api.libraryPanels.list({ folderUids: ['general', 'ops'] })).map((e) => e.uid)).toHaveLength(
      5,
    );
    await expect(api.libraryPanels.list({ folderUids: [] })).resolves.toEqual([]);
    expect((await api.libraryPanels.list({ kind: 2 })).map((e) => e.uid)).toEqual(['var']);
    await expect(api.libraryPanels.list({ perPage: 0 })).rejects.toThrow(TypeError);
  });

  it('shows connections, refuses deleting a connected panel as Conflict, and blocks its folder', async () => {
    await api.folders.create({ uid: 'ops', title: 'Ops' });
    const element = await api.libraryPanels.create({ uid: 'lp', name: 'LP', model: {}, folderUid: 'ops' });
    const dashboard = await api.dashboards.save({
      dashboard: {
        uid: 'd',
        title: 'D',
        panels: [{ type: 'row', panels: [{ libraryPanel: { uid: 'lp', name: 'LP' } }] }],
      },
    });

    const connections = await api.libraryPanels.connections('lp');
    expect(connections).toEqual([
      expect.objectContaining({
        elementId: element.id,
        connectionId: dashboard.id,
        connectionUid: 'd',
        kind: 1,
      }),
    ]);
    expect(libraryRequests().at(-1)?.path).toBe('/api/library-elements/lp/connections/');

    const del = await api.libraryPanels.delete('lp').catch((e) => e);
    expect(del).toBeInstanceOf(GrafanaConflictError);
    expect(del).toMatchObject({ status: 403, grafanaMessage: 'the library element has connections' });

    const folder = await api.folders.delete('ops').catch((e) => e);
    expect(folder).toBeInstanceOf(GrafanaConflictError);
    expect(folder.status).toBe(403);

    await api.dashboards.save({ dashboard: { uid: 'd', title: 'D', panels: [] }, overwrite: true });
    await expect(api.libraryPanels.connections('lp')).resolves.toEqual([]);
    await api.folders.delete('ops');
    await expect(api.libraryPanels.get('lp')).rejects.toBeInstanceOf(GrafanaNotFoundError);
  });
});
