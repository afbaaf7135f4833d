import {
  GrafanaContactPointResource,
  GrafanaMuteTimingResource,
  GrafanaNotificationPolicyResource,
  type GrafanaNotificationPolicy,
} from '../../src/api/generated/index.js';
import { normaliseRoute } from '../../src/alerting/policy-tree.js';
import type { NotificationPolicy } from '../../src/grafana/index.js';
import { editsIn } from '../support/grafana-edits.js';
import { pageOf } from '../support/grafana.js';
import { FROM_FILES, filesOrg } from '../support/files-org.js';
import { policyTreeFixture, type PolicyTreeFixture } from '../support/policy-tree-fixture.js';
import { waitIdle } from '../support/metrics.js';
import { eventually } from '../support/wait.js';

/**
 * Grafana has one policy tree per org, so these tests share the fixture's instance "main" one
 * after another; each leaves the tree as Grafana's default (deleting its objects resets it).
 */
describe('GrafanaNotificationPolicy', () => {
  let f: PolicyTreeFixture;
  /** Names unique per run, so a shared real Grafana does not see clashes between runs. */
  let n: (name: string) => string;
  const Policy = GrafanaNotificationPolicyResource;

  beforeAll(async () => {
    f = await policyTreeFixture('notificationpolicy', { muteTimings: ['weekends-and-nights'] });
    n = f.n;
  });

  afterAll(async () => {
    await f?.stop();
  });

  /** Platform alerts to the platform team, muted at weekends and nights; critical ones page too. */
  const teamTree = (extra: Record<string, unknown> = {}) => ({
    instanceSelector: f.selector,
    receiver: n('platform-team'),
    group_by: ['grafana_folder', 'alertname'],
    group_wait: '30s',
    group_interval: '300s',
    repeat_interval: '240m',
    routes: [
      {
        receiver: n('platform-team'),
        object_matchers: [
          ['team', '=', 'platform'],
          ['env', '=~', 'prod|staging'],
        ],
        mute_time_intervals: [n('weekends-and-nights')],
        routes: [
          {
            receiver: n('pager'),
            object_matchers: [['severity', '=', 'critical']],
            continue: true,
            repeat_interval: '60m',
          },
        ],
      },
      { receiver: n('pager'), object_matchers: [['team', '=', 'database']], group_by: ['...'] },
    ],
    resyncPeriod: '10s',
    ...extra,
  });

  /** What Grafana returns for teamTree(): Prometheus durations, matchers sorted. */
  const teamTreeInGrafana = (): NotificationPolicy => ({
    receiver: n('platform-team'),
    group_by: ['grafana_folder', 'alertname'],
    routes: [
      {
        receiver: n('platform-team'),
        object_matchers: [
          ['env', '=~', 'prod|staging'],
          ['team', '=', 'platform'],
        ],
        mute_time_intervals: [n('weekends-and-nights')],
        routes: [
          {
            receiver: n('pager'),
            object_matchers: [['severity', '=', 'critical']],
            continue: true,
            repeat_interval: '1h',
          },
        ],
      },
      { receiver: n('pager'), group_by: ['...'], object_matchers: [['team', '=', 'database']] },
    ],
    group_wait: '30s',
    group_interval: '5m',
    repeat_interval: '4h',
  });

  const pagerTree = (extra: Record<string, unknown> = {}) => ({
    instanceSelector: f.selector,
    receiver: n('pager'),
    routes: [{ receiver: n('platform-team'), object_matchers: [['team', '=', 'platform']] }],
    resyncPeriod: '10s',
    ...extra,
  });

  const grafanaTree = async () => {
    const { provenance, ...tree } = await f.grafana.api.notificationPolicies.get();
    return { tree: normaliseRoute(tree, true), provenance: provenance ?? '' };
  };

  const synced = (name: string) =>
    f.kube.waitReady(Policy, name, {
      status: 'True',
      reason: 'Synced',
    }) as Promise<GrafanaNotificationPolicy>;

  const failing = async (name: string, reason: string) => {
    const object = await f.kube.waitReady(Policy, name, { status: 'False', reason });
    return object.status?.conditions?.find((c) => c.type === 'Ready')?.message ?? '';
  };

  const reconciles = async () =>
    [
      ...(await (await fetch(f.operator.metricsUrl)).text()).matchAll(
        /controller_runtime_reconcile_total\{controller="grafananotificationpolicy",result="[a-z_]+"\} (\d+)/g,
      ),
    ].reduce((sum, m) => sum + Number(m[1]), 0);

  /** Makes the operator reconcile `name` without a spec change and waits until it did. */
  const reconcileOnce = async (name: string) => {
    const count = await reconciles();
    await f.kube.touch(Policy, name);
    await eventually(async () => (await reconciles()) > count, { what: `a reconcile of ${name}` });
  };

  const remove = async (name: string) => {
    await f.kube.delete(Policy, name);
    await f.kube.waitGone(Policy, name);
  };

  it('the CRD refuses a tree without a receiver, a matcher that is no triple, a bad duration, repeated group_by labels', async () => {
    const create = (name: string, spec: unknown) =>
      f.kube.client.create(Policy, f.kube.namespace, {
        apiVersion: 'grafana.provisioning.dev/v1beta1',
        kind: 'GrafanaNotificationPolicy',
        metadata: { name },
        spec,
      } as never);
    const { receiver: _receiver, ...noReceiver } = teamTree();
    await expect(create('no-receiver', noReceiver)).rejects.toThrow(/spec\.receiver: Required value/);
    await expect(
      create('pair', teamTree({ routes: [{ object_matchers: [['team', 'platform']] }] })),
    ).rejects.toThrow(/object_matchers\[0]: Invalid value.*at least 3 items/);
    await expect(create('duration', teamTree({ group_wait: '5 minutes' }))).rejects.toThrow(
      /spec\.group_wait: Invalid value: "5 minutes": must be a duration such as 30s, 5m, 1h30m or 1d/,
    );
    await expect(create('twice', teamTree({ group_by: ['alertname', 'alertname'] }))).rejects.toThrow(
      /spec\.group_by\[1]: Duplicate value: "alertname"/,
    );
  });

  it('the operator refuses what the CRD cannot check: matcher operators, nested durations, and routes below the fifth level', async () => {
    await f.kube.create(
      Policy,
      'bad-operator',
      teamTree({ routes: [{ routes: [{ object_matchers: [['severity', '==', 'critical']] }] }] }),
    );
    expect(await failing('bad-operator', 'InvalidSpec')).toContain(
      'spec.routes[0].routes[0].object_matchers[0] has operator "=="; use one of = != =~ !~',
    );
    // Durations of nested policies are the operator's to check (a CEL rule in every level of an
    // unbounded tree exceeds the apiserver's cost budget), with the same words as the CRD's.
    await f.kube.create(
      Policy,
      'bad-duration',
      teamTree({ routes: [{ routes: [{ group_wait: '5 minutes' }] }] }),
    );
    expect(await failing('bad-duration', 'InvalidSpec')).toContain(
      'spec.routes[0].routes[0].group_wait "5 minutes" is not a duration such as 30s, 5m, 1h30m or 1d',
    );
    let deep: Record<string, unknown> = { receiver: n('pager'), recevier: 'typo' };
    for (let level = 0; level < 6; level++) deep = { routes: [deep] };
    await f.kube.create(Policy, 'too-deep', teamTree({ routes: (deep as { routes: unknown[] }).routes }));
    expect(await failing('too-deep', 'InvalidSpec')).toContain(
      `spec${'.routes[0]'.repeat(6)}.recevier is not a field of a nested policy`,
    );
    await Promise.all([remove('bad-operator'), remove('bad-duration'), remove('too-deep')]);
  });

  it('waits (DependencyNotReady) for the contact points and mute timing it names, then writes the nested tree', async () => {
    await f.kube.create(Policy, 'tree', teamTree());
    const message = await failing('tree', 'DependencyNotReady');
    expect(message).toContain(
      `waiting for contact points "${n('pager')}", "${n('platform-team')}" and mute timing "${n('weekends-and-nights')}" to exist in Grafana`,
    );
    await f.grafana.api.contactPoints.create({
      name: n('platform-team'),
      type: 'email',
      settings: { addresses: 'platform@example.com' },
    });
    await f.grafana.api.contactPoints.create({
      name: n('pager'),
      type: 'webhook',
      settings: { url: 'https://pager.example.com/hook' },
    });
    expect(await failing('tree', 'DependencyNotReady')).toMatch(/mute timing "weekends-and-nights-/);
    await f.grafana.api.muteTimings.create({
      name: n('weekends-and-nights'),
      time_intervals: [
        { weekdays: ['saturday', 'sunday'] },
        { times: [{ start_time: '20:00', end_time: '24:00' }] },
      ],
    });
    const object = await synced('tree');
    expect(object.status?.instances?.[0]).toMatchObject({
      name: 'main',
      synced: true,
      uid: 'policy-tree',
      url: pageOf(f.grafana, `/alerting/routes`),
    });
    const { provenance, ...stored } = await f.grafana.api.notificationPolicies.get();
    expect(stored).toEqual(teamTreeInGrafana());
    expect(provenance).toBe('api');
  });

  it('an unchanged resync reads the tree and writes nothing', async () => {
    const recorder = f.grafana.recorder;
    await waitIdle(f.operator.metricsUrl); // reconciles caused by the last status change are over
    recorder.clearRequests();
    const cleared = Date.now();
    const reconciledBefore = await reconciles();
    const alerting = () =>
      recorder.requests
        .filter((r) => r.path.startsWith('/api/v1/provisioning'))
        .map((r) => `${r.method} ${r.path}`);
    // The resync (resyncPeriod 10s ± 10 %), not a change, brings it back: it reads the tree…
    await eventually(() => alerting().length > 0, { timeoutMs: 15_000, intervalMs: 250, what: 'a resync' });
    expect(Date.now() - cleared).toBeGreaterThan(5000); // the resync, not an event
    // …and would write right after reading, in the same reconcile: once that reconcile is over.
    await eventually(async () => (await reconciles()) > reconciledBefore, { what: 'the resync reconcile' });
    expect(alerting()).toEqual(['GET /api/v1/provisioning/policies']);
    expect(recorder.writes()).toEqual([]);
  });

  it('reverts a tree another API client wrote, and says so in an Event', async () => {
    const { provenance: _p, ...tree } = teamTreeInGrafana();
    await f.grafana.api.notificationPolicies.put({
      ...tree,
      repeat_interval: '12h',
      routes: tree.routes!.slice(0, 1),
    });
    await reconcileOnce('tree');
    await eventually(async () => (await grafanaTree()).tree.repeat_interval === '4h', {
      what: 'the tree reverted',
    });
    expect(await grafanaTree()).toEqual({
      tree: normaliseRoute(teamTreeInGrafana(), true),
      provenance: 'api',
    });
    await eventually(
      async () =>
        (await f.kube.events('tree')).some(
          (e) =>
            e.reason === 'DriftReverted' &&
            e.message.includes('repeat_interval') &&
            e.message.includes('routes'),
        ),
      { what: 'a DriftReverted Event' },
    );
  });

  it('reverts an edit made in the Grafana UI after a reset, and locks the tree again', async () => {
    const edits = editsIn(f.grafana);
    // A reset in Grafana (provenance none), then UI edits: the tree again, then a nested route's
    // matcher changed.
    await f.grafana.api.notificationPolicies.reset();
    const { provenance: _p, ...tree } = teamTreeInGrafana();
    await edits.editPolicyTree(tree);
    await edits.editPolicyTree({
      ...tree,
      routes: [{ receiver: n('pager'), object_matchers: [['team', '=', 'storage']] }],
    });
    await reconcileOnce('tree');
    await eventually(async () => (await grafanaTree()).provenance === 'api', {
      what: 'the tree locked again',
    });
    expect((await grafanaTree()).tree).toEqual(normaliseRoute(teamTreeInGrafana(), true));
  });

  it('editableInGrafana: writes without provenance, leaves UI edits alone until the object changes; and back', async () => {
    await f.kube.patchSpec(Policy, 'tree', { editableInGrafana: true });
    await synced('tree');
    expect(await grafanaTree()).toEqual({ tree: normaliseRoute(teamTreeInGrafana(), true), provenance: '' });

    // An edit in the UI (it writes without provenance too).
    const edited = { ...teamTreeInGrafana(), repeat_interval: '1d' };
    await f.grafana.api.notificationPolicies.put(edited, { disableProvenance: true });
    f.grafana.recorder.clearRequests();
    await reconcileOnce('tree');
    expect((await grafanaTree()).tree.repeat_interval).toBe('1d');
    expect(f.grafana.recorder.writes()).toEqual([]);

    // The object changes: the spec is applied again, over the UI edit.
    await f.kube.patchSpec(Policy, 'tree', { repeat_interval: '2h' });
    await synced('tree');
    expect(await grafanaTree()).toEqual({
      tree: normaliseRoute({ ...teamTreeInGrafana(), repeat_interval: '2h' }, true),
      provenance: '',
    });

    await f.kube.patchSpec(Policy, 'tree', { editableInGrafana: false, repeat_interval: '240m' });
    await synced('tree');
    expect(await grafanaTree()).toEqual({
      tree: normaliseRoute(teamTreeInGrafana(), true),
      provenance: 'api',
    });
  });

  it('a second object for the same instance is a Conflict naming the holder, and takes over once the holder is deleted', async () => {
    await f.kube.create(Policy, 'second', pagerTree());
    expect(await failing('second', 'Conflict')).toBe(
      `main: policy-tree in this Grafana org is already managed by GrafanaNotificationPolicy ${f.kube.namespace}/tree`,
    );
    expect((await grafanaTree()).tree.receiver).toBe(n('platform-team'));
    await remove('tree');
    await synced('second');
    expect(await grafanaTree()).toEqual({
      tree: {
        receiver: n('pager'),
        routes: [{ receiver: n('platform-team'), object_matchers: [['team', '=', 'platform']] }],
      },
      provenance: 'api',
    });
  });

  it('Orphan leaves the tree, which a later object takes only with adopt; Delete resets it to the default', async () => {
    await f.kube.patchSpec(Policy, 'second', { deletionPolicy: 'Orphan' });
    await synced('second');
    await remove('second');
    expect((await grafanaTree()).tree.receiver).toBe(n('pager'));

    await f.kube.create(Policy, 'third', pagerTree({ repeat_interval: '3h' }));
    expect(await failing('third', 'Conflict')).toBe(
      'main: the notification policy tree on GrafanaInstance main was not written by this object (it was written through the provisioning API by someone else); set spec.adopt: true to take it over',
    );
    expect((await grafanaTree()).tree.repeat_interval).toBeUndefined();
    await f.kube.patchSpec(Policy, 'third', { adopt: true });
    await synced('third');
    expect((await grafanaTree()).tree.repeat_interval).toBe('3h');

    await remove('third');
    const { tree, provenance } = await grafanaTree();
    expect(tree.receiver).toBe('grafana-default-email');
    expect(tree.routes).toBeUndefined();
    expect(provenance).toBe('');
  });

  // Grafana's HTTP API cannot make a tree of provenance file: its provisioning files do, in an org
  // of their own (support/files-org.ts), on the double and on GRAFANA_URL alike.
  it('a tree provisioned from files is a Conflict even with adopt, and is left as it is', async () => {
    const files = await filesOrg(f.kube, f.grafana);
    const filesTree = async () => {
      const { provenance, ...tree } = await files.api.notificationPolicies.get();
      return { tree: normaliseRoute(tree, true), provenance: provenance ?? '' };
    };
    try {
      await f.kube.create(Policy, 'filed', {
        ...pagerTree({ adopt: true }),
        instanceSelector: files.selector,
        receiver: FROM_FILES.name,
        routes: undefined,
      });
      expect(await failing('filed', 'Conflict')).toContain(
        'the notification policy tree on GrafanaInstance files is provisioned from files: it cannot be managed through the API (Grafana restores it from its provisioning on restart), even with spec.adopt',
      );
      await remove('filed');
      expect(await filesTree()).toEqual({
        tree: normaliseRoute(structuredClone(FROM_FILES.policyTree) as unknown as NotificationPolicy, true),
        provenance: 'file',
      });
    } finally {
      await files.close(f.kube, [[Policy, 'filed']]);
    }
  });

  it("Grafana's 400 (a receiver it does not know) lands in the condition verbatim", async () => {
    const recorder = f.grafana.recorder;
    // A contact point list that names a receiver Grafana does not have (e.g. deleted just after).
    const listed = await f.grafana.api.contactPoints.list();
    const fault = recorder.injectFault({
      method: 'GET',
      path: '/api/v1/provisioning/contact-points',
      status: 200,
      body: [...listed, { ...listed[0], uid: 'ghost', name: n('ghost') }],
    });
    try {
      await f.kube.create(Policy, 'ghosted', pagerTree({ receiver: n('ghost') }));
      expect(await failing('ghosted', 'InvalidSpec')).toBe(
        `main: Grafana PUT /api/v1/provisioning/policies returned 400 Bad Request [alerting.notifications.routes.invalidFormat]: Invalid format of the submitted route: receiver '${n('ghost')}' does not exist. Correct the payload and try again.`,
      );
    } finally {
      fault.remove();
    }
    await remove('ghosted');
    expect((await grafanaTree()).tree.receiver).toBe('grafana-default-email');
  });

  it('with GrafanaContactPoint and GrafanaMuteTiming objects (named otherwise in Grafana): waits for them, then writes', async () => {
    const routes = [
      {
        receiver: n('oncall'),
        object_matchers: [['team', '=', 'platform']],
        mute_time_intervals: [n('nights')],
      },
    ];
    await f.kube.create(Policy, 'with-objects', pagerTree({ receiver: n('oncall'), routes }));
    expect(await failing('with-objects', 'DependencyNotReady')).toContain(
      `contact point "${n('oncall')}" and mute timing "${n('nights')}"`,
    );
    await f.kube.create(GrafanaContactPointResource, 'oncall', {
      instanceSelector: f.selector,
      name: n('oncall'),
      receivers: [{ type: 'email', settings: { addresses: 'oncall@example.com' } }],
    });
    await f.kube.create(GrafanaMuteTimingResource, 'nights', {
      instanceSelector: f.selector,
      name: n('nights'),
      time_intervals: [{ times: [{ start_time: '22:00', end_time: '24:00' }] }],
    });
    await synced('with-objects');
    expect(await grafanaTree()).toEqual({ tree: { receiver: n('oncall'), routes }, provenance: 'api' });
    // The tree first, so Grafana lets the contact point and mute timing go.
    await remove('with-objects');
    await f.kube.delete(GrafanaContactPointResource, 'oncall');
    await f.kube.delete(GrafanaMuteTimingResource, 'nights');
    await f.kube.waitGone(GrafanaContactPointResource, 'oncall');
    await f.kube.waitGone(GrafanaMuteTimingResource, 'nights');
  });
});
