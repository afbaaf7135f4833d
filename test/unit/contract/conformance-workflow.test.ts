import { readFileSync } from 'node:fs';

import { parseDocument } from 'yaml';

import { VERSION_PROFILES } from '../../grafana-double/profiles.js';

/** The workflow cannot run here (no Docker); this keeps it parseable and in step with the profiles. */
describe('.github/workflows/grafana-conformance.yml', () => {
  const text = readFileSync(
    new URL('../../../.github/workflows/grafana-conformance.yml', import.meta.url),
    'utf8',
  );
  const doc = parseDocument(text);
  const job = (doc.toJS() as { jobs: { conformance: Record<string, any> } }).jobs.conformance; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('is valid YAML', () => {
    expect(doc.errors).toEqual([]);
  });

  it('tests one Grafana release per version profile of the double', () => {
    const minors = (job.strategy.matrix.grafana as string[]).map((v) => /^(\d+\.\d+)/.exec(v)?.[1]);
    expect(minors).toEqual([...VERSION_PROFILES]);
    expect(job.services.grafana.image).toBe('grafana/grafana:${{ matrix.grafana }}');
  });

  it('runs the contract and e2e suites against the service container with the admin password it set', () => {
    expect(job.env.GRAFANA_URL).toBe('http://localhost:3000');
    expect(job.services.grafana.env.GF_SECURITY_ADMIN_PASSWORD).toBe(job.env.GRAFANA_PASSWORD);
    const runs = (job.steps as Array<{ run?: string }>).map((s) => s.run ?? '');
    expect(runs).toEqual(expect.arrayContaining(['npm ci', 'npm run tools', 'npm run test:contract']));
    expect(runs.some((r) => r.includes('--selectProjects e2e'))).toBe(true);
  });
});
