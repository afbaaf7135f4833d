import { readFile } from 'node:fs/promises';
import { CoreV1Api } from '@kubernetes/client-node';
import {
  GrafanaDashboardResource,
  GrafanaFolderResource,
  GrafanaInstanceResource,
} from '../../src/api/generated/index.js';
import { GrafanaNotFoundError } from '../../src/grafana/index.js';
import { CoreTypes, type KubeObject, type ResourceType } from '../../src/runtime/kube/types.js';
import { startControllerManager } from '../cluster/controller-manager.js';
import type { Supervised } from '../cluster/process.js';
import { createTestNamespace, e2eCluster } from '../support/cluster.js';
import { connectInstance } from '../support/fixture.js';
import { startGrafana, type GrafanaUnderTest } from '../support/grafana.js';
import { TestKube, type WithStatus } from '../support/kube.js';
import { startOperator, type InProcessOperator } from '../support/operator.js';
import { eventually } from '../support/wait.js';

const selector = { matchLabels: { grafana: 'main' } };
const DASHBOARDS = 4;

/** What one namespace put into Grafana: a folder and dashboards in it. */
interface Provisioned {
  folder: string;
  dashboards: Record<string, string>;
}

describe('teardown: deleting objects removes their content from Grafana, however they are deleted', () => {
  let grafana: GrafanaUnderTest;
  const operators = new Set<InProcessOperator>();

  beforeAll(async () => {
    grafana = await startGrafana();
  });

  afterAll(async () => {
    for (const operator of operators) await operator.stop();
    await grafana?.stop();
  });

  async function runOperator(namespace: string): Promise<InProcessOperator> {
    const operator = await startOperator({ namespace, kubeConfig: e2eCluster().kubeConfig() });
    operators.add(operator);
    return operator;
  }

  async function stopOperator(operator: InProcessOperator): Promise<void> {
    operators.delete(operator);
    await operator.stop();
  }

  /** A namespace with a Ready GrafanaInstance "main" and an operator watching it. */
  async function tenant(prefix: string): Promise<{ kube: TestKube; operator: InProcessOperator }> {
    const kube = new TestKube(await createTestNamespace(prefix));
    const operator = await runOperator(kube.namespace);
    await connectInstance(kube, grafana, 'main', { grafana: 'main' });
    return { kube, operator };
  }

  /** A folder "team" and dashboards dash-0… in it, synced to Grafana. */
  async function provision(kube: TestKube, count = DASHBOARDS): Promise<Provisioned> {
    const names = Array.from({ length: count }, (_, i) => `dash-${i}`);
    await kube.create(GrafanaFolderResource, 'team', {
      instanceSelector: selector,
      title: `Team ${kube.namespace}`,
    });
    await Promise.all(
      names.map((name) =>
        kube.create(GrafanaDashboardResource, name, {
          instanceSelector: selector,
          folderRef: 'team',
          json: JSON.stringify({ title: `${name} ${kube.namespace}`, panels: [] }),
        }),
      ),
    );
    const uidOf = async (type: ResourceType, name: string) =>
      (await kube.waitReady(type, name, { status: 'True', reason: 'Synced' })).status?.uid ?? '';
    const folder = await uidOf(GrafanaFolderResource, 'team');
    const dashboards: Record<string, string> = {};
    for (const name of names) dashboards[name] = await uidOf(GrafanaDashboardResource, name);
    // Grafana has them, where they belong.
    for (const uid of Object.values(dashboards))
      expect((await grafana.api.dashboards.get(uid)).meta.folderUid).toBe(folder);
    return { folder, dashboards };
  }

  const gone = (promise: Promise<unknown>) => expect(promise).rejects.toBeInstanceOf(GrafanaNotFoundError);

  /** Nothing the namespace provisioned is left in Grafana. */
  async function expectRemoved(provisioned: Provisioned, only?: string[]): Promise<void> {
    for (const [name, uid] of Object.entries(provisioned.dashboards))
      if (!only || only.includes(name)) await gone(grafana.api.dashboards.get(uid));
    if (!only) await gone(grafana.api.folders.get(provisioned.folder));
  }

  /** The uninstall step of docs/install.md, in one namespace. */
  async function deleteAllOf(namespace: string): Promise<void> {
    // The category comes from discovery, which can lag a few seconds behind fresh CRDs.
    await eventually(
      async () => {
        const result = await e2eCluster().kubectl([
          'delete',
          'grafana',
          '--all',
          '-n',
          namespace,
          '--wait=false',
        ]);
        if (result.code !== 0) throw new Error(result.stderr);
        return true;
      },
      { what: 'kubectl delete grafana --all' },
    );
  }

  const names = async (kube: TestKube, type: ResourceType) =>
    (await kube.client.list<KubeObject>(type, kube.namespace)).items.map((o) => o.metadata?.name ?? '');

  const readyOf = (object: WithStatus) => object.status?.conditions?.find((c) => c.type === 'Ready');

  it('all at once (`kubectl delete grafana --all`): every dashboard and the folder leave Grafana, the instance goes last', async () => {
    const { kube } = await tenant('teardown-all');
    const provisioned = await provision(kube);
    await deleteAllOf(kube.namespace);
    // Watched until everything is gone: never is the instance gone while a dependant remains.
    const instanceGoneEarly: string[] = [];
    await eventually(
      async () => {
        // The instance first: a dependant still listed after the instance was found gone was there
        // while it was gone (read the other way round, a dependant deleted between the two lists,
        // and the instance right after it, would look like one left behind).
        const instances = await names(kube, GrafanaInstanceResource);
        const dependants = [
          ...(await names(kube, GrafanaFolderResource)),
          ...(await names(kube, GrafanaDashboardResource)),
        ];
        if (instances.length === 0 && dependants.length > 0) instanceGoneEarly.push(...dependants);
        return instances.length === 0 && dependants.length === 0;
      },
      { timeoutMs: 60_000, what: 'every object of the namespace gone' },
    );
    expect(instanceGoneEarly).toEqual([]);
    await expectRemoved(provisioned);
  });

  it('instance first: it waits (DeletionWaiting) for the objects that hold content through it; they stop writing (InstanceDeleting) and still remove their content', async () => {
    const { kube } = await tenant('teardown-instance');
    const provisioned = await provision(kube, 2);
    await kube.delete(GrafanaInstanceResource, 'main');
    const waiting = await kube.waitReady(GrafanaInstanceResource, 'main', {
      status: 'False',
      reason: 'DeletionWaiting',
    });
    for (const holder of ['GrafanaFolder/team', 'GrafanaDashboard/dash-0', 'GrafanaDashboard/dash-1'])
      expect(readyOf(waiting)?.message).toContain(holder);
    // The org stays in status: the dependants still remove their content in it.
    expect(waiting.status?.orgId).toBe(1);
    const dash0 = await kube.waitReady(GrafanaDashboardResource, 'dash-0', {
      status: 'False',
      reason: 'InstanceDeleting',
    });
    expect(readyOf(dash0)?.message).toMatch(
      /GrafanaInstance main is being deleted and waits for this object to be deleted or to stop selecting it/,
    );
    // The record stays, so the instance keeps waiting; the content is untouched.
    expect(dash0.status?.instances?.[0]).toMatchObject({
      name: 'main',
      uid: provisioned.dashboards['dash-0'],
    });
    expect((await grafana.api.dashboards.get(provisioned.dashboards['dash-0']!)).meta.folderUid).toBe(
      provisioned.folder,
    );

    // One stops selecting it: its content leaves that Grafana, and the instance stops naming it.
    await kube.patchSpec(GrafanaDashboardResource, 'dash-1', {
      instanceSelector: { matchLabels: { grafana: 'elsewhere' } },
    });
    await kube.waitReady(GrafanaDashboardResource, 'dash-1', {
      status: 'False',
      reason: 'NoMatchingInstance',
    });
    await expectRemoved(provisioned, ['dash-1']);
    await eventually(async () => {
      const message = readyOf(await kube.get<WithStatus>(GrafanaInstanceResource, 'main'))?.message ?? '';
      return !message.includes('GrafanaDashboard/dash-1') && message.includes('GrafanaDashboard/dash-0');
    });

    // The others are deleted: their content goes, then the instance. (dash-1 goes too: the
    // folder waits for the objects that name it.)
    await kube.delete(GrafanaDashboardResource, 'dash-0');
    await kube.delete(GrafanaDashboardResource, 'dash-1');
    await kube.delete(GrafanaFolderResource, 'team');
    await kube.waitGone(GrafanaDashboardResource, 'dash-0');
    await kube.waitGone(GrafanaDashboardResource, 'dash-1');
    await kube.waitGone(GrafanaFolderResource, 'team');
    await kube.waitGone(GrafanaInstanceResource, 'main');
    await expectRemoved(provisioned);
  });

  // Against a real Grafana, stopping `down` stops the proxy the operator reaches it through.
  it('a Grafana that cannot be reached blocks the deletion (DeletionBlocked), and the message says how to let go', async () => {
    const { kube } = await tenant('teardown-blocked');
    const down = await startGrafana();
    let stopped = false;
    let uid: string | undefined;
    try {
      await connectInstance(kube, down, 'down', { grafana: 'down' });
      await kube.create(GrafanaDashboardResource, 'unreachable', {
        instanceSelector: { matchLabels: { grafana: 'down' } },
        json: JSON.stringify({ title: `unreachable ${kube.namespace}`, panels: [] }),
      });
      const { status } = await kube.waitReady(GrafanaDashboardResource, 'unreachable', {
        status: 'True',
        reason: 'Synced',
      });
      uid = (status as { uid?: string } | undefined)?.uid;
      await down.stop();
      stopped = true;
      await kube.delete(GrafanaDashboardResource, 'unreachable');
      const blocked = await kube.waitReady(GrafanaDashboardResource, 'unreachable', {
        status: 'False',
        reason: 'DeletionBlocked',
      });
      expect(readyOf(blocked)?.message).toMatch(
        /^down: .+\. Retried until it succeeds; to let the object go and leave its content in Grafana, set spec\.deletionPolicy: Orphan$/,
      );
      await kube.patchSpec(GrafanaDashboardResource, 'unreachable', { deletionPolicy: 'Orphan' });
      await kube.waitGone(GrafanaDashboardResource, 'unreachable');
    } finally {
      if (!stopped) await down.stop();
      // The orphaned dashboard stays in a real Grafana, which outlives the test.
      if (uid && !down.double) await down.api.dashboards.delete(uid);
    }
  });

  it('an object with deletionPolicy Orphan never holds its instance', async () => {
    const { kube } = await tenant('teardown-orphan');
    await kube.create(GrafanaDashboardResource, 'kept', {
      instanceSelector: selector,
      deletionPolicy: 'Orphan',
      json: JSON.stringify({ title: `kept ${kube.namespace}`, panels: [] }),
    });
    const uid =
      (await kube.waitReady(GrafanaDashboardResource, 'kept', { status: 'True', reason: 'Synced' })).status
        ?.uid ?? '';
    await kube.delete(GrafanaInstanceResource, 'main');
    await kube.waitGone(GrafanaInstanceResource, 'main');
    expect((await grafana.api.dashboards.get(uid)).dashboard.title).toBe(`kept ${kube.namespace}`);
    await grafana.api.dashboards.delete(uid);
  });

  describe('what cannot be removed is said, and never blocks a deletion', () => {
    it('the instance deleted by hand (its finalizer removed): a Warning Event names the uid and the Grafana it is left in', async () => {
      const { kube } = await tenant('teardown-lost');
      await kube.create(GrafanaDashboardResource, 'stranded', {
        instanceSelector: selector,
        json: JSON.stringify({ title: `stranded ${kube.namespace}`, panels: [] }),
      });
      const uid =
        (await kube.waitReady(GrafanaDashboardResource, 'stranded', { status: 'True', reason: 'Synced' }))
          .status?.uid ?? '';
      await kube.delete(GrafanaInstanceResource, 'main');
      await kube.waitReady(GrafanaInstanceResource, 'main', { status: 'False', reason: 'DeletionWaiting' });
      await kube.client.mergePatch(GrafanaInstanceResource, kube.namespace, 'main', {
        metadata: { finalizers: null },
      });
      await kube.waitGone(GrafanaInstanceResource, 'main');
      const warning = await eventually(async () =>
        (await kube.events('stranded')).find((e) => e.reason === 'OrphanedInGrafana'),
      );
      expect(warning.type).toBe('Warning');
      expect(warning.message).toContain(`uid ${uid} is left in Grafana ${grafana.url} (org 1)`);
      // The record is dropped: the object no longer claims anything, and deleting it is quick.
      await kube.waitReady(GrafanaDashboardResource, 'stranded', {
        status: 'False',
        reason: 'NoMatchingInstance',
      });
      await kube.delete(GrafanaDashboardResource, 'stranded');
      await kube.waitGone(GrafanaDashboardResource, 'stranded');
      expect((await grafana.api.dashboards.get(uid)).dashboard.title).toBe(`stranded ${kube.namespace}`);
      await grafana.api.dashboards.delete(uid);
    });

    it('credentials gone while the operator was down: the objects still finalize, with a Warning Event each, then the instance', async () => {
      const { kube, operator } = await tenant('teardown-nocreds');
      const provisioned = await provision(kube, 1);
      await stopOperator(operator);
      await kube.delete(CoreTypes.secret, 'main-credentials');
      await deleteAllOf(kube.namespace);
      await runOperator(kube.namespace);
      await kube.waitGone(GrafanaDashboardResource, 'dash-0');
      await kube.waitGone(GrafanaFolderResource, 'team');
      await kube.waitGone(GrafanaInstanceResource, 'main');
      for (const [object, uid] of [
        ['dash-0', provisioned.dashboards['dash-0']],
        ['team', provisioned.folder],
      ] as const) {
        const warning = (await kube.events(object)).find((e) => e.reason === 'OrphanedInGrafana');
        expect(warning?.message).toContain(`uid ${uid} is left in Grafana ${grafana.url} (org 1)`);
        expect(warning?.message).toContain('is being deleted and its credentials are gone');
      }
      await grafana.api.dashboards.delete(provisioned.dashboards['dash-0']!);
      await grafana.api.folders.delete(provisioned.folder);
    });
  });

  describe('deleting the namespace (with the namespace controller of a real cluster)', () => {
    let controllerManager: Supervised | undefined;

    beforeAll(async () => {
      const cluster = e2eCluster();
      controllerManager = await startControllerManager({
        binDir: cluster.state.binaries.binDir,
        kubeconfig: cluster.adminKubeconfig,
        dir: cluster.state.dir,
      });
    });

    afterAll(async () => {
      await controllerManager?.stop();
    });

    const core = () => e2eCluster().kubeConfig().makeApiClient(CoreV1Api);
    const namespaceGone = (namespace: string) =>
      eventually(
        async () => {
          const found = await core()
            .readNamespace({ name: namespace })
            .then(
              () => true,
              () => false,
            );
          return !found;
        },
        { timeoutMs: 90_000, what: `namespace ${namespace} deleted` },
      );

    it('its Secrets go at once, yet every dashboard and the folder leave Grafana before the namespace goes', async () => {
      const { kube } = await tenant('teardown-ns');
      const provisioned = await provision(kube);
      await core().deleteNamespace({ name: kube.namespace });
      await namespaceGone(kube.namespace);
      await expectRemoved(provisioned);
    });

    it('with the operator down while it goes, the objects still finalize and the log names each uid left behind', async () => {
      const { kube, operator } = await tenant('teardown-ns-down');
      const provisioned = await provision(kube, 1);
      await stopOperator(operator);
      await core().deleteNamespace({ name: kube.namespace });
      // The namespace controller has deleted what it could: the Secret is gone, ours wait.
      await eventually(
        async () => !(await kube.client.find(CoreTypes.secret, kube.namespace, 'main-credentials')),
        {
          timeoutMs: 60_000,
          what: 'the credentials Secret deleted by the namespace controller',
        },
      );
      const restarted = await runOperator(kube.namespace);
      await namespaceGone(kube.namespace);
      await stopOperator(restarted);
      // The Events could not be recorded (the namespace was terminating); the log lines were.
      const lines = (await readFile(restarted.logFile, 'utf8'))
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as { level: string; uid?: string; grafana?: string; msg: string })
        .filter((line) => line.msg.includes('is left in'));
      expect(lines.map((l) => l.uid).sort()).toEqual(
        [provisioned.dashboards['dash-0'], provisioned.folder].sort(),
      );
      for (const line of lines) {
        expect(line.level).toBe('warn');
        expect(line.grafana).toBe(grafana.url);
        expect(line.msg).toContain(`is left in Grafana ${grafana.url} (org 1)`);
      }
      await grafana.api.dashboards.delete(provisioned.dashboards['dash-0']!);
      await grafana.api.folders.delete(provisioned.folder);
    });
  });
});
