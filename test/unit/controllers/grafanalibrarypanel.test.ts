import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { GrafanaLibraryPanel } from '../../../src/api/generated/index.js';
import { grafanaLibraryPanelKind } from '../../../src/controllers/grafanalibrarypanel.js';
import { diffLibraryPanel, type DesiredLibraryPanel } from '../../../src/dashboards/library-panel.js';
import { ObjectError } from '../../../src/lib/object-error.js';
import { removeThrough, writeThrough } from '../../../src/sync/kind-calls.js';
import { MadeMeanwhileError, type KindContext } from '../../../src/sync/object-kind.js';
import { SnapshotCache } from '../../../src/sync/snapshot.js';
import type { InstanceTarget } from '../../../src/sync/targets.js';
import { createOf, opAt, writeOf } from '../../support/kind-op.js';
import { GrafanaVersionMismatchError } from '../../../src/grafana/index.js';
import { dashboardsOf } from '../../grafana-double/dashboard-state.js';
import { libraryPanelsOf } from '../../grafana-double/library-panel-state.js';
import type { GrafanaDouble } from '../../grafana-double/server.js';
import { startDoubleTarget, type DoubleTarget } from '../../support/double-target.js';
import { desiredOf, stat, timeseries } from '../dashboards/panels.js';

describe('GrafanaLibraryPanel against the Grafana double', () => {
  let double: GrafanaDouble;
  let target: InstanceTarget;
  const kind = grafanaLibraryPanelKind;
  const library = () => double.requests.filter((r) => r.path.startsWith('/api/library-elements'));
  const calls = () => library().map((r) => `${r.method} ${r.path} ${r.status}`);

  let fixture: DoubleTarget;

  beforeEach(async () => {
    fixture = await startDoubleTarget();
    ({ double, target } = fixture);
    await target.api.folders.create({ uid: 'kubernetes', title: 'Kubernetes' });
  });

  afterEach(() => fixture.stop());

  /** A reconcile context with just what desired() reads. */
  function contextFor(spec: Partial<GrafanaLibraryPanel['spec']>, configMaps: Record<string, string> = {}) {
    return {
      uid: 'node-cpu',
      namespace: 'ns',
      object: { metadata: { name: 'node-cpu', namespace: 'ns' }, spec: { instanceSelector: {}, ...spec } },
      configMaps: {
        value: async ({ name, key }: { name: string; key: string }) => {
          const value = configMaps[`${name}/${key}`];
          if (value === undefined) throw new Error(`ConfigMap "${name}" not found`);
          return value;
        },
      },
    } as unknown as KindContext<GrafanaLibraryPanel>;
  }

  it('desired(): the same panel from model, json or a ConfigMap; name defaults to metadata.name', async () => {
    const fromModel = await kind.desired(
      contextFor({ model: stat() as never, folderUID: 'general' }),
      target,
    );
    expect(fromModel).toEqual({ name: 'node-cpu', folderUid: '', model: stat(), resourceModel: stat() });
    const fromJson = await kind.desired(
      contextFor({ json: JSON.stringify(stat()), name: 'Restarts' }),
      target,
    );
    expect(fromJson).toEqual({ name: 'Restarts', folderUid: '', model: stat(), resourceModel: stat() });
    const fromConfigMap = await kind.desired(
      contextFor(
        { configMapRef: { name: 'panels', key: 'cpu.json' }, folderUID: 'kubernetes' },
        {
          'panels/cpu.json': JSON.stringify(timeseries()),
        },
      ),
      target,
    );
    expect(fromConfigMap).toEqual({
      name: 'node-cpu',
      folderUid: 'kubernetes',
      model: { ...timeseries(), description: '' },
      resourceModel: timeseries(),
    });
    await expect(
      kind.desired(
        contextFor({ configMapRef: { name: 'panels', key: 'bad.json' } }, { 'panels/bad.json': '{' }),
        target,
      ),
    ).rejects.toMatchObject({
      reason: 'InvalidSpec',
      message: expect.stringContaining('ConfigMap "panels" key "bad.json"'),
    });
  });

  it('creates with our uid in the folder, then reads it back in sync from one list call', async () => {
    const desired = desiredOf(timeseries());
    expect(await writeThrough(kind, createOf(opAt(target, 'node-cpu', desired)))).toEqual({
      uid: 'node-cpu',
      version: 1,
    });
    expect(library()[0]?.body).toEqual({
      uid: 'node-cpu',
      name: 'Node CPU',
      model: desired.model,
      folderUid: 'kubernetes',
      kind: 1,
    });
    const fresh = { ...target, snapshots: new SnapshotCache(10_000) };
    const observed = await kind.observe(opAt(fresh, 'node-cpu', desired));
    await kind.observe(opAt(fresh, 'node-cpu', desired));
    expect(observed && kind.diff(desired, observed)).toEqual([]);
    expect(calls().slice(1)).toEqual(['GET /api/library-elements 200']);
  });

  it('a panel missing from the list (made since it was read) is found with one GET, not created over', async () => {
    await kind.observe(opAt(target, 'other', desiredOf(stat()))); // loads the list, then GETs "other"
    libraryPanelsOf(double.state.org(1)).seedLibraryPanel({
      uid: 'node-cpu',
      name: 'Made by hand',
      model: stat(),
    });
    double.clearRequests();
    expect(await kind.observe(opAt(target, 'node-cpu', desiredOf(timeseries())))).toMatchObject({
      uid: 'node-cpu',
      name: 'Made by hand',
    });
    expect(calls()).toEqual(['GET /api/library-elements/node-cpu 200']);
    libraryPanelsOf(double.state.org(1)).seedLibraryPanel({ uid: 'a-variable', name: 'Env', kind: 2 });
    await expect(kind.observe(opAt(target, 'a-variable', desiredOf(stat())))).rejects.toMatchObject({
      reason: 'Conflict',
      message: expect.stringContaining('library variable'),
    });
  });

  it('updates with PATCH and the current version; a 412 re-reads and retries once', async () => {
    await writeThrough(kind, createOf(opAt(target, 'node-cpu', desiredOf(timeseries()))));
    const observed = await kind.observe(opAt(target, 'node-cpu', desiredOf(timeseries())));
    // Someone saves the panel in Grafana after our read: our version (1) is stale.
    libraryPanelsOf(double.state.org(1)).uiEditLibraryPanel('node-cpu', {
      model: { ...timeseries(), title: 'By hand' },
    });
    double.clearRequests();
    const changed = desiredOf({ ...timeseries(), title: 'Node CPU busy' });
    expect(await writeThrough(kind, writeOf(opAt(target, 'node-cpu', changed), observed))).toEqual({
      uid: 'node-cpu',
      version: 3,
    });
    expect(calls()).toEqual([
      'PATCH /api/library-elements/node-cpu 412',
      'GET /api/library-elements/node-cpu 200',
      'PATCH /api/library-elements/node-cpu 200',
    ]);
    expect(library().map((r) => (r.body as { version?: number } | undefined)?.version)).toEqual([
      1,
      undefined,
      2,
    ]);
    expect(library()[2]?.body).toMatchObject({
      kind: 1,
      name: 'Node CPU',
      folderUid: 'kubernetes',
      model: changed.model,
    });
    const stored = await target.api.libraryPanels.get('node-cpu');
    expect(diffLibraryPanel(changed, stored)).toEqual([]);
  });

  it('a second 412 is reported as VersionMismatch', async () => {
    await writeThrough(kind, createOf(opAt(target, 'node-cpu', desiredOf(timeseries()))));
    const observed = await kind.observe(opAt(target, 'node-cpu', desiredOf(timeseries())));
    double.injectFault({ method: 'PATCH', path: '/api/library-elements/', status: 412, times: 2 });
    const error = await kind
      .write(writeOf(opAt(target, 'node-cpu', desiredOf(stat())), observed))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrafanaVersionMismatchError);
    expect(error).toMatchObject({ reason: 'VersionMismatch' });
  });

  it('a create answered "already exists" for our uid (made since the list was read) is observed again and judged, then updated', async () => {
    const desired = desiredOf(timeseries());
    const want = opAt<GrafanaLibraryPanel, DesiredLibraryPanel>(target, 'node-cpu', desired);
    expect(await kind.observe(want)).toBeUndefined();
    libraryPanelsOf(double.state.org(1)).seedLibraryPanel({
      uid: 'node-cpu',
      name: 'Old',
      folderUid: 'kubernetes',
      model: stat(),
    });
    double.clearRequests();
    // Written as the sync layer writes: the list kept current, let go when the write finds a panel.
    const error = await writeThrough(kind, createOf(want)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MadeMeanwhileError);
    expect((error as Error).message).toBe(
      'uid node-cpu already exists in Grafana and was not created by this object; set spec.adopt: true to take it over',
    );
    expect(libraryPanelsOf(double.state.org(1)).element('node-cpu')).toMatchObject({ name: 'Old' });
    // Observed again, it is what the layer judges (ours by its uid, or spec.adopt) before it updates.
    const found = await kind.observe(want);
    expect(found).toMatchObject({ uid: 'node-cpu', name: 'Old' });
    expect(await writeThrough(kind, writeOf(want, found))).toEqual({ uid: 'node-cpu', version: 2 });
    expect(calls()).toEqual([
      'POST /api/library-elements 400',
      'GET /api/library-elements/node-cpu 200',
      'GET /api/library-elements 200',
      'PATCH /api/library-elements/node-cpu 200',
    ]);
    expect(diffLibraryPanel(desired, await target.api.libraryPanels.get('node-cpu'))).toEqual([]);
  });

  it('a create answered "already exists" for another panel with the name is a Conflict naming it', async () => {
    libraryPanelsOf(double.state.org(1)).seedLibraryPanel({
      uid: 'hand-made',
      name: 'Node CPU',
      folderUid: 'kubernetes',
    });
    const error = await kind
      .write(createOf(opAt(target, 'node-cpu', desiredOf(timeseries()))))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectError);
    expect(error).toMatchObject({
      reason: 'Conflict',
      message: expect.stringContaining('"Node CPU" in folder kubernetes (uid hand-made) already exists'),
    });
    expect(await kind.findClash!(opAt(target, 'node-cpu', desiredOf(timeseries())))).toMatchObject({
      uid: 'hand-made',
    });
  });

  it('a folder missing in Grafana is DependencyNotReady', async () => {
    const error = await kind
      .write(createOf(opAt(target, 'node-cpu', desiredOf(timeseries(), { folderUid: 'not-there' }))))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      reason: 'DependencyNotReady',
      message: expect.stringContaining('not-there'),
    });
  });

  it("refuses to remove a panel a dashboard uses, with Grafana's message and the dashboard; gone is fine", async () => {
    await writeThrough(kind, createOf(opAt(target, 'node-cpu', desiredOf(timeseries()))));
    dashboardsOf(double.state.org(1)).seedDashboard({
      uid: 'nodes',
      title: 'Nodes',
      data: {
        panels: [
          {
            id: 1,
            gridPos: { x: 0, y: 0, w: 12, h: 8 },
            libraryPanel: { uid: 'node-cpu', name: 'Node CPU' },
          },
        ],
      },
    });
    const error = await removeThrough(kind, target, 'node-cpu').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectError);
    expect((error as ObjectError).reason).toBe('Conflict');
    expect((error as ObjectError).message).toContain('the library element has connections');
    expect((error as ObjectError).message).toContain('used by dashboard nodes');
    dashboardsOf(double.state.org(1)).delete('nodes');
    await removeThrough(kind, target, 'node-cpu');
    await removeThrough(kind, target, 'node-cpu');
    expect(libraryPanelsOf(double.state.org(1)).element('node-cpu')).toBeUndefined();
  });
});
