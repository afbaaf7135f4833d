/**
 * `convert` end to end: the grafana-operator fixture directory is converted, applied with kubectl
 * to a namespace of the real apiserver (which checks every manifest against the CRDs, CEL rules
 * included) with the operator running against the Grafana double (or GRAFANA_URL), and every
 * converted object becomes Ready in that Grafana.
 */
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';
import * as api from '../../src/api/generated/index.js';
import { cliExitCode } from '../../src/cli/program.js';
import { readManifests, type Manifest } from '../../src/cli/manifests.js';
import type { ResourceType } from '../../src/runtime/kube/types.js';
import { createTestNamespace, e2eCluster } from '../support/cluster.js';
import { startGrafana, type GrafanaUnderTest } from '../support/grafana.js';
import { TestKube } from '../support/kube.js';
import { startOperator, type InProcessOperator } from '../support/operator.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/grafana-operator', import.meta.url));

/** Our resource types by kind. */
const RESOURCES = new Map(
  Object.values(api as Record<string, unknown>)
    .filter(
      (value): value is ResourceType => typeof value === 'object' && value !== null && 'plural' in value,
    )
    .map((type) => [type.kind, type]),
);

async function convertFixtures(): Promise<{ manifests: Manifest[]; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = new PassThrough().on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const err = new PassThrough().on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // --adopt, as a migration from a live grafana-operator would: a real Grafana (GRAFANA_URL) may
  // hold these objects from an earlier run.
  expect(await cliExitCode(['convert', '-f', FIXTURES, '--adopt'], { stdout: out, stderr: err })).toBe(0);
  return { manifests: parseAllDocuments(stdout).map((d) => d.toJS() as Manifest), stderr };
}

/** The Secrets and ConfigMaps of the fixture: what the cluster already holds when a user converts. */
async function existingObjects(): Promise<Manifest[]> {
  return (await readManifests(FIXTURES)).map((e) => e.manifest).filter((m) => m.apiVersion === 'v1');
}

describe('convert, applied', () => {
  let kube: TestKube;
  let grafana: GrafanaUnderTest;
  let operator: InProcessOperator;

  beforeAll(async () => {
    kube = new TestKube(await createTestNamespace('convert'));
    grafana = await startGrafana();
    operator = await startOperator({ namespace: kube.namespace, kubeConfig: e2eCluster().kubeConfig() });
  });

  afterAll(async () => {
    await operator?.stop();
    await grafana?.stop();
  });

  it('every converted object is accepted by the apiserver and becomes Ready in Grafana', async () => {
    const { manifests } = await convertFixtures();
    const instance = manifests.find((m) => m.kind === 'GrafanaInstance')!;
    // The instance keeps the Grafana's labels, which the converted objects select.
    expect(instance.metadata.labels).toEqual({ dashboards: 'shared' });
    // It points at the Grafana under test, as a user would point it at theirs.
    const spec = instance.spec as Record<string, unknown>;
    spec.url = grafana.url;
    delete spec.tls;
    if (!('token' in grafana.credentials)) {
      spec.auth = {
        basic: {
          username: grafana.credentials.username,
          passwordSecretKeyRef: { name: 'grafana-credentials', key: 'password' },
        },
      };
    }
    const credentials =
      'token' in grafana.credentials
        ? { token: grafana.credentials.token }
        : { password: grafana.credentials.password };
    const existing = (await existingObjects()).map((m) =>
      m.metadata.name === 'grafana-credentials' ? { ...m, stringData: credentials } : m,
    );
    // The Secrets convert made are filled in, as their comments ask.
    const filled = manifests.map((m) =>
      m.kind === 'Secret'
        ? {
            ...m,
            stringData: Object.fromEntries(
              Object.keys(m.stringData as object).map((k) => [k, `filled-${k}`]),
            ),
          }
        : m,
    );
    const applied = await e2eCluster().kubectl(['apply', '-n', kube.namespace, '-f', '-'], {
      input: [...existing, ...filled].map((m) => stringify(m)).join('---\n'),
    });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);

    const ours = manifests.filter((m) => m.apiVersion === 'grafana.provisioning.dev/v1beta1');
    expect(
      ours.filter((m) => m.kind !== 'GrafanaInstance').every((m) => (m.spec as { adopt?: boolean }).adopt),
    ).toBe(true);
    await Promise.all(
      ours.map((m) => kube.waitReady(RESOURCES.get(m.kind)!, m.metadata.name, { status: 'True' }, 20_000)),
    );

    // What Grafana holds, through its API: the dashboard in the folder, with its input resolved.
    const dashboard = await grafana.api.dashboards.get('api-latency');
    const folder = await kube.get<api.GrafanaFolder>(api.GrafanaFolderResource, 'platform');
    expect(dashboard.meta.folderUid).toBe(folder.status?.uid);
    expect(JSON.stringify(dashboard.dashboard)).not.toContain('${DS_PROMETHEUS}');
    const datasource = await grafana.api.datasources.getByUid('prometheus');
    expect(datasource).toMatchObject({
      name: 'Prometheus',
      type: 'prometheus',
      jsonData: { httpHeaderName1: 'Authorization' },
    });
    expect(datasource.secureJsonFields).toEqual({ httpHeaderValue1: true });
    const integrations = await grafana.api.contactPoints.list({ name: 'operations' });
    expect(integrations.map((i) => [i.type, i.settings.url]).sort()).toEqual([
      ['email', undefined],
      ['slack', '[REDACTED]'],
      ['webhook', 'https://hooks.example.com/ops'],
    ]);
  });
});
