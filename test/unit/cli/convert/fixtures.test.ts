import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { PassThrough } from 'node:stream';
import { cliExitCode } from '../../../../src/cli/program.js';
import { validateSpec } from '../../../../src/runtime/validation.js';
import * as api from '../../../../src/api/generated/index.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/grafana-operator', import.meta.url));

async function run(args: string[]) {
  const out = { stdout: '', stderr: '' };
  const stdout = new PassThrough().on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
  const stderr = new PassThrough().on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
  const code = await cliExitCode(args, { stdout, stderr });
  return { code, ...out };
}

const schemaOf = (kind: string) =>
  (api as unknown as Record<string, object>)[`${kind[0]!.toLowerCase()}${kind.slice(1)}SpecSchema`];

describe('convert -f test/fixtures/grafana-operator', () => {
  it('writes our manifests, every one valid against our CRD schemas, and reports the rest per object', async () => {
    const { code, stdout, stderr } = await run(['convert', '-f', FIXTURES]);
    expect(code).toBe(0);
    const manifests = parseAllDocuments(stdout).map(
      (d) => d.toJS() as { apiVersion: string; kind: string; metadata: { name: string }; spec?: unknown },
    );
    const ours = manifests.filter((m) => m.apiVersion === 'grafana.provisioning.dev/v1beta1');
    for (const manifest of ours) {
      expect({
        name: `${manifest.kind}/${manifest.metadata.name}`,
        ...validateSpec(schemaOf(manifest.kind)!, manifest.spec),
      }).toEqual({
        name: `${manifest.kind}/${manifest.metadata.name}`,
        valid: true,
        errors: [],
      });
    }
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual(
      [
        'GrafanaAlertRuleGroup/api-alerts',
        'GrafanaContactPoint/operations',
        'GrafanaContactPoint/security',
        'GrafanaDashboard/api-latency',
        'GrafanaDashboard/inventory-queries',
        'GrafanaDashboard/team-a-overview',
        'GrafanaDatasource/postgres',
        'GrafanaDatasource/prometheus',
        'GrafanaFolder/databases',
        'GrafanaFolder/platform',
        'GrafanaFolder/team-a',
        'GrafanaInstance/shared-grafana',
        'GrafanaLibraryPanel/request-rate',
        'GrafanaMuteTiming/weekends',
        'GrafanaNotificationPolicy/tree',
        'GrafanaNotificationTemplate/ops-templates',
        'Secret/operations-secure-settings',
        'Secret/prometheus-secure-json-data',
      ].sort(),
    );
    // The fixture's secret values are never copied; the Secrets made here are empty.
    expect(stdout + stderr).not.toContain('set-by-the-test');
    expect(stdout + stderr).not.toContain('replace-me');
    expect(stderr).toMatch(
      /^Grafana\/in-cluster: not converted: a Grafana deployment run by grafana-operator/m,
    );
    expect(stderr).toMatch(/^GrafanaDashboard\/rendered-by-jsonnet: spec.jsonnet: not converted: /m);
    expect(stderr).toMatch(/^Secret\/grafana-credentials: left out: not a grafana-operator object/m);
    expect(stderr).toMatch(
      /converted 15 of 18 grafana-operator objects; 3 made to go with them; \d+ notes\n$/,
    );
  });

  it('--out writes one file per object', async () => {
    const { mkdtemp, readdir } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'convert-'));
    expect((await run(['convert', '-f', FIXTURES, '--out', dir])).code).toBe(0);
    expect(await readdir(join(dir, 'grafanafolder'))).toEqual([
      'databases.yaml',
      'platform.yaml',
      'team-a.yaml',
    ]);
  });

  it('an object without a name, or of a kind convert does not know, is reported, not written', async () => {
    const { convertManifests } = await import('../../../../src/cli/convert/convert.js');
    const result = convertManifests(
      [
        { apiVersion: 'grafana.integreatly.org/v1beta1', kind: 'GrafanaFolder', metadata: {} },
        { apiVersion: 'grafana.integreatly.org/v1beta1', kind: 'GrafanaManifest', metadata: { name: 'm' } },
      ].map((manifest) => ({ manifest: manifest as never })),
      { adopt: false },
    );
    expect(result.entries).toEqual([]);
    expect(result.report.toString()).toBe(
      'GrafanaFolder/?: not converted: metadata.name is missing\n' +
        'GrafanaManifest/m: not converted: arbitrary Grafana API resources have no equivalent\n',
    );
  });

  it('a path that does not exist is one error line', async () => {
    const { code, stderr } = await run(['convert', '-f', '/nonexistent/dir']);
    expect(code).toBe(1);
    expect(stderr).toBe('error: /nonexistent/dir: no such file or directory\n');
  });
});
