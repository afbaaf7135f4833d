import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { capturedStreams as streams } from '../../../support/cli-streams.js';
import { parseAllDocuments } from 'yaml';
import { cliExitCode } from '../../../../src/cli/program.js';
import { readManifests } from '../../../../src/cli/manifests.js';
import { manifestErrors } from '../../../../src/cli/import/validate.js';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/file-provisioning', import.meta.url));

describe('grafana-provisioning-operator import', () => {
  it('imports the test provisioning directory: every manifest fits our schemas, no secure value is printed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-'));
    try {
      const { out, stdout, stderr } = streams();
      const code = await cliExitCode(
        [
          'import',
          '--from',
          FIXTURE,
          '--namespace',
          'team',
          '--instance-selector',
          'grafana=main',
          '--out',
          dir,
        ],
        { stdout, stderr },
      );
      expect({ code, stderr: out.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
      const manifests = (await readManifests(dir)).map((entry) => entry.manifest);
      expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
        'GrafanaAlertRuleGroup/payments-payments-slo',
        'GrafanaAlertRuleGroup/platform-platform-health',
        'GrafanaContactPoint/payments-team',
        'GrafanaContactPoint/platform-on-call',
        'GrafanaDashboard/cluster-overview',
        'GrafanaDashboard/node-health',
        'GrafanaDashboard/payments-api',
        'GrafanaDashboard/search-latency',
        'GrafanaDashboard/teams-home',
        'GrafanaDatasource/loki',
        'GrafanaDatasource/orders-db',
        'GrafanaDatasource/prometheus',
        'GrafanaDatasource/tempo',
        'GrafanaFolder/payments',
        'GrafanaFolder/platform',
        'GrafanaFolder/search',
        'GrafanaMuteTiming/maintenance-window',
        'GrafanaMuteTiming/weekends',
        'GrafanaNotificationPolicy/notification-policy',
        'GrafanaNotificationTemplate/platform.messages',
        'Secret/grafana-provisioning-env',
        'Secret/orders-db-secure',
        'Secret/payments-team-secure',
        'Secret/tempo-secure',
      ]);
      for (const manifest of manifests) {
        expect(manifest.metadata.namespace).toBe('team');
        expect({ name: manifest.metadata.name, errors: manifestErrors(manifest) }).toEqual({
          name: manifest.metadata.name,
          errors: [],
        });
      }
      const written = manifests.map((m) => JSON.stringify(m)).join('\n');
      expect(written + out.stderr).not.toContain('placeholder-not-a-secret');
      expect(readFileSync(join(dir, 'secret', 'grafana-provisioning-env.yaml'), 'utf8')).toMatch(
        /^# Fill in every value before applying/,
      );
      expect(out.stderr).toMatch(
        /^warning: secure values read from environment variables, now keys of Secrets to fill before applying: \$LOKI_PASSWORD, \$TEMPO_TOKEN, \$SLACK_WEBHOOK_URL$/m,
      );
      expect(out.stderr).toMatch(/^imported 24 objects \(.*\) into /m);
      expect(out.stderr).not.toMatch(/the apiserver drops it/);
      expect(out.stdout).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without --out writes one YAML stream on stdout, and only manifests', async () => {
    const { out, stdout, stderr } = streams();
    expect(await cliExitCode(['import', '--from', FIXTURE], { stdout, stderr })).toBe(0);
    const documents = parseAllDocuments(out.stdout).map((document) => document.toJS() as { kind: string });
    expect(documents).toHaveLength(24);
    expect(new Set(documents.map((document) => document.kind)).size).toBe(9);
  });

  it('a missing --from is one error line, exit 1', async () => {
    const { out, stdout, stderr } = streams();
    expect(await cliExitCode(['import', '--from', '/no/such/dir'], { stdout, stderr })).toBe(1);
    expect(out.stderr).toBe('error: --from /no/such/dir: no such directory\n');
  });

  it('a malformed --instance-selector is one error line', async () => {
    const { out, stdout, stderr } = streams();
    expect(
      await cliExitCode(['import', '--from', FIXTURE, '--instance-selector', 'nolabel'], { stdout, stderr }),
    ).toBe(1);
    expect(out.stderr).toBe('error: --instance-selector nolabel: expected key=value[,key=value…]\n');
  });
});
