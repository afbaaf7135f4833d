import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { GrafanaNotificationPolicy } from '../../../src/api/generated/index.js';
import { isDefaultTree, normaliseRoute } from '../../../src/alerting/policy-tree.js';
import { grafanaContactPointKind } from '../../../src/controllers/grafanacontactpoint.js';
import { grafanaMuteTimingKind } from '../../../src/controllers/grafanamutetiming.js';
import { grafanaNotificationPolicyKind } from '../../../src/controllers/grafananotificationpolicy.js';
import { ObjectError } from '../../../src/lib/object-error.js';
import type { KindContext } from '../../../src/sync/object-kind.js';
import type { InstanceTarget } from '../../../src/sync/targets.js';
import { opAt, opOn, writeOf } from '../../support/kind-op.js';
import { type NotificationPolicy } from '../../../src/grafana/index.js';
import { alertingOf } from '../../grafana-double/alerting-state.js';
import type { GrafanaDouble } from '../../grafana-double/server.js';
import { startDoubleTarget, type DoubleTarget } from '../../support/double-target.js';
import { teamSpec, type PolicySpec as Spec } from '../alerting/team-policy.js';

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
      kinds: [kind],
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
    const observed = await kind.observe(opAt(target, context.uid, desired));
    expect(observed?.provenance).toBe('');
    expect(kind.owns!(observed!, opOn(context, target, desired))).toEqual({ ours: true }); // Grafana's untouched default tree
    const error = await kind
      .write(writeOf(opAt(target, context.uid, desired), observed))
      .catch((e: unknown) => e);
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
    await kind.write(writeOf(opAt(target, context.uid, desired), observed));
    // The cached lists miss the names: read again, found, written.
    expect(calls().sort()).toEqual(['GET /contact-points 200', 'GET /mute-timings 200', 'PUT /policies 202']);
    expect(calls().at(-1)).toBe('PUT /policies 202');
    double.clearRequests();
    await kind.write(writeOf(opAt(target, context.uid, desired), observed));
    expect(calls()).toEqual(['PUT /policies 202']); // names found in the lists: no read
    const written = await kind.observe(opAt(target, context.uid, desired));
    expect(written).toEqual({ tree: desired.tree, provenance: 'api', instance: 'main' });
    expect(kind.diff(desired, written!)).toEqual([]);
  });

  it('switches to editableInGrafana by writing, resetting and writing without provenance; back with one PUT', async () => {
    seedDependencies();
    const locked = await kind.desired(contextFor({}), target);
    await kind.write(writeOf(opAt(target, 'tree', locked), await kind.observe(opAt(target, 'tree', locked))));
    expect(store().policy.provenance).toBe('api');
    const editable = await kind.desired(contextFor({ editableInGrafana: true }), target);
    double.clearRequests();
    await kind.write(
      writeOf(opAt(target, 'tree', editable), await kind.observe(opAt(target, 'tree', editable))),
    );
    expect(calls()).toEqual([
      'GET /policies 200',
      'PUT /policies 202',
      'DELETE /policies 202',
      'PUT /policies (no provenance) 202',
    ]);
    expect(store().policy.provenance).toBe('');
    expect(normaliseRoute(store().policy.route as NotificationPolicy, true)).toEqual(editable.tree);

    double.clearRequests();
    await kind.write(writeOf(opAt(target, 'tree', locked), await kind.observe(opAt(target, 'tree', locked))));
    expect(calls()).toEqual(['GET /policies 200', 'PUT /policies 202']);
    expect(store().policy.provenance).toBe('api');
  });

  it('a tree provisioned since it was read is switched the long way too', async () => {
    seedDependencies();
    const editable = await kind.desired(contextFor({ editableInGrafana: true }), target);
    const observed = await kind.observe(opAt(target, 'tree', editable)); // provenance none
    store().policy.provenance = 'api';
    double.clearRequests();
    await kind.write(writeOf(opAt(target, 'tree', editable), observed));
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
    await kind.write(
      writeOf(opAt(target, 'tree', editable), await kind.observe(opAt(target, 'tree', editable))),
    );
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
    await expect(kind.observe(opAt(target, context.uid, desired))).rejects.toThrow(
      /provisioned from files: it cannot be managed through the API .* even with spec\.adopt/,
    );

    store().seedPolicyTree(
      { receiver: 'platform-team', routes: [{ receiver: 'pager' }] },
      { provenance: 'api' },
    );
    const foreign = (await kind.observe(opAt(target, context.uid, desired)))!;
    expect(kind.owns!(foreign, opOn(contextFor({}), target, desired))).toEqual({
      ours: false,
      message:
        'the notification policy tree on GrafanaInstance main was not written by this object (it was written through the provisioning API by someone else); set spec.adopt: true to take it over',
    });
    expect(
      kind.owns!(foreign, opOn(contextFor({}, [{ name: 'main', appliedHash: 'abc' }]), target, desired)),
    ).toEqual({
      ours: true,
    });
    expect(
      kind.owns!(foreign, opOn(contextFor({}, [{ name: 'other', appliedHash: 'abc' }]), target, desired)),
    ).toMatchObject({
      ours: false,
    });
    store().seedPolicyTree({ receiver: 'platform-team' });
    const edited = (await kind.observe(opAt(target, context.uid, desired)))!;
    expect(kind.owns!(edited, opOn(contextFor({}), target, desired))).toMatchObject({
      ours: false,
      message: expect.stringMatching(
        /\(it was edited in Grafana's UI or written without provenance\); set spec\.adopt: true/,
      ),
    });
  });

  it('references the contact points and mute timings that provide its names', async () => {
    const listed: Record<string, Array<{ metadata: { name: string }; spec: { name?: string } }>> = {
      GrafanaContactPoint: [
        { metadata: { name: 'platform' }, spec: { name: 'platform-team' } },
        { metadata: { name: 'unrelated' }, spec: {} },
      ],
      GrafanaMuteTiming: [{ metadata: { name: 'weekends-and-nights' }, spec: {} }],
    };
    const context = contextFor({});
    // The kinds that provide the names, with the names they declare (spec.name, else metadata.name).
    context.kinds = [grafanaContactPointKind, grafanaMuteTimingKind, kind];
    let lists = 0;
    (context as unknown as { kube: unknown }).kube = {
      list: async (type: { kind: string }) => {
        lists++;
        return { items: listed[type.kind] ?? [] };
      },
    };
    await kind.desired(context, target);
    await kind.desired(context, target); // a second instance: no second list
    expect(lists).toBe(2);
    expect([...context.references].sort()).toEqual([
      'GrafanaContactPoint/ns/pager',
      'GrafanaContactPoint/ns/platform',
      'GrafanaContactPoint/ns/platform-team',
      'GrafanaMuteTiming/ns/weekends-and-nights',
    ]);
  });
});
