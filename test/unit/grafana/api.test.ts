import { afterEach, describe, expect, it } from '@jest/globals';
import {
  GrafanaAlreadyExistsError,
  GrafanaApi,
  GrafanaConflictError,
  GrafanaHttpClient,
  GrafanaNotFoundError,
  GrafanaUnavailableError,
  GrafanaVersionMismatchError,
  type GrafanaDataSource,
  type GrafanaFolder,
  type GrafanaRequestInfo,
} from '../../../src/grafana/index.js';
import { json, startServer, type Handler, type LocalServer, type RecordedRequest } from './local-server.js';

let server: LocalServer | undefined;
let http: GrafanaHttpClient | undefined;

afterEach(async () => {
  http?.close();
  await server?.close();
  http = undefined;
  server = undefined;
});

async function apiFor(
  handler: Handler,
  onRequest?: (info: GrafanaRequestInfo) => void,
): Promise<{ api: GrafanaApi; server: LocalServer }> {
  server = await startServer(handler);
  http = new GrafanaHttpClient(
    {
      url: `${server.url}/grafana/`,
      auth: { kind: 'token', token: 'glsa_api-token' },
      retry: { baseDelayMs: 1 },
    },
    onRequest ? { onRequest } : {},
  );
  return { api: new GrafanaApi(http), server };
}

const bodyOf = (request: RecordedRequest | undefined): unknown => JSON.parse(request?.body ?? 'null');

const folder = (uid: string, extra: Partial<GrafanaFolder> = {}): GrafanaFolder => ({
  id: 1,
  uid,
  title: uid.toUpperCase(),
  url: `/dashboards/f/${uid}/`,
  hasAcl: false,
  canSave: true,
  canEdit: true,
  canAdmin: true,
  canDelete: true,
  createdBy: 'admin',
  created: '2025-01-01T00:00:00Z',
  updatedBy: 'admin',
  updated: '2025-01-01T00:00:00Z',
  version: 1,
  ...extra,
});

const datasource = (uid: string, name: string): GrafanaDataSource => ({
  id: 3,
  uid,
  orgId: 1,
  name,
  type: 'prometheus',
  access: 'proxy',
  url: 'http://prometheus:9090',
  basicAuth: false,
  isDefault: true,
  jsonData: {},
  secureJsonFields: { basicAuthPassword: true },
  version: 1,
  readOnly: false,
});

describe('health', () => {
  it('checks /api/health without credentials and tolerates a hidden version', async () => {
    const { api, server } = await apiFor(() => json(200, { database: 'ok' }));
    await expect(api.health.check()).resolves.toEqual({ database: 'ok' });
    expect(server.requests[0]?.url).toBe('/grafana/api/health');
    expect(server.requests[0]?.headers['authorization']).toBeUndefined();
  });

  it('reports a failing database as Unavailable', async () => {
    const { api } = await apiFor(() => json(503, { database: 'failing', version: '12.2.0', commit: 'abc' }));
    await expect(api.health.check()).rejects.toBeInstanceOf(GrafanaUnavailableError);
  });

  it('reads the current user and build info with credentials', async () => {
    const { api, server } = await apiFor((request) =>
      request.url.endsWith('/api/user')
        ? json(200, {
            isGrafanaAdmin: false,
            orgId: 3,
            uid: 'sa-1',
            name: 'operator',
            email: '',
            login: 'sa-1',
          })
        : json(200, {
            buildInfo: {
              version: '12.2.0',
              versionString: 'Grafana v12.2.0 (abc)',
              commit: 'abc',
              edition: 'Open Source',
            },
            featureToggles: { kubernetesDashboards: true },
            appSubUrl: '/grafana',
          }),
    );
    await expect(api.health.currentUser()).resolves.toMatchObject({ orgId: 3, login: 'sa-1' });
    await expect(api.health.buildInfo()).resolves.toMatchObject({
      version: '12.2.0',
      edition: 'Open Source',
    });
    await expect(api.health.frontendSettings()).resolves.toMatchObject({
      featureToggles: { kubernetesDashboards: true },
    });
    expect(server.requests.map((r) => r.url)).toEqual([
      '/grafana/api/user',
      '/grafana/api/frontend/settings',
      '/grafana/api/frontend/settings',
    ]);
    expect(server.requests.every((r) => r.headers['authorization'] === 'Bearer glsa_api-token')).toBe(true);
  });
});

describe('orgs', () => {
  it('gets by id and by URL-encoded name', async () => {
    const org = {
      id: 4,
      name: 'Team A/B',
      address: { address1: '', address2: '', city: '', zipCode: '', state: '', country: '' },
    };
    const { api, server } = await apiFor(() => json(200, org));
    await expect(api.orgs.getById(4)).resolves.toEqual(org);
    await expect(api.orgs.getByName('Team A/B')).resolves.toEqual(org);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/grafana/api/orgs/4',
      '/grafana/api/orgs/name/Team%20A%2FB',
    ]);
  });

  it('maps a missing org to NotFound', async () => {
    const { api } = await apiFor(() => json(404, { message: 'Organization not found' }));
    await expect(api.orgs.getByName('nope')).rejects.toBeInstanceOf(GrafanaNotFoundError);
  });

  it('creates an org (200 with orgId) and reports a taken name as AlreadyExists', async () => {
    const { api, server } = await apiFor((_request, index) =>
      index === 0
        ? json(200, { orgId: 5, message: 'Organization created' })
        : json(409, { message: 'Organization name taken' }),
    );
    await expect(api.orgs.create({ name: 'Team' })).resolves.toEqual({
      orgId: 5,
      message: 'Organization created',
    });
    expect(bodyOf(server.requests[0])).toEqual({ name: 'Team' });

    const failure = api.orgs.create({ name: 'Team' });
    await expect(failure).rejects.toBeInstanceOf(GrafanaAlreadyExistsError);
    await expect(failure).rejects.toBeInstanceOf(GrafanaConflictError);
    await expect(failure).rejects.toMatchObject({
      status: 409,
      reason: 'Conflict',
      grafanaMessage: 'Organization name taken',
    });
  });

  it('lists all pages, from page 0 as SearchOrgs counts them', async () => {
    const { api, server } = await apiFor((request) => {
      const page = new URL(request.url, 'http://x').searchParams.get('page');
      return json(
        200,
        page === '0'
          ? [
              { id: 1, name: 'Main Org.' },
              { id: 2, name: 'B' },
            ]
          : [{ id: 3, name: 'C' }],
      );
    });
    await expect(api.orgs.list({ pageSize: 2 })).resolves.toEqual([
      { id: 1, name: 'Main Org.' },
      { id: 2, name: 'B' },
      { id: 3, name: 'C' },
    ]);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/grafana/api/orgs?perpage=2&page=0',
      '/grafana/api/orgs?perpage=2&page=1',
    ]);
  });
});

describe('folders', () => {
  it('gets a folder and maps the 12.x not-found body', async () => {
    const { api, server } = await apiFor((_request, index) =>
      index === 0
        ? json(200, folder('ops'))
        : json(404, { status: 'not-found', message: 'folder not found' }),
    );
    await expect(api.folders.get('ops')).resolves.toMatchObject({ uid: 'ops', version: 1 });
    await expect(api.folders.get('gone')).rejects.toBeInstanceOf(GrafanaNotFoundError);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/grafana/api/folders/ops',
      '/grafana/api/folders/gone',
    ]);
  });

  it('lists children page by page until a short page', async () => {
    const { api, server } = await apiFor((request) => {
      const page = Number(new URL(request.url, 'http://x').searchParams.get('page'));
      const items =
        page < 3
          ? [
              { id: page * 10, uid: `a${page}`, title: 'A' },
              { id: page * 10 + 1, uid: `b${page}`, title: 'B' },
            ]
          : [];
      return json(200, items);
    });
    const folders = await api.folders.list({ parentUid: 'root one', pageSize: 2, permission: 'Edit' });
    expect(folders.map((f) => f.uid)).toEqual(['a1', 'b1', 'a2', 'b2']);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/grafana/api/folders?limit=2&page=1&parentUid=root+one&permission=Edit',
      '/grafana/api/folders?limit=2&page=2&parentUid=root+one&permission=Edit',
      '/grafana/api/folders?limit=2&page=3&parentUid=root+one&permission=Edit',
    ]);
  });

  it('creates a folder', async () => {
    const { api, server } = await apiFor(() => json(200, folder('ops', { parentUid: 'root' })));
    await expect(api.folders.create({ uid: 'ops', title: 'Ops', parentUid: 'root' })).resolves.toMatchObject({
      uid: 'ops',
      parentUid: 'root',
    });
    expect(server.requests[0]?.method).toBe('POST');
    expect(bodyOf(server.requests[0])).toEqual({ uid: 'ops', title: 'Ops', parentUid: 'root' });
  });

  it.each([
    [412, { status: 'version-mismatch', message: 'the folder has been changed by someone else' }],
    [409, { message: 'a folder with the same uid already exists' }],
  ])('reports create answered %i as AlreadyExists, without retrying', async (status, body) => {
    const { api, server } = await apiFor(() => json(status, body));
    const failure = api.folders.create({ uid: 'ops', title: 'Ops' });
    await expect(failure).rejects.toBeInstanceOf(GrafanaAlreadyExistsError);
    await expect(failure).rejects.toMatchObject({ status, route: '/api/folders', method: 'POST' });
    expect(server.requests).toHaveLength(1);
  });

  it('does not report other create failures as AlreadyExists', async () => {
    const { api } = await apiFor(() => json(400, { message: 'folder max depth exceeded, max depth is 4' }));
    const failure = api.folders.create({ title: 'Deep', parentUid: 'level4' });
    await expect(failure).rejects.not.toBeInstanceOf(GrafanaAlreadyExistsError);
    await expect(failure).rejects.toMatchObject({ reason: 'InvalidSpec' });
  });

  it('updates with overwrite unless a version is given', async () => {
    const { api, server } = await apiFor(() => json(200, folder('ops', { version: 2 })));
    await api.folders.update('ops', { title: 'Ops', description: 'team' });
    await api.folders.update('ops', { title: 'Ops', version: 1 });
    expect(server.requests.map((r) => [r.method, r.url])).toEqual([
      ['PUT', '/grafana/api/folders/ops'],
      ['PUT', '/grafana/api/folders/ops'],
    ]);
    expect(bodyOf(server.requests[0])).toEqual({ title: 'Ops', description: 'team', overwrite: true });
    expect(bodyOf(server.requests[1])).toEqual({ title: 'Ops', version: 1, overwrite: false });
  });

  it('reports a stale update version as VersionMismatch', async () => {
    const { api } = await apiFor(() =>
      json(412, { message: 'The dashboard has been changed by someone else' }),
    );
    await expect(api.folders.update('ops', { title: 'Ops', version: 1 })).rejects.toBeInstanceOf(
      GrafanaVersionMismatchError,
    );
  });

  it('moves a folder, to a parent or to the root', async () => {
    const { api, server } = await apiFor(() => json(200, folder('ops')));
    await api.folders.move('ops', { parentUid: 'platform' });
    await api.folders.move('ops', {});
    expect(server.requests.map((r) => [r.method, r.url])).toEqual([
      ['POST', '/grafana/api/folders/ops/move'],
      ['POST', '/grafana/api/folders/ops/move'],
    ]);
    expect(bodyOf(server.requests[0])).toEqual({ parentUid: 'platform' });
    expect(bodyOf(server.requests[1])).toEqual({ parentUid: '' });
  });

  it('deletes, with forceDeleteRules only when asked, accepting 12.x and 11.x bodies', async () => {
    const { api, server } = await apiFor((_request, index) =>
      index === 0 ? json(200, { message: 'Folder deleted' }) : { status: 200, text: '""' },
    );
    await expect(api.folders.delete('ops', { forceDeleteRules: true })).resolves.toBeUndefined();
    await expect(api.folders.delete('ops')).resolves.toBeUndefined();
    expect(server.requests.map((r) => [r.method, r.url])).toEqual([
      ['DELETE', '/grafana/api/folders/ops?forceDeleteRules=true'],
      ['DELETE', '/grafana/api/folders/ops'],
    ]);
  });
});

describe('datasources', () => {
  it('lists, gets by uid and by name', async () => {
    const ds = datasource('prom-1', 'Prometheus Main');
    const { api, server } = await apiFor((request) =>
      request.url.endsWith('/api/datasources') ? json(200, [ds]) : json(200, ds),
    );
    await expect(api.datasources.list()).resolves.toEqual([ds]);
    await expect(api.datasources.getByUid('prom-1')).resolves.toEqual(ds);
    await expect(api.datasources.getByName('Prometheus Main')).resolves.toEqual(ds);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/grafana/api/datasources',
      '/grafana/api/datasources/uid/prom-1',
      '/grafana/api/datasources/name/Prometheus%20Main',
    ]);
  });

  it('creates and reports a taken name or uid as AlreadyExists', async () => {
    const ds = datasource('prom-1', 'Prometheus');
    const { api, server } = await apiFor((_request, index) =>
      index === 0
        ? json(200, { message: 'Datasource added', id: 3, name: 'Prometheus', datasource: ds })
        : json(409, { message: 'data source with the same uid already exists' }),
    );
    const request = {
      name: 'Prometheus',
      type: 'prometheus',
      access: 'proxy' as const,
      uid: 'prom-1',
      url: 'http://prometheus:9090',
      secureJsonData: { basicAuthPassword: 's3cret' },
    };
    await expect(api.datasources.create(request)).resolves.toMatchObject({
      id: 3,
      datasource: { uid: 'prom-1' },
    });
    expect(bodyOf(server.requests[0])).toEqual(request);
    await expect(api.datasources.create(request)).rejects.toBeInstanceOf(GrafanaAlreadyExistsError);
  });

  it('updates by uid; a stale version is a VersionMismatch and a taken name a Conflict', async () => {
    const ds = datasource('prom-1', 'Prometheus');
    const replies = [
      json(200, { message: 'Datasource updated', id: 3, name: 'Prometheus', datasource: ds }),
      json(409, {
        message: 'Datasource has already been updated by someone else. Please reload and try again',
      }),
      json(409, { message: 'Failed to update datasource: data source with the same name already exists' }),
    ];
    const { api, server } = await apiFor((_request, index) => replies[index] ?? json(500, {}));
    const update = { name: 'Prometheus', type: 'prometheus', access: 'proxy' as const, version: 1 };

    await expect(api.datasources.update('prom-1', update)).resolves.toMatchObject({
      message: 'Datasource updated',
    });
    const stale = api.datasources.update('prom-1', update);
    await expect(stale).rejects.toBeInstanceOf(GrafanaVersionMismatchError);
    const taken = api.datasources.update('prom-1', { ...update, name: 'Loki' });
    await expect(taken).rejects.toBeInstanceOf(GrafanaConflictError);
    await expect(taken).rejects.not.toBeInstanceOf(GrafanaAlreadyExistsError);
    expect(server.requests.map((r) => [r.method, r.url])).toEqual([
      ['PUT', '/grafana/api/datasources/uid/prom-1'],
      ['PUT', '/grafana/api/datasources/uid/prom-1'],
      ['PUT', '/grafana/api/datasources/uid/prom-1'],
    ]);
  });

  it('deletes by uid', async () => {
    const { api, server } = await apiFor(() => json(200, { message: 'Data source deleted', id: 3 }));
    await expect(api.datasources.delete('prom-1')).resolves.toEqual({
      message: 'Data source deleted',
      id: 3,
    });
    expect(server.requests[0]?.method).toBe('DELETE');
  });
});

describe('GrafanaApi', () => {
  it('scopes every area to another org with withOrg and reports templated routes', async () => {
    const routes: string[] = [];
    const { api, server } = await apiFor(
      () => json(200, []),
      (info) => routes.push(info.route),
    );
    const org5 = api.withOrg(5);
    await org5.datasources.list();
    await org5.folders.list();
    await api.folders.list();
    expect(server.requests.map((r) => r.headers['x-grafana-org-id'])).toEqual(['5', '5', undefined]);
    expect(routes).toEqual(['/api/datasources', '/api/folders', '/api/folders']);
  });
});
