/**
 * `plan` against a real apiserver and Grafana (the double, or GRAFANA_URL): what it plans for
 * files is what the operator then does with them, and drift made in Grafana shows as an update.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { stringify } from 'yaml';
import {
  GrafanaDashboardResource,
  GrafanaDatasourceResource,
  GrafanaFolderResource,
  GrafanaInstanceResource,
} from '../../src/api/generated/index.js';
import { cliExitCode } from '../../src/cli/program.js';
import type { Plan, PlannedChange } from '../../src/cli/plan/model.js';
import { createTestNamespace, e2eCluster } from '../support/cluster.js';
import { editsIn } from '../support/grafana-edits.js';
import { startGrafana, type GrafanaUnderTest } from '../support/grafana.js';
import { TestKube, type WithStatus } from '../support/kube.js';
import type { ResourceType } from '../../src/runtime/kube/types.js';
import { startOperator, type InProcessOperator } from '../support/operator.js';

type Json = Record<string, unknown>;

describe('plan', () => {
  const cluster = e2eCluster();
  let kube: TestKube;
  let grafana: GrafanaUnderTest;
  let operator: InProcessOperator | undefined;
  let dir: string;
  let kubeconfigBefore: string | undefined;
  /** Names unique per run, so a shared real Grafana does not see clashes between runs. */
  let n: (name: string) => string;

  beforeAll(async () => {
    kube = new TestKube(await createTestNamespace('cli-plan'));
    n = (name) => `${name} ${kube.namespace}`;
    grafana = await startGrafana();
    await kube.secret(
      'main-credentials',
      'token' in grafana.credentials
        ? { token: grafana.credentials.token }
        : { password: grafana.credentials.password },
    );
    dir = mkdtempSync(path.join(tmpdir(), 'gpo-plan-'));
    kubeconfigBefore = process.env.KUBECONFIG;
    process.env.KUBECONFIG = cluster.adminKubeconfig;
  });

  afterAll(async () => {
    if (kubeconfigBefore === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = kubeconfigBefore;
    await operator?.stop();
    await grafana?.stop();
  });

  const selector = { matchLabels: { grafana: 'main' } };
  const manifest = (kind: string, name: string, spec: Json, labels?: Record<string, string>) => ({
    apiVersion: 'grafana.provisioning.dev/v1beta1',
    kind,
    metadata: { name, ...(labels ? { labels } : {}) },
    spec,
  });

  /** The files: an instance, a folder, a dashboard in it and a datasource. */
  function writeFiles(dashboardTitle: string, datasourceUrl: string | undefined): void {
    const auth =
      'token' in grafana.credentials
        ? { token: { secretKeyRef: { name: 'main-credentials', key: 'token' } } }
        : {
            basic: {
              username: grafana.credentials.username,
              passwordSecretKeyRef: { name: 'main-credentials', key: 'password' },
            },
          };
    const objects = [
      manifest('GrafanaInstance', 'main', { url: grafana.url, auth }, { grafana: 'main' }),
      manifest('GrafanaFolder', 'team', { instanceSelector: selector, title: n('Team') }),
      manifest('GrafanaDashboard', 'overview', {
        instanceSelector: selector,
        folderRef: 'team',
        resyncPeriod: '10s',
        json: JSON.stringify({ title: dashboardTitle, panels: [], schemaVersion: 39 }),
      }),
      ...(datasourceUrl
        ? [
            manifest('GrafanaDatasource', 'prometheus', {
              instanceSelector: selector,
              name: n('prometheus'),
              type: 'prometheus',
              access: 'proxy',
              url: datasourceUrl,
              jsonData: { timeInterval: '30s' },
              resyncPeriod: '10s',
            }),
          ]
        : []),
    ];
    writeFileSync(path.join(dir, 'objects.yaml'), objects.map((o) => stringify(o)).join('---\n'));
  }

  /** `plan -f` the files. */
  const plan = (...args: string[]) => planOf(['-f', dir], ...args);

  /** `plan` of `source`: `-f` and a path, or nothing for the cluster's objects. */
  async function planOf(
    source: string[],
    ...args: string[]
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    const out = { stdout: '', stderr: '' };
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    stdout.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
    stderr.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
    const code = await cliExitCode(['plan', ...source, '--namespace', kube.namespace, ...args], {
      stdout,
      stderr,
    });
    return { code, ...out };
  }

  async function planJson(): Promise<{ code: number; plan: Plan & { pending: boolean } }> {
    const { code, stdout } = await plan('--output', 'json');
    return { code, plan: JSON.parse(stdout) as Plan & { pending: boolean } };
  }

  const actions = (changes: PlannedChange[]) =>
    Object.fromEntries(changes.map((c) => [`${c.kind}/${c.name}@${c.instance}`, c.action]));

  async function apply(): Promise<void> {
    const applied = await cluster.kubectl(['apply', '-n', kube.namespace, '-f', dir]);
    expect(applied.code).toBe(0);
    await kube.waitReady(GrafanaInstanceResource, 'main', { status: 'True', reason: 'Connected' });
    for (const [resource, name] of [
      [GrafanaFolderResource, 'team'],
      [GrafanaDashboardResource, 'overview'],
      [GrafanaDatasourceResource, 'prometheus'],
    ] as const)
      await kube.waitReady(resource, name, { status: 'True', reason: 'Synced' });
  }

  const uidOf = async (resource: ResourceType, name: string) =>
    (await kube.get<WithStatus>(resource, name)).status?.uid ?? '';

  it('plans creates on an empty Grafana, writing nothing, and exits 2', async () => {
    writeFiles(n('Overview'), 'http://prometheus.monitoring.svc:9090');
    grafana.recorder.clearRequests();
    const { code, plan: planned } = await planJson();
    expect(code).toBe(2);
    expect(planned.pending).toBe(true);
    expect(planned.instances).toEqual([expect.objectContaining({ name: 'main', ready: true, orgId: 1 })]);
    expect(actions(planned.changes)).toEqual({
      'GrafanaFolder/team@main': 'create',
      'GrafanaDashboard/overview@main': 'create',
      'GrafanaDatasource/prometheus@main': 'create',
    });
    // The folder does not exist yet: the dashboard goes into the one this plan creates.
    expect(planned.changes.find((c) => c.kind === 'GrafanaDashboard')?.after).toEqual(['GrafanaFolder/team']);
    expect(grafana.recorder.writes()).toEqual([]);
    const text = await plan();
    expect(text.code).toBe(2);
    expect(text.stdout).toMatch(/^main {2}create {5}GrafanaFolder\/team \(uid team-[0-9a-f]{8}\)/m);
    expect(text.stdout).toMatch(
      /GrafanaDashboard\/overview \(uid overview-[0-9a-f]{8}\), after creating GrafanaFolder\/team/,
    );
    expect(text.stdout).toMatch(
      /^Plan for namespace \S+: 3 to create, 0 to update, 0 to adopt, 0 to delete\.$/m,
    );
  });

  it('once the operator applied the files, plans no change and exits 0', async () => {
    operator = await startOperator({ namespace: kube.namespace, kubeConfig: cluster.kubeConfig() });
    await apply();
    const { code, plan: planned } = await planJson();
    expect(Object.values(actions(planned.changes))).toEqual(['no change', 'no change', 'no change']);
    expect(code).toBe(0);
    // The cluster's objects, without files: the same.
    const fromCluster = await planOf([]);
    expect(fromCluster.stdout).toMatch(/^Plan for namespace \S+: no changes\.$/m);
    expect(fromCluster.code).toBe(0);
  });

  it('plans exactly the changed fields, and the operator writes exactly those objects', async () => {
    const dashboardUid = await uidOf(GrafanaDashboardResource, 'overview');
    const datasourceUid = await uidOf(GrafanaDatasourceResource, 'prometheus');
    writeFiles(n('Overview v2'), 'http://prometheus.monitoring.svc:9091');
    const { code, plan: planned } = await planJson();
    expect(code).toBe(2);
    expect(actions(planned.changes)).toEqual({
      'GrafanaFolder/team@main': 'no change',
      'GrafanaDashboard/overview@main': 'update',
      'GrafanaDatasource/prometheus@main': 'update',
    });
    const updates = planned.changes.filter((c) => c.action === 'update');
    expect(Object.fromEntries(updates.map((c) => [c.uid, c.fields]))).toEqual({
      [dashboardUid]: [{ path: 'title', before: n('Overview'), after: n('Overview v2') }],
      [datasourceUid]: [
        {
          path: 'url',
          before: 'http://prometheus.monitoring.svc:9090',
          after: 'http://prometheus.monitoring.svc:9091',
        },
      ],
    });

    grafana.recorder.clearRequests();
    await apply();
    // What the operator wrote: the two planned objects, nothing else.
    const written = grafana.recorder.writes().map((r) => {
      const body = r.body as { dashboard?: { uid?: string } } | undefined;
      return `${r.method} ${body?.dashboard?.uid ?? r.path}`;
    });
    expect(new Set(written)).toEqual(
      new Set([`POST ${dashboardUid}`, `PUT /api/datasources/uid/${datasourceUid}`]),
    );
    expect((await grafana.api.dashboards.get(dashboardUid)).dashboard.title).toBe(n('Overview v2'));
    expect((await grafana.api.datasources.getByUid(datasourceUid)).url).toBe(
      'http://prometheus.monitoring.svc:9091',
    );
    expect((await planJson()).code).toBe(0);
  });

  it('shows changes made in Grafana as updates that write them back', async () => {
    await operator?.stop();
    operator = undefined;
    const dashboardUid = await uidOf(GrafanaDashboardResource, 'overview');
    const datasourceUid = await uidOf(GrafanaDatasourceResource, 'prometheus');
    const edits = editsIn(grafana);
    await edits.editDatasource(datasourceUid, { url: 'http://elsewhere:9090' });
    await edits.editDashboard(dashboardUid, (dashboard) => {
      dashboard.title = n('Edited');
    });
    const { code, stdout } = await plan();
    expect(code).toBe(2);
    expect(stdout).toContain(
      `main  update     GrafanaDatasource/prometheus (uid ${datasourceUid}): changed in Grafana: writing back what drifted\n` +
        `    url: "http://elsewhere:9090" → "http://prometheus.monitoring.svc:9091"\n`,
    );
    expect(stdout).toContain(
      `    title: ${JSON.stringify(n('Edited'))} → ${JSON.stringify(n('Overview v2'))}\n`,
    );
  });

  it('plans the deletion of an object left out of the files, as its deletionPolicy says', async () => {
    const datasourceUid = await uidOf(GrafanaDatasourceResource, 'prometheus');
    writeFiles(n('Overview v2'), undefined);
    const { code, plan: planned } = await planJson();
    expect(code).toBe(2);
    expect(planned.changes.filter((c) => c.action === 'delete')).toEqual([
      expect.objectContaining({
        instance: 'main',
        kind: 'GrafanaDatasource',
        name: 'prometheus',
        uid: datasourceUid,
      }),
    ]);
    // Only planned: it is still there.
    expect((await grafana.api.datasources.getByUid(datasourceUid)).uid).toBe(datasourceUid);
  });

  it('plans a conflict, not a write, for an object whose name another holds in Grafana', async () => {
    const made = await grafana.api.datasources.create({
      name: n('made by hand'),
      type: 'prometheus',
      access: 'proxy',
      url: 'http://by-hand:9090',
    });
    const extra = path.join(dir, 'extra.yaml');
    writeFileSync(
      extra,
      stringify(
        manifest('GrafanaDatasource', 'by-hand', {
          instanceSelector: selector,
          name: n('made by hand'),
          type: 'prometheus',
          url: 'http://by-hand:9090',
        }),
      ),
    );
    try {
      const { plan: planned } = await planJson();
      const conflict = planned.changes.find((c) => c.name === 'by-hand');
      expect(conflict).toMatchObject({ action: 'conflict', instance: 'main' });
      expect(conflict?.message).toContain(`an object (uid ${made.datasource.uid}) already exists in Grafana`);
    } finally {
      rmSync(extra);
    }
  });
});
