import {
  alertingCalls,
  clearOrgAlerting,
  expectEmpty,
  invalidProvenance,
  muteTimingUid,
  NO_PROVENANCE,
  ruleBody,
  VERSION_CONFLICT,
} from './alerting-fixtures.js';
import { contractGrafana } from './harness.js';

const NOT_FOUND = {
  statusCode: 404,
  messageId: 'alerting.notifications.time-intervals.notFound',
  message: 'NotFound',
};
const NAME_EXISTS = {
  statusCode: 400,
  messageId: 'alerting.notifications.time-intervals.nameExists',
  message: 'Time interval with this name already exists. Use a different name or update existing one.',
};

describe('contract: mute timings (§8.7)', () => {
  // One org for the file (a new org's alerting takes a poll to appear); each test clears it after.
  const h = contractGrafana({ alerting: true, orgPer: 'file' });
  const api = alertingCalls(h);

  beforeEach(() => h.defer(() => clearOrgAlerting(h)));

  const weekends = { name: 'weekends', time_intervals: [{ weekdays: ['saturday', 'sunday'] }] };

  it('POST creates: 201 with the stored timing, ranges normalised, a version and provenance', async () => {
    const res = await api.post('/mute-timings', {
      name: 'office',
      time_intervals: [
        {
          times: [{ start_time: '09:00', end_time: '24:00' }],
          weekdays: ['Monday:Friday'],
          days_of_month: ['1:7', '-1'],
          months: ['1:3', 'december'],
          years: ['2030:2031'],
          location: 'Europe/Berlin',
        },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      name: 'office',
      time_intervals: [
        {
          times: [{ start_time: '09:00', end_time: '24:00' }],
          weekdays: ['monday:friday'],
          days_of_month: ['1:7', '-1'],
          months: ['january:march', 'december'],
          years: ['2030:2031'],
          location: 'Europe/Berlin',
        },
      ],
      version: expect.stringMatching(/^[0-9a-f]{16}$/),
      provenance: 'api',
    });
  });

  it('a taken name is a 400 nameExists, a missing name 400 invalidFormat, bad ranges 400 bad request data', async () => {
    await api.post('/mute-timings', weekends);
    const taken = await api.post('/mute-timings', weekends);
    expect(taken.status).toBe(400);
    expect(taken.body).toEqual(NAME_EXISTS);
    const noName = await api.post('/mute-timings', { time_intervals: [] });
    expect(noName.status).toBe(400);
    expect(noName.body).toEqual({
      statusCode: 400,
      messageId: 'alerting.notifications.time-intervals.invalidFormat',
      message: 'Time interval is in invalid format. Correct the payload and try again.',
      extra: { Error: 'missing name in mute time interval' },
    });
    for (const interval of [
      { weekdays: ['funday'] },
      { times: [{ start_time: '9:00', end_time: '10:00' }] },
      { times: [{ start_time: '10:00', end_time: '09:00' }] },
      { days_of_month: ['0'] },
      { months: ['13'] },
      { location: 'Mars/Olympus' },
    ]) {
      const res = await api.post('/mute-timings', { name: 'bad', time_intervals: [interval] });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ message: 'bad request data' });
    }
  });

  it('GET by name or by uid (NameToUid); 404 otherwise', async () => {
    await api.post('/mute-timings', weekends);
    expect((await api.get('/mute-timings/weekends')).body.name).toBe('weekends');
    expect((await api.get(`/mute-timings/${muteTimingUid('weekends')}`)).body.name).toBe('weekends');
    const res = await api.get('/mute-timings/holidays');
    expect(res.status).toBe(404);
    expect(res.body).toEqual(NOT_FOUND);
  });

  describe('PUT', () => {
    it('202 with the stored timing; versions: stale 409, current passes, content changes it', async () => {
      const v1 = (await api.post('/mute-timings', weekends)).body.version;
      const changed = { name: 'weekends', time_intervals: [{ weekdays: ['sunday'] }] };
      const res = await api.put('/mute-timings/weekends', { ...changed, version: v1 });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({
        name: 'weekends',
        time_intervals: [{ weekdays: ['sunday'] }],
        provenance: 'api',
      });
      expect(res.body.version).not.toBe(v1);
      const stale = await api.put('/mute-timings/weekends', { ...weekends, version: v1 });
      expect(stale.status).toBe(409);
      expect(stale.body).toEqual(VERSION_CONFLICT);
      expect((await api.put('/mute-timings/weekends', { time_intervals: [] })).status).toBe(202);
      expect((await api.put('/mute-timings/nope', weekends)).body).toEqual(NOT_FOUND);
    });

    it('renames when the body names another timing and the path is the uid; routes and rules follow', async () => {
      await h.admin('POST', '/api/folders', { body: { uid: 'f1', title: 'F' } });
      await api.post('/mute-timings', weekends);
      await api.put('/policies', {
        receiver: 'grafana-default-email',
        routes: [{ mute_time_intervals: ['weekends'] }],
      });
      await api.post(
        '/alert-rules',
        ruleBody({
          uid: 'r1',
          notification_settings: { receiver: 'grafana-default-email', mute_time_intervals: ['weekends'] },
        }),
      );
      // The old name in the path is not a uid: nothing is found.
      expect((await api.put('/mute-timings/weekends', { ...weekends, name: 'week-ends' })).status).toBe(404);
      const res = await api.put(`/mute-timings/${muteTimingUid('weekends')}`, {
        ...weekends,
        name: 'week-ends',
      });
      expect(res.status).toBe(202);
      expect((await api.get('/policies')).body.routes[0].mute_time_intervals).toEqual(['week-ends']);
      expect((await api.get('/alert-rules/r1')).body.notification_settings.mute_time_intervals).toEqual([
        'week-ends',
      ]);
      expect((await api.get('/mute-timings/weekends')).status).toBe(404);
    });

    it('refuses a rename onto a taken name (400)', async () => {
      await api.post('/mute-timings', weekends);
      await api.post('/mute-timings', { name: 'other', time_intervals: [] });
      const taken = await api.put(`/mute-timings/${muteTimingUid('weekends')}`, {
        ...weekends,
        name: 'other',
      });
      expect(taken.body).toEqual(NAME_EXISTS);
    });
  });

  describe('DELETE', () => {
    it('204, also when missing', async () => {
      await api.post('/mute-timings', weekends);
      expectEmpty(await api.del('/mute-timings/weekends'), 204);
      expectEmpty(await api.del('/mute-timings/weekends'), 204);
    });

    it('409 time-intervals.used while the tree or a rule uses it; version and provenance checks', async () => {
      await h.admin('POST', '/api/folders', { body: { uid: 'f1', title: 'F' } });
      const { version } = (await api.post('/mute-timings', weekends)).body;
      await api.put('/policies', {
        receiver: 'grafana-default-email',
        routes: [{ mute_time_intervals: ['weekends'] }],
      });
      await api.post(
        '/alert-rules',
        ruleBody({
          uid: 'r1',
          notification_settings: { receiver: 'grafana-default-email', mute_time_intervals: ['weekends'] },
        }),
      );
      const byTree = await api.del('/mute-timings/weekends');
      expect(byTree.status).toBe(409);
      expect(byTree.body).toEqual({
        statusCode: 409,
        messageId: 'alerting.notifications.time-intervals.used',
        message: 'Conflict',
        extra: { UsedByRoutes: true, UsedByRules: ['r1'] },
      });
      await api.put('/policies', { receiver: 'grafana-default-email' });
      expect((await api.del('/mute-timings/weekends?version=0000000000000000')).body).toEqual(
        VERSION_CONFLICT,
      );
      const byRule = await api.del(`/mute-timings/weekends?version=${version}`);
      expect(byRule.status).toBe(409);
      expect(byRule.body).toEqual({
        statusCode: 409,
        messageId: 'alerting.notifications.time-intervals.used',
        message: 'Conflict',
        extra: { UsedByRules: ['r1'] },
      });
      const none = await api.del('/mute-timings/weekends', NO_PROVENANCE);
      expect(none.body).toEqual(invalidProvenance('api', 'none'));
      await api.del('/alert-rules/r1');
      expectEmpty(await api.del(`/mute-timings/${muteTimingUid('weekends')}`), 204);
    });
  });
});
