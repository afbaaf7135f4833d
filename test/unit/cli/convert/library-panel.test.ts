import { gzipSync } from 'node:zlib';
import { convert, operatorObject } from './helpers.js';

const model = { name: 'Request rate', uid: 'request-rate', kind: 1, type: 'timeseries', title: 'Requests' };

describe('convert: GrafanaLibraryPanel', () => {
  it('the JSON stays; its name and uid become spec.name and spec.uid', () => {
    const json = JSON.stringify(model);
    const { spec, lines } = convert([
      operatorObject('GrafanaLibraryPanel', 'rate', { json, folderUID: 'abc' }),
    ]);
    expect(spec('GrafanaLibraryPanel/rate')).toEqual({
      instanceSelector: { matchLabels: { dashboards: 'shared' } },
      json,
      uid: 'request-rate',
      name: 'Request rate',
      folderUID: 'abc',
    });
    expect(lines).toEqual([]);
  });

  it('gzipJson becomes json; url and datasource inputs are reported', () => {
    const { spec, result, lines } = convert([
      operatorObject('GrafanaLibraryPanel', 'gz', {
        gzipJson: gzipSync(JSON.stringify(model)).toString('base64'),
        datasources: [{ inputName: 'DS', datasourceName: 'Prometheus' }],
      }),
      operatorObject('GrafanaLibraryPanel', 'remote', { url: 'https://example.com/p.json' }),
    ]);
    expect(JSON.parse(spec('GrafanaLibraryPanel/gz')?.json)).toEqual(model);
    expect(result.entries).toHaveLength(1);
    expect(lines).toEqual([
      'GrafanaLibraryPanel/gz: spec.gzipJson: now spec.json (library panels take plain JSON)',
      'GrafanaLibraryPanel/gz: spec.datasources: not converted: library panels have no datasource inputs here; put the datasource uids into the panel JSON',
      'GrafanaLibraryPanel/remote: spec.url: not converted: library panels come from JSON, a model or a ConfigMap here; download it into spec.json',
    ]);
  });
});
