import { readFile } from 'node:fs/promises';
import { GrafanaDatasourceResource, GrafanaFolderResource } from '../../src/api/generated/index.js';
import { CoreTypes, type KubeObject } from '../../src/runtime/kube/types.js';
import { renderExamples } from '../../scripts/examples.js';
import { createTestNamespace, e2eCluster } from '../support/cluster.js';
import { kubectlOk, toYamlStream } from '../support/deploy.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { editsIn } from '../support/grafana-edits.js';
import { startGrafana } from '../support/grafana.js';
import { addGitRemote } from '../grafana-double/repository-state.js';
import { EXAMPLE_REMOTE } from './scenarios/repositories.js';
import { TestKube, type WithStatus } from '../support/kube.js';
import { resourceOf } from '../support/resource-of.js';
import { reconcileOnFreshLists, startOperator } from '../support/operator.js';
import { eventually } from '../support/wait.js';

type ObjectEvent = Awaited<ReturnType<TestKube['events']>>[number];

/** A waiting state becomes a Warning after this long here (60 s by default). */
const WAITING_WARNING_AFTER_MS = 1_500;

describe('Events', () => {
  let f: ObjectFixture;

  beforeAll(async () => {
    f = await objectFixture('events', {
      env: { WAITING_WARNING_AFTER_MS: String(WAITING_WARNING_AFTER_MS) },
    });
  });

  afterAll(async () => {
    await f?.stop();
  });

  const eventWith = (object: string, match: (e: ObjectEvent) => boolean, what: string) =>
    eventually(async () => (await f.kube.events(object)).find(match), { what });

  type LogEntry = Record<string, unknown>;
  const logText = () => readFile(f.operator.logFile, 'utf8');
  const logged = (what: string, match: (entry: LogEntry) => boolean) =>
    eventually(
      async () =>
        (await logText())
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as LogEntry)
          .find(match),
      { what: `a log line: ${what}`, timeoutMs: 30_000 },
    );

  /** Finished reconciles of a kind that ended in a retry, from the operator's metrics. */
  const retriedReconciles = async (controller: string) =>
    Number(
      new RegExp(
        `controller_runtime_reconcile_total\\{controller="${controller}",result="requeue"\\} (\\d+)`,
      ).exec(await (await fetch(f.operator.metricsUrl)).text())?.[1] ?? 0,
    );

  it('a new message under the same reason is a new Event (Secret missing → key missing)', async () => {
    await f.kube.instance('rotating', {
      url: f.grafana.url,
      auth: { token: { secretKeyRef: { name: 'rotating-token', key: 'token' } } },
    });
    await eventWith(
      'rotating',
      (e) => e.reason === 'SecretNotFound' && e.message === 'Secret "rotating-token" not found',
      'the Event for the missing Secret',
    );
    await f.kube.secret('rotating-token', { other: 'x' });
    const keyMissing = await eventWith(
      'rotating',
      (e) => e.message === 'Secret "rotating-token" has no key "token"',
      'the Event for the missing key',
    );
    expect(keyMissing).toMatchObject({ type: 'Warning', reason: 'SecretNotFound' });
  });

  it('a waiting state that persists is one Warning, whether or not the object is retried meanwhile', async () => {
    // Retried with backoff: its parent folder never comes.
    await f.kube.create(GrafanaFolderResource, 'orphan', {
      instanceSelector: f.selector,
      title: 'Orphan',
      parentFolderRef: 'never',
    });
    // Not retried (nothing to retry until an instance appears): looked at again once it would persist.
    await f.kube.create(GrafanaDatasourceResource, 'lonely', {
      instanceSelector: { matchLabels: { grafana: 'nowhere' } },
      name: 'Lonely',
      type: 'prometheus',
      url: 'http://prometheus:9090',
    });
    await eventWith('orphan', (e) => e.reason === 'DependencyNotReady', 'the DependencyNotReady Warning');
    await eventWith('lonely', (e) => e.reason === 'NoMatchingInstance', 'the NoMatchingInstance Warning');
    // Three more failed folder reconciles: still the one Warning, written once.
    const before = await retriedReconciles('grafanafolder');
    await eventually(async () => (await retriedReconciles('grafanafolder')) >= before + 3, {
      what: 'the orphan folder retried',
    });
    for (const name of ['orphan', 'lonely']) {
      const events = await f.kube.events(name);
      expect(events.map(({ type, reason, count }) => ({ type, reason, count }))).toEqual([
        {
          type: 'Warning',
          reason: name === 'orphan' ? 'DependencyNotReady' : 'NoMatchingInstance',
          count: 1,
        },
      ]);
    }
  });

  it('a message naming too many objects for an Event is cut at a whole name, saying how many more', async () => {
    await f.kube.create(GrafanaFolderResource, 'crowded', {
      instanceSelector: f.selector,
      title: 'Crowded',
    });
    const children = Array.from(
      { length: 40 },
      (_, i) => `crowded-child-with-a-rather-long-name-${String(i).padStart(2, '0')}`,
    );
    for (const child of children) {
      // In no Grafana: only their folderRef matters here.
      await f.kube.create(GrafanaFolderResource, child, {
        instanceSelector: { matchLabels: { grafana: 'nowhere' } },
        title: child,
        parentFolderRef: 'crowded',
      });
    }
    await f.kube.waitReady(GrafanaFolderResource, 'crowded', { status: 'True' });
    await f.kube.delete(GrafanaFolderResource, 'crowded');
    const event = await eventWith('crowded', (e) => e.reason === 'HasChildren', 'the HasChildren Warning');
    expect(event.message.length).toBeLessThanOrEqual(1024);
    const match = /^waiting for the objects in this folder to be deleted first: (.*) … and (\d+) more$/.exec(
      event.message,
    );
    expect(match).not.toBeNull();
    const named = match![1]!.split(', ');
    const existing = new Set(children.map((child) => `GrafanaFolder/${child}`));
    expect(named.filter((name) => !existing.has(name))).toEqual([]);
    expect(named.length + Number(match![2])).toBe(children.length);
    // The condition says the same.
    const folder = await f.kube.get<WithStatus>(GrafanaFolderResource, 'crowded');
    expect(folder.status?.conditions?.[0]?.message).toBe(event.message);

    for (const child of children) await f.kube.delete(GrafanaFolderResource, child);
    await f.kube.waitGone(GrafanaFolderResource, 'crowded');
  });

  it('a folder holding content that nothing here manages is a Warning at once: only the user can resolve it', async () => {
    await f.kube.create(GrafanaFolderResource, 'holder', { instanceSelector: f.selector, title: 'Holder' });
    const uid =
      (await f.kube.waitReady(GrafanaFolderResource, 'holder', { status: 'True' })).status?.uid ?? '';
    await f.grafana.api.folders.create({
      uid: `hand-${uid}`.slice(0, 40),
      title: 'Made by hand',
      parentUid: uid,
    });
    await f.kube.delete(GrafanaFolderResource, 'holder');
    // The first reconcile that finds it blocked writes the Warning; it does not wait to see whether it persists.
    expect(
      await logged(
        'the first DeletionBlocked reconcile',
        (e) => e.name === 'holder' && e.msg === 'reconciled' && e.reason === 'DeletionBlocked',
      ),
    ).toMatchObject({ event: 'Warning' });
    await f.kube.patchSpec(GrafanaFolderResource, 'holder', { deletionPolicy: 'Orphan' });
    await f.kube.waitGone(GrafanaFolderResource, 'holder');
  });

  describe('the debug log (LOG_LEVEL=debug)', () => {
    const folderDecision = (action: string) => (e: LogEntry) =>
      e.level === 'debug' && e.kind === 'GrafanaFolder' && e.name === 'logged' && e.action === action;

    it('says what each reconcile observed and decided: create, skip when unchanged, revert drift', async () => {
      await f.kube.create(GrafanaFolderResource, 'logged', {
        instanceSelector: f.selector,
        title: 'Logged',
        resyncPeriod: '10s',
      });
      const uid =
        (await f.kube.waitReady(GrafanaFolderResource, 'logged', { status: 'True' })).status?.uid ?? '';
      expect(await logged('create', folderDecision('create'))).toMatchObject({
        instance: 'main',
        observed: 'absent',
        msg: 'absent from Grafana: creating it',
      });
      expect(
        await logged(
          'the reconcile summed up',
          (e) => e.kind === 'GrafanaFolder' && e.name === 'logged' && e.msg === 'reconciled',
        ),
      ).toMatchObject({
        level: 'debug',
        ready: 'True',
        reason: 'Synced',
        statusWritten: true,
        event: 'Normal',
      });

      await f.kube.touch(GrafanaFolderResource, 'logged');
      expect(await logged('skip', folderDecision('skip'))).toMatchObject({
        instance: 'main',
        observed: 'present',
        drift: [],
        msg: expect.stringMatching(/^unchanged: /),
      });

      await editsIn(f.grafana).renameFolder(uid, 'Renamed by hand');
      await reconcileOnFreshLists(f, GrafanaFolderResource, ['logged']);
      expect(await logged('revert', folderDecision('revert'))).toMatchObject({
        instance: 'main',
        observed: 'present',
        drift: ['title'],
        msg: 'changed in Grafana: writing back what drifted',
      });
      // Names of things, never a secret value (a password equal to the login, as a real Grafana's
      // admin/admin, is looked for in the Authorization header it travels in).
      const credentials = f.grafana.credentials;
      const secret =
        'token' in credentials
          ? credentials.token
          : credentials.password === credentials.username
            ? Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')
            : credentials.password;
      expect(await logText()).not.toContain(secret);
    });

    it('logs Ready=False at warn', async () => {
      await f.kube.instance('unlinked', {
        url: f.grafana.url,
        auth: { token: { secretKeyRef: { name: 'no-such-secret', key: 'token' } } },
      });
      expect(
        await logged(
          'warn',
          (e) => e.kind === 'GrafanaInstance' && e.name === 'unlinked' && e.level === 'warn',
        ),
      ).toMatchObject({ ready: 'False', reason: 'SecretNotFound', msg: 'Secret "no-such-secret" not found' });
    });
  });
});

describe('a normal start', () => {
  // The examples write the org's one notification policy tree and fixed uids: in an org of their own,
  // made through the admin API and signed into as the server admin.
  it('applying an instance and its objects in one batch, as the demo does, writes no Warning Event', async () => {
    const kube = new TestKube(await createTestNamespace('quiet-start'));
    // Git Sync is served with its toggle; the repository example's remote is one the double reaches.
    const grafana = await startGrafana({ featureToggles: { provisioning: true } });
    if (grafana.double) addGitRemote(grafana.double.state, EXAMPLE_REMOTE.url, [EXAMPLE_REMOTE.branch]);
    const edits = editsIn(grafana);
    const orgId = await edits.createOrg(`quiet start ${kube.namespace}`);
    const operator = await startOperator({
      namespace: kube.namespace,
      kubeConfig: e2eCluster().kubeConfig(),
    });
    try {
      const examples = await renderExamples({ url: grafana.url, credentials: grafana.direct.admin });
      for (const object of examples.objects as Array<KubeObject & { spec?: Record<string, unknown> }>)
        if (object.kind === 'GrafanaInstance' && object.spec) object.spec.org = { id: orgId };
      await kubectlOk(e2eCluster(), ['apply', '-n', kube.namespace, '-f', '-'], {
        input: toYamlStream(examples.objects),
      });
      const ours = examples.objects.filter((o) => o.apiVersion?.startsWith('grafana.provisioning.dev/'));
      expect(ours.length).toBeGreaterThan(10);
      for (const object of ours) {
        await kube.waitReady(resourceOf(object), object.metadata?.name ?? '', { status: 'True' }, 60_000);
      }
      const label = (o: { kind?: string; name?: string }) => `${o.kind}/${o.name}`;
      // Each object tells that it became Ready (the Event follows the status write)…
      const events = await eventually(
        async () => {
          const items = (
            await kube.client.list<
              KubeObject & {
                type: string;
                reason: string;
                message: string;
                involvedObject: { kind: string; name: string };
              }
            >(CoreTypes.event, kube.namespace)
          ).items;
          const told = new Set(items.map((e) => label(e.involvedObject)));
          return ours.every((o) => told.has(label({ kind: o.kind, name: o.metadata?.name })))
            ? items
            : undefined;
        },
        { what: 'an Event for every object' },
      );
      // …and nothing else was worth a Warning.
      expect(
        events
          .filter((e) => e.type !== 'Normal')
          .map((e) => `${label(e.involvedObject)} ${e.reason}: ${e.message}`),
      ).toEqual([]);
    } finally {
      await operator.stop();
      await edits.deleteOrg(orgId);
      await grafana.stop();
    }
  });
});
