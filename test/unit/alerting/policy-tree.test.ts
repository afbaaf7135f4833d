import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_RECEIVER,
  desiredPolicyTree,
  diffPolicyTree,
  isDefaultTree,
  normaliseRoute,
  observedPolicyTree,
  ownsPolicyTree,
  policiesUsing,
  provisionedConflict,
  routeReceivers,
  routeTimeIntervals,
  treeFromSpec,
  type DesiredPolicyTree,
  type ObservedPolicyTree,
} from '../../../src/alerting/policy-tree.js';
import { ObjectError } from '../../../src/lib/object-error.js';
import { missingDependencies } from '../../../src/alerting/notification-dependencies.js';
import type { NotificationPolicy } from '../../../src/grafana/index.js';
import { teamSpec } from './team-policy.js';

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

describe('desiredPolicyTree', () => {
  it('is the checked tree in normal form, with the receivers and time intervals it names, sorted', () => {
    const desired = desiredPolicyTree({ ...teamSpec(), editableInGrafana: true });
    expect(desired.tree).toEqual(normaliseRoute(treeFromSpec(teamSpec()), true));
    expect(desired.editable).toBe(true);
    expect(desired.receivers).toEqual(['pager', 'platform-team']);
    expect(desired.timeIntervals).toEqual(['weekends-and-nights']);
    expect(desiredPolicyTree(teamSpec()).editable).toBe(false);
  });

  it('collects names from every level', () => {
    const tree: NotificationPolicy = {
      receiver: 'a',
      routes: [
        { receiver: 'b', active_time_intervals: ['x'], routes: [{ mute_time_intervals: ['y', 'x'] }] },
      ],
    };
    expect([...routeReceivers(tree)]).toEqual(['a', 'b']);
    expect([...routeTimeIntervals(tree)]).toEqual(['x', 'y']);
  });
});

describe('the verdicts on a tree found in Grafana', () => {
  const found = (tree: NotificationPolicy, provenance: string): ObservedPolicyTree => ({
    tree: normaliseRoute(tree, true),
    provenance,
    instance: 'main',
  });

  it('a tree this object wrote, or the untouched default, is ours; any other is a Conflict saying what it is', () => {
    expect(ownsPolicyTree(found({ receiver: 'someone' }, 'api'), 'hash')).toEqual({ ours: true });
    expect(ownsPolicyTree(found({ receiver: DEFAULT_RECEIVER }, ''), undefined)).toEqual({ ours: true });
    expect(ownsPolicyTree(found({ receiver: DEFAULT_RECEIVER }, 'api'), undefined)).toEqual({
      ours: false,
      message:
        'the notification policy tree on GrafanaInstance main was not written by this object (it was written through the provisioning API by someone else); set spec.adopt: true to take it over',
    });
    expect(ownsPolicyTree(found({ receiver: 'someone' }, ''), undefined)).toMatchObject({
      ours: false,
      message: expect.stringMatching(/\(it was edited in Grafana's UI or written without provenance\)/),
    });
  });

  it("observes Grafana's tree in normal form with its provenance apart; one provisioned from files is a Conflict", () => {
    const stored: NotificationPolicy = { receiver: 'ops', group_wait: '60s', provenance: 'api' };
    expect(observedPolicyTree(stored, 'main')).toEqual({
      tree: { receiver: 'ops', group_wait: '1m' },
      provenance: 'api',
      instance: 'main',
    });
    expect(observedPolicyTree({ receiver: 'ops' }, 'main').provenance).toBe('');
    expect(() => observedPolicyTree({ receiver: 'ops', provenance: 'file' }, 'main')).toThrow(
      provisionedConflict('main', 'file').message,
    );
  });

  it('a provisioned tree is a Conflict naming where it comes from', () => {
    expect(provisionedConflict('main', 'file').message).toMatch(
      /^the notification policy tree on GrafanaInstance main is provisioned from files: it cannot be managed/,
    );
    expect(provisionedConflict('main', 'converted_prometheus').message).toMatch(
      /is provisioned with provenance "converted_prometheus":/,
    );
    expect(provisionedConflict('main', 'file').reason).toBe('Conflict');
  });

  it('names the missing contact points and mute timings, singular or plural', () => {
    const error = missingDependencies(['pager'], []);
    expect(error).toBeInstanceOf(ObjectError);
    expect(error.reason).toBe('DependencyNotReady');
    expect(error.message).toBe(
      'waiting for contact point "pager" to exist in Grafana (e.g. as GrafanaContactPoint / GrafanaMuteTiming objects in this namespace)',
    );
    expect(missingDependencies([], ['nights', 'weekends']).message).toMatch(
      /^waiting for mute timings "nights", "weekends" to exist/,
    );
  });
});

describe('policiesUsing', () => {
  it('describes the default policy and nested ones by their matchers', () => {
    expect(
      policiesUsing(
        {
          receiver: 'ops',
          routes: [
            { receiver: 'db', object_matchers: [['team', '=', 'db']] },
            {
              receiver: 'ops',
              object_matchers: [['severity', '=~', 'critical|page']],
              routes: [{ receiver: 'ops', matchers: ['env="prod"'], match_re: { service: 'api.*' } }],
            },
            { receiver: 'ops' },
          ],
        },
        (route) => route.receiver === 'ops',
      ),
    ).toEqual([
      'the default policy',
      'the policy matching severity=~"critical|page"',
      'the policy matching env="prod", service=~"api.*"',
      'the policy matching all alerts (no matchers)',
    ]);
  });
});
