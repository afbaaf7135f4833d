import {
  GrafanaDatasourceResource,
  GrafanaInstanceResource,
  type GrafanaDatasource,
} from '../../src/api/generated/index.js';
import { GrafanaNotFoundError } from '../../src/grafana/index.js';
import { objectFixture, connectInstance, type ObjectFixture } from '../support/fixture.js';
import { editsIn } from '../support/grafana-edits.js';
import { adminApiIn, pageOf } from '../support/grafana.js';
import { hotRetries, waitIdle } from '../support/metrics.js';
import { eventually } from '../support/wait.js';
import {
  reconcileCounts,
  reconcileNow,
  reconcileOnFreshLists,
  waitOutSnapshots,
} from '../support/operator.js';

describe('GrafanaDatasource', () => {
  let f: ObjectFixture;
  /** Names unique per run, so a shared real Grafana does not see clashes between runs. */
  let n: (name: string) => string;

  beforeAll(async () => {
    f = await objectFixture('datasource');
    n = (name) => `${name}-${f.kube.namespace}`;
    await f.kube.secret('prom-auth', { password: 's3cret-1' });
  });

  afterAll(async () => {
    await f?.stop();
  });

  const prometheus = (name: string, extra: Record<string, unknown> = {}) => ({
    instanceSelector: f.selector,
    name: n(name),
    type: 'prometheus',
    url: 'http://prometheus.monitoring.svc:9090',
    basicAuth: true,
    basicAuthUser: 'grafana',
    jsonData: { httpMethod: 'POST', timeInterval: '30s' },
    secureJsonData: { basicAuthPassword: { secretKeyRef: { name: 'prom-auth', key: 'password' } } },
    resyncPeriod: '10s',
    ...extra,
  });

  const synced = (name: string) =>
    f.kube.waitReady(GrafanaDatasourceResource, name, {
      status: 'True',
      reason: 'Synced',
    }) as Promise<GrafanaDatasource>;

  it('creates the datasource with its secret from a Secret, and reports uid, instances and Ready', async () => {
    await f.kube.create(GrafanaDatasourceResource, 'prometheus', prometheus('prometheus'));
    const object = await synced('prometheus');
    const uid = object.status?.uid ?? '';
    expect(uid).toMatch(/^prometheus-[0-9a-f]{8}$/);
    expect(object.status?.instancesSummary).toBe('1/1');
    expect(object.status?.instances?.[0]).toMatchObject({
      name: 'main',
      synced: true,
      uid,
      url: pageOf(f.grafana, `/connections/datasources/edit/${uid}`),
    });
    expect(JSON.stringify(object.status)).not.toContain('s3cret');
    const ds = await f.grafana.api.datasources.getByUid(uid);
    expect(ds).toMatchObject({
      name: n('prometheus'),
      type: 'prometheus',
      url: 'http://prometheus.monitoring.svc:9090',
      basicAuthUser: 'grafana',
      jsonData: { httpMethod: 'POST', timeInterval: '30s' },
    });
    expect(ds.secureJsonFields).toEqual({ basicAuthPassword: true });
  });

  it('writes nothing to Grafana or the apiserver when nothing changed', async () => {
    await f.kube.create(GrafanaDatasourceResource, 'idle', prometheus('idle'));
    const before = await synced('idle');
    const recorder = f.grafana.recorder;
    recorder.clearRequests();
    const reconciles = async () =>
      Number(
        /controller_runtime_reconcile_total\{controller="grafanadatasource",result="requeue_after"\} (\d+)/.exec(
          await (await fetch(f.operator.metricsUrl)).text(),
        )?.[1] ?? 0,
      );
    const count = await reconciles();
    await f.kube.touch(GrafanaDatasourceResource, 'idle');
    await eventually(async () => (await reconciles()) > count, { what: 'a reconcile after the touch' });
    expect(recorder.writes()).toEqual([]);
    const after = await f.kube.get<GrafanaDatasource>(GrafanaDatasourceResource, 'idle');
    expect(after.status).toEqual(before.status);
  });

  it('a resync of many unchanged datasources reads one list, not one GET each, and writes nothing', async () => {
    const names = ['wave-a', 'wave-b', 'wave-c', 'wave-d', 'wave-e'];
    // No basicAuthUser and no secrets: fields the list carries are enough (§5.1).
    const plain = (name: string) =>
      prometheus(name, { basicAuth: false, basicAuthUser: undefined, secureJsonData: undefined });
    await Promise.all(names.map((name) => f.kube.create(GrafanaDatasourceResource, name, plain(name))));
    const uids = (await Promise.all(names.map(synced))).map((o) => o.status?.uid ?? '');
    const recorder = f.grafana.recorder;
    await waitOutSnapshots();
    recorder.clearRequests();
    const userChecks = () => recorder.requests.filter((r) => r.path === '/api/datasources').length;
    // One resync wave for all five, on a list that has aged out.
    await reconcileNow(f, GrafanaDatasourceResource, names);
    expect(recorder.writes()).toEqual([]);
    // Other tests' datasources with secrets are read one by one; these five never are.
    expect(
      recorder.requests.filter((r) => uids.some((uid) => r.path === `/api/datasources/uid/${uid}`)),
    ).toEqual([]);
    expect(userChecks()).toBeGreaterThan(0);
    expect(userChecks()).toBeLessThan(names.length);
  });

  it('type postgres, which Grafana lists as grafana-postgresql-datasource, is not rewritten on every reconcile (§5.1)', async () => {
    await f.kube.create(GrafanaDatasourceResource, 'postgres', {
      instanceSelector: f.selector,
      name: n('postgres'),
      type: 'postgres',
      url: 'db.example:5432',
      resyncPeriod: '10s',
    });
    const uid = (await synced('postgres')).status?.uid ?? '';
    expect((await f.grafana.api.datasources.list()).find((ds) => ds.uid === uid)?.type).toBe(
      'grafana-postgresql-datasource',
    );
    const recorder = f.grafana.recorder;
    const reconciles = async () =>
      Number(
        /controller_runtime_reconcile_total\{controller="grafanadatasource",result="requeue_after"\} (\d+)/.exec(
          await (await fetch(f.operator.metricsUrl)).text(),
        )?.[1] ?? 0,
      );
    recorder.clearRequests();
    for (let i = 0; i < 2; i++) {
      const before = await reconciles();
      await f.kube.touch(GrafanaDatasourceResource, 'postgres');
      await eventually(async () => (await reconciles()) > before, { what: 'a reconcile after the touch' });
    }
    expect(recorder.writes()).toEqual([]);
    expect((await f.kube.events('postgres')).filter((e) => e.reason === 'DriftReverted')).toEqual([]);
  });

  it('edits in Grafana to fields the list does not show (basicAuthUser, a removed secret) are reverted (§5.1)', async () => {
    await f.kube.create(GrafanaDatasourceResource, 'detail', prometheus('detail'));
    const uid = (await synced('detail')).status?.uid ?? '';
    const current = await f.grafana.api.datasources.getByUid(uid);
    // A hand edit through the API: another basic-auth user, and the password cleared.
    await f.grafana.api.datasources.update(uid, {
      ...current,
      basicAuthUser: 'someone-else',
      secureJsonData: { basicAuthPassword: '' },
    } as Parameters<typeof f.grafana.api.datasources.update>[1]);
    // What the next resync does, without waiting the 10 s resyncPeriod for it.
    await reconcileOnFreshLists(f, GrafanaDatasourceResource, ['detail']);
    await eventually(
      async () => {
        const ds = await f.grafana.api.datasources.getByUid(uid);
        return ds.basicAuthUser === 'grafana' && ds.secureJsonFields?.basicAuthPassword === true;
      },
      { timeoutMs: 30_000, what: 'basicAuthUser and the password restored' },
    );
  });

  it('re-applies when a referenced Secret changes (rotation), sending the new value', async () => {
    await f.kube.secret('rotating', { password: 'old-password' });
    await f.kube.create(
      GrafanaDatasourceResource,
      'rotation',
      prometheus('rotation', {
        // Only the Secret watch can make this happen within the test's patience.
        resyncPeriod: '1h',
        secureJsonData: { basicAuthPassword: { secretKeyRef: { name: 'rotating', key: 'password' } } },
      }),
    );
    const uid = (await synced('rotation')).status?.uid ?? '';
    await f.kube.secret('rotating', { password: 'new-password' });
    // Grafana never shows a secret: the operator's update carries it.
    await eventually(
      () =>
        f.grafana.recorder.requests.some(
          (r) =>
            r.method === 'PUT' &&
            r.path === `/api/datasources/uid/${uid}` &&
            (r.body as { secureJsonData?: Record<string, string> }).secureJsonData?.basicAuthPassword ===
              'new-password' &&
            r.status === 200,
        ),
      { what: 'the rotated secret sent to Grafana' },
    );
  });

  it('a spec change is applied; removing a secure key clears it in Grafana', async () => {
    await f.kube.create(GrafanaDatasourceResource, 'changing', prometheus('changing'));
    const uid = (await synced('changing')).status?.uid ?? '';
    await f.kube.client.mergePatch(GrafanaDatasourceResource, f.kube.namespace, 'changing', {
      spec: {
        url: 'http://thanos.monitoring.svc:9090',
        basicAuth: false,
        basicAuthUser: null,
        secureJsonData: null,
      },
    });
    await f.kube.waitReady(GrafanaDatasourceResource, 'changing', { status: 'True', reason: 'Synced' });
    const ds = await f.grafana.api.datasources.getByUid(uid);
    expect(ds.url).toBe('http://thanos.monitoring.svc:9090');
    expect(ds.secureJsonFields ?? {}).toEqual({});
  });

  it('two objects claiming one name: the newer gets Conflict, the older keeps working', async () => {
    await f.kube.create(
      GrafanaDatasourceResource,
      'first-claim',
      prometheus('shared-name', { name: n('shared-name') }),
    );
    await f.kube.nextCreationSecond(await synced('first-claim'));
    await f.kube.create(
      GrafanaDatasourceResource,
      'second-claim',
      prometheus('shared-name', { name: n('shared-name'), url: 'http://other:9090' }),
    );
    const second = await f.kube.waitReady(GrafanaDatasourceResource, 'second-claim', {
      status: 'False',
      reason: 'Conflict',
    });
    expect(second.status?.conditions?.[0]?.message).toContain('first-claim');
    await f.kube.touch(GrafanaDatasourceResource, 'first-claim');
    await synced('first-claim');
    expect((await f.grafana.api.datasources.getByName(n('shared-name'))).url).toBe(
      'http://prometheus.monitoring.svc:9090',
    );
    // When the older one goes, the newer one takes over.
    await f.kube.delete(GrafanaDatasourceResource, 'first-claim');
    await synced('second-claim');
    expect((await f.grafana.api.datasources.getByName(n('shared-name'))).url).toBe('http://other:9090');
  });

  it('only one object may make its datasource the default on an instance', async () => {
    await f.kube.create(GrafanaDatasourceResource, 'default-a', prometheus('default-a', { isDefault: true }));
    await f.kube.nextCreationSecond(await synced('default-a'));
    await f.kube.create(GrafanaDatasourceResource, 'default-b', prometheus('default-b', { isDefault: true }));
    const b = await f.kube.waitReady(GrafanaDatasourceResource, 'default-b', {
      status: 'False',
      reason: 'Conflict',
    });
    expect(b.status?.conditions?.[0]?.message).toContain('default-datasource');
    const a = await f.kube.get<GrafanaDatasource>(GrafanaDatasourceResource, 'default-a');
    expect((await f.grafana.api.datasources.getByUid(a.status?.uid ?? '')).isDefault).toBe(true);
  });

  it("reports Grafana's validation message as InvalidSpec and does not hammer Grafana", async () => {
    const retriesBefore = await hotRetries(f.operator.metricsUrl, 'grafanadatasource');
    await f.kube.create(
      GrafanaDatasourceResource,
      'bad-url',
      prometheus('bad-url', { url: 'http://bad host:9090' }),
    );
    const bad = await f.kube.waitReady(GrafanaDatasourceResource, 'bad-url', {
      status: 'False',
      reason: 'InvalidSpec',
    });
    expect(bad.status?.conditions?.[0]?.message).toMatch(/invalid URL/i);
    const posts = () =>
      f.grafana.recorder.requests.filter(
        (r) =>
          r.method === 'POST' &&
          r.path === '/api/datasources' &&
          (r.body as { name?: string })?.name === n('bad-url'),
      ).length;
    // Once the reconcile that reported it is over and the controller has nothing queued or running,
    // its next run is chosen: at the resync pace (10 s), not with backoff (200 ms here), and its own
    // status write queued nothing. So no POST comes after this until the resync.
    await eventually(
      async () => (await reconcileCounts(f.operator, GrafanaDatasourceResource, ['bad-url']))[0],
    );
    await waitIdle(f.operator.metricsUrl);
    expect(await hotRetries(f.operator.metricsUrl, 'grafanadatasource')).toBe(retriesBefore);
    expect(posts()).toBe(1);
  });

  it('jsonData nested deeper than 100 levels is InvalidSpec naming where, and nothing reaches Grafana', async () => {
    let jsonData: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 3000; i++) jsonData = { nested: jsonData };
    await f.kube.create(GrafanaDatasourceResource, 'deep', prometheus('deep', { jsonData }));
    const deep = await f.kube.waitReady(GrafanaDatasourceResource, 'deep', {
      status: 'False',
      reason: 'InvalidSpec',
    });
    expect(deep.status?.conditions?.[0]?.message).toMatch(
      /^spec is nested too deeply: more than 100 levels of objects and arrays at spec\.jsonData\.nested\.nested/,
    );
    await expect(f.grafana.api.datasources.getByName(n('deep'))).rejects.toBeInstanceOf(GrafanaNotFoundError);
  });

  it('NoMatchingInstance when the selector matches nothing', async () => {
    await f.kube.create(GrafanaDatasourceResource, 'unmatched', {
      instanceSelector: { matchLabels: { grafana: 'nowhere' } },
      type: 'prometheus',
    });
    const object = await f.kube.waitReady(GrafanaDatasourceResource, 'unmatched', {
      status: 'False',
      reason: 'NoMatchingInstance',
    });
    expect(object.status?.instancesSummary).toBe('0/0');
  });

  it('fans out to every selected instance, and leaves an instance the selector no longer picks', async () => {
    // "second" works in an org of its own of the same Grafana, signed in with a token of that org,
    // both made through the admin API: so it is another target on the double and on GRAFANA_URL.
    const edits = editsIn(f.grafana);
    const orgId = await edits.createOrg(n('fanout'));
    const second = adminApiIn(f.grafana, orgId);
    try {
      const { token } = await edits.inOrg(orgId).createServiceAccountToken(n('fanout'));
      const inOrg = { ...f.grafana, credentials: { token } };
      await connectInstance(f.kube, inOrg, 'second', { grafana: 'main', extra: 'yes' }, orgId);
      await f.kube.create(GrafanaDatasourceResource, 'fanout', prometheus('fanout'));
      const both = await f.kube.waitReady(GrafanaDatasourceResource, 'fanout', {
        status: 'True',
        reason: 'Synced',
      });
      expect(both.status?.instancesSummary).toBe('2/2');
      const uid = both.status?.uid ?? '';
      expect((await second.datasources.getByUid(uid)).name).toBe(n('fanout'));
      await f.kube.patchSpec(GrafanaDatasourceResource, 'fanout', {
        instanceSelector: {
          matchLabels: { grafana: 'main' },
          matchExpressions: [{ key: 'extra', operator: 'DoesNotExist' }],
        },
      });
      await eventually(
        async () =>
          (await f.kube.waitReady(GrafanaDatasourceResource, 'fanout', { status: 'True' })).status
            ?.instancesSummary === '1/1',
      );
      await expect(second.datasources.getByUid(uid)).rejects.toBeInstanceOf(GrafanaNotFoundError);
      expect((await f.grafana.api.datasources.getByUid(uid)).name).toBe(n('fanout'));
    } finally {
      // Every object here selected "second" too and holds content through it, which its deletion
      // waits for: it leaves their selection first (they remove their content from its Grafana).
      await f.kube.client.mergePatch(GrafanaInstanceResource, f.kube.namespace, 'second', {
        metadata: { labels: { grafana: null } },
      });
      await f.kube.delete(GrafanaInstanceResource, 'second');
      await f.kube.waitGone(GrafanaInstanceResource, 'second');
      second.http.close();
      // With its service account (§3.1).
      await edits.deleteOrg(orgId);
    }
  });

  it('suspend stops reconciling without deleting', async () => {
    await f.kube.create(GrafanaDatasourceResource, 'paused', prometheus('paused'));
    const uid = (await synced('paused')).status?.uid ?? '';
    await f.kube.patchSpec(GrafanaDatasourceResource, 'paused', {
      suspend: true,
      url: 'http://not-applied:9090',
    });
    await f.kube.waitReady(GrafanaDatasourceResource, 'paused', { status: 'False', reason: 'Suspended' });
    expect((await f.grafana.api.datasources.getByUid(uid)).url).toBe('http://prometheus.monitoring.svc:9090');
  });
});
