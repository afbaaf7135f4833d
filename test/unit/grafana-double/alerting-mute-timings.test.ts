import { nameToUid } from '../../grafana-double/alerting-model.js';
import { alertingOf } from '../../grafana-double/alerting-state.js';
import { alertingCalls, invalidProvenance, NO_PROVENANCE } from '../../contract/alerting-fixtures.js';
import { Harness } from './helpers.js';

describe('grafana double only: file-provisioned and UI-edited mute timings (§8.7; the HTTP contract is test/contract/alerting-mute-timings.test.ts)', () => {
  let h: Harness;
  let api: ReturnType<typeof alertingCalls>;
  const store = () => alertingOf(h.double.state.org(1));

  beforeEach(async () => {
    h = await Harness.start();
    api = alertingCalls(h);
  });

  afterEach(() => h.stop());

  const weekends = { name: 'weekends', time_intervals: [{ weekdays: ['saturday', 'sunday'] }] };

  it('lists by name with the seed example shape', async () => {
    store().seedMuteTiming(weekends, { provenance: 'file' });
    await api.post('/mute-timings', { name: 'a-first', time_intervals: [] }, NO_PROVENANCE);
    const res = await api.get('/mute-timings');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { name: 'a-first', time_intervals: [], version: expect.any(String) },
      {
        name: 'weekends',
        time_intervals: [{ weekdays: ['saturday', 'sunday'] }],
        version: expect.any(String),
        provenance: 'file',
      },
    ]);
  });

  describe('PUT', () => {
    it('refuses a rename blocked by provisioned dependents (409)', async () => {
      await api.post('/mute-timings', weekends);
      store().seedPolicyTree(
        { receiver: 'grafana-default-email', routes: [{ mute_time_intervals: ['weekends'] }] },
        { provenance: 'file' },
      );
      const blocked = await api.put(`/mute-timings/${nameToUid('weekends')}`, {
        ...weekends,
        name: 'renamed',
      });
      expect(blocked.status).toBe(409);
      expect(blocked.body).toEqual({
        statusCode: 409,
        messageId: 'alerting.notifications.time-intervals.usedProvisioned',
        message:
          'Time interval cannot be renamed because it is used by provisioned notification policies. You must update ' +
          'those resources first using the original provision method.',
        extra: { UsedByRoutes: true },
      });
      expect(store().muteTiming('weekends')).toBeDefined();
    });

    it('refuses provenance none for a provisioned timing (403), allows api over file', async () => {
      store().seedMuteTiming(weekends, { provenance: 'file' });
      const none = await api.put('/mute-timings/weekends', weekends, NO_PROVENANCE);
      expect(none.status).toBe(403);
      expect(none.body).toEqual(invalidProvenance('file', 'none'));
      expect((await api.put('/mute-timings/weekends', weekends)).status).toBe(202);
    });
  });

  it('UI edits change the version and are refused for provisioned timings', async () => {
    store().seedMuteTiming(weekends);
    const before = (await api.get('/mute-timings/weekends')).body.version;
    store().uiEditMuteTiming('weekends', [{ weekdays: ['saturday'] }]);
    expect((await api.get('/mute-timings/weekends')).body.version).not.toBe(before);
    store().seedMuteTiming({ name: 'p', time_intervals: [] }, { provenance: 'file' });
    expect(() => store().uiEditMuteTiming('p', [])).toThrow(/provisioned/);
  });
});
