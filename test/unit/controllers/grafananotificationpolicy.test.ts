import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { GrafanaNotificationPolicy } from '../../../src/api/generated/index.js';
import {
  diffPolicyTree,
  grafanaNotificationPolicyKind,
  isDefaultTree,
  normaliseRoute,
  treeFromSpec,
  type DesiredPolicyTree,
  type ObservedPolicyTree,
} from '../../../src/controllers/grafananotificationpolicy.js';
import { ObjectError, type KindContext } from '../../../src/controllers/shared/grafana-object.js';
import type { InstanceTarget } from '../../../src/controllers/shared/targets.js';
import { type NotificationPolicy } from '../../../src/grafana/index.js';
import { alertingOf } from '../../grafana-double/alerting-state.js';
import type { GrafanaDouble } from '../../grafana-double/server.js';
import { startDoubleTarget, type DoubleTarget } from '../../support/double-target.js';

type Spec = GrafanaNotificationPolicy['spec'];

/** A team tree: platform alerts to the platform team (critical ones paged too), muted at night. */
const teamSpec = (): Spec => ({
  instanceSelector: { matchLabels: { grafana: 'main' } },
  receiver: 'platform-team',
  group_by: ['grafana_folder', 'alertname'],
  group_wait: '30s',
  group_interval: '300s',
  repeat_interval: '240m',
  routes: [
    {
      receiver: 'platform-team',
      object_matchers: [
        ['team', '=', 'platform'],
        ['env', '=~', 'prod|staging'],
      ],
      mute_time_intervals: ['weekends-and-nights'],
      routes: [{ receiver: 'pager', object_matchers: [['severity', '=', 'critical']], continue: true }],
    },
  ],
});

function deeplyNested(levels: number, leaf: Record<string, unknown>): Record<string, unknown> {
  let route: Record<string, unknown> = leaf;
  for (let i = 1; i < levels; i++)
    route = { object_matchers: [['level', '=', String(levels - i)]], routes: [route] };
  return route;
}

const invalidSpec = (run: () => unknown, message: RegExp) => {
  let error: unknown;
  try {
    run();
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ObjectError);
  expect((error as ObjectError).reason).toBe('InvalidSpec');
  expect((error as ObjectError).message).toMatch(message);
};

describe('treeFromSpec: the tree, checked on every level', () => {
  it('takes the root fields and nested routes as given', () => {
    const spec = teamSpec();
    const tree = treeFromSpec(spec);
    const { instanceSelector: _selector, ...root } = spec;
    expect(tree).toEqual(root);
  });

  it('checks matcher operators the CRD cannot, naming the field', () => {
    const spec = teamSpec();
    spec.routes![0]!.routes![0]!.object_matchers = [['severity', '==', 'critical']];
    invalidSpec(
      () => treeFromSpec(spec),
      /^spec\.routes\[0]\.routes\[0]\.object_matchers\[0] has operator "==";/,
    );
  });

  it('refuses duplicated group_by labels and "..." with other labels, and zero intervals', () => {
    invalidSpec(
      () => treeFromSpec({ ...teamSpec(), group_by: ['a', 'b', 'a'] }),
      /spec\.group_by names "a" twice/,
    );
    invalidSpec(
      () => treeFromSpec({ ...teamSpec(), routes: [{ group_by: ['...', 'team'] }] }),
      /spec\.routes\[0]\.group_by "\.\.\." .* cannot be combined/,
    );
    invalidSpec(
      () => treeFromSpec({ ...teamSpec(), repeat_interval: '0s' }),
      /spec\.repeat_interval cannot be zero/,
    );
    expect(treeFromSpec({ ...teamSpec(), group_wait: '0s' }).group_wait).toBe('0s');
  });

  it('checks routes below the levels the CRD types (kept as they come by the apiserver)', () => {
    const ok = deeplyNested(8, { receiver: 'pager', mute_time_intervals: ['weekends-and-nights'] });
    const tree = treeFromSpec({ ...teamSpec(), routes: [ok as never] });
    let depth = 0;
    for (let route: NotificationPolicy | undefined = tree.routes?.[0]; route; route = route.routes?.[0])
      depth++;
    expect(depth).toBe(8);

    const typo = deeplyNested(7, { recevier: 'pager' });
    invalidSpec(
      () => treeFromSpec({ ...teamSpec(), routes: [typo as never] }),
      /^spec(\.routes\[0]){7}\.recevier is not a field of a nested policy \(receiver, object_matchers,/,
    );
    const notTriple = deeplyNested(6, { object_matchers: [['team', '=']] });
    invalidSpec(
      () => treeFromSpec({ ...teamSpec(), routes: [notTriple as never] }),
      /^spec(\.routes\[0]){6}\.object_matchers\[0] must be a \[label, operator, value] triple/,
    );
    const badDuration = deeplyNested(6, { group_wait: '5 minutes' });
    invalidSpec(
      () => treeFromSpec({ ...teamSpec(), routes: [badDuration as never] }),
      /^spec(\.routes\[0]){6}\.group_wait "5 minutes" is not a duration such as 30s, 5m, 1h30m or 1d/,
    );
    invalidSpec(
      () => treeFromSpec({ ...teamSpec(), routes: ['team' as never] }),
      /spec\.routes\[0] must be an object/,
    );
  });
});

describe('normaliseRoute: one form for the desired tree and for what Grafana returns', () => {
  it('makes the spec and Grafana’s answer for it compare equal', () => {
    const desired = normaliseRoute(treeFromSpec(teamSpec()), true);
    // What Grafana stores for it: Prometheus durations, matchers sorted (label, value, operator).
    const grafana: NotificationPolicy = {
      receiver: 'platform-team',
      group_by: ['grafana_folder', 'alertname'],
      routes: [
        {
          receiver: 'platform-team',
          object_matchers: [
            ['env', '=~', 'prod|staging'],
            ['team', '=', 'platform'],
          ],
          mute_time_intervals: ['weekends-and-nights'],
          routes: [{ receiver: 'pager', object_matchers: [['severity', '=', 'critical']], continue: true }],
        },
      ],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      provenance: 'api',
    };
    expect(normaliseRoute(grafana, true)).toEqual(desired);
    expect(desired.group_interval).toBe('5m');
    expect(desired.routes?.[0]?.object_matchers?.[0]).toEqual(['env', '=~', 'prod|staging']);
  });

  it('drops empty lists, empty receivers, continue: false and provenance; unquotes matcher values', () => {
    expect(
      normaliseRoute({
        receiver: '',
        group_by: [],
        object_matchers: [
          ['team', '=', '"platform"'],
          ['team', '!=', 'platform'],
          ['team', '=', 'platform'],
        ],
        mute_time_intervals: [],
        continue: false,
        routes: [],
        provenance: 'api',
      }),
    ).toEqual({
      object_matchers: [
        ['team', '=', 'platform'],
        ['team', '=', 'platform'],
        ['team', '!=', 'platform'],
      ],
    });
  });

  it("recognises Grafana's default tree (current and older form) and nothing else", () => {
    expect(
      isDefaultTree(
        normaliseRoute(
          { receiver: 'grafana-default-email', group_by: ['grafana_folder', 'alertname'] },
          true,
        ),
      ),
    ).toBe(true);
    expect(isDefaultTree(normaliseRoute({ receiver: 'grafana-default-email' }, true))).toBe(true);
    expect(
      isDefaultTree(normaliseRoute({ receiver: 'grafana-default-email', routes: [{ receiver: 'x' }] }, true)),
    ).toBe(false);
    expect(isDefaultTree(normaliseRoute({ receiver: 'platform-team' }, true))).toBe(false);
  });
});

describe('diffPolicyTree', () => {
  const desired = (editable = false): DesiredPolicyTree => ({
    tree: normaliseRoute(treeFromSpec(teamSpec()), true),
    editable,
    receivers: ['pager', 'platform-team'],
    timeIntervals: ['weekends-and-nights'],
  });
  const observed = (tree: NotificationPolicy, provenance = 'api'): ObservedPolicyTree => ({
    tree: normaliseRoute(tree, true),
    provenance,
    instance: 'main',
  });

  it('names the fields that differ, nested routes by position', () => {
    const edited = structuredClone(desired().tree);
    edited.repeat_interval = '12h';
    edited.routes![0]!.routes![0]!.continue = undefined;
    edited.routes![0]!.routes!.push({ receiver: 'platform-team' });
    expect(diffPolicyTree(desired(), observed(edited))).toEqual(['repeat_interval', 'routes[0].routes']);
    const rematched = structuredClone(desired().tree);
    rematched.routes![0]!.routes![0]!.object_matchers = [['severity', '=~', 'critical|high']];
    rematched.routes![0]!.routes![0]!.matchers = ['team="x"'];
    expect(diffPolicyTree(desired(), observed(rematched))).toEqual([
      'routes[0].routes[0].object_matchers',
      'routes[0].routes[0].matchers',
    ]);
    expect(diffPolicyTree(desired(), observed(desired().tree))).toEqual([]);
  });

  it('a tree that lost its provenance is drift; with editableInGrafana nothing is', () => {
    expect(diffPolicyTree(desired(), observed(desired().tree, ''))).toEqual(['provenance']);
    expect(diffPolicyTree(desired(true), observed({ receiver: 'someone-else' }, ''))).toEqual([]);
  });
});

describe('GrafanaNotificationPolicy against the Grafana double', () => {
  let double: GrafanaDouble;
  let target: InstanceTarget;
  const kind = grafanaNotificationPolicyKind();
  const calls = () =>
    double.requests
      .filter((r) => r.path.startsWith('/api/v1/provisioning/'))
      .map(
        (r) =>
          `${r.method} ${r.path.replace('/api/v1/provisioning', '')}${'x-disable-provenance' in r.headers ? ' (no provenance)' : ''} ${r.status}`,
      );
  const store = () => alertingOf(double.state.org(1));

  let fixture: DoubleTarget;

  beforeEach(async () => {
    fixture = await startDoubleTarget();
    ({ double, target } = fixture);
  });

  afterEach(() => fixture.stop());

  function contextFor(spec: Partial<Spec>, instances: Array<{ name: string; appliedHash?: string }> = []) {
    return {
      uid: 'tree-1a2b3c4d',
      namespace: 'ns',
      object: {
        metadata: { name: 'tree', namespace: 'ns' },
        spec: { ...teamSpec(), ...spec },
        status: { instances: instances.map((i) => ({ synced: true, ...i })) },
      },
      references: new Set<string>(),
    } as unknown as KindContext<GrafanaNotificationPolicy>;
  }

  const seedDependencies = () => {
    store().seedContactPoint({
      name: 'platform-team',
      type: 'email',
      settings: { addresses: 'platform@example.com' },
    });
    store().seedContactPoint({
      name: 'pager',
      type: 'webhook',
      settings: { url: 'https://pager.example.com/hook' },
    });
    store().seedMuteTiming({
      name: 'weekends-and-nights',
      time_intervals: [{ weekdays: ['saturday', 'sunday'] }],
    });
  };

  it('waits for the contact points and mute timings it names, reading fresh lists once before saying so', async () => {
    const context = contextFor({});
    const desired = await kind.desired(context, target);
    expect(desired.receivers).toEqual(['pager', 'platform-team']);
    const observed = await kind.observe(target, context.uid, desired);
    expect(observed?.provenance).toBe('');
    expect(kind.owns!(observed!, context)).toBe(true); // Grafana's untouched default tree
    const error = await kind.write(target, context.uid, desired, observed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectError);
    expect((error as ObjectError).reason).toBe('DependencyNotReady');
    expect((error as ObjectError).message).toBe(
      'waiting for contact points "pager", "platform-team" and mute timing "weekends-and-nights" to exist in Grafana (e.g. as GrafanaContactPoint / GrafanaMuteTiming objects in this namespace)',
    );
    // The lists, then fresh ones (a name was missing), and no write.
    expect(calls().sort()).toEqual([
      'GET /contact-points 200',
      'GET /contact-points 200',
      'GET /mute-timings 200',
      'GET /mute-timings 200',
      'GET /policies 200',
    ]);
    seedDependencies();
    double.clearRequests();
    await kind.write(target, context.uid, desired, observed);
    // The cached lists miss the names: read again, found, written.
    expect(calls().sort()).toEqual(['GET /contact-points 200', 'GET /mute-timings 200', 'PUT /policies 202']);
    expect(calls().at(-1)).toBe('PUT /policies 202');
    double.clearRequests();
    await kind.write(target, context.uid, desired, observed);
    expect(calls()).toEqual(['PUT /policies 202']); // names found in the lists: no read
    const written = await kind.observe(target, context.uid, desired);
    expect(written).toEqual({ tree: desired.tree, provenance: 'api', instance: 'main' });
    expect(kind.diff(desired, written!)).toEqual([]);
  });

  it('switches to editableInGrafana by writing, resetting and writing without provenance; back with one PUT', async () => {
    seedDependencies();
    const locked = await kind.desired(contextFor({}), target);
    await kind.write(target, 'tree', locked, await kind.observe(target, 'tree', locked));
    expect(store().policy.provenance).toBe('api');
    const editable = await kind.desired(contextFor({ editableInGrafana: true }), target);
    double.clearRequests();
    await kind.write(target, 'tree', editable, await kind.observe(target, 'tree', editable));
    expect(calls()).toEqual([
      'GET /policies 200',
      'PUT /policies 202',
      'DELETE /policies 202',
      'PUT /policies (no provenance) 202',
    ]);
    expect(store().policy.provenance).toBe('');
    expect(normaliseRoute(store().policy.route as NotificationPolicy, true)).toEqual(editable.tree);

    double.clearRequests();
    await kind.write(target, 'tree', locked, await kind.observe(target, 'tree', locked));
    expect(calls()).toEqual(['GET /policies 200', 'PUT /policies 202']);
    expect(store().policy.provenance).toBe('api');
  });

  it('a tree provisioned since it was read is switched the long way too', async () => {
    seedDependencies();
    const editable = await kind.desired(contextFor({ editableInGrafana: true }), target);
    const observed = await kind.observe(target, 'tree', editable); // provenance none
    store().policy.provenance = 'api';
    double.clearRequests();
    await kind.write(target, 'tree', editable, observed);
    expect(calls().filter((c) => !c.startsWith('GET'))).toEqual([
      'PUT /policies (no provenance) 403',
      'PUT /policies 202',
      'DELETE /policies 202',
      'PUT /policies (no provenance) 202',
    ]);
    expect(store().policy.provenance).toBe('');
  });

  it('deletion resets the tree with the provenance it has, and leaves a file-provisioned tree alone', async () => {
    seedDependencies();
    const editable = await kind.desired(contextFor({ editableInGrafana: true }), target);
    await kind.write(target, 'tree', editable, await kind.observe(target, 'tree', editable));
    double.clearRequests();
    await kind.remove(target, 'policy-tree');
    expect(calls()).toEqual(['GET /policies 200', 'DELETE /policies (no provenance) 202']);
    expect(isDefaultTree(normaliseRoute(store().policy.route as NotificationPolicy, true))).toBe(true);

    store().seedPolicyTree({ receiver: 'platform-team' }, { provenance: 'file' });
    double.clearRequests();
    await kind.remove(target, 'policy-tree');
    expect(calls()).toEqual(['GET /policies 200']);
  });

  it('a file-provisioned tree is a Conflict even with adopt; a foreign one is a Conflict saying who', async () => {
    seedDependencies();
    const context = contextFor({ adopt: true });
    const desired = await kind.desired(context, target);
    store().seedPolicyTree({ receiver: 'platform-team' }, { provenance: 'file' });
    await expect(kind.observe(target, context.uid, desired)).rejects.toThrow(
      /provisioned from files: it cannot be managed through the API .* even with spec\.adopt/,
    );

    store().seedPolicyTree(
      { receiver: 'platform-team', routes: [{ receiver: 'pager' }] },
      { provenance: 'api' },
    );
    const foreign = (await kind.observe(target, context.uid, desired))!;
    expect(() => kind.owns!(foreign, contextFor({}))).toThrow(
      'the notification policy tree on GrafanaInstance main was not written by this object (it was written through the provisioning API by someone else); set spec.adopt: true to take it over',
    );
    expect(kind.owns!(foreign, contextFor({}, [{ name: 'main', appliedHash: 'abc' }]))).toBe(true);
    expect(() => kind.owns!(foreign, contextFor({}, [{ name: 'other', appliedHash: 'abc' }]))).toThrow(
      ObjectError,
    );
    store().seedPolicyTree({ receiver: 'platform-team' });
    const edited = (await kind.observe(target, context.uid, desired))!;
    expect(() => kind.owns!(edited, contextFor({}))).toThrow(
      /\(it was edited in Grafana's UI or written without provenance\); set spec\.adopt: true/,
    );
  });

  it('references the contact points and mute timings that provide its names', async () => {
    const listed: Record<string, Array<{ metadata: { name: string }; spec: { name?: string } }>> = {
      GrafanaContactPoint: [
        { metadata: { name: 'platform' }, spec: { name: 'platform-team' } },
        { metadata: { name: 'unrelated' }, spec: {} },
      ],
      GrafanaMuteTiming: [{ metadata: { name: 'weekends-and-nights' }, spec: {} }],
    };
    const withDependencies = grafanaNotificationPolicyKind(
      (['GrafanaContactPoint', 'GrafanaMuteTiming'] as const).map((k) => ({
        resource: {
          group: 'grafana.provisioning.dev',
          version: 'v1beta1',
          plural: `${k.toLowerCase()}s`,
          kind: k,
          namespaced: true,
        },
        provides: k === 'GrafanaContactPoint' ? 'receiver' : 'timeInterval',
        nameOf: (o) => (o.spec as { name?: string } | undefined)?.name ?? o.metadata?.name ?? '',
      })),
    );
    const context = contextFor({});
    let lists = 0;
    (context as unknown as { kube: unknown }).kube = {
      list: async (type: { kind: string }) => {
        lists++;
        return { items: listed[type.kind] ?? [] };
      },
    };
    await withDependencies.desired(context, target);
    await withDependencies.desired(context, target); // a second instance: no second list
    expect(lists).toBe(2);
    expect([...context.references].sort()).toEqual([
      'GrafanaContactPoint/ns/pager',
      'GrafanaContactPoint/ns/platform',
      'GrafanaContactPoint/ns/platform-team',
      'GrafanaMuteTiming/ns/weekends-and-nights',
    ]);
  });
});
