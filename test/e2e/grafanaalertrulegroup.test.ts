import {
  GrafanaAlertRuleGroupResource,
  GrafanaAlertRuleResource,
  GrafanaContactPointResource,
  GrafanaDatasourceResource,
  GrafanaFolderResource,
  GrafanaMuteTimingResource,
  type GrafanaAlertRuleGroup,
} from '../../src/api/generated/index.js';
import { GrafanaNotFoundError, type AlertRuleGroup } from '../../src/grafana/index.js';
import type { KubeObject } from '../../src/runtime/kube/types.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { FROM_FILES, filesOrg } from '../support/files-org.js';
import { eventually } from '../support/wait.js';
import { reconcileNow, waitOutSnapshots } from '../support/operator.js';

describe('GrafanaAlertRuleGroup', () => {
  let f: ObjectFixture;
  /** Names unique per run, so a shared real Grafana does not see clashes between runs. */
  let n: (name: string) => string;
  /** uids of the folder "alerts" and the datasource "prometheus", once synced. */
  let folderUid: string;
  let datasourceUid: string;

  beforeAll(async () => {
    f = await objectFixture('alertrulegroup');
    n = (name) => `${name}-${f.kube.namespace}`;
  });

  afterAll(async () => {
    await f?.stop();
  });

  /** TEST-API_1 of Grafana's provisioning docs: `up` above 6 (classic condition) for 5 minutes. */
  const rule = (title = 'TEST-API_1', extra: Record<string, unknown> = {}) => ({
    title,
    condition: 'B',
    noDataState: 'OK',
    execErrState: 'OK',
    for: '5m',
    annotations: { summary: 'test_api_1' },
    labels: { API: 'test1' },
    data: [
      {
        refId: 'A',
        relativeTimeRange: { from: 600, to: 0 },
        datasourceRef: 'prometheus',
        model: { expr: 'up', hide: false, refId: 'A' },
      },
      {
        refId: 'B',
        datasourceUid: '__expr__',
        model: {
          type: 'classic_conditions',
          refId: 'B',
          conditions: [
            {
              type: 'query',
              evaluator: { type: 'gt', params: [6] },
              operator: { type: 'and' },
              query: { params: ['A'] },
              reducer: { type: 'last', params: [] },
            },
          ],
        },
      },
    ],
    ...extra,
  });

  const group = (name: string, extra: Record<string, unknown> = {}) => ({
    instanceSelector: f.selector,
    folderRef: 'alerts',
    name,
    interval: '1m',
    rules: [rule()],
    resyncPeriod: '10s',
    ...extra,
  });

  const synced = (name: string) =>
    f.kube.waitReady(GrafanaAlertRuleGroupResource, name, {
      status: 'True',
      reason: 'Synced',
    }) as Promise<GrafanaAlertRuleGroup>;

  const notReady = async (name: string, reason: string) =>
    (
      await f.kube.waitReady(GrafanaAlertRuleGroupResource, name, { status: 'False', reason })
    ).status?.conditions?.find((c) => c.type === 'Ready')?.message ?? '';

  const grafanaGroup = (name: string, folder = folderUid): Promise<AlertRuleGroup> =>
    f.grafana.api.ruleGroups.get(folder, name);

  /** A rule's provenance (the single-rule GET has it; Grafana's group GET does not). */
  const provenanceOf = async (uid: string) => (await f.grafana.api.alertRules.get(uid)).provenance ?? '';

  /** The operator's requests to one group's endpoint. */
  const groupRequests = (name: string, folder = folderUid) =>
    f.grafana.recorder.requests.filter(
      (r) => r.path === `/api/v1/provisioning/folder/${folder}/rule-groups/${encodeURIComponent(name)}`,
    );

  const reconciles = async () =>
    Number(
      /controller_runtime_reconcile_total\{controller="grafanaalertrulegroup",result="requeue_after"\} (\d+)/.exec(
        await (await fetch(f.operator.metricsUrl)).text(),
      )?.[1] ?? 0,
    );

  it('the CRD rejects a missing or second folder, an interval that is not a multiple of 10s, and a rule without condition', async () => {
    const create = (name: string, spec: unknown) =>
      f.kube.client.create(GrafanaAlertRuleGroupResource, f.kube.namespace, {
        apiVersion: 'grafana.provisioning.dev/v1beta1',
        kind: 'GrafanaAlertRuleGroup',
        metadata: { name },
        spec,
      } as never);
    const { folderRef: _folder, ...noFolder } = group('x');
    await expect(create('no-folder', noFolder)).rejects.toThrow(/set folderRef or folderUID \(exactly one\)/);
    await expect(create('two-folders', group('x', { folderUID: 'abc' }))).rejects.toThrow(
      /set folderRef or folderUID \(exactly one\)/,
    );
    for (const interval of ['15s', '0s', '1d', '10500ms']) {
      await expect(create('bad-interval', group('x', { interval }))).rejects.toThrow(
        /interval must be a positive multiple of 10s/,
      );
    }
    await expect(
      create('bad-for', group('x', { rules: [rule('first', { for: '5 minutes' }), rule('second')] })),
    ).rejects.toThrow(/spec\.rules\[0]\.for: Invalid value: "5 minutes": must be a duration such as 30s, 5m/);
    await expect(
      create(
        'bad-wait',
        group('x', {
          rules: [rule('first', { notification_settings: { receiver: 'r', group_wait: '30 sec' } })],
        }),
      ),
    ).rejects.toThrow(
      /spec\.rules\[0]\.notification_settings\.group_wait: Invalid value: "30 sec": must be a duration such as/,
    );
    const { condition: _condition, ...noCondition } = rule();
    await expect(create('no-condition', group('x', { rules: [noCondition] }))).rejects.toThrow(
      /set condition .* or record for a recording rule/,
    );
    await expect(create('slash', group('a/b'))).rejects.toThrow(/cannot contain "\/"/);
    for (const name of ['.', '..']) {
      await expect(create('dots', group(name))).rejects.toThrow(/cannot contain "\/" or be "." or ".."/);
    }
  });

  it('waits for its folder and datasource (DependencyNotReady), then creates the group with provenance api', async () => {
    await f.kube.create(GrafanaAlertRuleGroupResource, 'api', group('API'));
    expect(await notReady('api', 'DependencyNotReady')).toContain('GrafanaFolder "alerts"');
    await f.kube.create(GrafanaFolderResource, 'alerts', {
      instanceSelector: f.selector,
      title: n('Alerts'),
    });
    folderUid =
      (await f.kube.waitReady(GrafanaFolderResource, 'alerts', { status: 'True' })).status?.uid ?? '';
    // The folder is synced: the object moves on to wait for the datasource.
    await eventually(
      async () => (await notReady('api', 'DependencyNotReady')).includes('GrafanaDatasource "prometheus"'),
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

    const object = await synced('api');
    expect(object.status?.instances?.[0]).toMatchObject({
      name: 'main',
      synced: true,
      uid: `${folderUid}/API`,
    });
    const stored = await grafanaGroup('API');
    expect(stored).toMatchObject({ title: 'API', folderUid, interval: 60 });
    expect(stored.rules).toHaveLength(1);
    const [first] = stored.rules;
    expect(first).toMatchObject({
      title: 'TEST-API_1',
      condition: 'B',
      for: '5m',
      noDataState: 'OK',
      execErrState: 'OK',
      labels: { API: 'test1' },
      annotations: { summary: 'test_api_1' },
    });
    expect(first?.uid).toMatch(/^TEST-API_1-[0-9a-f]{8}$/);
    expect(await provenanceOf(first!.uid)).toBe('api');
    expect(first?.data[0]).toMatchObject({
      refId: 'A',
      datasourceUid,
      relativeTimeRange: { from: 600, to: 0 },
    });
    expect(first?.data[0]?.model).toMatchObject({ expr: 'up', intervalMs: 1000, maxDataPoints: 43200 });
    expect(first?.data[1]).toMatchObject({ refId: 'B', datasourceUid: '__expr__' });
    const puts = groupRequests('API').filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]?.headers).not.toHaveProperty('x-disable-provenance');
  });

  it('applies a change of rules and interval as one replace; rule uids stay', async () => {
    const before = await grafanaGroup('API');
    f.grafana.recorder.clearRequests();
    await f.kube.patchSpec(GrafanaAlertRuleGroupResource, 'api', {
      interval: '2m',
      rules: [rule('TEST-API_1', { for: '10m' }), rule('TEST-API_2', { labels: { API: 'test2' } })],
    });
    await eventually(async () => (await grafanaGroup('API')).rules.length === 2, { what: 'two rules' });
    await synced('api');
    const after = await grafanaGroup('API');
    expect(after.interval).toBe(120);
    expect(after.rules.map((r) => r.title)).toEqual(['TEST-API_1', 'TEST-API_2']);
    expect(after.rules[0]).toMatchObject({ uid: before.rules[0]?.uid, for: '10m' });
    expect(groupRequests('API').filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('an unchanged resync reads the group once and writes nothing, to Grafana or the apiserver', async () => {
    const before = await synced('api');
    await waitOutSnapshots();
    f.grafana.recorder.clearRequests();
    const count = await reconciles();
    // A resync, on lists that have aged out.
    const [touched] = await reconcileNow(f, GrafanaAlertRuleGroupResource, ['api']);
    expect(await reconciles()).toBeGreaterThan(count);
    const requests = groupRequests('API');
    expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(requests.length).toBeGreaterThanOrEqual(1);
    expect(requests.length).toBeLessThanOrEqual(2);
    expect(f.grafana.recorder.writes().filter((r) => r.path.startsWith('/api/v1/provisioning'))).toEqual([]);
    const after = await f.kube.get<GrafanaAlertRuleGroup>(GrafanaAlertRuleGroupResource, 'api');
    expect(after.status).toEqual(before.status);
    expect(after.metadata?.resourceVersion).toBe(touched);
  });

  it("a write that loses Grafana's optimistic lock is sent again once; losing twice is a Conflict, and the change still lands", async () => {
    const recorder = f.grafana.recorder;
    const lost = {
      method: 'PUT',
      path: `/api/v1/provisioning/folder/${folderUid}/rule-groups/API`,
      status: 409,
      body: { message: 'version conflict while updating a record in the database with optimistic locking' },
    };
    recorder.clearRequests();
    recorder.injectFault({ ...lost, times: 1 });
    await f.kube.patchSpec(GrafanaAlertRuleGroupResource, 'api', { interval: '3m' });
    await eventually(async () => (await grafanaGroup('API')).interval === 180, { what: 'interval 3m' });
    expect(groupRequests('API').filter((r) => r.method === 'PUT')).toHaveLength(2);
    await synced('api');

    recorder.injectFault({ ...lost, times: 2 });
    await f.kube.patchSpec(GrafanaAlertRuleGroupResource, 'api', { interval: '2m' });
    // The Conflict lasts until the next attempt (at the resync pace), which may come before a poll of
    // the status sees it: its Warning Event stays.
    const refused = 'Grafana refused rule group "API" twice because it was being changed at the same time';
    await eventually(
      async () =>
        (await f.kube.events('api')).some(
          (e) => e.type === 'Warning' && e.reason === 'Conflict' && e.message.includes(refused),
        ),
      { what: 'a Conflict Warning Event for the group refused twice' },
    );
    // The spec is not lost: the next attempt (at the resync pace) applies it.
    await eventually(async () => (await grafanaGroup('API')).interval === 120, {
      timeoutMs: 20_000,
      what: 'interval 2m applied later',
    });
    await synced('api');
  });

  it('an unknown condition refId is InvalidSpec naming the rule and the refId, and nothing is written', async () => {
    f.grafana.recorder.clearRequests();
    await f.kube.create(
      GrafanaAlertRuleGroupResource,
      'bad-condition',
      group('bad', { rules: [rule('Bad', { condition: 'C' })] }),
    );
    expect(await notReady('bad-condition', 'InvalidSpec')).toContain(
      'spec.rules[0] ("Bad"): condition "C" is not the refId of a query (its queries are "A", "B")',
    );
    expect(groupRequests('bad')).toEqual([]);
    await expect(grafanaGroup('bad')).rejects.toBeInstanceOf(GrafanaNotFoundError);
  });

  it("Grafana's 400 message lands in the condition as Grafana wrote it", async () => {
    await f.kube.create(
      GrafanaAlertRuleGroupResource,
      'reserved',
      group('reserved', { rules: [rule('Reserved', { labels: { __grafana_autogenerated__: 'x' } })] }),
    );
    expect(await notReady('reserved', 'InvalidSpec')).toMatch(
      /400 Bad Request.*system reserved label __grafana_autogenerated__ cannot be defined/,
    );
  });

  it('waits (DependencyNotReady) for the contact point and mute timings its rules notify through, writing nothing, until their objects are synced', async () => {
    // The contact point's Grafana name is not its object's name: the group finds it by its spec.
    const receiver = n('On call');
    const notifying = rule('Notifying', {
      notification_settings: {
        receiver,
        mute_time_intervals: [n('nights')],
        active_time_intervals: [n('weekdays')],
      },
    });
    f.grafana.recorder.clearRequests();
    await f.kube.create(
      GrafanaAlertRuleGroupResource,
      'notifying',
      group('notifying', { rules: [notifying] }),
    );
    expect(await notReady('notifying', 'DependencyNotReady')).toContain(
      `waiting for contact point "${receiver}" and mute timings "${n('nights')}", "${n('weekdays')}" to exist in Grafana`,
    );
    expect(groupRequests('notifying').filter((r) => r.method === 'PUT')).toEqual([]);

    await f.kube.create(GrafanaContactPointResource, 'oncall', {
      instanceSelector: f.selector,
      name: receiver,
      receivers: [{ type: 'email', settings: { addresses: 'oncall@example.com' } }],
    });
    await f.kube.waitReady(GrafanaContactPointResource, 'oncall', { status: 'True' });
    // The contact point's change requeues the group, which now waits for the mute timings only.
    await eventually(
      async () =>
        (await notReady('notifying', 'DependencyNotReady')).includes(
          `waiting for mute timings "${n('nights')}", "${n('weekdays')}" to exist in Grafana`,
        ),
      { what: 'waiting for the mute timings only' },
    );
    for (const [name, interval] of [
      ['nights', { times: [{ start_time: '20:00', end_time: '24:00' }] }],
      ['weekdays', { weekdays: ['monday:friday'] }],
    ] as const) {
      await f.kube.create(GrafanaMuteTimingResource, name, {
        instanceSelector: f.selector,
        name: n(name),
        time_intervals: [interval],
      });
    }
    await synced('notifying');
    const [stored] = (await grafanaGroup('notifying')).rules;
    expect(stored?.notification_settings).toMatchObject({
      receiver,
      mute_time_intervals: [n('nights')],
      active_time_intervals: [n('weekdays')],
    });
    // Grafana keeps a receiver and time intervals a rule uses: the group leaves first.
    await f.kube.delete(GrafanaAlertRuleGroupResource, 'notifying');
    await f.kube.waitGone(GrafanaAlertRuleGroupResource, 'notifying');
    for (const name of ['nights', 'weekdays']) await f.kube.delete(GrafanaMuteTimingResource, name);
    await f.kube.delete(GrafanaContactPointResource, 'oncall');
  });

  it('a folderUID no URL path can carry ("..") is InvalidSpec, not an unhandled error', async () => {
    const { folderRef: _folderRef, ...withoutFolder } = group('dots');
    await f.kube.create(GrafanaAlertRuleGroupResource, 'dots', { ...withoutFolder, folderUID: '..' });
    expect(await notReady('dots', 'InvalidSpec')).toContain(
      'Path parameter :folderUid for route /api/v1/provisioning/folder/:folderUid/rule-groups/:group must not be empty, "." or ".."',
    );
  });

  it('moves the group when its name or folder changes, deleting it where it was', async () => {
    await f.kube.create(GrafanaAlertRuleGroupResource, 'moving', group('before'));
    await synced('moving');
    const uid = (await grafanaGroup('before')).rules[0]?.uid;
    await f.kube.patchSpec(GrafanaAlertRuleGroupResource, 'moving', { name: 'after' });
    await eventually(async () => (await grafanaGroup('after')).rules[0]?.uid === uid, { what: 'renamed' });
    expect((await synced('moving')).status?.instances?.[0]?.uid).toBe(`${folderUid}/after`);
    await expect(grafanaGroup('before')).rejects.toBeInstanceOf(GrafanaNotFoundError);

    await f.kube.create(GrafanaFolderResource, 'elsewhere', {
      instanceSelector: f.selector,
      title: n('Elsewhere'),
    });
    const elsewhere =
      (await f.kube.waitReady(GrafanaFolderResource, 'elsewhere', { status: 'True' })).status?.uid ?? '';
    await f.kube.patchSpec(GrafanaAlertRuleGroupResource, 'moving', { folderRef: 'elsewhere' });
    await eventually(async () => (await grafanaGroup('after', elsewhere)).rules[0]?.uid === uid, {
      what: 'moved to the other folder',
    });
    await expect(grafanaGroup('after')).rejects.toBeInstanceOf(GrafanaNotFoundError);
    await f.kube.delete(GrafanaAlertRuleGroupResource, 'moving');
    await f.kube.waitGone(GrafanaAlertRuleGroupResource, 'moving');
    await f.kube.delete(GrafanaFolderResource, 'elsewhere');
  });

  it('switching editableInGrafana changes the provenance both ways, keeping the rule uids', async () => {
    await f.kube.create(
      GrafanaAlertRuleGroupResource,
      'editable',
      group('editable', { editableInGrafana: true }),
    );
    await synced('editable');
    const uid = (await grafanaGroup('editable')).rules[0]!.uid;
    expect(await provenanceOf(uid)).toBe('');

    await f.kube.patchSpec(GrafanaAlertRuleGroupResource, 'editable', { editableInGrafana: false });
    await eventually(async () => (await provenanceOf(uid)) === 'api', { what: 'provenance api' });
    await f.kube.patchSpec(GrafanaAlertRuleGroupResource, 'editable', { editableInGrafana: true });
    await eventually(async () => (await provenanceOf(uid)) === '', { what: 'provenance none' });
    await synced('editable');
    expect((await grafanaGroup('editable')).rules.map((r) => r.uid)).toEqual([uid]);
  });

  // Grafana's HTTP API cannot make rules of provenance file: its provisioning files do, in an org
  // of their own (support/files-org.ts), on the double and on GRAFANA_URL alike.
  it('a group provisioned from files is a Conflict even with adopt, and the message says why', async () => {
    const files = await filesOrg(f.kube, f.grafana);
    try {
      f.grafana.recorder.clearRequests();
      await f.kube.create(GrafanaAlertRuleGroupResource, 'files', {
        ...group(FROM_FILES.ruleGroup, { adopt: true }),
        instanceSelector: files.selector,
        folderRef: undefined,
        folderUID: files.folderUid,
        rules: [
          {
            ...rule(),
            data: [{ refId: 'B', datasourceUid: '__expr__', model: { type: 'math', expression: '1 == 1' } }],
          },
        ],
      });
      const message = await notReady('files', 'Conflict');
      expect(message).toContain('is provisioned from files in Grafana');
      expect(message).toContain('can neither manage nor adopt');
      expect(groupRequests(FROM_FILES.ruleGroup, files.folderUid).filter((r) => r.method !== 'GET')).toEqual(
        [],
      );
      const rulesInFile = async () =>
        (await files.api.ruleGroups.get(files.folderUid, FROM_FILES.ruleGroup)).rules.map((r) => r.title);
      expect(await rulesInFile()).toEqual([FROM_FILES.ruleTitle]);
      await f.kube.delete(GrafanaAlertRuleGroupResource, 'files');
      await f.kube.waitGone(GrafanaAlertRuleGroupResource, 'files');
      expect(await rulesInFile()).toEqual([FROM_FILES.ruleTitle]);
    } finally {
      await files.close(f.kube, [[GrafanaAlertRuleGroupResource, 'files']]);
    }
  });

  it('a group cannot be managed whole and rule by rule at once: both objects are Conflict, naming each other', async () => {
    await f.kube.create(GrafanaAlertRuleGroupResource, 'whole', group('shared'));
    await synced('whole');
    const uids = (await grafanaGroup('shared')).rules.map((r) => r.uid);
    await f.kube.create(GrafanaAlertRuleResource, 'single', {
      instanceSelector: f.selector,
      folderRef: 'alerts',
      ruleGroup: 'shared',
      ...rule('Single rule'),
    });
    const ns = f.kube.namespace;
    const ruleMessage = (
      await f.kube.waitReady(GrafanaAlertRuleResource, 'single', { status: 'False', reason: 'Conflict' })
    ).status?.conditions?.find((c) => c.type === 'Ready')?.message;
    expect(ruleMessage).toContain(
      `rule group "shared" in folder ${folderUid} is also claimed by GrafanaAlertRuleGroup ${ns}/whole`,
    );
    expect(await notReady('whole', 'Conflict')).toContain(
      `rule group "shared" in folder ${folderUid} is also claimed by GrafanaAlertRule ${ns}/single`,
    );
    // Nothing moved in Grafana meanwhile.
    expect((await grafanaGroup('shared')).rules.map((r) => r.uid)).toEqual(uids);

    await f.kube.delete(GrafanaAlertRuleResource, 'single');
    await f.kube.waitGone(GrafanaAlertRuleResource, 'single');
    await synced('whole');
    expect((await grafanaGroup('shared')).rules.map((r) => r.uid)).toEqual(uids);
  });

  it('deletion removes the group (Delete) or leaves it (Orphan); a folder waits for the groups in it', async () => {
    await f.kube.create(GrafanaFolderResource, 'doomed', {
      instanceSelector: f.selector,
      title: n('Doomed'),
    });
    const doomed =
      (await f.kube.waitReady(GrafanaFolderResource, 'doomed', { status: 'True' })).status?.uid ?? '';
    await f.kube.create(GrafanaAlertRuleGroupResource, 'deleted', group('deleted', { folderRef: 'doomed' }));
    await f.kube.create(
      GrafanaAlertRuleGroupResource,
      'orphaned',
      group('orphaned', { deletionPolicy: 'Orphan' }),
    );
    await synced('deleted');
    await synced('orphaned');

    await f.kube.delete(GrafanaFolderResource, 'doomed');
    const waiting = await eventually(async () => {
      const folder = await f.kube.get<KubeObject & { status?: GrafanaAlertRuleGroup['status'] }>(
        GrafanaFolderResource,
        'doomed',
      );
      return folder.status?.conditions?.find((c) => c.reason === 'HasChildren');
    });
    expect(waiting.message).toContain('GrafanaAlertRuleGroup/deleted');
    expect((await grafanaGroup('deleted', doomed)).rules).toHaveLength(1);

    await f.kube.delete(GrafanaAlertRuleGroupResource, 'deleted');
    await f.kube.delete(GrafanaAlertRuleGroupResource, 'orphaned');
    await f.kube.waitGone(GrafanaAlertRuleGroupResource, 'deleted');
    await f.kube.waitGone(GrafanaAlertRuleGroupResource, 'orphaned');
    await f.kube.waitGone(GrafanaFolderResource, 'doomed');
    await expect(f.grafana.api.folders.get(doomed)).rejects.toBeInstanceOf(GrafanaNotFoundError);
    expect((await grafanaGroup('orphaned')).rules[0]?.title).toBe('TEST-API_1');
    await f.grafana.api.ruleGroups.delete(folderUid, 'orphaned');
  });
});
