import { alertingCalls, NO_PROVENANCE, POLICY_TREE } from './alerting-fixtures.js';
import { contractGrafana } from './harness.js';

const DEFAULT_TREE = { receiver: 'grafana-default-email', group_by: ['grafana_folder', 'alertname'] };

function invalidRoute(detail: string) {
  return {
    statusCode: 400,
    messageId: 'alerting.notifications.routes.invalidFormat',
    message: `Invalid format of the submitted route: ${detail}. Correct the payload and try again.`,
    extra: { Error: detail },
  };
}

describe('contract: notification policies (§8.5)', () => {
  // One org for the file: a contact point and a mute timing to refer to, made once; every test
  // resets the tree afterwards.
  const h = contractGrafana({ alerting: true, orgPer: 'file' });
  const api = alertingCalls(h);

  beforeAll(async () => {
    const ops = { name: 'ops', type: 'email', settings: { addresses: 'ops@x' } };
    expect((await api.post('/contact-points', ops, NO_PROVENANCE)).status).toBe(202);
    const weekends = { name: 'weekends', time_intervals: [{ weekdays: ['saturday', 'sunday'] }] };
    expect((await api.post('/mute-timings', weekends, NO_PROVENANCE)).status).toBe(201);
  });

  beforeEach(() => {
    h.defer(async () => expect((await api.del('/policies')).status).toBe(202));
  });

  const tree = POLICY_TREE;

  it('stores object_matchers sorted by name, value, then operator (§8.5)', async () => {
    const unsorted = [
      ['team', '=', 'b'],
      ['env', '!~', 'dev'],
      ['team', '=', 'a'],
      ['env', '=', 'dev'],
    ];
    expect(
      (await api.put('/policies', { receiver: 'ops', routes: [{ object_matchers: unsorted }] })).status,
    ).toBe(202);
    expect((await api.get('/policies')).body.routes[0].object_matchers).toEqual([
      ['env', '=', 'dev'],
      ['env', '!~', 'dev'],
      ['team', '=', 'a'],
      ['team', '=', 'b'],
    ]);
  });

  it('GET answers the default tree of a new org', async () => {
    const res = await api.get('/policies');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(DEFAULT_TREE);
  });

  it('PUT replaces the tree: 202 {"message":"policies updated"}; durations normalised, provenance api', async () => {
    const res = await api.put('/policies', tree);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ message: 'policies updated' });
    const got = await api.get('/policies');
    expect(got.body).toEqual({
      receiver: 'ops',
      group_by: ['alertname'],
      routes: [
        {
          receiver: 'grafana-default-email',
          object_matchers: [['team', '=~', 'a|b']],
          mute_time_intervals: ['weekends'],
          continue: true,
          group_wait: '1m',
          repeat_interval: '4h',
        },
        { object_matchers: [['x', '!=', 'y']] },
      ],
      provenance: 'api',
    });
    // api → none is a change from a set status to none: refused (§8.9).
    expect((await api.put('/policies', tree, NO_PROVENANCE)).status).toBe(403);
  });

  it('PUT with X-Disable-Provenance on a tree without provenance keeps it editable in the UI', async () => {
    expect((await api.put('/policies', tree, NO_PROVENANCE)).status).toBe(202);
    expect((await api.get('/policies')).body).not.toHaveProperty('provenance');
  });

  it.each([
    ['an unknown receiver', { receiver: 'nobody' }, "receiver 'nobody' does not exist"],
    [
      'an unknown mute timing',
      { receiver: 'ops', routes: [{ mute_time_intervals: ['holidays'] }] },
      "mute time interval 'holidays' does not exist",
    ],
    [
      'an unknown active timing',
      { receiver: 'ops', routes: [{ active_time_intervals: ['office'] }] },
      "active time interval 'office' does not exist",
    ],
    ['no root receiver', { group_by: ['a'] }, 'root route must specify a default receiver'],
    [
      'matchers on the root',
      { receiver: 'ops', object_matchers: [['a', '=', 'b']] },
      'root route must not have any matchers',
    ],
    [
      'mute timings on the root',
      { receiver: 'ops', mute_time_intervals: ['weekends'] },
      'root route must not have any mute time intervals',
    ],
    [
      'a duplicated group_by label',
      { receiver: 'ops', group_by: ['a', 'a'] },
      'duplicated label "a" in group_by',
    ],
  ])('PUT refuses %s with 400 routes.invalidFormat', async (_name, body, detail) => {
    const res = await api.put('/policies', body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(invalidRoute(detail));
    expect((await api.get('/policies')).body).toEqual(DEFAULT_TREE);
  });

  it.each([
    ['a bad duration', { receiver: 'ops', group_wait: 'soon' }],
    ['a bad matcher operator', { receiver: 'ops', routes: [{ object_matchers: [['a', '==', 'b']] }] }],
    ['a short matcher', { receiver: 'ops', routes: [{ object_matchers: [['a', '=']] }] }],
  ])('PUT answers 400 bad request data for %s', async (_name, body) => {
    const res = await api.put('/policies', body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: 'bad request data' });
  });

  describe('provenance (ValidateProvenanceRelaxed, §8.9)', () => {
    it('checks the structure before the provenance, and the references after it', async () => {
      expect((await api.put('/policies', { receiver: 'ops' })).status).toBe(202);
      expect((await api.put('/policies', { group_by: ['a'] }, NO_PROVENANCE)).status).toBe(400);
      expect((await api.put('/policies', { receiver: 'nobody' }, NO_PROVENANCE)).status).toBe(403);
    });
  });

  describe('DELETE (reset)', () => {
    it('resets to the default tree: 202 with it, provenance cleared', async () => {
      await api.put('/policies', tree);
      const res = await api.del('/policies');
      expect(res.status).toBe(202);
      expect(res.body).toEqual(DEFAULT_TREE);
      const got = await api.get('/policies');
      expect(got.body).toEqual(DEFAULT_TREE);
      expect(got.body).not.toHaveProperty('provenance');
    });

    it('brings the default receiver back when it was deleted', async () => {
      await api.put('/policies', { receiver: 'ops' });
      const defaultEmail = async () =>
        (await api.get('/contact-points?name=grafana-default-email')).body as Array<{ uid: string }>;
      const uid = (await defaultEmail())[0]?.uid as string;
      expect((await api.del(`/contact-points/${uid}`)).status).toBe(202);
      expect(await defaultEmail()).toHaveLength(0);
      await api.del('/policies');
      expect(await defaultEmail()).toHaveLength(1);
    });
  });
});
