import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { GrafanaMuteTiming } from '../../../src/api/generated/index.js';
import { grafanaMuteTimingKind } from '../../../src/controllers/grafanamutetiming.js';
import { nameUid } from '../../../src/alerting/notification-resources.js';
import { ObjectError } from '../../../src/lib/object-error.js';
import { writeThrough } from '../../../src/sync/kind-calls.js';
import { MadeMeanwhileError, type KindContext } from '../../../src/sync/object-kind.js';
import type { InstanceTarget } from '../../../src/sync/targets.js';
import { createOf, opOn, writeOf } from '../../support/kind-op.js';
import { GrafanaAlreadyExistsError } from '../../../src/grafana/index.js';
import { alertingOf } from '../../grafana-double/alerting-state.js';
import type { GrafanaDouble } from '../../grafana-double/server.js';
import { startDoubleTarget, type DoubleTarget } from '../../support/double-target.js';

describe('GrafanaMuteTiming against the Grafana double', () => {
  let double: GrafanaDouble;
  let target: InstanceTarget;
  const kind = grafanaMuteTimingKind;
  const store = () => alertingOf(double.state.org(1));
  const calls = () =>
    double.requests
      .filter((r) => r.path.startsWith('/api/v1/provisioning/mute-timings/'))
      .map((r) => `${r.method} ${r.status}`);

  let fixture: DoubleTarget;

  beforeEach(async () => {
    fixture = await startDoubleTarget();
    ({ double, target } = fixture);
  });

  afterEach(() => fixture.stop());

  const context = (spec: Record<string, unknown>, status?: unknown) =>
    ({
      uid: 'nights-1a2b3c4d',
      namespace: 'ns',
      object: {
        metadata: { name: 'nights', namespace: 'ns' },
        spec: { instanceSelector: {}, ...spec },
        status,
      },
    }) as unknown as KindContext<GrafanaMuteTiming>;

  const written = {
    instances: [{ name: 'main', synced: true, uid: nameUid('nights'), appliedHash: 'sha256:x' }],
  };

  it('desired(): name defaults to metadata.name; a renamed spec finds the timing under the name its status records', async () => {
    const fresh = await kind.desired(context({ time_intervals: [{ weekdays: ['Sunday'] }] }), target);
    expect(fresh).toEqual({ name: 'nights', time_intervals: [{ weekdays: ['sunday'] }], editable: false });
    store().seedMuteTiming({ name: 'nights', time_intervals: [{ weekdays: ['sunday'] }] });
    const renamed = context({ name: 'night-shift', time_intervals: [{}] }, written);
    const observed = await kind.observe(opOn(renamed, target, await kind.desired(renamed, target)));
    expect(observed).toMatchObject({ timing: { name: 'nights' }, recorded: true });
  });

  it('a switch to editable of a timing a policy uses is a Conflict that says why, and changes nothing', async () => {
    store().seedMuteTiming(
      { name: 'nights', time_intervals: [{ weekdays: ['sunday'] }] },
      { provenance: 'api' },
    );
    store().seedPolicyTree({
      receiver: 'grafana-default-email',
      routes: [{ receiver: 'grafana-default-email', mute_time_intervals: ['nights'] }],
    });
    const editable = context(
      { time_intervals: [{ weekdays: ['sunday'] }], editableInGrafana: true },
      written,
    );
    const op = opOn(editable, target, await kind.desired(editable, target));
    const observed = await kind.observe(op);
    expect(observed?.recorded).toBe(true);
    const error = await kind.write(writeOf(op, observed)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectError);
    expect((error as ObjectError).reason).toBe('Conflict');
    expect((error as Error).message).toContain(
      'Grafana refuses to delete mute timing "nights" to make it editable in Grafana',
    );
    expect((error as Error).message).toContain(
      'notification policy: the policy matching all alerts (no matchers)',
    );
    expect(store().muteTiming('nights')?.provenance).toBe('api');
  });

  it("remove() deletes with the version it read, and is quiet when the timing is gone or not the API's", async () => {
    store().seedMuteTiming(
      { name: 'nights', time_intervals: [{ weekdays: ['sunday'] }] },
      { provenance: 'api' },
    );
    await kind.remove(target, nameUid('nights'));
    expect(calls()).toEqual(['GET 200', 'DELETE 204']);
    const del = double.requests.find((r) => r.method === 'DELETE');
    expect(del?.query.version).toMatch(/^[0-9a-f]{16}$/);
    expect(store().muteTiming('nights')).toBeUndefined();
    await expect(kind.remove(target, nameUid('nights'))).resolves.toBeUndefined();
    store().seedMuteTiming({ name: 'from-file' }, { provenance: 'file' });
    await kind.remove(target, nameUid('from-file'));
    expect(store().muteTiming('from-file')).toBeDefined();
  });

  it('a create that finds the name taken meanwhile lets go of the stale list and leaves the verdict to the sync layer', async () => {
    const monday = context({ time_intervals: [{ weekdays: ['monday'] }] });
    const op = opOn(monday, target, await kind.desired(monday, target));
    expect(await kind.observe(op)).toBeUndefined();
    // Made after the list was read.
    store().seedMuteTiming({ name: 'nights', time_intervals: [{ weekdays: ['friday'] }] });
    // Written as the sync layer writes: serialised, the kind's list kept current.
    await expect(writeThrough(kind, createOf(op))).rejects.toBeInstanceOf(GrafanaAlreadyExistsError);
    // Observed again (the stale list was let go), it is judged as any timing found there.
    const found = await kind.observe(op);
    expect(found).toMatchObject({ recorded: false, timing: { name: 'nights' } });
    expect(kind.owns!(found!, op)).toEqual({
      ours: false,
      message:
        'mute timing "nights" already exists in Grafana and was not created by this object; set spec.adopt: true to take it over',
    });
    // With spec.adopt the layer writes over it.
    await writeThrough(kind, writeOf(op, found));
    expect(store().muteTiming('nights')).toMatchObject({ provenance: 'api' });
    expect(calls()).toEqual(['PUT 202']);
  });

  /** An object that wrote "nights", renamed to `name` in its spec, observed (the list read). */
  async function renamedTo(name: string) {
    store().seedMuteTiming(
      { name: 'nights', time_intervals: [{ weekdays: ['sunday'] }] },
      { provenance: 'api' },
    );
    const renamed = context({ name, time_intervals: [{ weekdays: ['sunday'] }] }, written);
    const op = opOn(renamed, target, await kind.desired(renamed, target));
    const observed = await kind.observe(op);
    expect(observed).toMatchObject({ timing: { name: 'nights' }, recorded: true });
    return { op, observed };
  }

  it('a rename onto a name made since the list was read is judged like any timing found there, not sent', async () => {
    const { op, observed } = await renamedTo('night-shift');
    // Made after the list was read.
    store().seedMuteTiming({ name: 'night-shift', time_intervals: [{ weekdays: ['friday'] }] });
    const error = await writeThrough(kind, writeOf(op, observed)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MadeMeanwhileError);
    const message =
      'mute timing "night-shift" already exists in Grafana and was not created by this object; set spec.adopt: true to take it over';
    expect((error as Error).message).toBe(message);
    expect(calls()).toEqual(['GET 200']);
    expect(store().muteTiming('nights')).toBeDefined();
    // Observed again (the stale list was let go), it is the timing under the new name, not ours.
    const found = await kind.observe(op);
    expect(found).toMatchObject({ recorded: false, timing: { name: 'night-shift' } });
    expect(kind.owns!(found!, op)).toEqual({ ours: false, message });
    // With spec.adopt the layer writes over it, and the timing under the old name goes.
    await writeThrough(kind, writeOf(op, found));
    expect(store().muteTiming('night-shift')).toMatchObject({ provenance: 'api' });
    expect(store().muteTiming('nights')).toBeUndefined();
  });

  it('a rename onto a name provisioned from files since the list was read is a Conflict, even with adopt', async () => {
    const { op, observed } = await renamedTo('from-file');
    store().seedMuteTiming({ name: 'from-file' }, { provenance: 'file' });
    const error = await writeThrough(kind, writeOf(op, observed)).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(MadeMeanwhileError);
    expect((error as ObjectError).reason).toBe('Conflict');
    expect((error as Error).message).toMatch(
      /^mute timing "from-file" is managed by Grafana's provisioning files/,
    );
    expect(store().muteTiming('nights')).toBeDefined();
  });
});
