/**
 * The sync layer between a kind and Grafana, seen from outside: a real kind (GrafanaDatasource)
 * reconciled one step at a time against the real apiserver and two Grafana doubles, asserting
 * only what reaches Kubernetes (status, Events, finalizers), what reaches Grafana (through its
 * HTTP API and the double's request log) and which objects the layer asks to requeue. Instance
 * fan-out, the hash skip, drift, ownership and adopt, claims and deletionPolicy are the layer's,
 * not the kind's, so these tests hold however the layer is arranged inside.
 */
import {
  GrafanaDatasourceResource,
  GrafanaLibraryPanelResource,
  GrafanaNotificationTemplateResource,
  type GrafanaDatasource,
  type GrafanaDatasourceSpec,
  type GrafanaLibraryPanel,
  type GrafanaLibraryPanelSpec,
  type GrafanaNotificationTemplate,
  type GrafanaNotificationTemplateSpec,
} from '../../src/api/generated/index.js';
import { grafanaDatasourceKind } from '../../src/controllers/grafanadatasource.js';
import { grafanaLibraryPanelKind } from '../../src/controllers/grafanalibrarypanel.js';
import { grafanaNotificationTemplateKind } from '../../src/controllers/grafananotificationtemplate.js';
import { FINALIZER } from '../../src/runtime/finalizers.js';
import { GrafanaApi, GrafanaHttpClient, GrafanaNotFoundError } from '../../src/grafana/index.js';
import { GrafanaDouble } from '../grafana-double/server.js';
import { syncHarness, type SyncHarness } from '../support/sync-harness.js';

/** Longer than any list cache keeps a Grafana list (they are read again after this). */
const LIST_CACHE_AGED_MS = 60_000;

describe('sync layer (Grafana objects): fan-out, hash skip, drift, ownership, claims, deletionPolicy', () => {
  let h: SyncHarness;
  const doubles: Record<'a' | 'b', GrafanaDouble> = { a: new GrafanaDouble(), b: new GrafanaDouble() };
  const apis: Partial<Record<'a' | 'b', GrafanaApi>> = {};
  const ui = (which: 'a' | 'b') => apis[which]!;
  const both = { matchLabels: { team: 'x' } };
  const onlyA = { matchLabels: { grafana: 'a' } };

  beforeAll(async () => {
    h = await syncHarness('sync-object', grafanaDatasourceKind);
    for (const which of ['a', 'b'] as const) {
      const url = await doubles[which].start();
      // What a person does in Grafana's UI, as the org's admin.
      apis[which] = new GrafanaApi(
        new GrafanaHttpClient({
          url,
          auth: { kind: 'basic', username: 'admin', password: 'admin' },
          retry: { limit: 0 },
        }),
      );
      await h.connect(which, doubles[which], { grafana: which, team: 'x' });
    }
  });

  afterAll(async () => {
    await h?.stop();
    for (const which of ['a', 'b'] as const) {
      apis[which]?.http.close();
      await doubles[which].stop();
    }
  });

  const spec = (extra: Partial<GrafanaDatasourceSpec> = {}): GrafanaDatasourceSpec => ({
    instanceSelector: both,
    type: 'prometheus',
    url: 'http://prometheus:9090',
    jsonData: { httpMethod: 'POST' },
    ...extra,
  });
  const create = (name: string, extra: Partial<GrafanaDatasourceSpec> = {}) =>
    h.kube.create<GrafanaDatasource>(GrafanaDatasourceResource, name, spec(extra));
  const get = (name: string) => h.kube.get<GrafanaDatasource>(GrafanaDatasourceResource, name);
  const ready = async (name: string) => (await get(name)).status?.conditions?.find((c) => c.type === 'Ready');
  const inGrafana = (which: 'a' | 'b', uid: string) =>
    ui(which)
      .datasources.getByUid(uid)
      .catch((err: unknown) => {
        if (err instanceof GrafanaNotFoundError) return undefined;
        throw err;
      });
  /** A datasource someone made in Grafana a, not through this operator. */
  const foreignInA = (uid: string, name: string) =>
    ui('a').datasources.create({ uid, name, type: 'prometheus', access: 'proxy', url: 'http://theirs:9090' });
  const writes = (which: 'a' | 'b') => doubles[which].writes().map((r) => `${r.method} ${r.path}`);
  const clearRequests = () => Object.values(doubles).forEach((d) => d.clearRequests());
  const eventsOf = async (name: string, reason: string) =>
    (await h.kube.events(name)).filter((e) => e.reason === reason);
  /** Deletes the object in Kubernetes and runs its finalization; resolves once it is gone. */
  const deleteAndFinalize = async (name: string) => {
    await h.kube.delete(GrafanaDatasourceResource, name);
    expect(await h.reconcile(name)).toEqual({});
    await h.kube.waitGone(GrafanaDatasourceResource, name);
  };

  it('writes the object to every selected instance and reports each in status, with the finalizer on', async () => {
    await create('fan');
    const result = await h.reconcile('fan');
    expect(result.retry).toBeUndefined();
    expect(result.requeueAfterMs).toBeGreaterThan(0);
    const object = await get('fan');
    expect(object.metadata?.finalizers).toContain(FINALIZER);
    expect(await ready('fan')).toMatchObject({
      status: 'True',
      reason: 'Synced',
      message: 'In sync on 2 instances',
    });
    const uid = object.status?.uid ?? '';
    expect(object.status).toMatchObject({ instancesSummary: '2/2', name: 'fan' });
    expect(object.status?.instances?.map((e) => [e.name, e.synced, e.uid])).toEqual([
      ['a', true, uid],
      ['b', true, uid],
    ]);
    for (const entry of object.status?.instances ?? []) expect(entry.appliedHash).toBeTruthy();
    for (const which of ['a', 'b'] as const)
      expect(await inGrafana(which, uid)).toMatchObject({ name: 'fan', url: 'http://prometheus:9090' });
  });

  it('an idle reconcile writes nothing to Grafana and nothing to Kubernetes, also once its lists are read again', async () => {
    const before = await get('fan');
    clearRequests();
    await h.reconcile('fan');
    h.advanceClock(LIST_CACHE_AGED_MS);
    await h.reconcile('fan');
    expect(writes('a')).toEqual([]);
    expect(writes('b')).toEqual([]);
    expect((await get('fan')).metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
  });

  it('hash skip does not skip a change made in Grafana: it is reverted on that instance alone, with a DriftReverted Warning', async () => {
    const before = await get('fan');
    const uid = before.status?.uid ?? '';
    const edited = await ui('b').datasources.getByUid(uid);
    await ui('b').datasources.update(uid, { ...edited, url: 'http://elsewhere:9090' });
    clearRequests();
    h.advanceClock(LIST_CACHE_AGED_MS);
    await h.reconcile('fan');
    expect(await inGrafana('b', uid)).toMatchObject({ url: 'http://prometheus:9090' });
    expect(writes('a')).toEqual([]);
    expect(writes('b')).toEqual([`PUT /api/datasources/uid/${uid}`]);
    expect(await eventsOf('fan', 'DriftReverted')).toEqual([
      expect.objectContaining({ type: 'Warning', message: 'b: reverting changes made in Grafana to url' }),
    ]);
    const after = await get('fan');
    // The spec did not change: what was applied is the same content.
    expect(after.status?.instances?.map((e) => e.appliedHash)).toEqual(
      before.status?.instances?.map((e) => e.appliedHash),
    );
    expect(await ready('fan')).toMatchObject({ status: 'True', reason: 'Synced' });
  });

  it('an object deleted in Grafana is created again; a spec change is written everywhere under a new hash, without a drift Event', async () => {
    const uid = (await get('fan')).status?.uid ?? '';
    await ui('a').datasources.delete(uid);
    h.advanceClock(LIST_CACHE_AGED_MS);
    await h.reconcile('fan');
    expect(await inGrafana('a', uid)).toMatchObject({ name: 'fan' });

    const before = await get('fan');
    await h.kube.patchSpec(GrafanaDatasourceResource, 'fan', { jsonData: { httpMethod: 'GET' } });
    await h.reconcile('fan');
    for (const which of ['a', 'b'] as const)
      expect(await inGrafana(which, uid)).toMatchObject({ jsonData: { httpMethod: 'GET' } });
    const after = await get('fan');
    expect(after.status?.instances?.[0]?.appliedHash).not.toBe(before.status?.instances?.[0]?.appliedHash);
    expect(await eventsOf('fan', 'DriftReverted')).toHaveLength(1);
  });

  it('an object already in Grafana with our uid is a Conflict, untouched, until spec.adopt takes it over', async () => {
    await foreignInA('preexisting', 'preexisting');
    await create('adoptee', { instanceSelector: onlyA, uid: 'preexisting', name: 'preexisting' });
    h.advanceClock(LIST_CACHE_AGED_MS);
    clearRequests();
    const result = await h.reconcile('adoptee');
    // Only a spec change resolves it: no hot retry against Grafana.
    expect(result.retry).toBeUndefined();
    expect(result.requeueAfterMs).toBeGreaterThan(0);
    expect(await ready('adoptee')).toMatchObject({
      status: 'False',
      reason: 'Conflict',
      message:
        'a: uid preexisting already exists in Grafana and was not created by this object; set spec.adopt: true to take it over',
    });
    expect(writes('a')).toEqual([]);
    expect(await inGrafana('a', 'preexisting')).toMatchObject({ url: 'http://theirs:9090' });

    await h.kube.patchSpec(GrafanaDatasourceResource, 'adoptee', { adopt: true });
    await h.reconcile('adoptee');
    expect(await ready('adoptee')).toMatchObject({ status: 'True', reason: 'Synced' });
    expect(await inGrafana('a', 'preexisting')).toMatchObject({ url: 'http://prometheus:9090' });
  });

  it('an object created in Grafana after the list was read is judged like one that was there: a Conflict, or adopted when asked', async () => {
    // Grafana's list is read now, before the objects below exist there.
    await create('list-reader', { instanceSelector: onlyA });
    await h.reconcile('list-reader');
    for (const uid of ['meanwhile', 'meanwhile-adopted', 'meanwhile-other']) await foreignInA(uid, uid);
    await create('late', { instanceSelector: onlyA, uid: 'meanwhile', name: 'meanwhile' });
    await create('late-adopter', {
      instanceSelector: onlyA,
      uid: 'meanwhile-adopted',
      name: 'meanwhile-adopted',
      adopt: true,
    });
    await create('late-same-name', { instanceSelector: onlyA, name: 'meanwhile-other' });
    await h.reconcile('late');
    expect(await ready('late')).toMatchObject({
      status: 'False',
      reason: 'Conflict',
      message:
        'a: uid meanwhile already exists in Grafana and was not created by this object; set spec.adopt: true to take it over',
    });
    expect(await inGrafana('a', 'meanwhile')).toMatchObject({ url: 'http://theirs:9090' });
    await h.reconcile('late-same-name');
    expect((await ready('late-same-name'))?.message).toMatch(
      /^a: an object \(uid meanwhile-other\) already exists in Grafana with the same name and was not created by this object; set spec\.adopt: true/,
    );
    await h.reconcile('late-adopter');
    expect(await ready('late-adopter')).toMatchObject({ status: 'True', reason: 'Synced' });
    expect(await inGrafana('a', 'meanwhile-adopted')).toMatchObject({ url: 'http://prometheus:9090' });
  });

  it('another object in Grafana with our unique name is a Conflict too, and nothing is created beside it', async () => {
    await foreignInA('theirs', 'taken-name');
    await create('clasher', { instanceSelector: onlyA, name: 'taken-name' });
    h.advanceClock(LIST_CACHE_AGED_MS);
    clearRequests();
    await h.reconcile('clasher');
    expect(await ready('clasher')).toMatchObject({ status: 'False', reason: 'Conflict' });
    expect((await ready('clasher'))?.message).toMatch(
      /^a: an object \(uid theirs\) already exists in Grafana with the same name and was not created by this object; set spec\.adopt: true/,
    );
    expect(writes('a')).toEqual([]);
  });

  it('two objects claiming one uid: the older keeps it; when it goes, the other is requeued and takes the uid', async () => {
    await create('claim-first', { instanceSelector: onlyA, uid: 'claimed' });
    await create('claim-second', { instanceSelector: onlyA, uid: 'claimed' });
    await h.reconcile('claim-first');
    h.takeRequeued();
    clearRequests();
    await h.reconcile('claim-second');
    expect(await ready('claim-second')).toMatchObject({
      status: 'False',
      reason: 'Conflict',
      message: `a: uid claimed in this Grafana org is already managed by GrafanaDatasource ${h.kube.namespace}/claim-first`,
    });
    expect(writes('a')).toEqual([]);
    expect(await inGrafana('a', 'claimed')).toMatchObject({ name: 'claim-first' });

    await deleteAndFinalize('claim-first');
    expect(await inGrafana('a', 'claimed')).toBeUndefined();
    expect(h.takeRequeued()).toEqual([`${h.kube.namespace}/claim-second`]);
    await h.reconcile('claim-second');
    expect(await ready('claim-second')).toMatchObject({ status: 'True', reason: 'Synced' });
    expect(await inGrafana('a', 'claimed')).toMatchObject({ name: 'claim-second' });
  });

  it('deletion: Delete removes the object from every instance, Orphan leaves it there; both let the object go', async () => {
    await create('dropped', { deletionPolicy: 'Delete' });
    await create('kept', { deletionPolicy: 'Orphan' });
    await h.reconcile('dropped');
    await h.reconcile('kept');
    const dropped = (await get('dropped')).status?.uid ?? '';
    const kept = (await get('kept')).status?.uid ?? '';
    await deleteAndFinalize('dropped');
    await deleteAndFinalize('kept');
    for (const which of ['a', 'b'] as const) {
      expect(await inGrafana(which, dropped)).toBeUndefined();
      expect(await inGrafana(which, kept)).toMatchObject({ name: 'kept' });
    }
  });

  it('an instance no longer selected: Delete removes the object from it, Orphan leaves it; either way status drops it', async () => {
    await create('leaves', { deletionPolicy: 'Delete' });
    await create('stays', { deletionPolicy: 'Orphan' });
    for (const name of ['leaves', 'stays']) {
      await h.reconcile(name);
      await h.kube.patchSpec(GrafanaDatasourceResource, name, { instanceSelector: onlyA });
      await h.reconcile(name);
      const object = await get(name);
      expect(object.status?.instances?.map((e) => e.name)).toEqual(['a']);
      expect(object.status?.instancesSummary).toBe('1/1');
      expect(await inGrafana('a', object.status?.uid ?? '')).toBeDefined();
    }
    expect(await inGrafana('b', (await get('leaves')).status?.uid ?? '')).toBeUndefined();
    expect(await inGrafana('b', (await get('stays')).status?.uid ?? '')).toMatchObject({ name: 'stays' });
  });

  it('a failure on one instance fails only that instance: the others are written, the object is retried', async () => {
    await create('half');
    const fault = doubles.b.injectFault({ method: 'POST', path: '/api/datasources', status: 500 });
    try {
      const result = await h.reconcile('half');
      expect(result.retry).toBe(true);
      const object = await get('half');
      expect(object.status?.instancesSummary).toBe('1/2');
      expect(object.status?.instances?.map((e) => [e.name, e.synced])).toEqual([
        ['a', true],
        ['b', false],
      ]);
      expect((await ready('half'))?.message).toMatch(/^b: /);
      expect(await inGrafana('a', object.status?.uid ?? '')).toBeDefined();
    } finally {
      fault.remove();
    }
    await h.reconcile('half');
    expect(await ready('half')).toMatchObject({ status: 'True', reason: 'Synced' });
  });

  it('no matching instance, and an instance not Ready, are said in Ready without writing anywhere', async () => {
    await create('nowhere', { instanceSelector: { matchLabels: { grafana: 'none' } } });
    await h.reconcile('nowhere');
    expect(await ready('nowhere')).toMatchObject({ status: 'False', reason: 'NoMatchingInstance' });

    // An instance whose Secret does not exist never becomes Ready.
    await h.kube.instance(
      'down',
      { url: doubles.a.url, auth: { token: { secretKeyRef: { name: 'missing', key: 'token' } } } },
      { grafana: 'down' },
    );
    await h.seesInstance('down', (i) => i !== undefined);
    await create('waits', { instanceSelector: { matchLabels: { grafana: 'down' } } });
    clearRequests();
    const result = await h.reconcile('waits');
    expect(result.retry).toBe(true);
    expect(await ready('waits')).toMatchObject({ status: 'False', reason: 'InstanceNotReady' });
    expect(writes('a')).toEqual([]);
  });
});

/** What a person does in Grafana's UI, as the org's admin. */
function adminApi(url: string): GrafanaApi {
  return new GrafanaApi(
    new GrafanaHttpClient({
      url,
      auth: { kind: 'basic', username: 'admin', password: 'admin' },
      retry: { limit: 0 },
    }),
  );
}

/** A describe block's harness with one double connected as instance "a" (label grafana: a). */
function oneInstance(start: () => Promise<SyncHarness>): {
  h: SyncHarness;
  double: GrafanaDouble;
  ui: GrafanaApi;
} {
  const setup = { double: new GrafanaDouble() } as { h: SyncHarness; double: GrafanaDouble; ui: GrafanaApi };
  beforeAll(async () => {
    setup.h = await start();
    setup.ui = adminApi(await setup.double.start());
    await setup.h.connect('a', setup.double, { grafana: 'a' });
  });
  afterAll(async () => {
    await setup.h?.stop();
    setup.ui?.http.close();
    await setup.double.stop();
  });
  return setup;
}

describe('sync layer: a group made in Grafana between the list and an upserting write (GrafanaNotificationTemplate)', () => {
  const a = oneInstance(() => syncHarness('sync-meanwhile', grafanaNotificationTemplateKind));
  const selector = { matchLabels: { grafana: 'a' } };
  const group = (name: string) => `{{ define "${name}" }}ours{{ end }}`;

  const create = (name: string, extra: Partial<GrafanaNotificationTemplateSpec> = {}) =>
    a.h.kube.create<GrafanaNotificationTemplate>(GrafanaNotificationTemplateResource, name, {
      instanceSelector: selector,
      template: group(name),
      ...extra,
    });
  const ready = async (name: string) =>
    (
      await a.h.kube.get<GrafanaNotificationTemplate>(GrafanaNotificationTemplateResource, name)
    ).status?.conditions?.find((c) => c.type === 'Ready');

  it("the write's fresh read hands it back to the layer: a Conflict without adopt, taken over with it", async () => {
    // Grafana's list is read now, before the groups below exist there.
    await create('list-reader');
    await a.h.reconcile('list-reader');
    for (const name of ['late', 'late-adopter'])
      await a.ui.notificationTemplates.put(name, { template: `{{ define "${name}" }}by hand{{ end }}` });
    await create('late');
    await create('late-adopter', { adopt: true });

    await a.h.reconcile('late');
    const refused = await ready('late');
    expect(`${refused?.reason}: ${refused?.message}`).toBe(
      'Conflict: a: notification template group "late" already exists in Grafana (provenance api) and was not created by this object; set spec.adopt: true to take it over',
    );
    expect((await a.ui.notificationTemplates.find('late'))?.template).toBe(
      '{{ define "late" }}by hand{{ end }}',
    );

    await a.h.reconcile('late-adopter');
    expect(await ready('late-adopter')).toMatchObject({ status: 'True', reason: 'Synced' });
    expect(await a.ui.notificationTemplates.find('late-adopter')).toMatchObject({
      template: group('late-adopter'),
      provenance: 'api',
    });
  });
});

describe('sync layer: a panel made in Grafana between the read by uid and the create (GrafanaLibraryPanel)', () => {
  const a = oneInstance(() => syncHarness('sync-panel', grafanaLibraryPanelKind));
  const selector = { matchLabels: { grafana: 'a' } };
  const model = { type: 'stat', title: 'Ours' };

  const create = (name: string, extra: Partial<GrafanaLibraryPanelSpec> = {}) =>
    a.h.kube.create<GrafanaLibraryPanel>(GrafanaLibraryPanelResource, name, {
      instanceSelector: selector,
      model,
      ...extra,
    });
  const ready = async (name: string) =>
    (await a.h.kube.get<GrafanaLibraryPanel>(GrafanaLibraryPanelResource, name)).status?.conditions?.find(
      (c) => c.type === 'Ready',
    );
  /** A panel made by hand that the operator's read by uid, answered just before, did not see. */
  const madeAfterTheRead = async (uid: string) => {
    await a.ui.libraryPanels.create({
      uid,
      name: `by hand ${uid}`,
      model: { type: 'stat', title: 'Theirs' },
    });
    a.double.injectFault({ method: 'GET', path: `/api/library-elements/${uid}`, status: 404, times: 1 });
  };

  it('the refused create hands it back to the layer: a Conflict without adopt, taken over with it', async () => {
    // Grafana's list is read now, before the panels below exist there.
    await create('list-reader');
    await a.h.reconcile('list-reader');
    await create('late', { uid: 'late-panel' });
    await create('late-adopter', { uid: 'adopted-panel', adopt: true });
    const calls = () =>
      a.double.requests
        .filter((r) => r.path.startsWith('/api/library-elements'))
        .map((r) => `${r.method} ${r.path} ${r.status}`);

    await madeAfterTheRead('late-panel');
    a.double.clearRequests();
    await a.h.reconcile('late');
    const refused = await ready('late');
    expect(`${refused?.reason}: ${refused?.message}`).toBe(
      'Conflict: a: uid late-panel already exists in Grafana and was not created by this object; set spec.adopt: true to take it over',
    );
    // Refused as existing, found by uid, then judged on the list read again: not overwritten.
    expect(calls()).toEqual([
      'GET /api/library-elements/late-panel 404',
      'POST /api/library-elements 400',
      'GET /api/library-elements/late-panel 200',
      'GET /api/library-elements 200',
    ]);
    expect(await a.ui.libraryPanels.get('late-panel')).toMatchObject({
      name: 'by hand late-panel',
      version: 1,
    });

    await madeAfterTheRead('adopted-panel');
    await a.h.reconcile('late-adopter');
    expect(await ready('late-adopter')).toMatchObject({ status: 'True', reason: 'Synced' });
    expect(await a.ui.libraryPanels.get('adopted-panel')).toMatchObject({ name: 'late-adopter', version: 2 });
  });

  it('a create refused for our name, taken in the folder since the list was read, goes back to the layer too', async () => {
    await create('name-list-reader');
    await a.h.reconcile('name-list-reader');
    await create('named-late', { name: 'taken later' });
    await create('named-late-adopter', { name: 'taken later too', adopt: true });
    for (const name of ['taken later', 'taken later too'])
      await a.ui.libraryPanels.create({
        uid: `hand-${name.length}`,
        name,
        model: { type: 'stat', title: 'Theirs' },
      });

    await a.h.reconcile('named-late');
    const refused = await ready('named-late');
    expect(`${refused?.reason}: ${refused?.message}`).toMatch(
      /^Conflict: a: an object \(uid hand-11\) already exists in Grafana with the same name and was not created by this object; set spec\.adopt: true/,
    );
    expect(await a.ui.libraryPanels.get('hand-11')).toMatchObject({ name: 'taken later', version: 1 });

    await a.h.reconcile('named-late-adopter');
    expect(await ready('named-late-adopter')).toMatchObject({ status: 'True', reason: 'Synced' });
    expect(await a.ui.libraryPanels.get('hand-15')).toMatchObject({
      name: 'taken later too',
      model: expect.objectContaining({ title: 'Ours' }),
      version: 2,
    });
  });
});
