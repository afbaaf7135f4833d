import type { GrafanaInstance } from '../../../src/api/generated/index.js';
import { orgKeyOf } from '../../../src/sync/targets.js';

const instance = (url: string, org: { spec?: number; status?: number } = {}): GrafanaInstance => ({
  metadata: { name: 'i', namespace: 'ns' },
  spec: {
    url,
    auth: { token: { secretKeyRef: { name: 't', key: 't' } } },
    ...(org.spec !== undefined ? { org: { id: org.spec } } : {}),
  },
  ...(org.status !== undefined ? { status: { orgId: org.status } } : {}),
});

/** Instances that write to the same Grafana org share lists, the write lock and claims. */
describe('orgKeyOf: which instances act in the same Grafana org', () => {
  it('the same Grafana spelled differently is one org', () => {
    const keys = [
      'http://Grafana.example:3000/',
      'http://grafana.example:3000',
      'HTTP://GRAFANA.EXAMPLE:3000//',
    ].map((url) => orgKeyOf(instance(url)));
    expect(new Set(keys).size).toBe(1);
    expect(orgKeyOf(instance('https://grafana.example:443/'))).toBe(
      orgKeyOf(instance('https://grafana.example')),
    );
  });

  it('another scheme, port, sub-path or org is another org', () => {
    const keys = [
      'http://grafana.example',
      'https://grafana.example',
      'http://grafana.example:3000',
      'http://grafana.example/grafana',
    ].map((url) => orgKeyOf(instance(url)));
    expect(new Set(keys).size).toBe(4);
    expect(orgKeyOf(instance('http://g', { spec: 2 }))).not.toBe(orgKeyOf(instance('http://g')));
  });

  it('the org the instance reported wins over the one asked for by id, and org 1 is the default', () => {
    expect(orgKeyOf(instance('http://g', { spec: 2, status: 3 }))).toBe(
      orgKeyOf(instance('http://g', { spec: 3 })),
    );
    expect(orgKeyOf(instance('http://g', { spec: 1 }))).toBe(orgKeyOf(instance('http://g')));
  });
});
