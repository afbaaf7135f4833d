import { GrafanaSilenceResource, type GrafanaSilence } from '../../src/api/generated/index.js';
import { sortedMatchers } from '../../src/alerting/silence.js';
import type { GrafanaSilence as GrafanaSilenceDto } from '../../src/grafana/index.js';
import { driftEvent } from '../support/events.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { reconcileOnFreshLists } from '../support/operator.js';
import { eventually } from '../support/wait.js';

describe('GrafanaSilence', () => {
  let f: ObjectFixture;
  /** Names unique per run, so a shared real Grafana does not see clashes between runs. */
  let n: (name: string) => string;

  beforeAll(async () => {
    f = await objectFixture('silence');
    n = (name) => `${name}-${f.kube.namespace}`;
  });

  afterAll(async () => {
    await f?.stop();
  });

  /** A spec whose matchers (its own `object` label) tell its silence from every other. */
  const silence = (object: string, extra: Record<string, unknown> = {}) => ({
    instanceSelector: f.selector,
    resyncPeriod: '10s',
    matchers: [{ name: 'object', value: n(object) }],
    comment: `maintenance of ${n(object)}`,
    ...extra,
  });

  const synced = async (name: string) =>
    (await f.kube.waitReady(GrafanaSilenceResource, name, {
      status: 'True',
      reason: 'Synced',
    })) as GrafanaSilence;

  /** The silence with this id, as Grafana lists it. */
  const inGrafana = async (id: string | undefined) =>
    (await f.grafana.api.silences.list()).find((s) => s.id === id);

  /** The silences not expired with the `object` matcher `value`. */
  const live = async (value: string): Promise<GrafanaSilenceDto[]> =>
    (await f.grafana.api.silences.list()).filter(
      (s) => s.status.state !== 'expired' && s.matchers.some((m) => m.name === 'object' && m.value === value),
    );

  /** Until the object records a silence id other than `before`; answers it. */
  const newId = async (name: string, before: string | undefined) =>
    eventually(
      async () => {
        const object = await f.kube.get<GrafanaSilence>(GrafanaSilenceResource, name);
        const id = object.status?.silenceId;
        return id && id !== before ? id : undefined;
      },
      { what: 'a new silence id in status' },
    );

  const driftReverted = (object: string, ...parts: string[]) => driftEvent(f.kube, object, ...parts);

  it('counts a duration from the creation, and shows the state and the id', async () => {
    await f.kube.create(GrafanaSilenceResource, 'window', silence('window', { duration: '2h' }));
    const object = await synced('window');
    const id = object.status?.silenceId;
    expect(id).toBe(object.status?.instances?.[0]?.uid);
    expect(object.status?.state).toBe('active');
    const made = await inGrafana(id);
    expect(made?.status.state).toBe('active');
    expect(Date.parse(made!.endsAt)).toBe(Date.parse(object.metadata!.creationTimestamp!) + 2 * 3_600_000);
    expect(made?.createdBy).toBe('grafana-provisioning-operator');
  });

  it('keeps the id through a change of comment or end, and follows the new one a change of matchers makes', async () => {
    const before = (await synced('window')).status?.silenceId;
    await f.kube.patchSpec(GrafanaSilenceResource, 'window', { comment: `extended ${n('window')}` });
    await eventually(async () => (await inGrafana(before))?.comment === `extended ${n('window')}`, {
      what: 'the comment updated in place',
    });
    await f.kube.patchSpec(GrafanaSilenceResource, 'window', {
      matchers: [
        { name: 'object', value: n('window') },
        { name: 'severity', value: 'critical', isEqual: false },
      ],
    });
    const after = await newId('window', before);
    expect((await inGrafana(before))?.status.state).toBe('expired');
    expect(sortedMatchers((await inGrafana(after))!.matchers)).toEqual(
      sortedMatchers([
        { name: 'object', value: n('window'), isEqual: true, isRegex: false },
        { name: 'severity', value: 'critical', isEqual: false, isRegex: false },
      ]),
    );
    expect(await live(n('window'))).toHaveLength(1);
  });

  it('reverts an edit in Grafana that kept the id (its comment) in place, under that id', async () => {
    const id = (await synced('window')).status?.silenceId;
    const current = (await inGrafana(id))!;
    expect(await f.grafana.api.silences.save({ ...current, comment: 'edited in Grafana' })).toBe(id);
    await reconcileOnFreshLists(f, GrafanaSilenceResource, ['window']);
    await driftReverted('window', 'comment');
    expect((await inGrafana(id))?.comment).toBe(`extended ${n('window')}`);
    expect((await inGrafana(id))?.status.state).toBe('active');
    expect((await f.kube.get<GrafanaSilence>(GrafanaSilenceResource, 'window')).status?.silenceId).toBe(id);
  });

  it('makes the silence again when an edit in Grafana expired it, leaving the edited one alone', async () => {
    const before = (await synced('window')).status?.silenceId;
    const current = (await inGrafana(before))!;
    // The silence edited in Grafana's UI with another matcher: Grafana expires it and makes a new one.
    const edited = await f.grafana.api.silences.save({
      ...current,
      matchers: [{ name: 'object', value: n('window'), isEqual: true, isRegex: false }],
      createdBy: 'admin',
    });
    expect(edited).not.toBe(before);
    await reconcileOnFreshLists(f, GrafanaSilenceResource, ['window']);
    const restored = await newId('window', before);
    expect(restored).not.toBe(edited);
    await driftReverted('window', 'expired');
    expect((await inGrafana(restored))?.comment).toBe(`extended ${n('window')}`);
    expect((await inGrafana(edited))?.status.state).toBe('active');
  });

  it('shows a silence not yet begun as pending, with its start as the spec says', async () => {
    const startsAt = '2099-03-01T08:00:00.000Z';
    await f.kube.create(
      GrafanaSilenceResource,
      'later',
      silence('later', { startsAt, endsAt: '2099-03-01T10:00:00Z' }),
    );
    const object = await synced('later');
    expect(object.status?.state).toBe('pending');
    const made = await inGrafana(object.status?.silenceId);
    expect(made?.status.state).toBe('pending');
    expect(new Date(made!.startsAt).toISOString()).toBe(startsAt);
  });

  it('expires the silence when the spec moves its window into the past, and is in sync so', async () => {
    const id = (await synced('later')).status?.silenceId;
    await f.kube.patchSpec(GrafanaSilenceResource, 'later', {
      startsAt: '2020-01-01T00:00:00Z',
      endsAt: '2020-01-01T01:00:00Z',
    });
    await eventually(async () => (await inGrafana(id))?.status.state === 'expired', {
      what: 'the silence expired',
    });
    const object = await eventually(
      async () => {
        const o = await synced('later');
        return o.status?.state === 'expired' ? o : undefined;
      },
      { what: 'state expired' },
    );
    expect(object.status?.silenceId).toBe(id);
    expect(await live(n('later'))).toEqual([]);
  });

  it('expires the silence on deletion (deletionPolicy Delete)', async () => {
    const id = (await synced('window')).status?.silenceId;
    await f.kube.delete(GrafanaSilenceResource, 'window');
    await f.kube.waitGone(GrafanaSilenceResource, 'window');
    expect((await inGrafana(id))?.status.state).toBe('expired');
    await f.kube.delete(GrafanaSilenceResource, 'later');
    await f.kube.waitGone(GrafanaSilenceResource, 'later');
  });
});
