import { contractGrafana } from './harness.js';

/**
 * App-platform objects as GrafanaDashboard (v2, §23) and GrafanaAppResource (§24) rely on them:
 * the v2 dashboard versions per release, a v2 dashboard written through them and refused by the
 * classic GET, and the generation of a playlist, which only a change of its spec moves.
 */
describe('contract: v2 dashboards and app-platform objects (§23, §24)', () => {
  const h = contractGrafana();
  const served = async (group: string): Promise<string[]> => {
    const discovery = await h.admin('GET', `/apis/${group}`);
    return ((discovery.body?.versions ?? []) as Array<{ version: string }>).map((v) => v.version);
  };

  it('serves v2 dashboards from 12 on, whatever dashboardNewLayouts says; v2 itself on main', async () => {
    const v2 = (await served('dashboard.grafana.app')).filter((v) => v.startsWith('v2')).sort();
    expect(v2).toEqual(
      h.byVersion({ '<12.0': [], '<13.0': ['v2alpha1', 'v2beta1'], default: ['v2', 'v2alpha1', 'v2beta1'] }),
    );
  });

  it('writes a v2 dashboard through /apis, which the classic GET refuses with 406 and the classic DELETE removes', async () => {
    const versions = await served('dashboard.grafana.app');
    const version = ['v2beta1', 'v2alpha1'].find((v) => versions.includes(v));
    if (!version) return;
    const base = `/apis/dashboard.grafana.app/${version}/namespaces/${h.namespace}/dashboards`;
    const name = h.unique('v2').slice(0, 40);
    const spec = {
      title: `Contract ${name}`,
      elements: {},
      layout: { kind: 'GridLayout', spec: { items: [] } },
    };
    const body = {
      apiVersion: `dashboard.grafana.app/${version}`,
      kind: 'Dashboard',
      metadata: { name },
      spec,
    };
    const created = await h.admin('POST', base, { body });
    expect(created.status).toBe(201);
    expect(created.body.metadata.generation).toBeGreaterThan(0);
    expect((await h.admin('POST', base, { body })).status).toBe(409);
    const classic = await h.admin('GET', `/api/dashboards/uid/${name}`);
    expect(classic.status).toBe(406);
    expect(classic.body.message).toBe(
      `dashboard api version not supported, use /apis/dashboard.grafana.app/${version}/namespaces/${h.namespace}/dashboards/${name} instead`,
    );
    const got = await h.admin('GET', `${base}/${name}`);
    expect(got.body.spec.title).toBe(spec.title);
    const stale = { ...body, metadata: { name, resourceVersion: `${got.body.metadata.resourceVersion}0` } };
    expect((await h.admin('PUT', `${base}/${name}`, { body: stale })).status).toBe(409);
    expect((await h.admin('DELETE', `/api/dashboards/uid/${name}`)).status).toBe(200);
    expect((await h.admin('GET', `${base}/${name}`)).status).toBe(404);
  });

  it("finds a playlist's plural by discovery; its generation moves with the spec, not with labels", async () => {
    const version = (await served('playlist.grafana.app')).includes('v0alpha1') ? 'v0alpha1' : undefined;
    if (!version) return;
    const resources = await h.admin('GET', `/apis/playlist.grafana.app/${version}`);
    const playlist = (resources.body.resources as Array<{ name: string; kind: string }>).find(
      (r) => r.kind === 'Playlist',
    );
    expect(playlist?.name).toBe('playlists');
    const base = `/apis/playlist.grafana.app/${version}/namespaces/${h.namespace}/playlists`;
    const name = h.unique('playlist').toLowerCase().slice(0, 40);
    const spec = {
      title: 'Contract',
      interval: '5m',
      items: [{ type: 'dashboard_by_tag', value: 'contract' }],
    };
    const created = await h.admin('POST', base, {
      body: { apiVersion: `playlist.grafana.app/${version}`, kind: 'Playlist', metadata: { name }, spec },
    });
    expect(created.status).toBe(201);
    const first = created.body.metadata;
    // Legacy storage answers no generation (§24.2): nothing to follow there.
    if (!first.generation) return;
    const put = async (metadata: Record<string, unknown>, next: unknown) =>
      (
        await h.admin('PUT', `${base}/${name}`, {
          body: {
            apiVersion: `playlist.grafana.app/${version}`,
            kind: 'Playlist',
            metadata: { name, ...metadata },
            spec: next,
          },
        })
      ).body.metadata;
    const labelled = await put(
      { labels: { team: 'contract' }, resourceVersion: first.resourceVersion },
      spec,
    );
    expect(labelled.generation).toBe(first.generation);
    const changed = await put(
      { labels: { team: 'contract' }, resourceVersion: labelled.resourceVersion },
      { ...spec, interval: '10m' },
    );
    expect(changed.generation).toBe(first.generation + 1);
    expect((await h.admin('DELETE', `${base}/${name}`)).status).toBe(200);
  });
});
