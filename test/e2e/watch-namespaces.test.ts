/**
 * The operator watching a list of namespaces with the chart's namespaced RBAC only (a Role and
 * RoleBinding in each watched namespace, nothing cluster-wide): `node dist/main.js` with the
 * Deployment's environment and a TokenRequest token for the chart's ServiceAccount, behind a
 * recording proxy that shows which namespaces it asked the apiserver about.
 */
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GrafanaFolderResource, GrafanaInstanceResource } from '../../src/api/generated/index.js';
import { CoreTypes } from '../../src/runtime/kube/types.js';
import { ROOT } from '../../scripts/generate-api.js';
import { RecordingProxy } from '../support/api-proxy.js';
import { createTestNamespace, e2eCluster } from '../support/cluster.js';
import {
  PROCESS_OVERRIDES,
  containerEnv,
  freePort,
  helmTemplate,
  kubectlOk,
  parseManifests,
  serviceAccountKubeconfig,
  startOperatorProcess,
  toYamlStream,
  type RunningOperator,
} from '../support/deploy.js';
import { startGrafana, type GrafanaUnderTest } from '../support/grafana.js';
import { TestKube, type WithStatus } from '../support/kube.js';
import { reconcileResults, waitIdle } from '../support/metrics.js';
import { eventually } from '../support/wait.js';

const cluster = e2eCluster();
const RBAC_KINDS = ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'];

describe('watchNamespaces with two namespaces, as the chart ServiceAccount with Roles only', () => {
  let grafana: GrafanaUnderTest;
  let proxy: RecordingProxy;
  let operator: RunningOperator;
  let release: string;
  let watched: TestKube[];
  let unwatched: TestKube;
  let metricsUrl: string;

  /** A Secret, a GrafanaInstance "main" using it, and a GrafanaFolder titled after the namespace. */
  const arrange = async (kube: TestKube) => {
    const token = 'token' in grafana.credentials ? grafana.credentials.token : undefined;
    if (!token) throw new Error('this test needs a Grafana token');
    await kube.secret('grafana-token', { token });
    await kube.instance(
      'main',
      { url: grafana.url, auth: { token: { secretKeyRef: { name: 'grafana-token', key: 'token' } } } },
      { grafana: 'main' },
    );
    await kube.create(GrafanaFolderResource, 'team', {
      instanceSelector: { matchLabels: { grafana: 'main' } },
      title: `Team ${kube.namespace}`,
    });
  };

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, 'dist', 'main.js')))
      throw new Error('dist/main.js is missing: run `npm run build` first');
    grafana = await startGrafana();
    const [releaseNamespace, a, b, c] = await Promise.all(
      ['ns-release', 'ns-watched', 'ns-watched', 'ns-unwatched'].map((prefix) => createTestNamespace(prefix)),
    );
    release = releaseNamespace!;
    watched = [new TestKube(a!), new TestKube(b!)];
    unwatched = new TestKube(c!);

    const rendered = parseManifests(
      await helmTemplate({
        release: 'gpo',
        namespace: release,
        values: { watchNamespaces: [a, b], log: { format: 'text' } },
      }),
    );
    const rbac = rendered.filter((o) => RBAC_KINDS.includes(String(o.kind)));
    expect(rbac.filter((o) => String(o.kind).startsWith('Cluster'))).toEqual([]);
    await kubectlOk(cluster, ['apply', '-f', '-'], { input: toYamlStream(rbac) });
    const deployment = rendered.find((o) => o.kind === 'Deployment')!;
    const serviceAccount = (deployment.spec as { template: { spec: { serviceAccountName: string } } })
      .template.spec.serviceAccountName;
    proxy = await RecordingProxy.start(cluster.server, cluster.state.dir);
    const { file } = await serviceAccountKubeconfig(cluster, {
      namespace: release,
      serviceAccount,
      server: proxy.url,
      file: path.join(await mkdtemp(path.join(tmpdir(), 'gpo-watch-namespaces-')), 'kubeconfig'),
    });
    // The unwatched namespace's objects come first: they have had at least as long as the others.
    await arrange(unwatched);
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    operator = startOperatorProcess({
      ...containerEnv(deployment, { name: 'gpo-5c8d7b9f4-q2w7x', namespace: release }),
      ...PROCESS_OVERRIDES,
      METRICS_PORT: String(metricsPort),
      KUBECONFIG: file,
    });
    await Promise.all(watched.map(arrange));
  });

  afterAll(async () => {
    await operator?.kill('SIGKILL');
    await proxy?.close();
    await grafana?.stop();
  });

  it('reconciles the objects of both watched namespaces', async () => {
    for (const kube of watched) {
      await kube.waitReady(GrafanaInstanceResource, 'main', { status: 'True', reason: 'Connected' }, 45_000);
      await kube.waitReady(GrafanaFolderResource, 'team', { status: 'True', reason: 'Synced' }, 45_000);
    }
    const titles = (await grafana.api.folders.list()).map((f) => f.title);
    expect(titles).toEqual(expect.arrayContaining(watched.map((kube) => `Team ${kube.namespace}`)));
  });

  it('leaves the third namespace alone: no status, no finalizer, nothing in Grafana', async () => {
    // The unwatched objects came first. Once the watched folders, touched now, are reconciled again
    // and no controller has anything queued or running, whatever the operator would do about the
    // unwatched ones is done.
    const reconciled = async () =>
      Object.values(await reconcileResults(metricsUrl, 'grafanafolder')).reduce((a, b) => a + b, 0);
    const before = await reconciled();
    for (const kube of watched) await kube.touch(GrafanaFolderResource, 'team');
    await eventually(async () => (await reconciled()) >= before + watched.length, {
      what: 'a reconcile of each touched folder',
    });
    await waitIdle(metricsUrl);
    for (const type of [GrafanaInstanceResource, GrafanaFolderResource]) {
      const name = type === GrafanaInstanceResource ? 'main' : 'team';
      const object = await unwatched.get<WithStatus>(type, name);
      expect({ kind: type.kind, status: object.status, finalizers: object.metadata?.finalizers }).toEqual({
        kind: type.kind,
        status: undefined,
        finalizers: undefined,
      });
    }
    const titles = (await grafana.api.folders.list()).map((f) => f.title);
    expect(titles).not.toContain(`Team ${unwatched.namespace}`);
  });

  it("follows a Secret's change in each watched namespace (a watch of Secrets per namespace)", async () => {
    const [, second] = watched;
    await second!.delete(CoreTypes.secret, 'grafana-token');
    await second!.waitReady(GrafanaInstanceResource, 'main', { status: 'False', reason: 'SecretNotFound' });
    await watched[0]!.waitReady(GrafanaInstanceResource, 'main', { status: 'True', reason: 'Connected' });
  });

  it('asked the apiserver only about its namespaces, and was denied nothing', () => {
    expect(proxy.denied()).toEqual([]);
    const allowed = new Set([release, ...watched.map((kube) => kube.namespace)]);
    const elsewhere = proxy.calls.filter((call) => !call.namespace || !allowed.has(call.namespace));
    expect(elsewhere.map((call) => `${call.verb} ${call.path}`)).toEqual([]);
    // Each namespaced kind is listed and watched in each watched namespace, and nowhere else.
    const reads = proxy.calls.filter((call) => call.verb === 'list' || call.verb === 'watch');
    expect(reads.filter((call) => call.namespace === release).map((call) => call.path)).toEqual([]);
    for (const resource of ['secrets', 'configmaps', 'grafanainstances', 'grafanafolders'])
      for (const { namespace } of watched)
        expect({
          resource,
          namespace,
          watched: reads.some(
            (c) => c.verb === 'watch' && c.resource === resource && c.namespace === namespace,
          ),
        }).toEqual({ resource, namespace, watched: true });
    expect(operator.output()).not.toMatch(/forbidden/i);
  });

  it('logs in the text format the chart asked for, naming the namespaces it watches', () => {
    const started = operator
      .output()
      .split('\n')
      .find((line) => line.includes('operator started'));
    expect(started).toMatch(/^\S+Z INFO {2}operator started /);
    expect(started).toContain(`namespaces=${JSON.stringify(watched.map((kube) => kube.namespace))}`);
  });
});

describe('startup with an invalid setting', () => {
  it.each([
    ['WATCH_NAMESPACES', 'team-a,Team_B', 'WATCH_NAMESPACES: "Team_B" is not a namespace name'],
    ['LOG_FORMAT', 'pretty', 'LOG_FORMAT: expected one of json, text, got "pretty"'],
  ])('%s=%s: exits 1 with a one-line message', async (variable, value, message) => {
    const operator = startOperatorProcess({ [variable]: value });
    expect(await operator.exited).toBe(1);
    expect(operator.output()).toContain(`invalid configuration: ${message}`);
    expect(operator.output()).not.toMatch(/\n\s+at /);
  });
});
