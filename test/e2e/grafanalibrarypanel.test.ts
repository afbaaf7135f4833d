import {
  GrafanaFolderResource,
  GrafanaInstanceResource,
  GrafanaLibraryPanelResource,
  type GrafanaLibraryPanel,
} from '../../src/api/generated/index.js';
import { canonicalJson } from '../../src/lib/json.js';
import { GrafanaNotFoundError, libraryElementFolderUid } from '../../src/grafana/index.js';
import { CoreTypes, type KubeObject } from '../../src/runtime/kube/types.js';
import { connectInstance, objectFixture, type ObjectFixture } from '../support/fixture.js';
import { editsIn } from '../support/grafana-edits.js';
import { startGrafana } from '../support/grafana.js';
import { eventually } from '../support/wait.js';
import { reconcileNow, reconcileOnFreshLists, waitOutSnapshots } from '../support/operator.js';

describe('GrafanaLibraryPanel', () => {
  let f: ObjectFixture;
  /** Names unique per run, so a shared real Grafana does not see clashes between runs. */
  let n: (name: string) => string;

  beforeAll(async () => {
    f = await objectFixture('librarypanel');
    n = (name) => `${name}-${f.kube.namespace}`;
  });

  afterAll(async () => {
    await f?.stop();
  });

  /** A timeseries panel as Grafana's panel JSON view shows it. */
  const cpuModel = (title = 'CPU busy') => ({
    type: 'timeseries',
    title,
    datasource: { type: 'prometheus', uid: 'prometheus' },
    targets: [
      {
        refId: 'A',
        expr: 'sum by (instance) (rate(node_cpu_seconds_total{mode!="idle"}[$__rate_interval]))',
        legendFormat: '{{instance}}',
      },
    ],
    fieldConfig: {
      defaults: {
        unit: 'percentunit',
        min: 0,
        max: 1,
        custom: { lineWidth: 1, fillOpacity: 10 },
        thresholds: {
          mode: 'absolute',
          steps: [
            { color: 'green', value: null },
            { color: 'red', value: 0.9 },
          ],
        },
      },
      overrides: [],
    },
    options: {
      legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
      tooltip: { mode: 'multi', sort: 'desc' },
    },
  });

  const restartsModel = () => ({
    type: 'stat',
    title: 'Pod restarts (1h)',
    description: 'Container restarts in the last hour',
    targets: [{ refId: 'A', expr: 'sum(increase(kube_pod_container_status_restarts_total[1h]))' }],
    options: { colorMode: 'value', graphMode: 'area', reduceOptions: { calcs: ['lastNotNull'] } },
  });

  const panel = (name: string, extra: Record<string, unknown> = {}) => ({
    instanceSelector: f.selector,
    name: n(name),
    model: cpuModel(),
    resyncPeriod: '10s',
    ...extra,
  });

  const synced = async (name: string) =>
    (await f.kube.waitReady(GrafanaLibraryPanelResource, name, {
      status: 'True',
      reason: 'Synced',
    })) as GrafanaLibraryPanel;

  /** The object's Ready condition while it is being deleted (generation no longer tracks it). */
  const deleting = (name: string, reason: string) =>
    eventually(
      async () => {
        const object = await f.kube.get<GrafanaLibraryPanel>(GrafanaLibraryPanelResource, name);
        return object.status?.conditions?.find((c) => c.type === 'Ready' && c.reason === reason);
      },
      { what: `${name} Ready=False/${reason}` },
    );

  /** Resyncs done so far by the library panel controller (from the operator's metrics). */
  const reconciles = async () =>
    Number(
      /controller_runtime_reconcile_total\{controller="grafanalibrarypanel",result="requeue_after"\} (\d+)/.exec(
        await (await fetch(f.operator.metricsUrl)).text(),
      )?.[1] ?? 0,
    );

  /** A dashboard saved in Grafana (as by a user) with the library panel on it. */
  const saveDashboard = (uid: string, title: string, panelUid: string, panelName: string) =>
    f.grafana.api.dashboards.save({
      dashboard: {
        uid,
        title,
        panels: [
          {
            id: 1,
            gridPos: { x: 0, y: 0, w: 12, h: 8 },
            libraryPanel: { uid: panelUid, name: panelName },
          },
        ],
      },
      overwrite: true,
    });

  it('the CRD rejects no panel JSON or two of them, two folders, and a model without a type', async () => {
    const create = (name: string, spec: unknown) =>
      f.kube.client.create(GrafanaLibraryPanelResource, f.kube.namespace, {
        apiVersion: 'grafana.provisioning.dev/v1beta1',
        kind: 'GrafanaLibraryPanel',
        metadata: { name },
        spec,
      } as never);
    const { model: _model, ...withoutModel } = panel('none');
    await expect(create('none', withoutModel)).rejects.toThrow(
      /set exactly one of model, json or configMapRef/,
    );
    await expect(create('two', panel('two', { json: JSON.stringify(cpuModel()) }))).rejects.toThrow(
      /set exactly one of model, json or configMapRef/,
    );
    await expect(create('folders', panel('folders', { folderRef: 'a', folderUID: 'b' }))).rejects.toThrow(
      /set folderRef or folderUID, not both/,
    );
    await expect(create('untyped', panel('untyped', { model: { title: 'No type' } }))).rejects.toThrow(
      /spec\.model\.type: Required value/,
    );
  });

  it('waits for its GrafanaFolder (DependencyNotReady), then is created in it', async () => {
    await f.kube.create(
      GrafanaLibraryPanelResource,
      'in-folder',
      panel('in-folder', { folderRef: 'panels' }),
    );
    const waiting = await f.kube.waitReady(GrafanaLibraryPanelResource, 'in-folder', {
      status: 'False',
      reason: 'DependencyNotReady',
    });
    expect(waiting.status?.conditions?.[0]?.message).toContain('GrafanaFolder "panels"');
    await f.kube.create(GrafanaFolderResource, 'panels', {
      instanceSelector: f.selector,
      title: 'Panels',
    });
    const folder = await f.kube.waitReady(GrafanaFolderResource, 'panels', { status: 'True' });
    const object = await synced('in-folder');
    const uid = object.status?.uid ?? '';
    expect(uid).toMatch(/^in-folder-[0-9a-f]{8}$/);
    expect(object.status?.instancesSummary).toBe('1/1');
    expect(object.status?.instances?.[0]).toMatchObject({ name: 'main', synced: true, uid, version: 1 });
    const stored = await f.grafana.api.libraryPanels.get(uid);
    expect(stored).toMatchObject({ name: n('in-folder'), kind: 1, type: 'timeseries' });
    expect(libraryElementFolderUid(stored)).toBe(folder.status?.uid);
    expect(stored.model).toEqual({ ...cpuModel(), description: '' });
  });

  it('applies a model change with a PATCH carrying the version it read', async () => {
    await f.kube.create(GrafanaLibraryPanelResource, 'changing', panel('changing'));
    const uid = (await synced('changing')).status?.uid ?? '';
    const before = await f.grafana.api.libraryPanels.get(uid);
    await f.kube.patchSpec(GrafanaLibraryPanelResource, 'changing', {
      model: { title: 'CPU saturation', options: { legend: { placement: 'right' } } },
    });
    const after = await synced('changing');
    const stored = await f.grafana.api.libraryPanels.get(uid);
    expect(stored.model).toMatchObject({
      title: 'CPU saturation',
      options: { legend: { placement: 'right' } },
    });
    expect(stored.version).toBe(before.version + 1);
    expect(after.status?.instances?.[0]?.version).toBe(stored.version);
    const recorder = f.grafana.recorder;
    const patches = recorder.requests.filter(
      (r) => r.method === 'PATCH' && r.path === `/api/library-elements/${uid}`,
    );
    expect(patches).toHaveLength(1);
    expect(patches[0]?.body).toMatchObject({ kind: 1, version: before.version, name: n('changing') });
  });

  it('reverts an edit made in Grafana, and says so in an Event', async () => {
    await f.kube.create(GrafanaLibraryPanelResource, 'drift', panel('drift'));
    const uid = (await synced('drift')).status?.uid ?? '';
    await editsIn(f.grafana).editLibraryPanel(uid, {
      ...cpuModel(),
      options: { legend: { showLegend: false } },
      pluginVersion: '12.2.0',
    });
    // What the next resync does, without waiting the 10 s resyncPeriod for it.
    await reconcileOnFreshLists(f, GrafanaLibraryPanelResource, ['drift']);
    await eventually(
      async () =>
        canonicalJson((await f.grafana.api.libraryPanels.get(uid)).model) ===
        canonicalJson({ ...cpuModel(), description: '' }),
      { timeoutMs: 30_000, what: 'the hand edit reverted' },
    );
    await eventually(
      async () =>
        (await f.kube.events('drift')).some(
          (e) =>
            e.reason === 'DriftReverted' &&
            e.message.includes('model.options') &&
            e.message.includes('model.pluginVersion'),
        ),
      { what: 'a DriftReverted event' },
    );
  });

  it('with kubernetesLibraryPanels, the model Grafana rebuilds stays in sync without a write per resync; an edit in Grafana is still reverted', async () => {
    // A Grafana of its own with the toggle on (off by default in every release, contract §7.1).
    // A real Grafana has the toggles it was started with (GF_FEATURE_TOGGLES_ENABLE; the
    // conformance workflow runs this file on one with it on); without it, the model comes back
    // as written and the same holds minus the ModelKeysDropped Event.
    const k8s = await startGrafana({ featureToggles: { kubernetesLibraryPanels: true } });
    const rebuilds =
      (await k8s.api.health.frontendSettings()).featureToggles?.kubernetesLibraryPanels === true;
    const selector = { matchLabels: { grafana: 'k8s-panels' } };
    try {
      await connectInstance(f.kube, k8s, 'k8s-panels', { grafana: 'k8s-panels' });
      // An empty description and an `id` are exactly what the rebuild drops.
      const model = { ...restartsModel(), description: '', interval: '1m', id: 3 };
      await f.kube.create(
        GrafanaLibraryPanelResource,
        'rebuilt',
        panel('rebuilt', { instanceSelector: selector, model }),
      );
      const uid = (await synced('rebuilt')).status?.uid ?? '';
      if (rebuilds) {
        await eventually(
          async () =>
            (await f.kube.events('rebuilt')).some(
              (e) => e.reason === 'ModelKeysDropped' && e.message.includes('without id'),
            ),
          { what: 'a ModelKeysDropped event naming id' },
        );
      }
      k8s.recorder.clearRequests();
      // Three resyncs of the panel, each against lists read afresh from Grafana.
      for (let resync = 0; resync < 3; resync++)
        await reconcileOnFreshLists(f, GrafanaLibraryPanelResource, ['rebuilt']);
      expect(k8s.recorder.writes()).toEqual([]);

      // A UI edit, through Grafana's HTTP API.
      const current = await k8s.api.libraryPanels.get(uid);
      await k8s.api.libraryPanels.update(uid, {
        version: current.version,
        name: current.name,
        model: { ...current.model, interval: '5m' },
      });
      await reconcileOnFreshLists(f, GrafanaLibraryPanelResource, ['rebuilt']);
      await eventually(async () => (await k8s.api.libraryPanels.get(uid)).model.interval === '1m', {
        timeoutMs: 40_000,
        what: 'the edit in Grafana reverted',
      });
    } finally {
      await f.kube.delete(GrafanaLibraryPanelResource, 'rebuilt').catch(() => undefined);
      await f.kube.waitGone(GrafanaLibraryPanelResource, 'rebuilt');
      await f.kube.delete(GrafanaInstanceResource, 'k8s-panels');
      await k8s.stop();
    }
  });

  it('a resync wave of unchanged library panels reads at most one list, no GET each, and writes nothing', async () => {
    // A Grafana of their own, so only these objects' reads are counted.
    const wave = await startGrafana();
    const names = ['wave-a', 'wave-b', 'wave-c', 'wave-d', 'wave-e'];
    try {
      await connectInstance(f.kube, wave, 'wave', { grafana: 'wave' });
      await Promise.all(
        names.map((name) =>
          f.kube.create(
            GrafanaLibraryPanelResource,
            name,
            panel(name, { instanceSelector: { matchLabels: { grafana: 'wave' } } }),
          ),
        ),
      );
      await Promise.all(names.map(synced));
      const recorder = wave.recorder;
      await waitOutSnapshots();
      recorder.clearRequests();
      const count = await reconciles();
      // One resync wave for all five, on a list that has aged out.
      await reconcileNow(f, GrafanaLibraryPanelResource, names);
      expect(await reconciles()).toBeGreaterThanOrEqual(count + names.length);
      expect(recorder.writes()).toEqual([]);
      const library = recorder.requests.filter((r) => r.path.startsWith('/api/library-elements'));
      expect(library.filter((r) => r.path !== '/api/library-elements')).toEqual([]);
      expect(library.length).toBeLessThanOrEqual(1);
    } finally {
      for (const name of names) await f.kube.delete(GrafanaLibraryPanelResource, name).catch(() => undefined);
      for (const name of names) await f.kube.waitGone(GrafanaLibraryPanelResource, name);
      await f.kube.delete(GrafanaInstanceResource, 'wave');
      await wave.stop();
    }
  });

  it('a dashboard using the panel keeps using it (by uid) through a change of the panel', async () => {
    await f.kube.create(GrafanaLibraryPanelResource, 'used', panel('used'));
    const uid = (await synced('used')).status?.uid ?? '';
    const dashboardUid = `uses-${uid}`.slice(0, 40);
    await saveDashboard(dashboardUid, n('Uses a library panel'), uid, n('used'));
    expect((await f.grafana.api.libraryPanels.connections(uid)).map((c) => c.connectionUid)).toEqual([
      dashboardUid,
    ]);

    await f.kube.patchSpec(GrafanaLibraryPanelResource, 'used', {
      name: n('used-renamed'),
      model: cpuModel('CPU busy (renamed)'),
    });
    await synced('used');
    const stored = await f.grafana.api.libraryPanels.get(uid);
    expect(stored).toMatchObject({ uid, name: n('used-renamed'), model: { title: 'CPU busy (renamed)' } });
    expect(stored.meta.connectedDashboards).toBe(1);
    expect((await f.grafana.api.libraryPanels.connections(uid)).map((c) => c.connectionUid)).toEqual([
      dashboardUid,
    ]);
    const dashboard = await f.grafana.api.dashboards.get(dashboardUid);
    expect(
      (dashboard.dashboard.panels as Array<{ libraryPanel?: { uid: string } }>)[0]?.libraryPanel?.uid,
    ).toBe(uid);
    await f.grafana.api.dashboards.delete(dashboardUid);
  });

  it("deletion waits (DeletionBlocked, with Grafana's message) while a dashboard uses the panel", async () => {
    await f.kube.create(GrafanaLibraryPanelResource, 'connected', panel('connected'));
    const uid = (await synced('connected')).status?.uid ?? '';
    const dashboardUid = `keeps-${uid}`.slice(0, 40);
    await saveDashboard(dashboardUid, n('Keeps a library panel'), uid, n('connected'));
    await f.kube.delete(GrafanaLibraryPanelResource, 'connected');
    const blocked = await deleting('connected', 'DeletionBlocked');
    expect(blocked.status).toBe('False');
    expect(blocked.message).toContain('the library element has connections');
    expect(blocked.message).toContain(dashboardUid);
    // Still there, finalizer kept, and still in Grafana.
    expect(
      (await f.kube.get<GrafanaLibraryPanel>(GrafanaLibraryPanelResource, 'connected')).metadata?.finalizers,
    ).toHaveLength(1);
    expect((await f.grafana.api.libraryPanels.get(uid)).uid).toBe(uid);

    await f.grafana.api.dashboards.delete(dashboardUid);
    await f.kube.waitGone(GrafanaLibraryPanelResource, 'connected');
    await expect(f.grafana.api.libraryPanels.get(uid)).rejects.toBeInstanceOf(GrafanaNotFoundError);
  });

  it('an existing panel named by spec.uid is a Conflict until adopted, and stays managed without adopt', async () => {
    const handUid = `hand-uid-${f.kube.namespace}`.slice(0, 40);
    const existing = await f.grafana.api.libraryPanels.create({
      uid: handUid,
      name: n('made-by-hand'),
      model: restartsModel(),
    });
    await f.kube.create(GrafanaLibraryPanelResource, 'hand-uid', panel('hand-uid', { uid: handUid }));
    const byUid = await f.kube.waitReady(GrafanaLibraryPanelResource, 'hand-uid', {
      status: 'False',
      reason: 'Conflict',
    });
    expect(byUid.status?.conditions?.[0]?.message).toContain(`uid ${handUid} already exists`);
    expect((await f.grafana.api.libraryPanels.get(handUid)).version).toBe(existing.version);

    await f.kube.patchSpec(GrafanaLibraryPanelResource, 'hand-uid', { adopt: true });
    await synced('hand-uid');
    expect(await f.grafana.api.libraryPanels.get(handUid)).toMatchObject({
      name: n('hand-uid'),
      version: existing.version + 1,
    });
    // Written once by this object, it is its own now: adopt may go, and changes still apply.
    await f.kube.patchSpec(GrafanaLibraryPanelResource, 'hand-uid', {
      adopt: null,
      model: cpuModel('Taken'),
    });
    await synced('hand-uid');
    expect((await f.grafana.api.libraryPanels.get(handUid)).model.title).toBe('Taken');
  });

  it('takes the panel JSON from a string or a ConfigMap; a ConfigMap change re-applies it', async () => {
    await f.kube.create(
      GrafanaLibraryPanelResource,
      'from-json',
      panel('from-json', { model: undefined, json: JSON.stringify(restartsModel()) }),
    );
    const fromJson = (await synced('from-json')).status?.uid ?? '';
    expect((await f.grafana.api.libraryPanels.get(fromJson)).model).toEqual(restartsModel());

    const configMap = (model: unknown): KubeObject & { data: Record<string, string> } => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'panels', namespace: f.kube.namespace },
      data: { 'cpu.json': JSON.stringify(model) },
    });
    await f.kube.client.create(CoreTypes.configMap, f.kube.namespace, configMap(cpuModel()));
    await f.kube.create(
      GrafanaLibraryPanelResource,
      'from-configmap',
      panel('from-configmap', {
        model: undefined,
        configMapRef: { name: 'panels', key: 'cpu.json' },
        // Only the ConfigMap watch can make the change arrive within the test's patience.
        resyncPeriod: '1h',
      }),
    );
    const uid = (await synced('from-configmap')).status?.uid ?? '';
    expect((await f.grafana.api.libraryPanels.get(uid)).model).toMatchObject({ title: 'CPU busy' });
    await f.kube.client.mergePatch(CoreTypes.configMap, f.kube.namespace, 'panels', {
      data: { 'cpu.json': JSON.stringify(cpuModel('CPU from the ConfigMap')) },
    });
    await eventually(
      async () => (await f.grafana.api.libraryPanels.get(uid)).model.title === 'CPU from the ConfigMap',
      { what: 'the ConfigMap change applied' },
    );

    await f.kube.create(
      GrafanaLibraryPanelResource,
      'bad-json',
      panel('bad-json', { model: undefined, json: '{"type": "stat", "title": ' }),
    );
    const bad = await f.kube.waitReady(GrafanaLibraryPanelResource, 'bad-json', {
      status: 'False',
      reason: 'InvalidSpec',
    });
    expect(bad.status?.conditions?.[0]?.message).toContain('spec.json is not valid JSON');
  });

  it('a GrafanaFolder waits for the library panels in it, and refuses to delete panels it does not manage', async () => {
    await f.kube.create(GrafanaFolderResource, 'team', { instanceSelector: f.selector, title: 'Team' });
    await f.kube.create(GrafanaLibraryPanelResource, 'team-cpu', panel('team-cpu', { folderRef: 'team' }));
    const folderUid =
      (await f.kube.waitReady(GrafanaFolderResource, 'team', { status: 'True' })).status?.uid ?? '';
    const panelUid = (await synced('team-cpu')).status?.uid ?? '';
    await f.kube.delete(GrafanaFolderResource, 'team');
    const waiting = await eventually(async () => {
      const folder = await f.kube.get<KubeObject & { status?: GrafanaLibraryPanel['status'] }>(
        GrafanaFolderResource,
        'team',
      );
      return folder.status?.conditions?.find((c) => c.reason === 'HasChildren');
    });
    expect(waiting.message).toContain('GrafanaLibraryPanel/team-cpu');
    expect((await f.grafana.api.libraryPanels.get(panelUid)).uid).toBe(panelUid);

    // A library panel made by hand in the folder: deleting the folder would delete it too.
    const handUid = `hand-team-${f.kube.namespace}`.slice(0, 40);
    await f.grafana.api.libraryPanels.create({
      uid: handUid,
      name: n('hand in team'),
      model: restartsModel(),
      folderUid,
    });
    await f.kube.delete(GrafanaLibraryPanelResource, 'team-cpu');
    await f.kube.waitGone(GrafanaLibraryPanelResource, 'team-cpu');
    const blocked = await eventually(async () => {
      const folder = await f.kube.get<KubeObject & { status?: GrafanaLibraryPanel['status'] }>(
        GrafanaFolderResource,
        'team',
      );
      return folder.status?.conditions?.find((c) => c.reason === 'DeletionBlocked');
    });
    expect(blocked.message).toContain(`library panel "${n('hand in team')}"`);
    expect((await f.grafana.api.libraryPanels.get(handUid)).uid).toBe(handUid);
    await f.grafana.api.libraryPanels.delete(handUid);
    await f.kube.waitGone(GrafanaFolderResource, 'team');
    await expect(f.grafana.api.folders.get(folderUid)).rejects.toBeInstanceOf(GrafanaNotFoundError);
  });
});
