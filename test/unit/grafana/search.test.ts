import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { GrafanaApi, GrafanaHttpClient, GrafanaValidationError } from '../../../src/grafana/index.js';
import { dashboardsOf } from '../../grafana-double/dashboard-state.js';
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
  const org = double.state.org(1);
  org.seedFolder({ uid: 'a', title: 'A' });
  org.seedFolder({ uid: 'a1', title: 'A1', parentUid: 'a' });
  org.seedFolder({ uid: 'a11', title: 'A11', parentUid: 'a1' });
  org.seedFolder({ uid: 'b', title: 'B' });
  const dashboards = dashboardsOf(org);
  for (let i = 1; i <= 5; i++) {
    dashboards.seedDashboard({
      uid: `d${i}`,
      title: `Dash ${i}`,
      folderUid: i <= 2 ? 'a1' : '',
      data: { tags: [`t${i % 2}`] },
    });
  }
});

afterEach(async () => {
  http.close();
  await double.stop();
});

const searchRequests = () => double.requests.filter((r) => r.path === '/api/search');

describe('SearchApi against the double', () => {
  it('folders() lists folders of every level with their parent, following pages', async () => {
    const folders = await api.search.folders({ pageSize: 3 });
    expect(folders.map((f) => [f.uid, f.folderUid])).toEqual([
      ['a', undefined],
      ['a1', 'a'],
      ['a11', 'a1'],
      ['b', undefined],
    ]);
    expect(folders[1]).toMatchObject({
      type: 'dash-folder',
      title: 'A1',
      folderTitle: 'A',
      url: '/dashboards/f/a1/a1',
    });
    expect(searchRequests().map((r) => r.query)).toEqual([
      { type: 'dash-folder', limit: '3', page: '1' },
      { type: 'dash-folder', limit: '3', page: '2' },
    ]);
  });

  it('dashboards() pages until a short page and keeps Grafana order', async () => {
    const hits = await api.search.dashboards({ pageSize: 2 });
    expect(hits.map((h) => h.uid)).toEqual(['d1', 'd2', 'd3', 'd4', 'd5']);
    expect(searchRequests()).toHaveLength(3);
    expect(hits[0]).toMatchObject({
      type: 'dash-db',
      folderUid: 'a1',
      folderTitle: 'A1',
      url: '/d/d1/dash-1',
    });
    expect(hits[4]?.folderUid).toBeUndefined();
  });

  it('dashboards() with `keep` returns what it makes of each hit, in Grafana order', async () => {
    const kept = await api.search.dashboards({ pageSize: 2 }, (hit) => `${hit.uid}@${hit.folderUid ?? ''}`);
    expect(kept).toEqual(['d1@a1', 'd2@a1', 'd3@', 'd4@', 'd5@']);
    expect(searchRequests()).toHaveLength(3);
  });

  it('passes filters as repeated query parameters', async () => {
    expect((await api.search.dashboards({ folderUids: ['a1'] })).map((h) => h.uid)).toEqual(['d1', 'd2']);
    expect(
      (await api.search.dashboards({ folderUids: ['general'], tags: ['t1'] })).map((h) => h.uid),
    ).toEqual(['d3', 'd5']);
    expect(
      (await api.search.dashboards({ dashboardUids: ['d4', 'd5'], query: '4' })).map((h) => h.uid),
    ).toEqual(['d4']);
    expect((await api.search.folders({ folderUids: ['a', 'a1'] })).map((h) => h.uid)).toEqual(['a1', 'a11']);
    expect((await api.search.folders({ uids: ['b'] })).map((h) => h.uid)).toEqual(['b']);
    const last = searchRequests().at(-1);
    expect(last?.url).toBe('/api/search?type=dash-folder&dashboardUIDs=b&limit=1000&page=1');
    expect(searchRequests()[0]?.url).toBe('/api/search?type=dash-db&folderUIDs=a1&limit=1000&page=1');
  });

  it('answers an empty filter list with no hits and no request', async () => {
    await expect(api.search.dashboards({ folderUids: [] })).resolves.toEqual([]);
    await expect(api.search.folders({ uids: [] })).resolves.toEqual([]);
    expect(searchRequests()).toHaveLength(0);
  });

  it('refuses a page size Grafana would answer with 422', async () => {
    await expect(api.search.dashboards({ pageSize: 5001 })).rejects.toThrow(TypeError);
    await expect(api.search.folders({ pageSize: 0 })).rejects.toThrow(TypeError);
    // What the server says to such a limit, classified.
    const error = await http
      .request({ method: 'GET', route: '/api/search', query: { limit: 5001 } })
      .catch((e) => e);
    expect(error).toBeInstanceOf(GrafanaValidationError);
    expect(error.status).toBe(422);
  });
});
