import { describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import type { GrafanaDashboardSpec } from '../../../src/api/generated/index.js';
import { DownloadCache } from '../../../src/dashboards/download-cache.js';
import { dashboardContent, type ContentReads } from '../../../src/dashboards/sources.js';

const reads: ContentReads = {
  key: 'ns/d',
  secrets: { value: async () => 'unused' },
  configMaps: {
    bytes: async ({ name, key }) =>
      name === 'zipped' ? gzipSync(`{"title": "${key}"}`) : Buffer.from(`{"title": "${name}/${key}"}`),
  },
};
const content = (spec: Partial<GrafanaDashboardSpec>) =>
  dashboardContent({ instanceSelector: {}, ...spec } as GrafanaDashboardSpec, reads, new DownloadCache());

describe('dashboardContent', () => {
  it('reads inline JSON, base64 gzip and ConfigMaps (gzipped or not), naming the source', async () => {
    expect(await content({ json: '{"title": "inline"}' })).toEqual({
      text: '{"title": "inline"}',
      source: 'spec.json',
    });
    const gzipJson = gzipSync('{"title": "zipped"}').toString('base64');
    expect(await content({ gzipJson })).toEqual({ text: '{"title": "zipped"}', source: 'spec.gzipJson' });
    expect(await content({ configMapRef: { name: 'plain', key: 'd.json' } })).toEqual({
      text: '{"title": "plain/d.json"}',
      source: 'ConfigMap plain (key d.json)',
    });
    expect((await content({ configMapRef: { name: 'zipped', key: 'd.json.gz' } })).text).toBe(
      '{"title": "d.json.gz"}',
    );
  });

  it('refuses gzipJson that is not gzip, and a spec with no content', async () => {
    await expect(
      content({ gzipJson: Buffer.from('{"title": "x"}').toString('base64') }),
    ).rejects.toMatchObject({
      reason: 'InvalidSpec',
      message: expect.stringContaining('spec.gzipJson is not gzipped data'),
    });
    await expect(content({})).rejects.toMatchObject({
      reason: 'InvalidSpec',
      message: 'the dashboard has no content: set one of json, gzipJson, configMapRef, url and grafanaCom',
    });
  });
});
