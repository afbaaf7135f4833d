import { json } from '../../grafana-double/errors.js';
import type { RouteModule } from '../../grafana-double/router.js';
import { Router } from '../../grafana-double/router.js';
import { GrafanaDouble } from '../../grafana-double/server.js';
import { GrafanaState } from '../../grafana-double/state.js';
import { basic, bearer, Harness } from './helpers.js';

describe('grafana double: state API for tests', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await Harness.start();
  });

  afterEach(() => h.stop());

  it('exposes seeded objects through the API and API writes through the state', async () => {
    const org = h.double.state.org(1);
    org.seedFolder({ uid: 'seeded', title: 'Seeded' });
    org.seedFolder({ uid: 'child', title: 'Child', parentUid: 'seeded' });
    org.seedDatasource({ uid: 'ds', name: 'Seeded DS', type: 'prometheus', url: 'http://p' });
    expect((await h.admin('GET', '/api/folders/child')).body.parents[0].uid).toBe('seeded');
    expect((await h.admin('GET', '/api/datasources/uid/ds')).body).toMatchObject({
      name: 'Seeded DS',
      isDefault: true,
    });

    await h.admin('POST', '/api/datasources', {
      body: { name: 'Via API', type: 'loki', access: 'proxy', url: 'http://l' },
    });
    expect([...org.datasources.values()].map((d) => d.name)).toEqual(['Seeded DS', 'Via API']);
    expect(() => org.seedFolder({ title: 'x', parentUid: 'ghost' })).toThrow();
  });

  it('simulates a UI edit of a folder: title changes, version bumps', async () => {
    await h.admin('POST', '/api/folders', { body: { uid: 'f', title: 'Mine' } });
    h.double.state.org(1).uiEditFolder('f', { title: 'Edited in UI' }, 'someone');
    const res = await h.admin('GET', '/api/folders/f');
    expect(res.body).toMatchObject({ title: 'Edited in UI', version: 2, updatedBy: 'someone' });
    // An operator PUT with the version it saw before is now stale.
    const stale = await h.admin('PUT', '/api/folders/f', { body: { title: 'Mine', version: 1 } });
    expect(stale.status).toBe(412);
  });

  it('simulates a UI edit of a data source: version bumps, secrets merge, default stays exclusive', async () => {
    await h.admin('POST', '/api/datasources', {
      body: {
        name: 'A',
        uid: 'a',
        type: 'prometheus',
        access: 'proxy',
        url: 'http://a',
        secureJsonData: { k: 'v' },
      },
    });
    await h.admin('POST', '/api/datasources', {
      body: { name: 'B', uid: 'b', type: 'prometheus', access: 'proxy', url: 'http://b' },
    });
    const org = h.double.state.org(1);
    org.uiEditDatasource('b', { url: 'http://edited', isDefault: true, secureJsonData: { extra: 'x' } });
    const b = (await h.admin('GET', '/api/datasources/uid/b')).body;
    expect(b).toMatchObject({
      url: 'http://edited',
      version: 2,
      isDefault: true,
      secureJsonFields: { extra: true },
    });
    expect(org.datasource('a')?.isDefault).toBe(false);
    const stale = await h.admin('PUT', '/api/datasources/uid/b', {
      body: { name: 'B', type: 'prometheus', access: 'proxy', url: 'http://b', version: 1 },
    });
    expect(stale.status).toBe(409);
  });

  it('creates orgs, users and tokens directly', async () => {
    const team = h.double.state.createOrg('Team');
    h.double.addUser('alice', 'pw', { orgs: { [team.id]: 'Editor' }, email: 'alice@example.com' });
    h.double.addServiceAccountToken('glsa_team', { orgId: team.id, role: 'Admin', name: 'bot' });

    const alice = await h.call('GET', '/api/user', { auth: basic('alice', 'pw') });
    expect(alice.body).toMatchObject({ login: 'alice', orgId: team.id, isGrafanaAdmin: false });
    const byEmail = await h.call('GET', '/api/user', { auth: basic('alice@example.com', 'pw') });
    expect(byEmail.status).toBe(200);
    const folder = await h.call('POST', '/api/folders', { auth: basic('alice', 'pw'), body: { title: 'T' } });
    expect(folder.body.orgId).toBe(team.id);
    expect((await h.call('GET', '/api/user', { auth: bearer('glsa_team') })).body.orgId).toBe(team.id);

    expect(() => h.double.addUser('alice', 'x', { orgs: {} })).toThrow();
    expect(() => h.double.addUser('bob', 'x', { orgs: { 99: 'Viewer' } })).toThrow();
    expect(() => h.double.state.org(99)).toThrow();
    expect(h.double.state.findOrg(99)).toBeUndefined();
  });

  it('keeps per-org storage for later modules and ids unique across orgs', () => {
    const state = new GrafanaState();
    const two = state.createOrg('Two');
    const store = two.extension('dashboards', () => new Map<string, number>());
    store.set('x', 1);
    expect(two.extension('dashboards', () => new Map<string, number>()).get('x')).toBe(1);
    const a = state.org(1).seedDatasource({ name: 'n', type: 't' });
    const b = two.seedDatasource({ name: 'n', type: 't' });
    expect(a.id).not.toBe(b.id);
    expect(() => state.createOrg('Two')).toThrow();
  });

  it('removes memberships and default orgs with a deleted org', () => {
    const state = new GrafanaState();
    const two = state.createOrg('Two');
    const user = state.addUser('u', 'p', { orgs: { 1: 'Viewer', [two.id]: 'Admin' }, defaultOrgId: two.id });
    state.deleteOrg(two.id);
    expect(user.orgs.has(two.id)).toBe(false);
    expect(user.defaultOrgId).toBe(1);
  });
});

describe('grafana double: router and modules', () => {
  const ok = (tag: string) => () => json(200, { tag });

  it('prefers static segments over parameters whatever the registration order', () => {
    const router = new Router();
    router.get('/api/orgs/:orgId', { kind: 'public' }, ok('param'));
    router.get('/api/orgs/name/:name', { kind: 'public' }, ok('name'));
    expect(router.match('GET', '/api/orgs/name/x')?.route.pattern).toBe('/api/orgs/name/:name');
    expect(router.match('GET', '/api/orgs/7')?.params).toEqual({ orgId: '7' });
    expect(router.match('GET', '/api/orgs/name')?.params).toEqual({ orgId: 'name' });
  });

  it('decodes segments, ignores a trailing slash, supports a wildcard and HEAD → GET', () => {
    const router = new Router();
    router.get('/api/datasources/name/:name', { kind: 'public' }, ok('n'));
    router.get('/apis/*', { kind: 'public' }, ok('w'));
    expect(router.match('GET', '/api/datasources/name/a%2Fb%20c/')?.params).toEqual({ name: 'a/b c' });
    expect(router.match('GET', '/apis/dashboard.grafana.app/v1/x')?.params).toEqual({
      '*': 'dashboard.grafana.app/v1/x',
    });
    expect(router.match('HEAD', '/api/datasources/name/x')?.route.method).toBe('GET');
    expect(router.match('POST', '/api/datasources/name/x')).toBeUndefined();
  });

  it('adds API areas as modules without touching the others', async () => {
    // Playlists: an API area the double does not serve by default.
    const playlists: RouteModule = {
      name: 'playlists',
      register(router, env) {
        router.get('/api/playlists/:uid', { kind: 'org', action: 'dashboards:read' }, (ctx) =>
          json(200, { uid: ctx.params.uid, org: ctx.orgId, folders: env.state.org(ctx.orgId).folders.size }),
        );
      },
    };
    const double = new GrafanaDouble().use(playlists);
    await double.start();
    try {
      const res = await fetch(`${double.url}/api/playlists/d1`, {
        headers: { authorization: basic('admin', 'admin') },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ uid: 'd1', org: 1, folders: 0 });
    } finally {
      await double.stop();
    }
  });

  it('reports its URL only while started and can restart', async () => {
    const double = new GrafanaDouble();
    expect(() => double.url).toThrow();
    const url = await double.start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expect(double.start()).rejects.toThrow();
    await double.stop();
    await double.stop();
    const again = await double.start();
    expect((await fetch(`${again}/healthz`)).status).toBe(200);
    await double.stop();
  });
});
