import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import {
  GrafanaDashboardResource,
  GrafanaFolderResource,
  type GrafanaDashboard,
  type GrafanaFolder,
} from '../../src/api/generated/index.js';
import { GrafanaNotFoundError } from '../../src/grafana/index.js';
import { CoreTypes, type KubeObject } from '../../src/runtime/kube/types.js';
import { e2eCluster } from '../support/cluster.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { editsIn } from '../support/grafana-edits.js';
import { pageOf } from '../support/grafana.js';
import { eventually } from '../support/wait.js';
import { reconcileNow, reconcileOnFreshLists, waitOutSnapshots } from '../support/operator.js';

type Json = Record<string, unknown>;

const fixture = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`../fixtures/dashboards/${name}`, import.meta.url), 'utf8')) as Json;

/**
 * "Kubernetes / API server" as exported (id and version of the Grafana it came from), retitled and
 * without its uid: the tests using it are about other things and create many objects from it, so
 * each gets the uid derived from its name. The uid tests give theirs one.
 */
const apiserver = (title: string, extra: Json = {}): Json => {
  const { uid: _uid, ...exported } = fixture('kubernetes-apiserver.json');
  return { ...exported, title, ...extra };
};

/**
 * A dashboard the size of a big fleet overview, ~900 KiB of JSON: rows of time series, each with
 * several queries, thresholds and overrides, as Grafana exports them.
 */
function largeDashboard(targetBytes: number): Json {
  const panels: Json[] = [];
  const dashboard: Json = { ...apiserver('Fleet overview (large)'), panels };
  let size = JSON.stringify(dashboard).length;
  for (let i = 0; size < targetBytes; i++) {
    const y = Math.floor(i / 2) * 8;
    const panel: Json =
      i % 12 === 0
        ? {
            collapsed: false,
            gridPos: { h: 1, w: 24, x: 0, y },
            id: i + 1,
            panels: [],
            title: `Region ${i / 12}`,
            type: 'row',
          }
        : {
            datasource: { type: 'prometheus', uid: 'P1809F7CD0C75ACF3' },
            description: `Saturation of service group ${i}: CPU, memory and request queue depth per pod.`,
            fieldConfig: {
              defaults: {
                color: { mode: 'palette-classic' },
                custom: {
                  drawStyle: 'line',
                  fillOpacity: 10,
                  lineWidth: 1,
                  showPoints: 'never',
                  spanNulls: false,
                },
                thresholds: {
                  mode: 'absolute',
                  steps: [
                    { color: 'green', value: null },
                    { color: 'orange', value: 0.7 },
                    { color: 'red', value: 0.9 },
                  ],
                },
                unit: 'percentunit',
              },
              overrides: [
                {
                  matcher: { id: 'byName', options: 'limit' },
                  properties: [{ id: 'custom.lineStyle', value: { dash: [10, 10], fill: 'dash' } }],
                },
              ],
            },
            gridPos: { h: 8, w: 12, x: (i % 2) * 12, y },
            id: i + 1,
            options: {
              legend: { calcs: ['mean', 'max'], displayMode: 'table', placement: 'right', showLegend: true },
              tooltip: { mode: 'multi', sort: 'desc' },
            },
            targets: ['cpu', 'memory', 'queue'].map((metric, k) => ({
              datasource: { type: 'prometheus', uid: 'P1809F7CD0C75ACF3' },
              expr: `sum by (pod) (rate(container_${metric}_usage_total{namespace="group-${i}", container!=""}[$__rate_interval])) / sum by (pod) (kube_pod_container_resource_limits{namespace="group-${i}", resource="${metric}"})`,
              legendFormat: `{{pod}} ${metric}`,
              refId: String.fromCharCode(65 + k),
            })),
            title: `Service group ${i} saturation`,
            type: 'timeseries',
          };
    panels.push(panel);
    size += JSON.stringify(panel).length + 1;
  }
  return dashboard;
}

describe('GrafanaDashboard', () => {
  const cluster = e2eCluster();
  let f: ObjectFixture;
  /** Names unique per run, so a shared real Grafana does not see clashes between runs. */
  let n: (name: string) => string;
  /** A dashboard uid unique per run (the JSON's uid is the dashboard's uid): `base_<run>`. */
  let u: (base: string) => string;
  /** A local "dashboard host" and grafana.com stand-in. */
  let server: Server;
  let serverUrl: string;
  const served: Array<{ path: string; authorization: string | undefined }> = [];
  const previousGrafanaCom = process.env.GRAFANA_COM_URL;

  beforeAll(async () => {
    server = createServer((req, res) => {
      served.push({ path: req.url ?? '', authorization: req.headers.authorization });
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url?.split('?')[0] === '/private/hosts.json') {
        if (req.headers.authorization !== 'Bearer download-token')
          return send(401, { message: 'unauthorized' });
        return send(200, { ...fixture('node-exporter.json'), uid: u('hosts_from_url') });
      }
      const gnet = /^\/api\/dashboards\/1860\/revisions\/(37|latest)\/download$/.exec(req.url ?? '');
      if (gnet)
        return send(200, {
          ...fixture('node-exporter.json'),
          gnetId: 1860,
          title: `Node Exporter (rev ${gnet[1]})`,
          uid: u(`gnet_${gnet[1]}`),
        });
      send(404, { message: 'not found' });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.GRAFANA_COM_URL = serverUrl;

    f = await objectFixture('dashboard');
    n = (name) => `${name}-${f.kube.namespace}`;
    u = (base) => `${base}_${f.kube.namespace.slice(-8)}`;
    await f.kube.secret('download-auth', { authorization: 'Bearer download-token\n' });
  });

  afterAll(async () => {
    await f?.stop();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    if (previousGrafanaCom === undefined) delete process.env.GRAFANA_COM_URL;
    else process.env.GRAFANA_COM_URL = previousGrafanaCom;
  });

  const spec = (extra: Json) => ({ instanceSelector: f.selector, resyncPeriod: '10s', ...extra });
  const inline = (dashboard: Json, extra: Json = {}) => spec({ json: JSON.stringify(dashboard), ...extra });
  const synced = async (name: string, timeoutMs?: number) =>
    (await f.kube.waitReady(
      GrafanaDashboardResource,
      name,
      { status: 'True', reason: 'Synced' },
      timeoutMs,
    )) as GrafanaDashboard;
  const uidOf = async (name: string) => (await synced(name)).status?.uid ?? '';
  const stored = async (uid: string) =>
    (await f.grafana.api.dashboards.get(uid)).dashboard as Json & { panels?: Json[] };
  const configMap = async (name: string, data: Record<string, string>) => {
    const body = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: f.kube.namespace },
      data,
    };
    const existing = await f.kube.client.find(CoreTypes.configMap, f.kube.namespace, name);
    if (existing)
      await f.kube.client.replace(CoreTypes.configMap, f.kube.namespace, name, {
        ...body,
        metadata: { ...body.metadata, resourceVersion: existing.metadata?.resourceVersion },
      } as KubeObject);
    else await f.kube.client.create(CoreTypes.configMap, f.kube.namespace, body as KubeObject);
  };
  /** Matches a save of a dashboard with this title, among the operator's requests. */
  const savesTitled = (title: string) =>
    expect.objectContaining({
      path: '/api/dashboards/db',
      body: expect.objectContaining({ dashboard: expect.objectContaining({ title }) }),
    });
  /** The operator's requests about one dashboard uid (GETs and saves). */
  const touching = (uid: string) =>
    f.grafana.recorder.requests.filter(
      (r) =>
        r.path === `/api/dashboards/uid/${uid}` ||
        (r.path === '/api/dashboards/db' &&
          (r.body as { dashboard?: { uid?: string } })?.dashboard?.uid === uid),
    );

  it('the CRD refuses no content or two contents, two folders, and a datasource entry with both or neither', async () => {
    const create = (name: string, body: unknown) =>
      f.kube.client.create(GrafanaDashboardResource, f.kube.namespace, {
        apiVersion: 'grafana.provisioning.dev/v1beta1',
        kind: 'GrafanaDashboard',
        metadata: { name },
        spec: body,
      } as never);
    const one =
      /set exactly one source for the dashboard's content: json, gzipJson, configMapRef, url or grafanaCom/;
    await expect(create('none', spec({}))).rejects.toThrow(one);
    await expect(create('two', spec({ json: '{}', grafanaCom: { id: 1860 } }))).rejects.toThrow(one);
    await expect(
      create('folders', inline(apiserver('x'), { folderRef: 'a', folderUID: 'b' })),
    ).rejects.toThrow(/set folderRef or folderUID, not both/);
    await expect(
      create(
        'both',
        inline(apiserver('x'), {
          datasources: [{ inputName: 'DS_A', datasourceUid: 'a', datasourceName: 'a' }],
        }),
      ),
    ).rejects.toThrow(/needs either datasourceUid or datasourceName/);
    await expect(
      create('neither', inline(apiserver('x'), { datasources: [{ inputName: 'DS_A' }] })),
    ).rejects.toThrow(/needs either datasourceUid or datasourceName/);
    await expect(
      create(
        'auth-without-url',
        inline(apiserver('x'), { urlAuthorization: { secretKeyRef: { name: 's', key: 'k' } } }),
      ),
    ).rejects.toThrow(/urlAuthorization is only used together with url/);
  });

  it('inline JSON exported for sharing: inputs mapped by uid and by name, export keys dropped, status filled', async () => {
    const loki = await f.grafana.api.datasources.create({
      name: n('logs'),
      type: 'loki',
      access: 'proxy',
      url: 'http://loki.logging.svc:3100',
    });
    const exported = fixture('service-logs.json');
    // The library panel it references belongs to another test's world; keep the other panels.
    exported.panels = (exported.panels as Json[]).filter((p) => !p.libraryPanel);
    // Its uid ("service-logs"), made unique per run: the dashboard gets it.
    exported.uid = u(String(exported.uid));
    await f.kube.create(
      GrafanaDashboardResource,
      'service-logs',
      inline(exported, {
        datasources: [
          { inputName: 'DS_LOKI', datasourceName: n('logs') },
          { inputName: 'DS_PROMETHEUS', datasourceUid: 'prometheus-e2e' },
        ],
      }),
    );
    const object = await synced('service-logs');
    const uid = object.status?.uid ?? '';
    expect(uid).toBe(u('service-logs'));
    expect(object.status?.instances?.[0]).toMatchObject({
      name: 'main',
      synced: true,
      uid,
      version: expect.any(Number),
      url: pageOf(f.grafana, `/d/${uid}/service-logs`),
    });
    const got = await f.grafana.api.dashboards.get(uid);
    expect(got.meta.folderUid).toBe('');
    const dashboard = got.dashboard as unknown as Json & { panels: Json[]; templating: { list: Json[] } };
    expect(dashboard).toMatchObject({ uid, title: 'Service logs', editable: false, schemaVersion: 39 });
    for (const key of ['__inputs', '__requires', '__elements']) expect(dashboard).not.toHaveProperty(key);
    const text = JSON.stringify(dashboard);
    expect(text).not.toContain('${DS_');
    expect(text).not.toContain('${VAR_CLUSTER}');
    expect(dashboard.panels[0]!.datasource).toEqual({ type: 'loki', uid: loki.datasource.uid });
    expect(dashboard.templating.list[1]!.datasource).toEqual({ type: 'prometheus', uid: 'prometheus-e2e' });
    expect(dashboard.templating.list[0]!.query).toBe('prod-eu-1');
  });

  it("the JSON's uid is the dashboard's uid, from a ConfigMap too: reachable at /d/<uid>, so links between dashboards work", async () => {
    const podsUid = u('k8s_views_pods');
    // "Kubernetes / Views / Pods" is linked to by uid from the namespaces dashboard, as in the
    // dashboards people import; it comes from a ConfigMap, so its uid is known only once read.
    await configMap('views', {
      'pods.json': JSON.stringify(apiserver('Kubernetes / Views / Pods', { uid: podsUid })),
    });
    await f.kube.create(
      GrafanaDashboardResource,
      'views-pods',
      spec({ configMapRef: { name: 'views', key: 'pods.json' } }),
    );
    const namespacesUid = u('k8s_views_ns');
    await f.kube.create(
      GrafanaDashboardResource,
      'views-namespaces',
      inline(
        apiserver('Kubernetes / Views / Namespaces', {
          uid: namespacesUid,
          links: [{ title: 'Pods', type: 'link', url: `/d/${podsUid}/kubernetes-views-pods?orgId=1` }],
        }),
      ),
    );
    const pods = await synced('views-pods');
    expect(pods.status?.uid).toBe(podsUid);
    expect(pods.status?.instances?.[0]).toMatchObject({
      uid: podsUid,
      url: pageOf(f.grafana, `/d/${podsUid}/kubernetes-views-pods`),
    });
    expect((await synced('views-namespaces')).status?.uid).toBe(namespacesUid);
    // Follow the link as Grafana's page would: the uid in it finds the pods dashboard.
    const link = ((await stored(namespacesUid)).links as Array<{ url: string }>)[0]!.url;
    const linked = /^\/d\/([^/?]+)/.exec(link)?.[1] ?? '';
    const target = await f.grafana.api.dashboards.get(linked);
    expect(target.dashboard.title).toBe('Kubernetes / Views / Pods');
    expect(target.meta.url).toBe(`/d/${podsUid}/kubernetes-views-pods`);
  });

  it('two objects whose JSON has the same uid: the later one is a Conflict naming the other; spec.uid still wins', async () => {
    const uid = u('same_json_uid');
    await f.kube.create(GrafanaDashboardResource, 'uid-first', inline(apiserver(n('first'), { uid })));
    await synced('uid-first');
    await f.kube.create(GrafanaDashboardResource, 'uid-second', inline(apiserver(n('second'), { uid })));
    const refused = await f.kube.waitReady(GrafanaDashboardResource, 'uid-second', {
      status: 'False',
      reason: 'Conflict',
    });
    expect(refused.status?.conditions?.[0]?.message).toBe(
      `main: uid ${uid} in this Grafana org is already managed by GrafanaDashboard ${f.kube.namespace}/uid-first`,
    );
    expect((await stored(uid)).title).toBe(n('first'));
    // spec.uid over the JSON's: the same JSON lands elsewhere.
    const pinned = u('pinned');
    await f.kube.create(
      GrafanaDashboardResource,
      'uid-pinned',
      inline(apiserver(n('pinned'), { uid }), { uid: pinned }),
    );
    expect((await synced('uid-pinned')).status?.uid).toBe(pinned);
    expect((await stored(pinned)).title).toBe(n('pinned'));
    expect((await stored(uid)).title).toBe(n('first'));
  });

  it('a JSON uid Grafana would refuse is InvalidSpec saying why, and nothing is written', async () => {
    await f.kube.create(
      GrafanaDashboardResource,
      'uid-invalid',
      inline(apiserver(n('invalid'), { uid: 'k8s/views.pods' })),
    );
    const refused = await f.kube.waitReady(GrafanaDashboardResource, 'uid-invalid', {
      status: 'False',
      reason: 'InvalidSpec',
    });
    expect(refused.status?.conditions?.[0]?.message).toBe(
      'main: spec.json has the uid "k8s/views.pods", which Grafana refuses: it holds "/", "."; Grafana allows only letters, digits, - and _. Correct it, remove it (the uid is then derived from the object\'s name), or set spec.uid',
    );
    expect(refused.status?.instances?.[0]?.uid).toBeUndefined();
    expect(f.grafana.recorder.writes()).not.toContainEqual(savesTitled(n('invalid')));
  });

  it('a changed JSON uid is refused as a spec.uid change is, and the dashboard stays; one that used the derived uid keeps it', async () => {
    const before = u('moving_before');
    await configMap('moving', { 'd.json': JSON.stringify(apiserver(n('moving'), { uid: before })) });
    await f.kube.create(
      GrafanaDashboardResource,
      'uid-moving',
      spec({ configMapRef: { name: 'moving', key: 'd.json' } }),
    );
    expect(await uidOf('uid-moving')).toBe(before);
    const after = u('moving_after');
    await configMap('moving', {
      'd.json': JSON.stringify(apiserver(`${n('moving')} v2`, { uid: after })),
    });
    const refused = await f.kube.waitReady(GrafanaDashboardResource, 'uid-moving', {
      status: 'False',
      reason: 'InvalidSpec',
    });
    expect(refused.status?.conditions?.[0]?.message).toBe(
      `main: ConfigMap moving (key d.json) has the uid ${after}, but this object's uid in Grafana is ${before}, and a uid cannot change while the object exists (as spec.uid cannot): put uid ${before} back, or delete the object and create it again to move it to ${after}`,
    );
    expect(refused.status?.uid).toBe(before);
    expect((await stored(before)).title).toBe(n('moving'));
    await expect(f.grafana.api.dashboards.get(after)).rejects.toBeInstanceOf(GrafanaNotFoundError);

    // Created without a uid in its JSON (or by a release that ignored it): the derived uid stays
    // when the JSON gets one, and the Ready message says how to move.
    await f.kube.create(GrafanaDashboardResource, 'uid-derived', inline(apiserver(n('derived'))));
    const derived = await uidOf('uid-derived');
    expect(derived).toMatch(/^uid-derived-[0-9a-f]{8}$/);
    const wanted = u('derived_wanted');
    await f.kube.patchSpec(GrafanaDashboardResource, 'uid-derived', {
      json: JSON.stringify(apiserver(`${n('derived')} v2`, { uid: wanted })),
    });
    await eventually(async () => (await stored(derived)).title === `${n('derived')} v2`, {
      what: 'the change applied under the derived uid',
    });
    const kept = await synced('uid-derived');
    expect(kept.status?.uid).toBe(derived);
    expect(kept.status?.conditions?.[0]?.message).toBe(
      `In sync on 1 instance; keeps uid ${derived}, which it was created with, not uid ${wanted} from spec.json; delete the object and create it again to move it to ${wanted}`,
    );
    await expect(f.grafana.api.dashboards.get(wanted)).rejects.toBeInstanceOf(GrafanaNotFoundError);
  });

  it('an input without a datasource, or a datasource name that does not exist, says which', async () => {
    await f.kube.create(GrafanaDashboardResource, 'unmapped', inline(fixture('node-exporter.json')));
    const unmapped = await f.kube.waitReady(GrafanaDashboardResource, 'unmapped', {
      status: 'False',
      reason: 'InvalidSpec',
    });
    expect(unmapped.status?.conditions?.[0]?.message).toContain(
      "main: the dashboard's input DS_PROMETHEUS (prometheus) has no datasource",
    );
    await f.kube.patchSpec(GrafanaDashboardResource, 'unmapped', {
      datasources: [{ inputName: 'DS_PROMETHEUS', datasourceName: n('no-such-datasource') }],
    });
    const waiting = await f.kube.waitReady(GrafanaDashboardResource, 'unmapped', {
      status: 'False',
      reason: 'DependencyNotReady',
    });
    expect(waiting.status?.conditions?.[0]?.message).toContain(
      `datasource named "${n('no-such-datasource')}"`,
    );
  });

  it('a reconcile of unchanged dashboards writes nothing and GETs no dashboard: the shared lists say nothing moved', async () => {
    const names = ['idle-a', 'idle-b', 'idle-c'];
    await Promise.all(
      names.map((name) => f.kube.create(GrafanaDashboardResource, name, inline(apiserver(n(name))))),
    );
    const uids = await Promise.all(names.map(uidOf));
    const recorder = f.grafana.recorder;
    const reconciles = async () =>
      Number(
        /controller_runtime_reconcile_total\{controller="grafanadashboard",result="requeue_after"\} (\d+)/.exec(
          await (await fetch(f.operator.metricsUrl)).text(),
        )?.[1] ?? 0,
      );
    const before = await reconciles();
    await waitOutSnapshots();
    recorder.clearRequests();
    // A run for a change (the touch) once the lists are older than SNAPSHOT_MAX_AGE_MS: it may take
    // them as held, up to a resync old (test/e2e/sync-resync.test.ts counts that exactly), or as
    // the resync waves of this file's other dashboards read them meanwhile.
    await reconcileNow(f, GrafanaDashboardResource, names);
    expect((await reconciles()) - before).toBeGreaterThanOrEqual(names.length);
    expect(recorder.writes()).toEqual([]);
    expect(uids.flatMap(touching)).toEqual([]);
    const lists = recorder.requests.filter(
      (r) => r.path === '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards',
    );
    const searches = recorder.requests.filter((r) => r.path === '/api/search' && r.query.type === 'dash-db');
    // Shared by every dashboard of the instance: never one call per dashboard.
    expect(lists.length).toBeLessThanOrEqual(2);
    expect(searches.length).toBeLessThanOrEqual(2);
    const after = await Promise.all(
      names.map((name) => f.kube.get<GrafanaDashboard>(GrafanaDashboardResource, name)),
    );
    expect(after.map((o) => o.status?.instances?.[0]?.version)).toEqual([1, 1, 1]);
  });

  it('editableInGrafana: a UI edit is kept across resyncs, until the spec changes and wins again', async () => {
    await f.kube.create(
      GrafanaDashboardResource,
      'editable',
      inline(apiserver(n('editable')), { editableInGrafana: true }),
    );
    const uid = await uidOf('editable');
    expect((await stored(uid)).editable).toBe(true);
    const edited = await editsIn(f.grafana).editDashboard(uid, (data) => {
      (data.panels as Json[])[0]!.title = 'Tuned in the UI';
    });
    // A resync sees the new version, accepts it and records it; nothing is written.
    await reconcileOnFreshLists(f, GrafanaDashboardResource, ['editable']);
    await eventually(
      async () =>
        (await f.kube.get<GrafanaDashboard>(GrafanaDashboardResource, 'editable')).status?.instances?.[0]
          ?.version === edited.version,
      { timeoutMs: 45_000, what: 'the edited version recorded' },
    );
    await reconcileOnFreshLists(f, GrafanaDashboardResource, ['editable']);
    expect(touching(uid).filter((r) => r.method === 'POST')).toHaveLength(1);
    expect((await stored(uid)).panels?.[0]?.title).toBe('Tuned in the UI');
    expect((await f.kube.events('editable')).some((e) => e.reason === 'DriftReverted')).toBe(false);

    await f.kube.patchSpec(GrafanaDashboardResource, 'editable', {
      json: JSON.stringify(apiserver(n('editable'), { tags: ['kubernetes', 'control-plane'] })),
    });
    await eventually(async () => {
      const now = await stored(uid);
      return (
        now.panels?.[0]?.title === 'API server requests' && (now.tags as string[]).includes('control-plane')
      );
    });
  });

  it('invalid JSON is InvalidSpec with the parse position, and nothing is written; fixing it applies it', async () => {
    const broken = '{\n  "title": "Broken",\n  "panels": [\n    {"id": 1, "type": "text",}\n  ]\n}';
    await f.kube.create(GrafanaDashboardResource, 'broken', spec({ json: broken }));
    const object = await f.kube.waitReady(GrafanaDashboardResource, 'broken', {
      status: 'False',
      reason: 'InvalidSpec',
    });
    // No uid is shown while the JSON cannot be read: it may name the uid.
    expect(object.status?.uid).toBeUndefined();
    expect(object.status?.conditions?.[0]?.message).toBe(
      `main: spec.json is not valid JSON: unexpected "}", expected a property name in double quotes at line 4, column 30 (position 66)`,
    );
    await f.kube.patchSpec(GrafanaDashboardResource, 'broken', { json: '[{"title": "A list"}]' });
    const notObject = await f.kube.waitReady(GrafanaDashboardResource, 'broken', {
      status: 'False',
      reason: 'InvalidSpec',
    });
    expect(notObject.status?.conditions?.[0]?.message).toBe(
      'main: spec.json is an array, not a dashboard (a JSON object)',
    );
    expect(f.grafana.recorder.writes()).not.toContainEqual(savesTitled('Broken'));
    await f.kube.patchSpec(GrafanaDashboardResource, 'broken', {
      json: JSON.stringify(apiserver(n('fixed'))),
    });
    const uid = await uidOf('broken');
    expect(uid).toMatch(/^broken-[0-9a-f]{8}$/);
    const fixed = await f.grafana.api.dashboards.get(uid);
    expect(fixed.dashboard.title).toBe(n('fixed'));
    // Its first version: nothing was written before the fix.
    expect(fixed.meta.version).toBe(1);
    expect(f.grafana.recorder.writes()).toContainEqual(savesTitled(n('fixed')));
  });

  it('JSON nested 3,000 levels deep, or gzip that inflates past 32 MiB, is InvalidSpec saying where, and nothing is written', async () => {
    const deep = `{"title":"Deep","panels":[${'{"a":'.repeat(2998)}1${'}'.repeat(2998)}]}`;
    await f.kube.create(GrafanaDashboardResource, 'deep', spec({ json: deep }));
    const object = await f.kube.waitReady(GrafanaDashboardResource, 'deep', {
      status: 'False',
      reason: 'InvalidSpec',
    });
    expect(object.status?.conditions?.[0]?.message).toMatch(
      /^main: spec\.json is nested too deeply: more than 100 levels of objects and arrays at panels\[0\]\.a\.a\.a/,
    );
    expect(object.status?.uid).toBeUndefined();
    expect(f.grafana.recorder.writes()).not.toContainEqual(savesTitled('Deep'));

    const bomb = gzipSync(Buffer.alloc(40 * 1024 * 1024, 0x20)).toString('base64');
    await f.kube.create(GrafanaDashboardResource, 'bomb', spec({ gzipJson: bomb }));
    const inflated = await f.kube.waitReady(GrafanaDashboardResource, 'bomb', {
      status: 'False',
      reason: 'InvalidSpec',
    });
    expect(inflated.status?.conditions?.[0]?.message).toBe(
      'main: spec.gzipJson decompresses to more than 32 MiB, the largest dashboard accepted',
    );
  });

  it('gzipJson and a ConfigMap are sources too; a ConfigMap change re-applies the dashboard', async () => {
    await f.kube.create(
      GrafanaDashboardResource,
      'zipped',
      spec({ gzipJson: gzipSync(JSON.stringify(apiserver(n('zipped')))).toString('base64') }),
    );
    expect((await stored(await uidOf('zipped'))).title).toBe(n('zipped'));
    await f.kube.create(
      GrafanaDashboardResource,
      'not-zipped',
      spec({ gzipJson: Buffer.from(JSON.stringify(apiserver(n('plain')))).toString('base64') }),
    );
    const plain = await f.kube.waitReady(GrafanaDashboardResource, 'not-zipped', {
      status: 'False',
      reason: 'InvalidSpec',
    });
    expect(plain.status?.conditions?.[0]?.message).toContain('spec.gzipJson is not gzipped data');

    const hosts = { ...fixture('node-exporter.json'), uid: u('hosts_from_configmap') };
    await configMap('hosts-dashboard', { 'hosts.json': JSON.stringify(hosts) });
    await f.kube.create(
      GrafanaDashboardResource,
      'from-configmap',
      spec({
        configMapRef: { name: 'hosts-dashboard', key: 'hosts.json' },
        datasources: [{ inputName: 'DS_PROMETHEUS', datasourceUid: 'prometheus-e2e' }],
        resyncPeriod: '1h', // only the ConfigMap watch can re-apply within the test's patience
      }),
    );
    const uid = await uidOf('from-configmap');
    expect(uid).toBe(u('hosts_from_configmap'));
    expect((await stored(uid)).title).toBe('Node Exporter / Host Overview');
    await configMap('hosts-dashboard', { 'hosts.json': JSON.stringify({ ...hosts, title: 'Hosts (v2)' }) });
    await eventually(async () => (await stored(uid)).title === 'Hosts (v2)', {
      what: 'the ConfigMap change applied',
    });

    await f.kube.create(
      GrafanaDashboardResource,
      'missing-configmap',
      spec({ configMapRef: { name: 'not-there', key: 'x.json' } }),
    );
    const missing = await f.kube.waitReady(GrafanaDashboardResource, 'missing-configmap', {
      status: 'False',
      reason: 'ConfigMapNotFound',
    });
    expect(missing.status?.conditions?.[0]?.message).toContain('ConfigMap "not-there" not found');
  });

  it('a folderUID that names no folder is NotFound, with what Grafana said', async () => {
    await f.kube.create(
      GrafanaDashboardResource,
      'nowhere',
      inline(apiserver('Nowhere'), { folderUID: `no-such-folder-${f.kube.namespace}`.slice(0, 40) }),
    );
    const failed = await f.kube.waitReady(GrafanaDashboardResource, 'nowhere', {
      status: 'False',
      reason: 'NotFound',
    });
    expect(failed.status?.conditions?.[0]?.message).toMatch(
      /^main: Grafana POST \/api\/dashboards\/db returned .*folder not found/i,
    );
    await f.kube.delete(GrafanaDashboardResource, 'nowhere');
  });

  it('a 300 KiB dashboard inline: plain kubectl apply hits the annotation limit, --server-side applies it', async () => {
    const big = largeDashboard(300 * 1024);
    const manifest = JSON.stringify({
      apiVersion: 'grafana.provisioning.dev/v1beta1',
      kind: 'GrafanaDashboard',
      metadata: { name: 'inline-300k', namespace: f.kube.namespace },
      spec: inline(big),
    });
    expect(manifest.length).toBeGreaterThan(300 * 1024);
    const apply = (...flags: string[]) =>
      cluster.kubectl(['apply', ...flags, '-f', '-'], { input: manifest });
    // What docs/kinds.md ("Large objects") shows: the last-applied annotation is limited to 256 KiB.
    const plain = await apply();
    expect(plain.code).not.toBe(0);
    expect(plain.stderr).toContain('metadata.annotations: Too long: may not be more than 262144 bytes');
    const serverSide = await apply('--server-side');
    expect(serverSide.stderr).toBe('');
    expect(serverSide.stdout).toContain('serverside-applied');
    const got = await stored(await uidOf('inline-300k'));
    expect(got.panels).toHaveLength((big.panels as Json[]).length);
  });

  it('`kubectl explain` tells how to apply a large dashboard or library panel', async () => {
    for (const field of [
      'grafanadashboard.spec.json',
      'grafanadashboard.spec.gzipJson',
      'grafanalibrarypanel.spec.json',
    ]) {
      const explained = await cluster.kubectl(['explain', field]);
      expect({ field, text: explained.stdout.replace(/\s+/g, ' ') }).toEqual({
        field,
        text: expect.stringMatching(/256 KiB.*kubectl apply --server-side/),
      });
    }
  });

  it('a ~900 KiB dashboard from a ConfigMap is applied', async () => {
    const big = largeDashboard(900 * 1024);
    const text = JSON.stringify(big);
    expect(text.length).toBeGreaterThan(900 * 1024);
    expect(text.length).toBeLessThan(1000 * 1024);
    await configMap('fleet-dashboard', { 'fleet.json': text });
    await f.kube.create(
      GrafanaDashboardResource,
      'fleet',
      spec({ configMapRef: { name: 'fleet-dashboard', key: 'fleet.json' } }),
    );
    const uid = await uidOf('fleet');
    const got = await stored(uid);
    expect(got.title).toBe('Fleet overview (large)');
    expect(got.panels).toHaveLength((big.panels as Json[]).length);
    expect(got.panels?.at(-1)).toEqual((big.panels as Json[]).at(-1));
  });

  it('url: downloads with the Authorization from a Secret, once per urlCacheDuration', async () => {
    await f.kube.create(
      GrafanaDashboardResource,
      'from-url',
      spec({
        url: `${serverUrl}/private/hosts.json?token-in-query=secret`,
        urlAuthorization: { secretKeyRef: { name: 'download-auth', key: 'authorization' } },
        datasources: [{ inputName: 'DS_PROMETHEUS', datasourceUid: 'prometheus-e2e' }],
        urlCacheDuration: '1h',
      }),
    );
    const uid = await uidOf('from-url');
    expect(uid).toBe(u('hosts_from_url'));
    expect((await stored(uid)).title).toBe('Node Exporter / Host Overview');
    const downloads = () => served.filter((s) => s.path.startsWith('/private/hosts.json'));
    expect(downloads().map((d) => d.authorization)).toEqual(['Bearer download-token']);
    await reconcileNow(f, GrafanaDashboardResource, ['from-url']);
    await reconcileOnFreshLists(f, GrafanaDashboardResource, ['from-url']); // a resync too
    expect(downloads()).toHaveLength(1);

    await f.kube.create(
      GrafanaDashboardResource,
      'url-unauthorized',
      spec({ url: `${serverUrl}/private/hosts.json?token-in-query=secret` }),
    );
    const refused = await f.kube.waitReady(GrafanaDashboardResource, 'url-unauthorized', {
      status: 'False',
      reason: 'DependencyNotReady',
    });
    const message = refused.status?.conditions?.[0]?.message ?? '';
    expect(message).toBe(
      `main: cannot download the dashboard from ${serverUrl}/private/hosts.json: HTTP 401 Unauthorized`,
    );
    expect(message).not.toContain('secret');
  });

  it('grafanaCom: a pinned revision or the latest, from GRAFANA_COM_URL', async () => {
    const datasources = [{ inputName: 'DS_PROMETHEUS', datasourceUid: 'prometheus-e2e' }];
    await f.kube.create(
      GrafanaDashboardResource,
      'gnet-pinned',
      spec({ grafanaCom: { id: 1860, revision: 37 }, datasources }),
    );
    await f.kube.create(
      GrafanaDashboardResource,
      'gnet-latest',
      spec({ grafanaCom: { id: 1860 }, datasources }),
    );
    expect(await uidOf('gnet-pinned')).toBe(u('gnet_37'));
    expect(await stored(u('gnet_37'))).toMatchObject({
      title: 'Node Exporter (rev 37)',
      gnetId: 1860,
    });
    expect((await stored(await uidOf('gnet-latest'))).title).toBe('Node Exporter (rev latest)');
    expect(served.map((s) => s.path)).toEqual(
      expect.arrayContaining([
        '/api/dashboards/1860/revisions/37/download',
        '/api/dashboards/1860/revisions/latest/download',
      ]),
    );
  });

  it('folderRef: waits for the folder (DependencyNotReady), lands in it, and moves with the spec', async () => {
    await f.kube.create(
      GrafanaDashboardResource,
      'in-folder',
      inline(apiserver(n('in-folder')), { folderRef: 'dash-team' }),
    );
    const waiting = await f.kube.waitReady(GrafanaDashboardResource, 'in-folder', {
      status: 'False',
      reason: 'DependencyNotReady',
    });
    expect(waiting.status?.conditions?.[0]?.message).toContain('GrafanaFolder "dash-team"');
    await f.kube.create(GrafanaFolderResource, 'dash-team', spec({ title: n('Team') }));
    await f.kube.create(GrafanaFolderResource, 'dash-other', spec({ title: n('Other') }));
    const team = (await f.kube.waitReady(GrafanaFolderResource, 'dash-team', {
      status: 'True',
    })) as GrafanaFolder;
    const other = (await f.kube.waitReady(GrafanaFolderResource, 'dash-other', {
      status: 'True',
    })) as GrafanaFolder;
    const uid = await uidOf('in-folder');
    expect((await f.grafana.api.dashboards.get(uid)).meta.folderUid).toBe(team.status?.uid);
    await f.kube.patchSpec(GrafanaDashboardResource, 'in-folder', { folderRef: 'dash-other' });
    await eventually(
      async () => (await f.grafana.api.dashboards.get(uid)).meta.folderUid === other.status?.uid,
      {
        what: 'the dashboard moved',
      },
    );
    await f.kube.patchSpec(GrafanaDashboardResource, 'in-folder', { folderRef: null });
    await eventually(async () => (await f.grafana.api.dashboards.get(uid)).meta.folderUid === '', {
      what: 'the dashboard back in General',
    });
  });

  it('deleting a folder waits for the dashboard in it (HasChildren), then both go', async () => {
    await f.kube.create(GrafanaFolderResource, 'dash-holder', spec({ title: n('Holder') }));
    const folderUid =
      ((await f.kube.waitReady(GrafanaFolderResource, 'dash-holder', { status: 'True' })) as GrafanaFolder)
        .status?.uid ?? '';
    await f.kube.create(
      GrafanaDashboardResource,
      'held',
      inline(apiserver(n('held')), { folderRef: 'dash-holder' }),
    );
    const uid = await uidOf('held');
    await f.kube.delete(GrafanaFolderResource, 'dash-holder');
    const blocked = await eventually(async () => {
      const o = await f.kube.get<GrafanaFolder>(GrafanaFolderResource, 'dash-holder');
      return o.status?.conditions?.find((c) => c.reason === 'HasChildren') ? o : undefined;
    });
    expect(blocked.status?.conditions?.[0]?.message).toContain('GrafanaDashboard/held');
    expect((await f.grafana.api.dashboards.get(uid)).meta.folderUid).toBe(folderUid);
    await f.kube.delete(GrafanaDashboardResource, 'held');
    await f.kube.waitGone(GrafanaDashboardResource, 'held');
    await f.kube.waitGone(GrafanaFolderResource, 'dash-holder');
    await expect(f.grafana.api.dashboards.get(uid)).rejects.toBeInstanceOf(GrafanaNotFoundError);
    await expect(f.grafana.api.folders.get(folderUid)).rejects.toBeInstanceOf(GrafanaNotFoundError);
  });
});
