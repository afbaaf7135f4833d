import { Harness } from './helpers.js';

/**
 * `kubernetesLibraryPanels` on (§7.1): off by default in every release, so no profile sets it. The
 * model is split into the typed spec and status.missing on write and rebuilt on read, with `id`
 * and `libraryPanel` added.
 */
describe('grafana double: library panels through the librarypanels resource (§7.1)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await Harness.start({ featureToggles: { kubernetesLibraryPanels: true } });
  });

  afterEach(() => h.stop());

  const sent = {
    type: 'stat',
    title: 'CPU',
    description: '',
    pluginVersion: '',
    options: { reduceOptions: { calcs: ['last'] } },
    links: [],
    targets: [{ refId: 'A', expr: 'up' }],
    transparent: false,
    datasource: null,
    interval: '1m',
    transformations: [{ id: 'organize', options: {} }],
    id: 7,
    libraryPanel: { uid: 'elsewhere', name: 'Old name' },
  };

  it('stores the rebuilt model and serves it with id and libraryPanel on every read', async () => {
    const created = await h.admin('POST', '/api/library-elements', {
      body: { uid: 'cpu', name: 'CPU panel', kind: 1, model: sent },
    });
    expect(created.status).toBe(200);
    const result = (created.body as { result: { id: number; model: unknown; description: string } }).result;
    const expected = {
      type: 'stat',
      title: 'CPU',
      options: { reduceOptions: { calcs: ['last'] } },
      fieldConfig: {},
      targets: [{ refId: 'A', expr: 'up' }],
      interval: '1m',
      transformations: [{ id: 'organize', options: {} }],
      id: result.id,
      libraryPanel: { name: 'CPU panel', uid: 'cpu' },
    };
    expect(result.model).toEqual(expected);
    expect(result.description).toBe('');
    const got = await h.admin('GET', '/api/library-elements/cpu');
    expect((got.body as { result: { model: unknown } }).result.model).toEqual(expected);
    const listed = await h.admin('GET', '/api/library-elements?kind=1');
    const elements = (listed.body as { result: { elements: Array<{ model: unknown }> } }).result.elements;
    expect(elements.map((e) => e.model)).toEqual([expected]);
  });

  it('a PATCH goes through the same rebuild and keeps the version check', async () => {
    await h.admin('POST', '/api/library-elements', {
      body: { uid: 'cpu', name: 'CPU', kind: 1, model: sent },
    });
    const stale = await h.admin('PATCH', '/api/library-elements/cpu', {
      body: { kind: 1, version: 5, model: { type: 'stat' } },
    });
    expect(stale.status).toBe(412);
    const res = await h.admin('PATCH', '/api/library-elements/cpu', {
      body: {
        kind: 1,
        version: 1,
        model: { type: 'gauge', description: 'Load', gridPos: { h: 0, w: 0, x: 0, y: 0 } },
      },
    });
    expect(res.status).toBe(200);
    const result = (res.body as { result: { model: unknown; description: string; version: number } }).result;
    expect(result.model).toEqual({
      type: 'gauge',
      title: '',
      description: 'Load',
      options: {},
      fieldConfig: {},
      id: expect.any(Number),
      libraryPanel: { name: 'CPU', uid: 'cpu' },
    });
    expect(result.description).toBe('Load');
    expect(result.version).toBe(2);
  });

  it('a typed field of the wrong JSON type is 400 invalid library element model', async () => {
    const res = await h.admin('POST', '/api/library-elements', {
      body: { uid: 'bad', name: 'Bad', kind: 1, model: { type: 'stat', targets: { refId: 'A' } } },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ message: 'invalid library element model' });
  });
});
