import {
  GrafanaNotificationPolicyResource,
  GrafanaNotificationPolicyRouteResource,
  type GrafanaNotificationPolicy,
  type GrafanaNotificationPolicyRoute,
} from '../../src/api/generated/index.js';
import { normaliseRoute } from '../../src/alerting/policy-tree.js';
import { policyTreeFixture, type PolicyTreeFixture } from '../support/policy-tree-fixture.js';
import { waitIdle } from '../support/metrics.js';
import { reconcileNow, reconcileOnFreshLists, waitOutSnapshots } from '../support/operator.js';
import { eventually } from '../support/wait.js';

/**
 * GrafanaNotificationPolicyRoute objects merged by the policy that selects them. Grafana has one
 * tree per org, so the tests share the fixture's instance "main" one after another.
 */
describe('GrafanaNotificationPolicyRoute', () => {
  let f: PolicyTreeFixture;
  let n: (name: string) => string;
  const Policy = GrafanaNotificationPolicyResource;
  const Route = GrafanaNotificationPolicyRouteResource;
  const selected = { labels: { tree: 'main' } };

  beforeAll(async () => {
    f = await policyTreeFixture('notificationpolicyroute');
    n = f.n;
    for (const name of ['default', 'db', 'web', 'pager']) {
      await f.grafana.api.contactPoints.create({
        name: n(name),
        type: 'webhook',
        settings: { url: `https://${name}.example.com/hook` },
      });
    }
  });

  afterAll(async () => {
    await f?.stop();
  });

  const team = (label: string, extra: Record<string, unknown> = {}) => ({
    receiver: n(label),
    object_matchers: [['team', '=', label]],
    ...extra,
  });

  const treeRoutes = async () => {
    const { provenance: _p, ...tree } = await f.grafana.api.notificationPolicies.get();
    return (normaliseRoute(tree, true).routes ?? []).map((route) => route.receiver);
  };

  /** Until the tree's top-level routes go to these receivers, in this order. */
  const untilTree = (receivers: string[]) =>
    eventually(async () => {
      expect(await treeRoutes()).toEqual(receivers);
      return true;
    });

  const routeState = async (name: string, status: 'True' | 'False', reason: string) => {
    const object = (await f.kube.waitReady(Route, name, {
      status,
      reason,
    })) as GrafanaNotificationPolicyRoute;
    return {
      message: object.status?.conditions?.find((c) => c.type === 'Ready')?.message ?? '',
      policies: object.status?.policies,
    };
  };

  const createRoute = (name: string, spec: Record<string, unknown>, metadata = selected) =>
    f.kube.create(Route, name, spec, metadata);

  it('a route no policy selects waits (DependencyNotReady) and is nowhere in Grafana', async () => {
    await createRoute('db', { priority: 5, route: team('db') });
    const { message } = await routeState('db', 'False', 'DependencyNotReady');
    expect(message).toContain('no GrafanaNotificationPolicy in this namespace selects this route');
    expect(message).toContain('"tree":"main"');
  });

  it('the policy merges the routes it selects after its own, by priority then name; each route names the policy', async () => {
    await createRoute('web', { route: team('web') });
    await createRoute('pager', { priority: 10, route: team('pager') });
    await createRoute('elsewhere', { route: team('web') }, { labels: { tree: 'other' } });
    await f.kube.create(Policy, 'tree', {
      instanceSelector: f.selector,
      receiver: n('default'),
      routes: [{ receiver: n('default'), object_matchers: [['team', '=', 'own']] }],
      routeSelector: { matchLabels: { tree: 'main' } },
      resyncPeriod: '10s',
    });
    const policy = (await f.kube.waitReady(Policy, 'tree', {
      status: 'True',
      reason: 'Synced',
    })) as GrafanaNotificationPolicy;
    expect(policy.status?.routes?.map((r) => r.name)).toEqual(['pager', 'db', 'web']);
    expect(await treeRoutes()).toEqual([n('default'), n('pager'), n('db'), n('web')]);
    for (const name of ['pager', 'db', 'web']) {
      expect(await routeState(name, 'True', 'Synced')).toEqual({
        message: 'In the tree of GrafanaNotificationPolicy tree',
        policies: 'tree',
      });
    }
    expect((await routeState('elsewhere', 'False', 'DependencyNotReady')).policies).toBeUndefined();
  });

  it('an unchanged resync of the routes and their policy writes nothing, to Grafana or the apiserver', async () => {
    await waitIdle(f.operator.metricsUrl);
    const from = f.grafana.recorder.requests.length;
    // Touching a route requeues its policies too (a label change could select it).
    const touched = await reconcileNow(f, Route, ['pager', 'db', 'web']);
    await waitOutSnapshots();
    const [policyTouched] = await reconcileNow(f, Policy, ['tree']);
    await waitIdle(f.operator.metricsUrl);
    const writes = f.grafana.recorder.requests.slice(from).filter((r) => r.method !== 'GET');
    expect(writes).toEqual([]);
    for (const [i, name] of ['pager', 'db', 'web'].entries()) {
      expect((await f.kube.get<GrafanaNotificationPolicyRoute>(Route, name)).metadata?.resourceVersion).toBe(
        touched[i],
      );
    }
    expect((await f.kube.get<GrafanaNotificationPolicy>(Policy, 'tree')).metadata?.resourceVersion).toBe(
      policyTouched,
    );
  });

  it('a route changed is written into the tree; its status follows its generation', async () => {
    await f.kube.patchSpec(Route, 'web', { route: team('web', { group_wait: '60s' }) });
    await eventually(async () => {
      const { provenance: _p, ...tree } = await f.grafana.api.notificationPolicies.get();
      expect(normaliseRoute(tree, true).routes?.[3]).toMatchObject({ receiver: n('web'), group_wait: '1m' });
      return true;
    });
    await routeState('web', 'True', 'Synced');
  });

  it('two routes that cannot both hold: both left out and both say why; the rest of the tree stays', async () => {
    // Same priority as db, a later name: db comes first, matches all it matches and stops there.
    await createRoute('dbx', {
      priority: 5,
      route: team('db', {
        receiver: n('pager'),
        object_matchers: [
          ['team', '=', 'db'],
          ['sev', '=', 'high'],
        ],
      }),
    });
    const db = await routeState('db', 'False', 'Conflict');
    const dbx = await routeState('dbx', 'False', 'Conflict');
    expect(db.message).toBe(dbx.message);
    expect(db.message).toContain(
      'GrafanaNotificationPolicyRoute db (priority 5, matching team="db") comes before GrafanaNotificationPolicyRoute dbx (priority 5, matching sev="high", team="db")',
    );
    await untilTree([n('default'), n('pager'), n('web')]);
    await routeState('pager', 'True', 'Synced');

    // db continues: both hold, in their order.
    await f.kube.patchSpec(Route, 'db', { route: team('db', { continue: true }) });
    await routeState('db', 'True', 'Synced');
    await routeState('dbx', 'True', 'Synced');
    expect(await treeRoutes()).toEqual([n('default'), n('pager'), n('db'), n('pager'), n('web')]);
  });

  it('a merged route edited away in Grafana is put back (DriftReverted on the policy)', async () => {
    const { provenance: _p, ...tree } = await f.grafana.api.notificationPolicies.get();
    await f.grafana.api.notificationPolicies.put({ ...tree, routes: tree.routes?.slice(0, 2) });
    await reconcileOnFreshLists(f, Policy, ['tree']);
    await untilTree([n('default'), n('pager'), n('db'), n('pager'), n('web')]);
    await eventually(async () => (await f.kube.events('tree')).some((e) => e.reason === 'DriftReverted'), {
      what: 'a DriftReverted Event on the policy',
    });
  });

  it('a route removed, or no longer selected, leaves the rest of the tree as it was', async () => {
    await f.kube.delete(Route, 'dbx');
    await f.kube.waitGone(Route, 'dbx');
    await untilTree([n('default'), n('pager'), n('db'), n('web')]);
    await f.kube.client.mergePatch(Route, f.kube.namespace, 'pager', {
      metadata: { labels: { tree: 'other' } },
    });
    await untilTree([n('default'), n('db'), n('web')]);
    expect((await routeState('pager', 'False', 'DependencyNotReady')).message).toContain(
      'no GrafanaNotificationPolicy',
    );
    await routeState('db', 'True', 'Synced');
  });

  it('a route whose spec the CRD cannot check is refused by the operator, and left out of the tree', async () => {
    await createRoute('bad', { route: { receiver: n('web'), object_matchers: [['team', '==', 'x']] } });
    expect((await routeState('bad', 'False', 'InvalidSpec')).message).toContain(
      'spec.route.object_matchers[0] has operator "=="',
    );
    await f.kube.waitReady(Policy, 'tree', { status: 'True', reason: 'Synced' });
    expect(await treeRoutes()).toEqual([n('default'), n('db'), n('web')]);
  });

  it('the policy deleted resets the tree (its deletionPolicy); its routes wait again', async () => {
    await f.kube.delete(Policy, 'tree');
    await f.kube.waitGone(Policy, 'tree');
    expect(await treeRoutes()).toEqual([]);
    await routeState('db', 'False', 'DependencyNotReady');
  });
});
