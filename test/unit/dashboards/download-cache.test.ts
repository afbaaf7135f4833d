import { describe, expect, it } from '@jest/globals';
import { DownloadCache } from '../../../src/dashboards/download-cache.js';
import { grafanaComDownloadUrl } from '../../../src/dashboards/sources.js';

describe('DownloadCache', () => {
  it('reuses a download per object while URL and credentials are the same and it is fresh', async () => {
    const cache = new DownloadCache();
    let loads = 0;
    const load = async () => Buffer.from(`body ${++loads}`);
    expect((await cache.get('ns/a', 'https://x/d.json|', 60_000, load)).toString()).toBe('body 1');
    expect((await cache.get('ns/a', 'https://x/d.json|', 60_000, load)).toString()).toBe('body 1');
    expect((await cache.get('ns/a', 'https://x/other.json|', 60_000, load)).toString()).toBe('body 2');
    expect((await cache.get('ns/b', 'https://x/other.json|', 60_000, load)).toString()).toBe('body 3');
    expect((await cache.get('ns/c', 'https://x/d.json|', 0, load)).toString()).toBe('body 4');
    expect((await cache.get('ns/c', 'https://x/d.json|', 0, load)).toString()).toBe('body 5');
    expect(cache.size).toBe(2);
  });

  it('grafana.com URLs, with GRAFANA_COM_URL overriding the base', () => {
    const previous = process.env.GRAFANA_COM_URL;
    try {
      delete process.env.GRAFANA_COM_URL;
      expect(grafanaComDownloadUrl(1860, 37)).toBe(
        'https://grafana.com/api/dashboards/1860/revisions/37/download',
      );
      process.env.GRAFANA_COM_URL = 'http://127.0.0.1:9999/';
      expect(grafanaComDownloadUrl(1860, undefined)).toBe(
        'http://127.0.0.1:9999/api/dashboards/1860/revisions/latest/download',
      );
    } finally {
      if (previous === undefined) delete process.env.GRAFANA_COM_URL;
      else process.env.GRAFANA_COM_URL = previous;
    }
  });
});
