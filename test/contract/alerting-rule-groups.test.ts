import {
  alertingCalls,
  clearOrgAlerting,
  expectEmpty,
  NO_PROVENANCE,
  normalisedRuleBody,
  ruleBody,
  untilNextSecond,
} from './alerting-fixtures.js';
import { contractGrafana } from './harness.js';

const GROUP_NOT_FOUND = { statusCode: 404, messageId: 'alerting.alert-rule.notFound', message: 'NotFound' };

describe('contract: rule groups (§8.3)', () => {
  // One org for the file (a new org's alerting takes a poll to appear); each test clears it after.
  const h = contractGrafana({ alerting: true, orgPer: 'file' });
  const api = alertingCalls(h);

  beforeEach(async () => {
    h.defer(() => clearOrgAlerting(h));
    expect((await h.admin('POST', '/api/folders', { body: { uid: 'f1', title: 'Folder one' } })).status).toBe(
      200,
    );
  });

  const groupRule = (uid: string, overrides: Record<string, unknown> = {}) => {
    const { folderUID: _f, ruleGroup: _g, ...rest } = ruleBody({ uid, ...overrides });
    return rest;
  };

  it('GET of a missing group is 404 alerting.alert-rule.notFound', async () => {
    const res = await api.get('/folder/f1/rule-groups/none');
    expect(res.status).toBe(404);
    expect(res.body).toEqual(GROUP_NOT_FOUND);
  });

  it('PUT creates the group and answers with the request echoed (Go zero values, title and folder from the path)', async () => {
    const res = await api.put('/folder/f1/rule-groups/G', {
      title: 'ignored',
      interval: 60,
      rules: [
        {
          title: 'T',
          condition: 'A',
          data: [{ refId: 'A', datasourceUid: '-100', model: { z: 1, a: 2 } }],
          noDataState: 'OK',
          execErrState: 'OK',
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      title: 'G',
      folderUid: 'f1',
      interval: 60,
      rules: [
        {
          id: 0,
          uid: '',
          orgID: 0,
          folderUID: '',
          ruleGroup: '',
          title: 'T',
          condition: 'A',
          data: [
            {
              refId: 'A',
              queryType: '',
              relativeTimeRange: { from: 0, to: 0 },
              datasourceUid: '-100',
              model: { z: 1, a: 2 },
            },
          ],
          updated: '0001-01-01T00:00:00Z',
          noDataState: 'OK',
          execErrState: 'OK',
          for: '0s',
          keep_firing_for: '0s',
          isPaused: false,
          notification_settings: null,
          record: null,
        },
      ],
    });
    expect(Object.keys(res.body.rules[0].data[0].model)).toEqual(['z', 'a']);
    const group = await api.get('/folder/f1/rule-groups/G');
    expect(group.status).toBe(200);
    expect(group.body).toMatchObject({ title: 'G', folderUid: 'f1', interval: 60 });
    expect(group.body.rules[0]).toMatchObject({
      uid: expect.stringMatching(/^[a-z][a-z0-9]{13}$/),
      folderUID: 'f1',
      ruleGroup: 'G',
    });
    // RouteGetAlertRuleGroup leaves provenance out; the single-rule GET carries it.
    expect(group.body.rules[0]).not.toHaveProperty('provenance');
    expect(group.body.rules[0].data[0].model).toEqual({ a: 2, intervalMs: 1000, maxDataPoints: 43200, z: 1 });
  });

  it('PUT into a folder that does not exist is accepted for an Admin (§15.7)', async () => {
    const res = await api.put('/folder/ghost/rule-groups/G', { interval: 10, rules: [groupRule('r1')] });
    expect(res.status).toBe(200);
    expect((await api.get('/alert-rules/r1')).body.folderUID).toBe('ghost');
  });

  it.each([
    [
      15,
      'invalid alert rule: interval (15s) should be non-zero and divided exactly by scheduler interval: 10s',
    ],
    [
      0,
      'invalid alert rule: interval (0s) should be non-zero and divided exactly by scheduler interval: 10s',
    ],
    [
      65,
      'invalid alert rule: interval (1m5s) should be non-zero and divided exactly by scheduler interval: 10s',
    ],
  ])('refuses interval %i with 400', async (interval, message) => {
    const res = await api.put('/folder/f1/rule-groups/G', { interval, rules: [groupRule('r1')] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message });
  });

  it('refuses an invalid rule uid and invalid rules, naming the store operation', async () => {
    const badUid = await api.put('/folder/f1/rule-groups/G', { interval: 60, rules: [groupRule('a b')] });
    expect(badUid.status).toBe(400);
    expect(badUid.body).toEqual({
      message: 'invalid alert rule: cannot create rule with UID "a b": invalid UID',
    });
    const badRule = await api.put('/folder/f1/rule-groups/G', {
      interval: 60,
      rules: [groupRule('r1', { title: '' })],
    });
    expect(badRule.status).toBe(400);
    expect(badRule.body).toEqual({
      message: 'failed to insert alert rules: invalid alert rule: title is empty',
    });
    await api.put('/folder/f1/rule-groups/G', { interval: 60, rules: [groupRule('r1')] });
    const badUpdate = await api.put('/folder/f1/rule-groups/G', {
      interval: 60,
      rules: [groupRule('r1', { title: '' })],
    });
    expect(badUpdate.body).toEqual({
      message: 'failed to update alert rules: invalid alert rule: title is empty',
    });
    expect((await api.get('/alert-rules/r1')).body.title).toBe('TEST-API_1');
  });

  it('replaces the group atomically: rules not in the body are deleted, new ones created, others updated', async () => {
    await api.put('/folder/f1/rule-groups/G', {
      interval: 60,
      rules: [groupRule('a'), groupRule('b'), groupRule('c')],
    });
    const res = await api.put('/folder/f1/rule-groups/G', {
      interval: 120,
      rules: [groupRule('c', { title: 'C!' }), groupRule('d'), groupRule('a')],
    });
    expect(res.status).toBe(200);
    const group = (await api.get('/folder/f1/rule-groups/G')).body;
    expect(group.interval).toBe(120);
    expect(group.rules.map((r: { uid: string; title: string }) => [r.uid, r.title])).toEqual([
      ['c', 'C!'],
      ['d', 'TEST-API_1'],
      ['a', 'TEST-API_1'],
    ]);
    expectEmpty(await api.get('/alert-rules/b'), 404);
  });

  it('keeps the rules when `rules` is absent (interval only) and deletes all for `rules: []`', async () => {
    await api.put('/folder/f1/rule-groups/G', { interval: 60, rules: [groupRule('a'), groupRule('b')] });
    const interval = await api.put('/folder/f1/rule-groups/G', { interval: 300 });
    expect(interval.status).toBe(200);
    expect(interval.body).toEqual({ title: 'G', folderUid: 'f1', interval: 300, rules: null });
    const kept = (await api.get('/folder/f1/rule-groups/G')).body;
    expect(kept.interval).toBe(300);
    expect(kept.rules.map((r: { uid: string }) => r.uid)).toEqual(['a', 'b']);
    expect((await api.put('/folder/f1/rule-groups/G', { interval: 300, rules: [] })).status).toBe(200);
    expect((await api.get('/folder/f1/rule-groups/G')).body).toEqual(GROUP_NOT_FOUND);
  });

  it('moves a rule given by uid from another group', async () => {
    await api.post('/alert-rules', ruleBody({ uid: 'm', ruleGroup: 'Other' }));
    await api.put('/folder/f1/rule-groups/G', { interval: 60, rules: [groupRule('m')] });
    expect((await api.get('/alert-rules/m')).body).toMatchObject({ ruleGroup: 'G' });
    expect((await api.get('/folder/f1/rule-groups/Other')).status).toBe(404);
  });

  it('writes nothing when nothing changed (models compared as sent)', async () => {
    const normalised = () => {
      const { folderUID: _f, ruleGroup: _g, ...rest } = normalisedRuleBody('r1');
      return rest;
    };
    await api.put('/folder/f1/rule-groups/G', { interval: 60, rules: [normalised()] });
    const updated = async () => (await api.get('/alert-rules/r1')).body.updated as string;
    const before = await updated();
    await untilNextSecond();
    await api.put('/folder/f1/rule-groups/G', { interval: 60, rules: [normalised()] });
    expect(await updated()).toBe(before);
    // A model without Grafana's defaults differs from the stored one: an update.
    await api.put('/folder/f1/rule-groups/G', { interval: 60, rules: [groupRule('r1')] });
    expect(await updated()).not.toBe(before);
  });

  describe('provenance (CanUpdateProvenanceInRuleGroup, §8.9)', () => {
    it('lets provenance none take over api rules (hand back to the UI), and api adopt none', async () => {
      await api.put('/folder/f1/rule-groups/G', { interval: 60, rules: [groupRule('a')] });
      const handBack = await api.put(
        '/folder/f1/rule-groups/G',
        { interval: 60, rules: [groupRule('a', { title: 'x' })] },
        NO_PROVENANCE,
      );
      expect(handBack.status).toBe(200);
      expect((await api.get('/alert-rules/a')).body.provenance ?? '').toBe('');
      const adopt = await api.put('/folder/f1/rule-groups/G', {
        interval: 60,
        rules: [groupRule('a', { title: 'y' })],
      });
      expect(adopt.status).toBe(200);
      expect((await api.get('/alert-rules/a')).body.provenance).toBe('api');
    });
  });

  describe('DELETE', () => {
    it('deletes every rule of the group: 204; a missing group is 404 before any provenance check', async () => {
      await api.put('/folder/f1/rule-groups/G', { interval: 60, rules: [groupRule('a'), groupRule('b')] });
      expectEmpty(await api.del('/folder/f1/rule-groups/G'), 204);
      expect((await api.get('/alert-rules')).body).toEqual([]);
      const missing = await api.del('/folder/f1/rule-groups/G', NO_PROVENANCE);
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual(GROUP_NOT_FOUND);
    });

    it('lets provenance none delete api rules', async () => {
      await api.put('/folder/f1/rule-groups/A', { interval: 60, rules: [groupRule('a')] });
      expectEmpty(await api.del('/folder/f1/rule-groups/A', NO_PROVENANCE), 204);
    });
  });
});
