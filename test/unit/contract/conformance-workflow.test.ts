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

  const runs = (): string[] => (job.steps as Array<{ run?: string }>).map((s) => s.run ?? '');
  const script = readFileSync(new URL('../../../scripts/grafana-under-test.sh', import.meta.url), 'utf8');

  it('tests one Grafana release per version profile of the double, and the library-panel toggle once', () => {
    const include = job.strategy.matrix.include as Array<{
      grafana: string;
      toggles?: string;
      only?: string;
    }>;
    const plain = include.filter((entry) => entry.toggles === undefined);
    expect(plain.map((entry) => /^(\d+\.\d+)/.exec(entry.grafana)?.[1])).toEqual([...VERSION_PROFILES]);
    expect(include.filter((entry) => entry.toggles !== undefined)).toEqual([
      {
        grafana: expect.any(String),
        toggles: 'kubernetesLibraryPanels',
        only: 'test/e2e/grafanalibrarypanel.test.ts',
      },
    ]);
    expect(runs()).toContain(
      'scripts/grafana-under-test.sh grafana/grafana:${{ matrix.grafana }} "${{ matrix.toggles }}"',
    );
  });

  it('runs the contract and e2e suites against the Grafana the script started, with the admin password it set', () => {
    expect(job.env.GRAFANA_URL).toBe('http://localhost:3000');
    expect(job.env.GRAFANA_USER).toBe('admin');
    // The script reads the password from the job's environment and gives it to Grafana.
    expect(script).toContain('password=${GRAFANA_PASSWORD:-admin}');
    expect(script).toContain('GF_SECURITY_ADMIN_PASSWORD=${password}');
    expect(runs()).toEqual(expect.arrayContaining(['npm ci', 'npm run tools', 'npm run test:contract']));
    expect(runs().some((r) => r.includes('--selectProjects e2e'))).toBe(true);
  });

  it('mounts the alerting provisioning folder the tests expect, filled after org 2 exists', () => {
    expect(script).toContain(':/etc/grafana/provisioning/alerting:ro');
    expect(script).toContain('test/fixtures/grafana-provisioning/alerting/*.yaml');
    expect(script.indexOf('-X POST "${url}/api/orgs"')).toBeGreaterThan(0);
    expect(script.indexOf('-X POST "${url}/api/orgs"')).toBeLessThan(script.indexOf('cp "$root"'));
    expect(script.indexOf('cp "$root"')).toBeLessThan(
      script.indexOf('-X POST "${url}/api/admin/provisioning/alerting/reload"'),
    );
  });
});
