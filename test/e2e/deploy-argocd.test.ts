/**
 * Argo CD compatibility against the real apiserver: after the operator reconciled objects applied
 * as Argo CD applies them (server-side apply, field manager argocd-controller), a server-side
 * dry-run apply of the same manifests changes nothing, so an Application never goes OutOfSync
 * because of the operator; and the Lua health check reads the operator's real status correctly.
 */
import { e2eCluster } from '../support/cluster.js';
import { kubectlOk, parseManifests, projectCrds, toYamlStream, type Manifest } from '../support/deploy.js';
import { health, itWithLua } from '../support/argocd-health.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { eventually } from '../support/wait.js';

const GROUP = 'grafana.provisioning.dev';
const ARGO = ['--server-side', '--field-manager=argocd-controller'];

describe('Argo CD: no drift caused by the operator, and the health checks', () => {
  const cluster = e2eCluster();
  let f: ObjectFixture;
  let manifests: Manifest[];

  const userMetadata = (name: string, wave: string) => ({
    name,
    labels: { 'app.kubernetes.io/instance': 'grafana-objects', team: 'platform' },
    annotations: { 'argocd.argoproj.io/sync-wave': wave, 'example.com/owner': 'platform' },
  });

  beforeAll(async () => {
    f = await objectFixture('argocd');
    const ns = f.kube.namespace;
    const token = 'token' in f.grafana.credentials ? f.grafana.credentials.token : '';
    const selector = { matchLabels: { grafana: 'argo' } };
    manifests = [
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { ...userMetadata('argo-token', '0'), namespace: ns },
        stringData: { token },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { ...userMetadata('content', '0'), namespace: ns },
        data: {
          'panel.json': JSON.stringify({ type: 'stat', title: 'Argo panel' }),
          'dashboard.json': JSON.stringify({ title: 'Argo dashboard', panels: [], schemaVersion: 39 }),
        },
      },
      {
        apiVersion: `${GROUP}/v1beta1`,
        kind: 'GrafanaInstance',
        metadata: {
          ...userMetadata('argo', '0'),
          namespace: ns,
          labels: { ...userMetadata('argo', '0').labels, grafana: 'argo' },
        },
        spec: { url: f.grafana.url, auth: { token: { secretKeyRef: { name: 'argo-token', key: 'token' } } } },
      },
      {
        apiVersion: `${GROUP}/v1beta1`,
        kind: 'GrafanaFolder',
        metadata: { ...userMetadata('argo-folder', '1'), namespace: ns },
        spec: { instanceSelector: selector, title: 'Argo' },
      },
      {
        apiVersion: `${GROUP}/v1beta1`,
        kind: 'GrafanaFolder',
        metadata: { ...userMetadata('argo-paused', '1'), namespace: ns },
        spec: { instanceSelector: selector, title: 'Argo paused', suspend: true },
      },
      {
        apiVersion: `${GROUP}/v1beta1`,
        kind: 'GrafanaDatasource',
        metadata: { ...userMetadata('argo-loki', '2'), namespace: ns },
        spec: { instanceSelector: selector, name: 'Argo Loki', type: 'loki', url: 'http://loki:3100' },
      },
      {
        apiVersion: `${GROUP}/v1beta1`,
        kind: 'GrafanaDatasource',
        metadata: { ...userMetadata('argo-broken', '2'), namespace: ns },
        spec: {
          instanceSelector: selector,
          name: 'Argo broken',
          type: 'prometheus',
          url: 'http://prometheus:9090',
          basicAuth: true,
          basicAuthUser: 'grafana',
          secureJsonData: { basicAuthPassword: { secretKeyRef: { name: 'missing', key: 'password' } } },
        },
      },
      {
        apiVersion: `${GROUP}/v1beta1`,
        kind: 'GrafanaLibraryPanel',
        metadata: { ...userMetadata('argo-panel', '2'), namespace: ns },
        spec: {
          instanceSelector: selector,
          folderRef: 'argo-folder',
          configMapRef: { name: 'content', key: 'panel.json' },
        },
      },
      {
        apiVersion: `${GROUP}/v1beta1`,
        kind: 'GrafanaDashboard',
        metadata: { ...userMetadata('argo-dashboard', '3'), namespace: ns },
        spec: {
          instanceSelector: selector,
          folderRef: 'argo-folder',
          configMapRef: { name: 'content', key: 'dashboard.json' },
        },
      },
    ];
    // Only kinds this build has (kinds are being added).
    const kinds = new Set((await projectCrds()).map((c) => c.kind));
    manifests = manifests.filter((m) => !String(m.apiVersion).startsWith(GROUP) || kinds.has(String(m.kind)));
    await kubectlOk(cluster, ['apply', ...ARGO, '-f', '-'], { input: toYamlStream(manifests) });
  });

  afterAll(async () => {
    await f?.stop();
  });

  const ours = () => manifests.filter((m) => String(m.apiVersion).startsWith(GROUP));
  const live = async (m: Manifest) =>
    JSON.parse(
      await kubectlOk(cluster, [
        'get',
        String(m.kind),
        String(m.metadata?.name),
        '-n',
        f.kube.namespace,
        '-o',
        'json',
      ]),
    ) as Manifest;
  const ready = (o: Manifest) =>
    (
      o.status as {
        conditions?: Array<{ type: string; status: string; reason: string; observedGeneration?: number }>;
      }
    )?.conditions?.find((c) => c.type === 'Ready');

  it('after the operator reconciled every object, a server-side dry-run apply of the manifests changes nothing', async () => {
    await eventually(
      async () => {
        const pending: string[] = [];
        for (const m of ours()) {
          const object = await live(m);
          const condition = ready(object);
          if (!condition || condition.observedGeneration !== object.metadata?.generation)
            pending.push(`${m.kind}/${m.metadata?.name}`);
        }
        if (pending.length) throw new Error(`not reconciled yet: ${pending.join(', ')}`);
        return true;
      },
      { timeoutMs: 45_000 },
    );
    // The operator added its finalizer and wrote status; neither is part of the manifests.
    expect((await live(ours().find((m) => m.kind === 'GrafanaFolder')!)).metadata?.finalizers).toContain(
      `${GROUP}/finalizer`,
    );

    const before = await Promise.all(manifests.map(live));
    const dryRun = await kubectlOk(cluster, ['apply', ...ARGO, '--dry-run=server', '-o', 'json', '-f', '-'], {
      input: toYamlStream(manifests),
    });
    const after = (JSON.parse(dryRun) as { items?: Manifest[] }).items ?? parseManifests(dryRun);
    const owned = (o: Manifest) => ({
      kind: o.kind,
      name: o.metadata?.name,
      generation: o.metadata?.generation,
      resourceVersion: o.metadata?.resourceVersion,
      labels: o.metadata?.labels,
      annotations: o.metadata?.annotations,
      spec: o.spec,
      data: o.data,
    });
    expect(after.map(owned)).toEqual(before.map(owned));

    // What Argo CD's diff shows with server-side diff: nothing.
    const diff = await cluster.kubectl(['diff', ...ARGO, '-f', '-'], { input: toYamlStream(manifests) });
    expect({ code: diff.code, stdout: diff.stdout, stderr: diff.stderr }).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
  });

  itWithLua(
    "the Lua health check reads the operator's status: Healthy, Degraded with the reason, Suspended",
    async () => {
      const healthOf = async (name: string) =>
        health(await live(ours().find((m) => m.metadata?.name === name)!));
      await eventually(async () => (await healthOf('argo')).status === 'Healthy', {
        timeoutMs: 30_000,
        what: 'argo Healthy',
      });
      expect((await healthOf('argo-folder')).status).toBe('Healthy');
      expect((await healthOf('argo-loki')).status).toBe('Healthy');
      expect(await healthOf('argo-paused')).toEqual({
        status: 'Suspended',
        message: expect.stringMatching(/suspend/i),
      });
      expect(await healthOf('argo-broken')).toEqual({
        status: 'Degraded',
        message: expect.stringMatching(/^SecretNotFound: /),
      });
      // A spec change the operator has not seen yet is Progressing, whatever the old status said.
      const folder = await live(ours().find((m) => m.metadata?.name === 'argo-folder')!);
      expect(
        health({
          ...folder,
          metadata: { ...folder.metadata, generation: (folder.metadata?.generation ?? 1) + 1 },
        }).status,
      ).toBe('Progressing');
    },
  );
});
