/**
 * The chart's `shards`: one Deployment per shard, each with its selector, namespaces, Lease,
 * replicas and resources, Pods that no other shard's Deployment selects, and a render that fails,
 * saying why, for shards that could not run side by side. Without `shards` the chart renders one
 * Deployment as it always has (deploy-chart.test.ts holds deploy/ to that render).
 */
import { createTestNamespace, e2eCluster } from '../support/cluster.js';
import {
  CHART_DIR,
  helm,
  helmErrors,
  helmTemplate,
  helmTemplateResult,
  parseManifests,
  writeTemp,
  type Manifest,
} from '../support/deploy.js';

const cluster = e2eCluster();

interface DeploymentSpec {
  replicas: number;
  selector: { matchLabels: Record<string, string> };
  template: {
    metadata: { labels: Record<string, string> };
    spec: {
      containers: Array<{
        env: Array<{ name: string; value?: string }>;
        resources?: Record<string, unknown>;
      }>;
    };
  };
}

const SHARD_LABEL = 'grafana.provisioning.dev/shard';
const deployments = (manifests: string) =>
  parseManifests(manifests).filter((o): o is Manifest & { spec: DeploymentSpec } => o.kind === 'Deployment');
const env = (deployment: { spec: DeploymentSpec }) =>
  Object.fromEntries(deployment.spec.template.spec.containers[0]!.env.map((e) => [e.name, e.value]));

describe('the Helm chart: shards', () => {
  it('renders one Deployment per shard, with its selector, namespaces, Lease, replicas and resources', async () => {
    const [releaseNamespace, teamA, teamB] = await Promise.all([
      createTestNamespace('chart-shards'),
      createTestNamespace('chart-shard-a'),
      createTestNamespace('chart-shard-b'),
    ]);
    const resources = { requests: { cpu: '200m', memory: '256Mi' }, limits: { memory: '512Mi' } };
    const manifests = await helmTemplate({
      release: 'gpo',
      namespace: releaseNamespace,
      values: {
        watchNamespaces: [teamA, teamB],
        shards: [
          { name: 'a', namespaces: [teamA], replicas: 2, resources },
          { name: 'b', namespaces: [teamB], selector: 'tier in (gold, silver)' },
        ],
      },
    });
    const [a, b] = deployments(manifests);
    expect([a?.metadata?.name, b?.metadata?.name]).toEqual([
      'gpo-grafana-provisioning-operator-a',
      'gpo-grafana-provisioning-operator-b',
    ]);
    expect(env(a!)).toMatchObject({
      WATCH_NAMESPACES: teamA,
      LEASE_NAME: 'gpo-grafana-provisioning-operator-a',
    });
    expect(env(a!).SHARD_SELECTOR).toBeUndefined();
    expect(env(b!)).toMatchObject({
      WATCH_NAMESPACES: teamB,
      SHARD_SELECTOR: 'tier in (gold, silver)',
      LEASE_NAME: 'gpo-grafana-provisioning-operator-b',
    });
    expect([a!.spec.replicas, b!.spec.replicas]).toEqual([2, 1]);
    expect(a!.spec.template.spec.containers[0]!.resources).toEqual(resources);
    expect(b!.spec.template.spec.containers[0]!.resources).toMatchObject({ requests: { cpu: '50m' } });
    // Each Deployment selects its own shard's Pods only; the metrics Service, by the release's
    // labels, all of them.
    for (const [deployment, shard] of [
      [a!, 'a'],
      [b!, 'b'],
    ] as const) {
      expect(deployment.spec.selector.matchLabels[SHARD_LABEL]).toBe(shard);
      expect(deployment.spec.template.metadata.labels[SHARD_LABEL]).toBe(shard);
    }
    const service = parseManifests(manifests).find((o) => o.kind === 'Service') as
      (Manifest & { spec: { selector: Record<string, string> } }) | undefined;
    expect(service?.spec.selector).toBeDefined();
    expect(service!.spec.selector[SHARD_LABEL]).toBeUndefined();
    // Both RBAC and the Deployments as the apiserver takes them (strict server-side dry run).
    const strict = ['--server-side', '--dry-run=server', '--validate=strict'];
    const dryRun = await cluster.kubectl(['apply', ...strict, '--field-manager=gpo-shards', '-f', '-'], {
      input: manifests,
    });
    expect({ code: dryRun.code, stderr: dryRun.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('without shards, renders one Deployment for every object, with no shard label or selector', async () => {
    const [deployment, ...more] = deployments(await helmTemplate({ release: 'gpo' }));
    expect(more).toHaveLength(0);
    expect(deployment?.metadata?.name).toBe('gpo-grafana-provisioning-operator');
    expect(env(deployment!)).toMatchObject({ LEASE_NAME: 'gpo-grafana-provisioning-operator' });
    expect(env(deployment!).SHARD_SELECTOR).toBeUndefined();
    expect(deployment!.spec.selector.matchLabels[SHARD_LABEL]).toBeUndefined();
  });

  it('names in its notes the Deployment of each shard, to wait for', async () => {
    const releaseNamespace = await createTestNamespace('chart-shards-notes');
    const notes = async (values: Record<string, unknown>) => {
      const file = await writeTemp('values.yaml', JSON.stringify(values));
      const result = await helm(
        [
          'install',
          'notes',
          CHART_DIR,
          '--namespace',
          releaseNamespace,
          '--dry-run=server',
          '--values',
          file,
        ],
        { env: { KUBECONFIG: cluster.adminKubeconfig } },
      );
      expect({ code: result.code, errors: helmErrors(result.stderr) }).toEqual({ code: 0, errors: '' });
      return result.stdout.slice(result.stdout.indexOf('NOTES:'));
    };
    const one = await notes({});
    expect(one).toContain('installed as deployment/notes-grafana-provisioning-operator in namespace');
    expect(one).toContain('rollout status deployment/notes-grafana-provisioning-operator\n');
    const two = await notes({
      shards: [
        { name: 'a', selector: 'shard=a' },
        { name: 'b', selector: 'shard=b' },
      ],
    });
    const [a, b] = ['a', 'b'].map((shard) => `deployment/notes-grafana-provisioning-operator-${shard}`);
    expect(two).toContain(`installed as ${a}, ${b} in namespace`);
    expect(two).toContain(`rollout status ${a}\n`);
    expect(two).toContain(`rollout status ${b}\n`);
  });

  it.each([
    [
      'two shards of one name',
      [
        { name: 'a', selector: 'shard=a' },
        { name: 'a', selector: 'shard=b' },
      ],
      /shards: "a" is named twice/,
    ],
    [
      'a shard that selects everything beside another',
      [{ name: 'a', selector: 'shard=a' }, { name: 'b' }],
      /shards: "b" has neither namespaces nor a selector/,
    ],
    ['a shard without a name', [{ selector: 'shard=a' }], /missing property 'name'/],
  ])('refuses %s, saying why', async (_what, shards, message) => {
    const result = await helmTemplateResult({ values: { shards } });
    expect(result.code).not.toBe(0);
    expect(helmErrors(result.stderr)).toMatch(message);
  });

  it('refuses a shard namespace outside watchNamespaces, which the Roles are made for', async () => {
    const result = await helmTemplateResult({
      values: { watchNamespaces: ['team-a'], shards: [{ name: 'a', namespaces: ['team-b'] }] },
    });
    expect(helmErrors(result.stderr)).toMatch(/namespace "team-b" is not in watchNamespaces/);
  });
});
