import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { GrafanaDashboard } from '../../../src/api/generated/index.js';
import { grafanaDashboardKind } from '../../../src/controllers/grafanadashboard.js';
import type { ObservedDashboard } from '../../../src/dashboards/dashboard-reads.js';
import type { DesiredDashboard } from '../../../src/dashboards/desired.js';
import { removeThrough, writeThrough } from '../../../src/sync/kind-calls.js';
import { MadeMeanwhileError, type InstanceOp, type KindContext } from '../../../src/sync/object-kind.js';
import { createOf, opOn, writeOf } from '../../support/kind-op.js';
import { contentHash } from '../../../src/sync/hash.js';
import { SnapshotCache } from '../../../src/sync/snapshot.js';
import type { InstanceTarget } from '../../../src/sync/targets.js';
import type { JsonObject } from '../../../src/lib/json.js';
import { dashboardsOf } from '../../grafana-double/dashboard-state.js';
import type { GrafanaDouble } from '../../grafana-double/server.js';
import { startDoubleTarget, type DoubleTarget } from '../../support/double-target.js';
import { apiserver, nodeExporter } from '../dashboards/dashboards.js';

describe('GrafanaDashboard uid: read from the JSON, put in when written', () => {
  const kind = grafanaDashboardKind();
  const desiredOf = (json: string) =>
    kind.desired(
      {
        object: {
          metadata: { name: 'apiserver', namespace: 'monitoring' },
          spec: { instanceSelector: {}, json },
        },
        key: 'monitoring/apiserver',
        namespace: 'monitoring',
        uid: 'not-read-by-desired',
        references: new Set<string>(),
      } as unknown as KindContext<GrafanaDashboard>,
      { name: 'main' } as InstanceTarget,
    );

  it("offers the JSON's uid, wherever the JSON came from, and keeps it out of the prepared JSON", async () => {
    const desired = await desiredOf(apiserver());
    expect(kind.contentUid?.(desired)).toEqual({ value: 'k8s-apiserver', source: 'spec.json' });
    expect((desired as DesiredDashboard).dashboard).not.toHaveProperty('uid');
    const none = await desiredOf(JSON.stringify({ title: 'No uid', panels: [] }));
    expect(kind.contentUid?.(none)).toBeUndefined();
  });

  it('hashes the JSON with the uid in it, as earlier releases did: an unchanged object is not written again on upgrade', async () => {
    const desired = await desiredOf(apiserver());
    // The applied hash the previous release recorded for this object with this uid (computed with
    // its code): status.appliedHash of existing objects stays valid.
    expect(
      contentHash({ content: kind.hashable!(desired, 'apiserver-1a2b3c4d'), secrets: {}, configMaps: {} }),
    ).toBe('sha256:380373b98e2f24b68f510d01dbde7507');
  });
});

describe('GrafanaDashboard reads against the double (calls counted), writes and removes through the sync layer', () => {
  let double: GrafanaDouble;
  let target: InstanceTarget;
  const kind = grafanaDashboardKind();
  const uid = 'hosts-0a1b2c3d';

  let fixture: DoubleTarget;

  beforeEach(async () => {
    fixture = await startDoubleTarget();
    ({ double, target } = fixture);
  });

  afterEach(() => fixture.stop());

  /** The op for an inline-JSON object whose status recorded `version` on "main". */
  const desiredFor = async (
    json: string,
    version?: number,
  ): Promise<InstanceOp<GrafanaDashboard, DesiredDashboard>> => {
    const inputs = json.includes('"__inputs"');
    const object: GrafanaDashboard = {
      metadata: { name: 'hosts', namespace: 'ns' },
      spec: {
        instanceSelector: {},
        json,
        ...(inputs ? { datasources: [{ inputName: 'DS_PROMETHEUS', datasourceUid: 'prom-uid' }] } : {}),
      },
      status: version === undefined ? {} : { instances: [{ name: 'main', synced: true, uid, version }] },
    };
    const context = {
      object,
      key: 'ns/hosts',
      namespace: 'ns',
      uid,
      references: new Set<string>(),
    } as unknown as KindContext<GrafanaDashboard>;
    return opOn(context, target, (await kind.desired(context, target)) as DesiredDashboard);
  };
  /** The same op with other desired content. */
  const changed = (
    op: InstanceOp<GrafanaDashboard, DesiredDashboard>,
    patch: Partial<DesiredDashboard>,
  ): InstanceOp<GrafanaDashboard, DesiredDashboard> => ({ ...op, desired: { ...op.desired, ...patch } });
  const calls = () =>
    double.requests.map((r) => `${r.method} ${r.path.replace(/\/uid\/.*/, '/uid/:uid')}`).sort();
  const ageSnapshots = () => {
    target.snapshots = new SnapshotCache(10_000);
  };

  it('a search that lags behind writes (§6.8) neither hides our dashboard nor shows a deleted one', async () => {
    double.options.searchLagMs = 60 * 60_000;
    const first = await desiredFor(nodeExporter());
    await writeThrough(kind, createOf(first));
    ageSnapshots();
    // Search does not list it yet: a GET finds it, so nothing is created again.
    expect(await kind.observe(await desiredFor(nodeExporter(), 1))).toMatchObject({
      uid,
      version: 1,
    });
    await removeThrough(kind, target, uid);
    ageSnapshots();
    // Search still lists it: the storage list and a GET say it is gone.
    expect(await kind.observe(await desiredFor(nodeExporter(), 1))).toBeUndefined();
  });

  it('a save answered with version 0 (12.0-era builds, §6.7) records no version; the next check reads the real one and writes nothing', async () => {
    double.options.saveAnswerVersion = 'zero';
    const applied = await writeThrough(kind, createOf(await desiredFor(nodeExporter())));
    expect(applied.uid).toBe(uid);
    expect(applied.version).toBeUndefined();
    ageSnapshots();
    double.clearRequests();
    const unrecorded = await desiredFor(nodeExporter());
    const observed = await kind.observe(unrecorded);
    expect(observed).toMatchObject({ uid, version: 1 });
    expect(kind.diff(unrecorded.desired, observed!)).toEqual([]);
    expect(double.writes()).toEqual([]);
  });

  it('creates after the two shared lists alone, without overwrite; an unchanged check costs the two lists and no GET; an edit costs one GET', async () => {
    const first = await desiredFor(nodeExporter());
    expect(await kind.observe(first)).toBeUndefined();
    const applied = await writeThrough(kind, createOf(first));
    expect(applied).toMatchObject({ uid, version: 1, url: `/d/${uid}/node-exporter-host-overview` });
    // Both lists are read at once; in neither, the dashboard is created without overwrite (which
    // Grafana refuses if the uid is taken): no GET first.
    expect(calls()).toEqual([
      'GET /api/search',
      'GET /apis/dashboard.grafana.app',
      'GET /apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards',
      'POST /api/dashboards/db',
    ]);
    const save = double.requests.find((r) => r.method === 'POST')!.body as JsonObject;
    expect(save).toMatchObject({
      overwrite: false,
      folderUid: '',
      message: 'Applied by grafana-provisioning-operator from ns/hosts',
    });
    expect(save.dashboard).not.toHaveProperty('id');
    expect(save.dashboard).not.toHaveProperty('version');
    expect(save.dashboard).not.toHaveProperty('__inputs');

    // A resync later: fresh lists, version as recorded → no GET, no drift.
    double.clearRequests();
    ageSnapshots();
    const again = await desiredFor(nodeExporter(), applied.version);
    const seen = await kind.observe(again);
    expect(seen).toMatchObject({ uid, version: 1 });
    expect(seen).not.toHaveProperty('dashboard');
    expect(kind.diff(again.desired, seen!)).toEqual([]);
    // (The served version was discovered at the first read, and is kept.)
    expect(calls()).toEqual([
      'GET /api/search',
      'GET /apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards',
    ]);
    expect(double.requests.find((r) => r.path.endsWith('/dashboards'))!.headers.accept).toContain(
      'as=PartialObjectMetadataList',
    );

    // Someone edits it in the UI: the version moves, one GET, drift named.
    dashboardsOf(double.state.org(1)).uiEditDashboard(uid, (data) => {
      (data.panels as JsonObject[])[9]!.title = 'CPU (edited)';
    });
    double.clearRequests();
    ageSnapshots();
    const edited = await kind.observe(again);
    expect(edited).toMatchObject({ version: 2, folderUid: '' });
    expect(kind.diff(again.desired, edited!)).toEqual(['panels[9].title']);
    expect(calls()).toEqual([
      'GET /api/dashboards/uid/:uid',
      'GET /api/search',
      'GET /apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards',
    ]);
    // Reverted: the next check within the same snapshot window reads nothing.
    const reverted = await writeThrough(kind, writeOf(again, edited));
    expect(reverted.version).toBe(3);
    double.clearRequests();
    const after = await desiredFor(nodeExporter(), reverted.version);
    expect(kind.diff(after.desired, (await kind.observe(after))!)).toEqual([]);
    expect(calls()).toEqual([]);
  });

  it('a save Grafana lands on another dashboard (§6.5) is a Conflict, after which both shared lists are read again', async () => {
    double.options.dashboardTitleOverwrite = true;
    const first = await desiredFor(nodeExporter());
    const applied = await writeThrough(kind, createOf(first));
    dashboardsOf(double.state.org(1)).seedDashboard({ uid: 'by-hand', title: 'Taken', data: { panels: [] } });
    const again = await desiredFor(nodeExporter(), applied.version);
    const observed = await kind.observe(again);
    const retitled = changed(again, { dashboard: { ...again.desired.dashboard, title: 'Taken' } });
    await expect(writeThrough(kind, writeOf(retitled, observed))).rejects.toMatchObject({
      reason: 'Conflict',
      message: expect.stringContaining('over the existing dashboard by-hand') as unknown,
    });
    double.clearRequests();
    await kind.observe(again);
    expect(calls()).toEqual(
      expect.arrayContaining(['GET /api/search', expect.stringMatching(/\/dashboards$/)]),
    );
  });

  it('on 11.0–11.2 a create whose title another dashboard took since the lists were read is refused by Grafana, not saved over it (§6.5)', async () => {
    double.options.dashboardTitleOverwrite = true;
    const first = await desiredFor(nodeExporter());
    expect(await kind.observe(first)).toBeUndefined();
    const title = String(first.desired.dashboard.title);
    dashboardsOf(double.state.org(1)).seedDashboard({ uid: 'by-hand', title, data: { panels: [] } });
    await expect(writeThrough(kind, createOf(first))).rejects.toMatchObject({
      reason: 'Conflict',
      message: expect.stringContaining(`another dashboard already has the title "${title}"`) as unknown,
    });
    expect((await target.api.dashboards.get('by-hand')).dashboard).toMatchObject({ uid: 'by-hand', title });
    expect(dashboardsOf(double.state.org(1)).dashboard(uid)).toBeUndefined();
  });

  it('with editableInGrafana an edit is read but not drift', async () => {
    const object = await desiredFor(nodeExporter());
    const applied = await writeThrough(kind, createOf(changed(object, { editable: true })));
    dashboardsOf(double.state.org(1)).uiEditDashboard(uid, { title: 'Renamed in the UI' });
    const editable = changed(await desiredFor(nodeExporter(), applied.version), { editable: true });
    const seen = await kind.observe(editable);
    expect((seen as ObservedDashboard | undefined)?.title).toBe('Renamed in the UI');
    expect(kind.diff(editable.desired, seen!)).toEqual([]);
    expect(kind.diff({ ...editable.desired, editable: false }, seen!)).toEqual(['title']);
  });

  it('without the /apis group (11.x) every check is one GET, and an unchanged one is still no drift', async () => {
    double.options.dashboardApis = false;
    const first = await desiredFor(apiserver());
    const applied = await writeThrough(kind, createOf(first));
    double.clearRequests();
    ageSnapshots();
    const again = await desiredFor(apiserver(), applied.version);
    const seen = await kind.observe(again);
    expect(seen).toHaveProperty('dashboard');
    expect(kind.diff(again.desired, seen!)).toEqual([]);
    expect(calls()).toEqual([
      'GET /api/dashboards/uid/:uid',
      'GET /api/search',
      'GET /apis/dashboard.grafana.app',
    ]);
    // Discovery is not asked again for a while; the GET is.
    double.clearRequests();
    ageSnapshots();
    await kind.observe(again);
    expect(calls()).toEqual(['GET /api/dashboards/uid/:uid', 'GET /api/search']);
  });

  it('the folder is always drift, even when a move did not change the version', async () => {
    double.state.org(1).seedFolder({ uid: 'ops', title: 'Ops' });
    const first = changed(await desiredFor(apiserver()), { folderUid: 'ops' });
    const applied = await writeThrough(kind, createOf(first));
    const again = changed(await desiredFor(apiserver(), applied.version), { folderUid: 'ops' });
    // Moved without a new version: search shows the other folder, so it is read after all.
    dashboardsOf(double.state.org(1)).dashboard(uid)!.folderUid = '';
    ageSnapshots();
    double.clearRequests();
    const moved = await kind.observe(again);
    expect(moved).toMatchObject({ folderUid: '', version: applied.version });
    expect(kind.diff(again.desired, moved!)).toEqual(['folder']);
    expect(calls()).toContain('GET /api/dashboards/uid/:uid');
    // Moved and saved: the same.
    dashboardsOf(double.state.org(1)).dashboard(uid)!.version += 1;
    ageSnapshots();
    expect(kind.diff(again.desired, (await kind.observe(again))!)).toEqual(['folder']);
  });

  it('a dashboard made in Grafana since the lists were read is not created over: the refused create lets the lists go, and it is observed', async () => {
    const wanted = { ...(await desiredFor(apiserver())), uid: 'made-by-hand' };
    expect(await kind.observe(wanted)).toBeUndefined();
    await target.api.dashboards.save({
      dashboard: { uid: 'made-by-hand', title: 'By hand', panels: [] },
      folderUid: '',
      overwrite: false,
    });
    // The shared lists are still the ones read before the save.
    expect(await kind.observe(wanted)).toBeUndefined();
    await expect(writeThrough(kind, createOf(wanted))).rejects.toBeInstanceOf(MadeMeanwhileError);
    expect((await target.api.dashboards.get('made-by-hand')).dashboard).toMatchObject({ title: 'By hand' });
    expect(await kind.observe(wanted)).toMatchObject({ uid: 'made-by-hand', title: 'By hand' });
  });

  it('a dashboard only the version list shows (search lags, §6.8) is read by uid', async () => {
    const wanted = { ...(await desiredFor(apiserver())), uid: 'unsearched' };
    double.options.searchLagMs = 60_000;
    await target.api.dashboards.save({
      dashboard: { uid: 'unsearched', title: 'Not in search yet', panels: [] },
      folderUid: '',
      overwrite: false,
    });
    double.clearRequests();
    expect(await kind.observe(wanted)).toMatchObject({ uid: 'unsearched', title: 'Not in search yet' });
    expect(calls()).toContain('GET /api/dashboards/uid/:uid');
  });

  it('a dashboard deleted since the search is created again', async () => {
    const first = await desiredFor(apiserver());
    const applied = await writeThrough(kind, createOf(first));
    const again = await desiredFor(apiserver(), applied.version);
    expect(await kind.observe(again)).toMatchObject({ uid });
    dashboardsOf(double.state.org(1)).delete(uid);
    target.snapshots.invalidate('dashboard-versions');
    expect(await kind.observe(again)).toBeUndefined();
  });
});
