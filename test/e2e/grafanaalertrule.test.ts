import {
  GrafanaAlertRuleResource,
  GrafanaContactPointResource,
  GrafanaDatasourceResource,
  GrafanaFolderResource,
  GrafanaInstanceResource,
  type GrafanaAlertRule,
} from '../../src/api/generated/index.js';
import { type AlertRuleInput, type ProvisionedAlertRule } from '../../src/grafana/index.js';
import { connectInstance, objectFixture, type ObjectFixture } from '../support/fixture.js';
import { FROM_FILES, filesOrg } from '../support/files-org.js';
import { pageOf, startGrafana } from '../support/grafana.js';
import { eventually } from '../support/wait.js';
import { reconcileNow, reconcileOnFreshLists, waitOutSnapshots } from '../support/operator.js';

describe('GrafanaAlertRule', () => {
  let f: ObjectFixture;
  /** Names unique per run, so a shared real Grafana does not see clashes between runs. */
  let n: (name: string) => string;
  let folderUid: string;
  let datasourceUid: string;

  beforeAll(async () => {
    f = await objectFixture('alertrule');
    n = (name) => `${name}-${f.kube.namespace}`;
  });

  afterAll(async () => {
    await f?.stop();
  });

  /** An alert rule as Grafana's editor makes one: query, reduce, threshold. */
  const spec = (title: string, extra: Record<string, unknown> = {}) => ({
    instanceSelector: f.selector,
    folderRef: 'alerts',
    ruleGroup: 'nodes',
    title,
    condition: 'C',
    for: '2m',
    labels: { severity: 'critical' },
    data: [
      {
        refId: 'A',
        datasourceRef: 'prometheus',
        relativeTimeRange: { from: 300, to: 0 },
        model: { expr: 'up{job="node-exporter"}', refId: 'A' },
      },
      {
        refId: 'B',
        datasourceUid: '__expr__',
        model: { type: 'reduce', expression: 'A', reducer: 'last', refId: 'B' },
      },
      {
        refId: 'C',
        datasourceUid: '__expr__',
        model: {
          type: 'threshold',
          expression: 'B',
          refId: 'C',
          conditions: [{ evaluator: { type: 'lt', params: [1] } }],
        },
      },
    ],
    resyncPeriod: '10s',
    ...extra,
  });

  const synced = (name: string) =>
    f.kube.waitReady(GrafanaAlertRuleResource, name, {
      status: 'True',
      reason: 'Synced',
    }) as Promise<GrafanaAlertRule>;

  const notReady = async (name: string, reason: string) =>
    (
      await f.kube.waitReady(GrafanaAlertRuleResource, name, { status: 'False', reason })
    ).status?.conditions?.find((c) => c.type === 'Ready')?.message ?? '';

  const ruleRequests = (uid: string) =>
    f.grafana.recorder.requests.filter((r) => r.path === `/api/v1/provisioning/alert-rules/${uid}`);

  const reconciles = async () =>
    Number(
      /controller_runtime_reconcile_total\{controller="grafanaalertrule",result="requeue_after"\} (\d+)/.exec(
        await (await fetch(f.operator.metricsUrl)).text(),
      )?.[1] ?? 0,
    );

  const asInput = (rule: ProvisionedAlertRule): AlertRuleInput => {
    const { id: _id, updated: _updated, provenance: _provenance, orgID: _org, ...input } = rule;
    return input as AlertRuleInput;
  };

  it('the CRD rejects a missing or second folder and a change of uid', async () => {
    const create = (name: string, body: unknown) =>
      f.kube.client.create(GrafanaAlertRuleResource, f.kube.namespace, {
        apiVersion: 'grafana.provisioning.dev/v1beta1',
        kind: 'GrafanaAlertRule',
        metadata: { name },
        spec: body,
      } as never);
    const { folderRef: _folder, ...noFolder } = spec('x');
    await expect(create('no-folder', noFolder)).rejects.toThrow(/set folderRef or folderUID \(exactly one\)/);
    await expect(create('two-folders', spec('x', { folderUID: 'abc' }))).rejects.toThrow(
      /set folderRef or folderUID \(exactly one\)/,
    );
    // Durations are refused with what to write, not with the bare regex of a schema pattern.
    await expect(create('bad-for', spec('x', { for: '2 minutes' }))).rejects.toThrow(
      /spec\.for: Invalid value: "2 minutes": must be a duration such as 30s, 5m, 1h30m or 1d/,
    );
    await expect(create('bad-keep', spec('x', { keep_firing_for: '1h30' }))).rejects.toThrow(
      /spec\.keep_firing_for: Invalid value: "1h30": must be a duration such as/,
    );
    // A label given twice: Grafana 13 refuses it and 11.x builds a route that fails validation (§8.2).
    const repeated = {
      receiver: 'grafana-default-email',
      group_by: ['alertname', 'grafana_folder', 'team', 'team'],
    };
    await expect(create('repeated-group-by', spec('x', { notification_settings: repeated }))).rejects.toThrow(
      /spec\.notification_settings\.group_by\[3\]: Duplicate value: "team"/,
    );
    await create('fixed-uid', spec('x', { uid: 'fixed', suspend: true }));
    await expect(f.kube.patchSpec(GrafanaAlertRuleResource, 'fixed-uid', { uid: 'other' })).rejects.toThrow(
      /spec\.uid cannot be added, changed or removed/,
    );
    await f.kube.delete(GrafanaAlertRuleResource, 'fixed-uid');
  });

  it('waits for its folder and datasource (DependencyNotReady), then creates the rule with provenance api', async () => {
    await f.kube.create(GrafanaAlertRuleResource, 'node-down', spec('Node exporter down'));
    expect(await notReady('node-down', 'DependencyNotReady')).toContain('GrafanaFolder "alerts"');
    await f.kube.create(GrafanaFolderResource, 'alerts', {
      instanceSelector: f.selector,
      title: n('Alerts'),
    });
    folderUid =
      (await f.kube.waitReady(GrafanaFolderResource, 'alerts', { status: 'True' })).status?.uid ?? '';
    // The folder is synced: the object moves on to wait for the datasource.
    await eventually(
      async () =>
        (await notReady('node-down', 'DependencyNotReady')).includes('GrafanaDatasource "prometheus"'),
      { what: 'waiting for the datasource' },
    );
    await f.kube.create(GrafanaDatasourceResource, 'prometheus', {
      instanceSelector: f.selector,
      name: n('Prometheus'),
      type: 'prometheus',
      url: 'http://prometheus.monitoring.svc:9090',
    });
    datasourceUid =
      (await f.kube.waitReady(GrafanaDatasourceResource, 'prometheus', { status: 'True' })).status?.uid ?? '';

    const object = await synced('node-down');
    const uid = object.status?.uid ?? '';
    expect(uid).toMatch(/^node-down-[0-9a-f]{8}$/);
    expect(object.status?.instances?.[0]).toMatchObject({
      name: 'main',
      synced: true,
      uid,
      url: pageOf(f.grafana, `/alerting/grafana/${uid}/view`),
    });
    const stored = await f.grafana.api.alertRules.get(uid);
    expect(stored).toMatchObject({
      uid,
      folderUID: folderUid,
      ruleGroup: 'nodes',
      title: 'Node exporter down',
      condition: 'C',
      for: '2m',
      labels: { severity: 'critical' },
      provenance: 'api',
    });
    expect(stored.data[0]).toMatchObject({ datasourceUid, relativeTimeRange: { from: 300, to: 0 } });
    expect(stored.data[0]?.model).toMatchObject({ intervalMs: 1000, maxDataPoints: 43200 });
  });

  it('applies changes with a PUT, moves the rule to another group, and reverts a change made in Grafana', async () => {
    const uid = (await synced('node-down')).status?.uid ?? '';
    f.grafana.recorder.clearRequests();
    await f.kube.patchSpec(GrafanaAlertRuleResource, 'node-down', { for: '10m', ruleGroup: 'exporters' });
    await eventually(async () => (await f.grafana.api.alertRules.get(uid)).ruleGroup === 'exporters', {
      what: 'moved to the group "exporters"',
    });
    expect(await f.grafana.api.alertRules.get(uid)).toMatchObject({ for: '10m', provenance: 'api' });
    expect(
      ruleRequests(uid)
        .filter((r) => r.method !== 'GET')
        .map((r) => r.method),
    ).toEqual(['PUT']);

    const stored = await f.grafana.api.alertRules.get(uid);
    await f.grafana.api.alertRules.update(uid, { ...asInput(stored), for: '1h', isPaused: true });
    // What the next resync does, without waiting the 10 s resyncPeriod for it.
    await reconcileOnFreshLists(f, GrafanaAlertRuleResource, ['node-down']);
    await eventually(
      async () => {
        const reverted = await f.grafana.api.alertRules.get(uid);
        return reverted.for === '10m' && !reverted.isPaused;
      },
      { timeoutMs: 30_000, what: 'the edit reverted' },
    );
    await eventually(
      async () =>
        (await f.kube.events('node-down')).some(
          (e) => e.reason === 'DriftReverted' && e.message.includes('isPaused') && e.message.includes('for'),
        ),
      { what: 'a DriftReverted event' },
    );
  });

  it('switching editableInGrafana changes the provenance both ways under the same uid', async () => {
    await f.kube.create(GrafanaAlertRuleResource, 'editable', spec('Editable', { editableInGrafana: true }));
    const uid = (await synced('editable')).status?.uid ?? '';
    expect((await f.grafana.api.alertRules.get(uid)).provenance ?? '').toBe('');

    f.grafana.recorder.clearRequests();
    await f.kube.patchSpec(GrafanaAlertRuleResource, 'editable', { editableInGrafana: false });
    await eventually(async () => (await f.grafana.api.alertRules.get(uid)).provenance === 'api', {
      what: 'provenance api',
    });
    // None → api is allowed in place.
    expect(
      ruleRequests(uid)
        .filter((r) => r.method !== 'GET')
        .map((r) => r.method),
    ).toEqual(['PUT']);

    f.grafana.recorder.clearRequests();
    await f.kube.patchSpec(GrafanaAlertRuleResource, 'editable', { editableInGrafana: true });
    await eventually(async () => ((await f.grafana.api.alertRules.get(uid)).provenance ?? '') === '', {
      what: 'provenance none',
    });
    await synced('editable');
    // api → none is refused by Grafana's PUT: deleted and created again, under the same uid.
    const writes = f.grafana.recorder
      .writes()
      .filter((r) => r.path.startsWith('/api/v1/provisioning/alert-rules'));
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([
      `DELETE /api/v1/provisioning/alert-rules/${uid}`,
      'POST /api/v1/provisioning/alert-rules',
    ]);
    expect(writes[1]?.headers['x-disable-provenance']).toBe('true');
    expect(writes[0]?.headers).not.toHaveProperty('x-disable-provenance');
  });

  // Grafana's HTTP API cannot make a rule of provenance file: its provisioning files do, in an org
  // of their own (support/files-org.ts), on the double and on GRAFANA_URL alike.
  it('a rule provisioned from files is a Conflict even with adopt, and the message says why', async () => {
    const files = await filesOrg(f.kube, f.grafana);
    const uid = FROM_FILES.ruleUid;
    try {
      f.grafana.recorder.clearRequests();
      await f.kube.create(GrafanaAlertRuleResource, 'from-file', {
        ...spec('Mine', { uid, adopt: true }),
        instanceSelector: files.selector,
        folderRef: undefined,
        folderUID: files.folderUid,
        ruleGroup: FROM_FILES.ruleGroup,
        data: [{ refId: 'C', datasourceUid: '__expr__', model: { type: 'math', expression: '1 == 1' } }],
      });
      const message = await notReady('from-file', 'Conflict');
      expect(message).toContain(
        `alert rule ${uid} ("${FROM_FILES.ruleTitle}") is provisioned from files in Grafana`,
      );
      expect(message).toContain('can neither manage nor adopt it');
      expect(f.grafana.recorder.writes()).toEqual([]);
      expect(await files.api.alertRules.get(uid)).toMatchObject({
        title: FROM_FILES.ruleTitle,
        provenance: 'file',
      });
    } finally {
      await files.close(f.kube, [[GrafanaAlertRuleResource, 'from-file']]);
    }
  });

  it('with adopt, a rule made by hand while our create was on its way is taken over at once', async () => {
    const uid = `raced-${f.kube.namespace}`.slice(0, 40);
    const recorder = f.grafana.recorder;
    const path = '/api/v1/provisioning/alert-rules';
    recorder.injectFault({ method: 'POST', path, delayMs: 1000, times: 1 });
    // A long resync: only the immediate re-check can make it Synced within the wait below.
    await f.kube.create(
      GrafanaAlertRuleResource,
      'raced',
      spec('Raced', { uid, ruleGroup: 'raced', adopt: true, resyncPeriod: '1h' }),
    );
    await eventually(() => recorder.requests.some((r) => r.method === 'POST' && r.path === path), {
      what: 'the rule create sent',
    });
    await f.grafana.api.alertRules.create(
      {
        uid,
        folderUID: folderUid,
        ruleGroup: 'raced',
        title: 'Made by hand meanwhile',
        condition: 'A',
        noDataState: 'NoData',
        execErrState: 'Error',
        for: '0s',
        data: [{ refId: 'A', datasourceUid: '__expr__', model: { type: 'math', expression: '1 == 1' } }],
      },
      { disableProvenance: true },
    );
    await synced('raced');
    expect(await f.grafana.api.alertRules.get(uid)).toMatchObject({ title: 'Raced', provenance: 'api' });
  });

  it('an unknown condition refId is InvalidSpec, and nothing is written', async () => {
    f.grafana.recorder.clearRequests();
    await f.kube.create(GrafanaAlertRuleResource, 'bad-condition', spec('Bad', { condition: 'D' }));
    expect(await notReady('bad-condition', 'InvalidSpec')).toContain(
      'spec: condition "D" is not the refId of a query (its queries are "A", "B", "C")',
    );
    expect(f.grafana.recorder.writes().filter((r) => r.path.startsWith('/api/v1/provisioning'))).toEqual([]);
  });

  it('waits (DependencyNotReady) for the contact point its notification settings name, writing nothing, until it is synced', async () => {
    const receiver = n('pager');
    f.grafana.recorder.clearRequests();
    await f.kube.create(
      GrafanaAlertRuleResource,
      'paging',
      spec('Paging', { notification_settings: { receiver } }),
    );
    expect(await notReady('paging', 'DependencyNotReady')).toContain(
      `waiting for contact point "${receiver}" to exist in Grafana`,
    );
    expect(f.grafana.recorder.writes().filter((r) => r.path.startsWith('/api/v1/provisioning'))).toEqual([]);
    await f.kube.create(GrafanaContactPointResource, 'pager', {
      instanceSelector: f.selector,
      name: receiver,
      receivers: [{ type: 'webhook', settings: { url: 'https://pager.example.com/hook' } }],
    });
    const object = await synced('paging');
    const uid = object.status?.instances?.[0]?.uid ?? '';
    expect((await f.grafana.api.alertRules.get(uid)).notification_settings).toMatchObject({ receiver });
    await f.kube.delete(GrafanaAlertRuleResource, 'paging');
    await f.kube.waitGone(GrafanaAlertRuleResource, 'paging');
    await f.kube.delete(GrafanaContactPointResource, 'pager');
  });

  it('a resync wave of unchanged rules reads one list, no GET each, and writes nothing', async () => {
    // A Grafana of their own, so only these objects' reads are counted.
    const wave = await startGrafana();
    const waveFolder = `wave-${f.kube.namespace}`.slice(0, 40);
    const names = ['wave-a', 'wave-b', 'wave-c', 'wave-d', 'wave-e'];
    try {
      await wave.api.folders.create({ uid: waveFolder, title: `Wave ${f.kube.namespace}` });
      await connectInstance(f.kube, wave, 'wave', { grafana: 'wave' });
      await Promise.all(
        names.map((name) =>
          f.kube.create(
            GrafanaAlertRuleResource,
            name,
            spec(name, {
              instanceSelector: { matchLabels: { grafana: 'wave' } },
              folderRef: undefined,
              folderUID: waveFolder,
              data: spec(name)
                .data.slice(1)
                .map((q) =>
                  q.refId === 'B' ? { ...q, model: { type: 'math', expression: '1', refId: 'B' } } : q,
                ),
            }),
          ),
        ),
      );
      await Promise.all(names.map(synced));
      const recorder = wave.recorder;
      await waitOutSnapshots();
      recorder.clearRequests();
      const count = await reconciles();
      // One resync wave for all five, on a list that has aged out.
      await reconcileNow(f, GrafanaAlertRuleResource, names);
      expect(await reconciles()).toBeGreaterThanOrEqual(count + names.length);
      expect(recorder.writes()).toEqual([]);
      const rules = recorder.requests.filter((r) => r.path.startsWith('/api/v1/provisioning/alert-rules'));
      expect(rules.filter((r) => r.path !== '/api/v1/provisioning/alert-rules')).toEqual([]);
      expect(rules.length).toBeLessThanOrEqual(2);
    } finally {
      for (const name of names) await f.kube.delete(GrafanaAlertRuleResource, name).catch(() => undefined);
      for (const name of names) await f.kube.waitGone(GrafanaAlertRuleResource, name);
      await f.kube.delete(GrafanaInstanceResource, 'wave');
      await wave.api.folders.delete(waveFolder);
      await wave.stop();
    }
  });
});
