import {
  GrafanaInstanceResource,
  GrafanaMuteTimingResource,
  type GrafanaMuteTiming,
} from '../../src/api/generated/index.js';
import { muteTimingUid, type TimeInterval } from '../../src/grafana/index.js';
import { connectInstance, objectFixture, type ObjectFixture } from '../support/fixture.js';
import { startGrafana } from '../support/grafana.js';
import { FROM_FILES, filesOrg } from '../support/files-org.js';
import { hotRetries, waitIdle } from '../support/metrics.js';
import { eventually } from '../support/wait.js';
import { reconcileNow, waitOutSnapshots } from '../support/operator.js';

const MUTE_TIMINGS = '/api/v1/provisioning/mute-timings';

describe('GrafanaMuteTiming', () => {
  let f: ObjectFixture;
  /** Names unique per run, so a shared real Grafana does not see clashes between runs. */
  let n: (name: string) => string;

  beforeAll(async () => {
    f = await objectFixture('mutetiming');
    n = (name) => `${name}-${f.kube.namespace}`;
  });

  afterAll(async () => {
    await f?.stop();
  });

  /** Weekends, and weekday nights in Berlin. */
  const offHours = () => [
    { weekdays: ['saturday', 'sunday'] },
    {
      times: [
        { start_time: '00:00', end_time: '08:00' },
        { start_time: '20:00', end_time: '24:00' },
      ],
      weekdays: ['monday:friday'],
      location: 'Europe/Berlin',
    },
  ];

  const timing = (name: string, extra: Record<string, unknown> = {}) => ({
    instanceSelector: f.selector,
    name: n(name),
    time_intervals: offHours(),
    resyncPeriod: '10s',
    ...extra,
  });

  const synced = async (name: string) =>
    (await f.kube.waitReady(GrafanaMuteTimingResource, name, {
      status: 'True',
      reason: 'Synced',
    })) as GrafanaMuteTiming;

  const message = (object: { status?: { conditions?: Array<{ type: string; message: string }> } }) =>
    object.status?.conditions?.find((c) => c.type === 'Ready')?.message ?? '';

  /** The object's Ready condition while it is being deleted (generation no longer tracks it). */
  const deleting = (name: string, reason: string) =>
    eventually(
      async () => {
        const object = await f.kube.get<GrafanaMuteTiming>(GrafanaMuteTimingResource, name);
        return object.status?.conditions?.find((c) => c.type === 'Ready' && c.reason === reason);
      },
      { what: `${name} Ready=False/${reason}` },
    );

  const writesTo = (name: string) =>
    f.grafana.recorder
      .writes()
      .filter(
        (r) =>
          r.path.startsWith(MUTE_TIMINGS) &&
          (r.path.endsWith(`/${encodeURIComponent(name)}`) ||
            r.path.endsWith(`/${muteTimingUid(name)}`) ||
            (r.body as { name?: string } | undefined)?.name === name),
      );

  it('the CRD rejects malformed times, days, months and years before anything reaches Grafana', async () => {
    const create = (name: string, interval: Record<string, unknown>) =>
      f.kube.create(GrafanaMuteTimingResource, name, timing(name, { time_intervals: [interval] }));
    await expect(create('bad-time', { times: [{ start_time: '25:00', end_time: '26:00' }] })).rejects.toThrow(
      /start_time must be HH:MM between 00:00 and 23:59/,
    );
    await expect(
      create('backwards', { times: [{ start_time: '18:00', end_time: '09:00' }] }),
    ).rejects.toThrow(/start_time must be before end_time/);
    await expect(create('funday', { weekdays: ['funday'] })).rejects.toThrow(/weekdays must be day names/);
    await expect(create('wrap', { weekdays: ['saturday:sunday'] })).rejects.toThrow(
      /cannot wrap around the week/,
    );
    await expect(create('day-zero', { days_of_month: ['0'] })).rejects.toThrow(/not 0/);
    await expect(create('days-back', { days_of_month: ['-1:5'] })).rejects.toThrow(
      /must not end before it starts/,
    );
    await expect(create('months-back', { months: ['november:february'] })).rejects.toThrow(
      /months range must not end before it starts/,
    );
    await expect(create('old-year', { years: ['1969'] })).rejects.toThrow(/years from 1970/);
    await expect(
      f.kube.create(GrafanaMuteTimingResource, 'empty', timing('empty', { time_intervals: [] })),
    ).rejects.toThrow(/time_intervals/);
    // Grafana's API addresses a mute timing by name in the URL path, where these cannot go.
    for (const name of ['..', '.', 'a/b']) {
      await expect(
        f.kube.create(GrafanaMuteTimingResource, 'unaddressable', timing('x', { name })),
      ).rejects.toThrow(/a mute timing name cannot contain "\/" or be "." or ".."/);
    }
  });

  it('creates the mute timing (provenance api), in the form Grafana returns, and reports it', async () => {
    await f.kube.create(
      GrafanaMuteTimingResource,
      'off-hours',
      timing('off-hours', {
        time_intervals: [
          ...offHours(),
          // Written the way people do; Grafana stores alertmanager's forms.
          {
            weekdays: ['Monday:Monday'],
            days_of_month: ['01', '-7:-1'],
            months: ['1:3', 'December'],
            years: ['2026'],
          },
        ],
      }),
    );
    const object = await synced('off-hours');
    expect(object.status?.instancesSummary).toBe('1/1');
    expect(object.status?.instances?.[0]).toMatchObject({
      name: 'main',
      synced: true,
      uid: muteTimingUid(n('off-hours')),
    });
    const stored = await f.grafana.api.muteTimings.get(n('off-hours'));
    expect(stored.provenance).toBe('api');
    expect(stored.time_intervals).toEqual([
      ...offHours(),
      {
        weekdays: ['monday'],
        days_of_month: ['1', '-7:-1'],
        months: ['january:march', 'december'],
        years: ['2026'],
      },
    ] satisfies TimeInterval[]);
  });

  it('an unchanged object costs no write to Grafana or the apiserver', async () => {
    await f.kube.create(GrafanaMuteTimingResource, 'idle', timing('idle'));
    const before = await synced('idle');
    const recorder = f.grafana.recorder;
    recorder.clearRequests();
    const reconciles = async () =>
      Number(
        /controller_runtime_reconcile_total\{controller="grafanamutetiming",result="requeue_after"\} (\d+)/.exec(
          await (await fetch(f.operator.metricsUrl)).text(),
        )?.[1] ?? 0,
      );
    const count = await reconciles();
    await f.kube.touch(GrafanaMuteTimingResource, 'idle');
    await eventually(async () => (await reconciles()) > count, { what: 'a reconcile after the touch' });
    expect(recorder.writes()).toEqual([]);
    // Read through the shared list, never one GET per timing.
    expect(recorder.requests.filter((r) => r.path.startsWith(`${MUTE_TIMINGS}/`))).toEqual([]);
    const after = await f.kube.get<GrafanaMuteTiming>(GrafanaMuteTimingResource, 'idle');
    expect(after.status).toEqual(before.status);
  });

  it('a resync wave of unchanged mute timings reads at most one list and writes nothing', async () => {
    // A Grafana of their own, so only these objects' reads are counted.
    const wave = await startGrafana();
    const names = ['wave-a', 'wave-b', 'wave-c', 'wave-d', 'wave-e'];
    try {
      await connectInstance(f.kube, wave, 'wave', { grafana: 'wave' });
      await Promise.all(
        names.map((name) =>
          f.kube.create(
            GrafanaMuteTimingResource,
            name,
            timing(name, { instanceSelector: { matchLabels: { grafana: 'wave' } } }),
          ),
        ),
      );
      await Promise.all(names.map(synced));
      const recorder = wave.recorder;
      await waitOutSnapshots();
      recorder.clearRequests();
      // One resync wave for all five, on a list that has aged out.
      await reconcileNow(f, GrafanaMuteTimingResource, names);
      expect(recorder.writes()).toEqual([]);
      const reads = recorder.requests.filter((r) => r.path.startsWith(MUTE_TIMINGS));
      expect(reads.filter((r) => r.path !== MUTE_TIMINGS)).toEqual([]);
      expect(reads.length).toBeLessThanOrEqual(1);
    } finally {
      for (const name of names) await f.kube.delete(GrafanaMuteTimingResource, name).catch(() => undefined);
      for (const name of names) await f.kube.waitGone(GrafanaMuteTimingResource, name);
      await f.kube.delete(GrafanaInstanceResource, 'wave');
      await wave.stop();
    }
  });

  it('applies a change with a PUT carrying the version read, and renames in place', async () => {
    await f.kube.create(GrafanaMuteTimingResource, 'changing', timing('changing'));
    await synced('changing');
    const before = await f.grafana.api.muteTimings.get(n('changing'));
    await f.kube.patchSpec(GrafanaMuteTimingResource, 'changing', {
      time_intervals: [{ weekdays: ['saturday', 'sunday'], location: 'America/New_York' }],
    });
    await synced('changing');
    expect((await f.grafana.api.muteTimings.get(n('changing'))).time_intervals).toEqual([
      { weekdays: ['saturday', 'sunday'], location: 'America/New_York' },
    ]);
    const puts = writesTo(n('changing')).filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]?.body).toMatchObject({ version: before.version });

    await f.kube.patchSpec(GrafanaMuteTimingResource, 'changing', { name: n('renamed') });
    const renamed = await synced('changing');
    expect(renamed.status?.instances?.[0]?.uid).toBe(muteTimingUid(n('renamed')));
    expect((await f.grafana.api.muteTimings.get(n('renamed'))).time_intervals).toHaveLength(1);
    await expect(f.grafana.api.muteTimings.find(n('changing'))).resolves.toBeUndefined();
  });

  it('an unknown time zone is InvalidSpec naming the field, and nothing is written', async () => {
    const retriesBefore = await hotRetries(f.operator.metricsUrl, 'grafanamutetiming');
    await f.kube.create(
      GrafanaMuteTimingResource,
      'mars',
      timing('mars', { time_intervals: [{ weekdays: ['monday'], location: 'Mars/Olympus_Mons' }] }),
    );
    const mars = await f.kube.waitReady(GrafanaMuteTimingResource, 'mars', {
      status: 'False',
      reason: 'InvalidSpec',
    });
    expect(message(mars)).toContain(
      'spec.time_intervals[0].location: "Mars/Olympus_Mons" is not an IANA time zone',
    );
    await f.kube.create(
      GrafanaMuteTimingResource,
      'lower-case',
      timing('lower-case', { time_intervals: [{ weekdays: ['monday'], location: 'europe/berlin' }] }),
    );
    const lower = await f.kube.waitReady(GrafanaMuteTimingResource, 'lower-case', {
      status: 'False',
      reason: 'InvalidSpec',
    });
    expect(message(lower)).toContain('must be spelled as in the IANA time zone database: "Europe/Berlin"');
    // The reconciles that reported it are over, and neither is retried with backoff.
    await waitIdle(f.operator.metricsUrl);
    expect(await hotRetries(f.operator.metricsUrl, 'grafanamutetiming')).toBe(retriesBefore);
    expect(writesTo(n('mars'))).toEqual([]);
    expect(writesTo(n('lower-case'))).toEqual([]);

    // Fixed in the spec: applied at once.
    await f.kube.patchSpec(GrafanaMuteTimingResource, 'mars', {
      time_intervals: [{ weekdays: ['monday'], location: 'Europe/Berlin' }],
    });
    await synced('mars');
  });

  it('switches provenance both ways (none needs a delete and create, api a PUT)', async () => {
    await f.kube.create(GrafanaMuteTimingResource, 'switch', timing('switch'));
    await synced('switch');
    expect((await f.grafana.api.muteTimings.get(n('switch'))).provenance).toBe('api');
    const recorder = f.grafana.recorder;
    recorder.clearRequests();

    await f.kube.patchSpec(GrafanaMuteTimingResource, 'switch', { editableInGrafana: true });
    await synced('switch');
    expect((await f.grafana.api.muteTimings.get(n('switch'))).provenance).toBeUndefined();
    expect(writesTo(n('switch')).map((r) => `${r.method} ${r.status}`)).toEqual(['DELETE 204', 'POST 201']);
    expect(writesTo(n('switch'))[1]?.headers['x-disable-provenance']).toBe('true');
    recorder.clearRequests();

    await f.kube.patchSpec(GrafanaMuteTimingResource, 'switch', { editableInGrafana: false });
    await synced('switch');
    expect((await f.grafana.api.muteTimings.get(n('switch'))).provenance).toBe('api');
    expect(writesTo(n('switch')).map((r) => `${r.method} ${r.status}`)).toEqual(['PUT 202']);
  });

  it('a 409 version conflict is read again and retried once; a second one is a Conflict', async () => {
    await f.kube.create(GrafanaMuteTimingResource, 'contended', timing('contended'));
    await synced('contended');
    const recorder = f.grafana.recorder;
    const conflict = {
      method: 'PUT',
      path: `${MUTE_TIMINGS}/${n('contended')}`,
      status: 409,
      body: { statusCode: 409, messageId: 'alerting.notifications.conflict', message: 'Conflict' },
    };
    recorder.clearRequests();
    recorder.injectFault({ ...conflict, times: 1 });
    await f.kube.patchSpec(GrafanaMuteTimingResource, 'contended', {
      time_intervals: [{ weekdays: ['sunday'] }],
    });
    await synced('contended');
    const calls = recorder.requests
      .filter((r) => r.path.startsWith(`${MUTE_TIMINGS}/`))
      .map((r) => `${r.method} ${r.status}`);
    expect(calls).toEqual(['PUT 409', 'GET 200', 'PUT 202']);

    recorder.injectFault({ ...conflict, times: 2 });
    await f.kube.patchSpec(GrafanaMuteTimingResource, 'contended', {
      time_intervals: [{ weekdays: ['monday'] }],
    });
    const failed = await f.kube.waitReady(GrafanaMuteTimingResource, 'contended', {
      status: 'False',
      reason: 'Conflict',
    });
    expect(message(failed)).toContain('version conflict, twice');
    // Nothing lost: the next attempt writes the spec.
    await f.kube.touch(GrafanaMuteTimingResource, 'contended');
    await eventually(
      async () =>
        JSON.stringify((await f.grafana.api.muteTimings.get(n('contended'))).time_intervals) ===
        JSON.stringify([{ weekdays: ['monday'] }]),
      { timeoutMs: 30_000, what: 'the spec written after the conflict' },
    );
  });

  // Grafana's HTTP API cannot make a mute timing of provenance file: its provisioning files do, in
  // an org of their own (support/files-org.ts), on the double and on GRAFANA_URL alike.
  it('a file-provisioned mute timing is a Conflict, even with adopt', async () => {
    const files = await filesOrg(f.kube, f.grafana);
    try {
      f.grafana.recorder.clearRequests();
      await f.kube.create(GrafanaMuteTimingResource, 'from-file', {
        ...timing('from-file', { adopt: true }),
        instanceSelector: files.selector,
        name: FROM_FILES.name,
      });
      const conflict = await f.kube.waitReady(GrafanaMuteTimingResource, 'from-file', {
        status: 'False',
        reason: 'Conflict',
      });
      expect(message(conflict)).toContain("Grafana's provisioning files (provenance file)");
      expect(message(conflict)).toContain('cannot be managed through the API');
      // Untouched (a create may have been tried on a list older than the reload, and refused).
      expect(writesTo(FROM_FILES.name).filter((r) => (r.status ?? 0) < 400)).toEqual([]);
      expect(await files.api.muteTimings.get(FROM_FILES.name)).toMatchObject({
        provenance: 'file',
        time_intervals: FROM_FILES.muteTimingIntervals,
      });
    } finally {
      await files.close(f.kube, [[GrafanaMuteTimingResource, 'from-file']]);
    }
  });

  it('will not take over a mute timing it did not create (Conflict), unless adopt is set', async () => {
    // As made in the UI: no provenance.
    await f.grafana.api.muteTimings.create(
      { name: n('hand-made'), time_intervals: [{ weekdays: ['wednesday'] }] },
      { disableProvenance: true },
    );
    await f.kube.create(GrafanaMuteTimingResource, 'hand-made', timing('hand-made'));
    const conflict = await f.kube.waitReady(GrafanaMuteTimingResource, 'hand-made', {
      status: 'False',
      reason: 'Conflict',
    });
    expect(message(conflict)).toContain(`mute timing "${n('hand-made')}" already exists in Grafana`);
    expect(message(conflict)).toContain('set spec.adopt: true');
    expect((await f.grafana.api.muteTimings.get(n('hand-made'))).time_intervals).toEqual([
      { weekdays: ['wednesday'] },
    ]);

    await f.kube.patchSpec(GrafanaMuteTimingResource, 'hand-made', { adopt: true });
    await synced('hand-made');
    const adopted = await f.grafana.api.muteTimings.get(n('hand-made'));
    expect(adopted.time_intervals).toEqual(offHours());
    expect(adopted.provenance).toBe('api');
    // Written once by this object, it is its own now.
    await f.kube.patchSpec(GrafanaMuteTimingResource, 'hand-made', { adopt: null });
    await synced('hand-made');
  });

  it("deletion waits (DeletionBlocked, with Grafana's message) while a notification policy uses it", async () => {
    await f.kube.create(GrafanaMuteTimingResource, 'in-use', timing('in-use'));
    await synced('in-use');
    await f.grafana.api.notificationPolicies.put({
      receiver: 'grafana-default-email',
      routes: [
        {
          receiver: 'grafana-default-email',
          object_matchers: [['team', '=', 'ops']],
          mute_time_intervals: [n('in-use')],
        },
      ],
    });
    try {
      await f.kube.delete(GrafanaMuteTimingResource, 'in-use');
      const blocked = await deleting('in-use', 'DeletionBlocked');
      expect(blocked.status).toBe('False');
      expect(blocked.message).toContain(`Grafana refuses to delete mute timing "${n('in-use')}"`);
      expect(blocked.message).toContain('alerting.notifications.time-intervals.used');
      expect(blocked.message).toContain('notification policy: the policy matching team="ops"');
      expect(
        (await f.kube.get<GrafanaMuteTiming>(GrafanaMuteTimingResource, 'in-use')).metadata?.finalizers,
      ).toHaveLength(1);
      expect((await f.grafana.api.muteTimings.get(n('in-use'))).name).toBe(n('in-use'));
    } finally {
      await f.grafana.api.notificationPolicies.reset();
    }
    await f.kube.waitGone(GrafanaMuteTimingResource, 'in-use');
    await expect(f.grafana.api.muteTimings.find(n('in-use'))).resolves.toBeUndefined();
  });

  it('deletion removes it from Grafana (Delete) or leaves it (Orphan)', async () => {
    await f.kube.create(GrafanaMuteTimingResource, 'deleted', timing('deleted'));
    await f.kube.create(
      GrafanaMuteTimingResource,
      'orphaned',
      timing('orphaned', { deletionPolicy: 'Orphan' }),
    );
    await synced('deleted');
    await synced('orphaned');
    await f.kube.delete(GrafanaMuteTimingResource, 'deleted');
    await f.kube.delete(GrafanaMuteTimingResource, 'orphaned');
    await f.kube.waitGone(GrafanaMuteTimingResource, 'deleted');
    await f.kube.waitGone(GrafanaMuteTimingResource, 'orphaned');
    await expect(f.grafana.api.muteTimings.find(n('deleted'))).resolves.toBeUndefined();
    expect((await f.grafana.api.muteTimings.get(n('orphaned'))).name).toBe(n('orphaned'));
    const deletes = writesTo(n('deleted')).filter((r) => r.method === 'DELETE');
    expect(deletes).toHaveLength(1);
    expect(deletes[0]?.query.version).toMatch(/^[0-9a-f]{16}$/);
  });
});
