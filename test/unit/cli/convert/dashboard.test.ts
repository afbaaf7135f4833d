import { gzipSync } from 'node:zlib';
import { convert, operatorObject } from './helpers.js';

const dashboard = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) =>
  operatorObject('GrafanaDashboard', 'overview', spec, metadata);

describe('convert: GrafanaDashboard', () => {
  it('json, folderRef, datasource inputs, resyncPeriod and suspend keep their names', () => {
    const spec = {
      json: '{"title":"Overview","uid":"overview"}',
      folderRef: 'platform',
      datasources: [{ inputName: 'DS_PROM', datasourceName: 'Prometheus' }],
      resyncPeriod: '1m0s',
      suspend: true,
    };
    const { spec: out, lines } = convert([dashboard(spec)]);
    expect(out('GrafanaDashboard/overview')).toEqual({
      instanceSelector: { matchLabels: { dashboards: 'shared' } },
      ...spec,
    });
    expect(lines).toEqual([]);
  });

  it('gzipJson, url with its cache duration, configMapRef and grafanaCom are content sources here too', () => {
    const gzip = gzipSync('{"title":"Z","uid":"z"}').toString('base64');
    const { spec } = convert([
      operatorObject('GrafanaDashboard', 'a', { gzipJson: gzip }),
      operatorObject('GrafanaDashboard', 'b', {
        url: 'https://example.com/d.json',
        contentCacheDuration: '30m0s',
      }),
      operatorObject('GrafanaDashboard', 'c', { configMapRef: { name: 'dashboards', key: 'c.json' } }),
      operatorObject('GrafanaDashboard', 'd', { grafanaCom: { id: 1860, revision: 37 } }),
    ]);
    expect(spec('GrafanaDashboard/a')?.gzipJson).toBe(gzip);
    expect(spec('GrafanaDashboard/b')).toMatchObject({
      url: 'https://example.com/d.json',
      urlCacheDuration: '30m0s',
    });
    expect(spec('GrafanaDashboard/c')?.configMapRef).toEqual({ name: 'dashboards', key: 'c.json' });
    expect(spec('GrafanaDashboard/d')?.grafanaCom).toEqual({ id: 1860, revision: 37 });
  });

  it('basic auth for a download becomes an Authorization header from a Secret to fill', () => {
    const { spec, entry, lines } = convert([
      dashboard({
        url: 'https://example.com/d.json',
        urlAuthorization: {
          basicAuth: { username: { name: 'dl', key: 'user' }, password: { name: 'dl', key: 'pass' } },
        },
      }),
    ]);
    expect(spec('GrafanaDashboard/overview')?.urlAuthorization).toEqual({
      secretKeyRef: { name: 'overview-url-authorization', key: 'authorization' },
    });
    expect(entry('Secret/overview-url-authorization')?.comment).toContain(
      'user from Secret dl key user, password from Secret dl key pass',
    );
    expect(lines).toEqual([
      'GrafanaDashboard/overview: spec.urlAuthorization.basicAuth: now the Authorization header from Secret overview-url-authorization key authorization, left empty to fill',
    ]);
  });

  it('a folder title becomes a folderRef: to the GrafanaFolder with that title, else to one made once', () => {
    const { spec, result, lines } = convert([
      operatorObject('GrafanaFolder', 'ops', { title: 'Operations' }),
      operatorObject('GrafanaDashboard', 'a', { json: '{}', folder: 'Operations' }),
      operatorObject('GrafanaDashboard', 'b', { json: '{}', folder: 'Team A' }),
      operatorObject('GrafanaDashboard', 'c', { json: '{}', folder: 'Team A' }),
    ]);
    expect(spec('GrafanaDashboard/a')?.folderRef).toBe('ops');
    expect(spec('GrafanaDashboard/b')?.folderRef).toBe('team-a');
    expect(spec('GrafanaDashboard/c')?.folderRef).toBe('team-a');
    expect(
      result.entries.filter((e) => e.manifest.kind === 'GrafanaFolder').map((e) => e.manifest.metadata.name),
    ).toEqual(['ops', 'team-a']);
    expect(spec('GrafanaFolder/team-a')).toEqual({
      instanceSelector: { matchLabels: { dashboards: 'shared' } },
      title: 'Team A',
    });
    expect(lines).toHaveLength(3);
  });

  it('variables and publicSharing become spec.variables and spec.publicDashboard, with what differs reported', () => {
    const { spec, lines } = convert([
      operatorObject('GrafanaDashboard', 'shared', {
        json: '{"uid":"shared","templating":{"list":[{"name":"env","type":"custom"}]}}',
        variables: [
          { name: 'env', value: 'prod' },
          { name: 'gone', value: 'x' },
        ],
        publicSharing: { accessToken: '0b7d3c1e-5a2f-4c8e-9d6a-1f2e3d4c5b6a', timeSelectionEnabled: true },
      }),
    ]);
    expect(spec('GrafanaDashboard/shared')).toMatchObject({
      variables: [{ name: 'env', value: 'prod' }],
      publicDashboard: { timeSelectionEnabled: true },
    });
    expect(lines).toEqual([
      'GrafanaDashboard/shared: spec.variables[1]: not converted: gone is not a variable of the dashboard (grafana-operator ignored it)',
      expect.stringContaining('GrafanaDashboard/shared: spec.publicSharing.accessToken: not kept'),
    ]);
    // Without the JSON in the manifest, the entries are kept and the difference reported.
    const fromUrl = convert([
      operatorObject('GrafanaDashboard', 'remote', {
        url: 'https://example.com/d.json',
        variables: [{ name: 'env', value: 'prod' }],
      }),
    ]);
    expect(fromUrl.spec('GrafanaDashboard/remote')?.variables).toEqual([{ name: 'env', value: 'prod' }]);
    expect(fromUrl.lines).toContainEqual(
      expect.stringContaining('GrafanaDashboard/remote: spec.variables: '),
    );
  });

  it('jsonnet, OCI, plugins and cross-namespace import are reported', () => {
    const { result, lines } = convert([
      dashboard({ jsonnet: '{}', envs: [{ name: 'A', value: 'b' }] }),
      operatorObject('GrafanaDashboard', 'oci', { oci: { reference: 'ghcr.io/a/b:1', path: 'd.json' } }),
      operatorObject('GrafanaDashboard', 'full', {
        json: '{}',
        plugins: [{ name: 'p', version: '1' }],
        allowCrossNamespaceImport: true,
      }),
    ]);
    expect(result.entries.map((e) => e.manifest.metadata.name)).toEqual(['full']);
    expect(lines.map((line) => line.replace(/: not converted: .*/, ''))).toEqual([
      'GrafanaDashboard/overview: spec.jsonnet',
      'GrafanaDashboard/overview: spec.envs',
      'GrafanaDashboard/overview',
      'GrafanaDashboard/oci: spec.oci',
      'GrafanaDashboard/oci',
      'GrafanaDashboard/full: spec.allowCrossNamespaceImport',
      'GrafanaDashboard/full: spec.plugins',
    ]);
  });

  it("keeps grafana-operator's uid from metadata.uid when the JSON has none", () => {
    const uid = '0b7d3c1e-5a2f-4c8e-9d6a-1f2e3d4c5b6a';
    const { spec } = convert([
      dashboard({ json: '{"title":"no uid"}' }, { uid }),
      operatorObject('GrafanaDashboard', 'with-uid', { json: '{"uid":"mine"}' }, { uid }),
    ]);
    expect(spec('GrafanaDashboard/overview')?.uid).toBe(uid);
    expect(spec('GrafanaDashboard/with-uid')?.uid).toBeUndefined();
  });

  it('an object without instanceSelector is not converted (ours would select every instance)', () => {
    const object = dashboard({ json: '{}' });
    delete (object.spec as Record<string, unknown>).instanceSelector;
    const { result, lines } = convert([object]);
    expect(result.entries).toEqual([]);
    expect(lines).toEqual([
      'GrafanaDashboard/overview: not converted: spec.instanceSelector is missing, so it selects no Grafana',
    ]);
  });

  it('--adopt sets spec.adopt, on the folders convert makes too', () => {
    const { spec } = convert([dashboard({ json: '{}', folder: 'Ops' })], true);
    expect(spec('GrafanaDashboard/overview')?.adopt).toBe(true);
    expect(spec('GrafanaFolder/ops')?.adopt).toBe(true);
  });
});
