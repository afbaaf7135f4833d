import type {
  GrafanaNotificationPolicy,
  GrafanaNotificationPolicyRoute,
} from '../../../src/api/generated/index.js';
import {
  mergeRoutes,
  notHeldBecause,
  policiesHolding,
  selectsRoute,
  shadows,
} from '../../../src/alerting/policy-routes.js';
import { desiredPolicyTree } from '../../../src/alerting/policy-tree.js';

const policy = (
  spec: Partial<GrafanaNotificationPolicy['spec']> = {},
  status?: GrafanaNotificationPolicy['status'],
): GrafanaNotificationPolicy => ({
  metadata: { name: 'tree', generation: 2 },
  spec: {
    instanceSelector: {},
    receiver: 'default',
    routeSelector: { matchLabels: { tree: 'main' } },
    ...spec,
  },
  ...(status ? { status } : {}),
});

const route = (
  name: string,
  spec: { priority?: number; route?: unknown; suspend?: boolean },
  labels: Record<string, string> = { tree: 'main' },
  generation = 1,
): GrafanaNotificationPolicyRoute => ({
  metadata: { name, labels, generation },
  spec: { route: { receiver: 'team' }, ...spec } as GrafanaNotificationPolicyRoute['spec'],
});

describe('selectsRoute', () => {
  it('selects by the policy’s routeSelector; without one, none', () => {
    expect(selectsRoute(policy(), route('a', {}))).toBe(true);
    expect(selectsRoute(policy(), route('a', {}, { tree: 'other' }))).toBe(false);
    expect(selectsRoute(policy({ routeSelector: undefined }), route('a', {}))).toBe(false);
    expect(selectsRoute(policy({ routeSelector: {} }), route('a', {}, {}))).toBe(true);
  });
});

describe('mergeRoutes', () => {
  const team = (label: string) => ({ receiver: 'team', object_matchers: [['team', '=', label]] });

  it('orders by priority, higher first, then by name, leaving out routes not selected', () => {
    const { merged, leftOut } = mergeRoutes(policy(), [
      route('b', { route: team('b') }),
      route('a', { route: team('a') }),
      route('urgent', { priority: 10, route: team('urgent') }),
      route('late', { priority: -1, route: team('late') }),
      route('elsewhere', { route: team('x') }, { tree: 'other' }),
    ]);
    expect(merged.map((r) => r.name)).toEqual(['urgent', 'a', 'b', 'late']);
    expect(leftOut.size).toBe(0);
  });

  it('merges the routes in normal form, after the policy’s own routes', () => {
    const { merged } = mergeRoutes(policy(), [
      route('a', {
        route: {
          receiver: 'team',
          group_wait: '60s',
          object_matchers: [
            ['z', '=', '1'],
            ['a', '=', '"2"'],
          ],
        },
      }),
    ]);
    const tree = desiredPolicyTree(
      { instanceSelector: {}, receiver: 'default', routes: [{ receiver: 'own' }] },
      merged.map((r) => r.route),
    ).tree;
    expect(tree.routes).toEqual([
      { receiver: 'own' },
      {
        receiver: 'team',
        group_wait: '1m',
        object_matchers: [
          ['a', '=', '2'],
          ['z', '=', '1'],
        ],
      },
    ]);
  });

  it('two routes where the earlier shadows the later: both left out, both told why, the rest merged', () => {
    const { merged, leftOut } = mergeRoutes(policy(), [
      route('first', { priority: 5, route: team('db') }),
      route('second', {
        route: {
          receiver: 'pager',
          object_matchers: [
            ['team', '=', 'db'],
            ['sev', '=', 'high'],
          ],
        },
      }),
      route('other', { route: team('web') }),
    ]);
    expect(merged.map((r) => r.name)).toEqual(['other']);
    expect(leftOut.get('first')?.reason).toBe('Conflict');
    expect(leftOut.get('first')?.message).toBe(leftOut.get('second')?.message);
    expect(leftOut.get('second')?.message).toContain(
      'GrafanaNotificationPolicyRoute first (priority 5, matching team="db") comes before GrafanaNotificationPolicyRoute second (priority 0, matching sev="high", team="db")',
    );
  });

  it('routes that continue, or whose matchers differ, both hold', () => {
    const { merged, leftOut } = mergeRoutes(policy(), [
      route('a', { route: { ...team('db'), continue: true } }),
      route('b', { route: team('db') }),
      route('c', { route: team('web') }),
    ]);
    expect(merged.map((r) => r.name)).toEqual(['a', 'b', 'c']);
    expect(leftOut.size).toBe(0);
  });

  it('a route shadowed by the policy’s own route is left out alone', () => {
    const { merged, leftOut } = mergeRoutes(
      policy({ routes: [{ receiver: 'own', object_matchers: [['team', '=', 'db']] }] }),
      [route('db', { route: team('db') }), route('web', { route: team('web') })],
    );
    expect(merged.map((r) => r.name)).toEqual(['web']);
    expect(leftOut.get('db')?.message).toContain(
      'spec.routes[0] of GrafanaNotificationPolicy tree (matching team="db")',
    );
  });

  it('an invalid route is left out with InvalidSpec naming the field', () => {
    const { merged, leftOut } = mergeRoutes(policy(), [
      route('bad', { route: { object_matchers: [['team', '==', 'db']] } }),
    ]);
    expect(merged).toEqual([]);
    expect(leftOut.get('bad')?.reason).toBe('InvalidSpec');
    expect(leftOut.get('bad')?.message).toContain('spec.route.object_matchers[0] has operator "=="');
  });

  it('a route being deleted, or suspended, is not merged', () => {
    const deleting = route('gone', {});
    deleting.metadata!.deletionTimestamp = '2026-01-01T00:00:00Z';
    expect(mergeRoutes(policy(), [deleting, route('paused', { suspend: true })]).merged).toEqual([]);
  });
});

describe('shadows', () => {
  it('a catch-all without continue shadows everything after it; legacy matchers are never judged', () => {
    expect(shadows({ receiver: 'a' }, { object_matchers: [['x', '=', '1']] })).toBe(true);
    expect(shadows({ receiver: 'a', continue: true }, { receiver: 'b' })).toBe(false);
    expect(shadows({ object_matchers: [['x', '=', '1']] }, { receiver: 'b' })).toBe(false);
    expect(shadows({ matchers: ['x=1'] }, { matchers: ['x=1'] })).toBe(false);
  });
});

describe('policiesHolding', () => {
  const ready = (status: 'True' | 'False', observedGeneration = 2) => ({
    observedGeneration,
    conditions: [
      {
        type: 'Ready',
        status,
        reason: status === 'True' ? 'Synced' : 'Conflict',
        message: 'm',
        lastTransitionTime: '',
      },
    ],
  });

  it('holds the route when Ready at its generation with the route at the route’s generation', () => {
    const merged = { routes: [{ name: 'a', generation: 1 }] };
    expect(policiesHolding(route('a', {}), [policy({}, { ...ready('True'), ...merged })])).toEqual(['tree']);
    expect(
      policiesHolding(route('a', {}, undefined, 2), [policy({}, { ...ready('True'), ...merged })]),
    ).toEqual([]);
    expect(policiesHolding(route('a', {}), [policy({}, { ...ready('True', 1), ...merged })])).toEqual([]);
    expect(policiesHolding(route('a', {}), [policy({}, { ...ready('False'), ...merged })])).toEqual([]);
  });

  it('says why a policy does not hold it', () => {
    expect(notHeldBecause(policy({}, ready('False')))).toBe(
      'GrafanaNotificationPolicy tree is not Ready (Conflict: m)',
    );
    expect(notHeldBecause(policy())).toBe(
      'GrafanaNotificationPolicy tree has not applied its tree with this route yet',
    );
  });
});
