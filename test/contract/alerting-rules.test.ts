import {
  alertingCalls,
  clearOrgAlerting,
  expectEmpty,
  ISO,
  NO_PROVENANCE,
  provenanceMismatch,
  ruleBody,
  STORED_MODELS,
  untilNextSecond,
} from './alerting-fixtures.js';
import { contractGrafana } from './harness.js';
import { expectRbacDenied } from './http.js';

describe('contract: alert rules (§8.2)', () => {
  // One org for the file (a new org's alerting takes a poll to appear); each test clears it after.
  const h = contractGrafana({ alerting: true, orgPer: 'file' });
  const api = alertingCalls(h);
  const folder = async (uid: string, title: string, parentUid?: string) =>
    expect((await h.admin('POST', '/api/folders', { body: { uid, title, parentUid } })).status).toBe(200);
  const groupInterval = async (group: string) =>
    (await api.get(`/folder/f1/rule-groups/${group}`)).body.interval as number;

  beforeEach(async () => {
    h.defer(() => clearOrgAlerting(h));
    await folder('f1', 'Folder one');
  });

  describe('POST /alert-rules', () => {
    it('creates: 201 with the seed example shape, provenance api, models as sent', async () => {
      const res = await api.post('/alert-rules', ruleBody({ for: '60s' }));
      expect(res.status).toBe(201);
      const sent = ruleBody().data as Array<Record<string, unknown>>;
      expect(res.body).toEqual({
        id: expect.any(Number),
        uid: expect.stringMatching(/^[a-z][a-z0-9]{13}$/),
        orgID: h.orgId,
        folderUID: 'f1',
        ruleGroup: 'API',
        title: 'TEST-API_1',
        condition: 'B',
        data: sent,
        updated: ISO,
        noDataState: 'OK',
        execErrState: 'OK',
        for: '1m',
        keep_firing_for: '0s',
        annotations: { summary: 'test_api_1' },
        labels: { API: 'test1' },
        provenance: 'api',
        isPaused: false,
        notification_settings: null,
        record: null,
      });
      expect(Object.keys(res.body)).toEqual([
        'id',
        'uid',
        'orgID',
        'folderUID',
        'ruleGroup',
        'title',
        'condition',
        'data',
        'updated',
        'noDataState',
        'execErrState',
        'for',
        'keep_firing_for',
        'annotations',
        'labels',
        'provenance',
        'isPaused',
        'notification_settings',
        'record',
      ]);
    });

    it('stores normalised queries: intervalMs and maxDataPoints added, keys sorted, queryType from the model', async () => {
      const body = ruleBody({ uid: 'r1' });
      const a = (body.data as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
      a.model = { refId: 'A', expr: 'up', hide: false, queryType: 'range', intervalMs: 0 };
      await api.post('/alert-rules', body);
      const res = await api.get('/alert-rules/r1');
      expect(res.status).toBe(200);
      expect(res.body.data[0]).toEqual({
        refId: 'A',
        queryType: 'range',
        relativeTimeRange: { from: 600, to: 0 },
        datasourceUid: 'prom',
        model: {
          expr: 'up',
          hide: false,
          intervalMs: 1000,
          maxDataPoints: 43200,
          queryType: 'range',
          refId: 'A',
        },
      });
      expect(Object.keys(res.body.data[1].model)).toEqual(Object.keys(STORED_MODELS[1] as object));
    });

    it('records provenance none when X-Disable-Provenance is present, whatever its value', async () => {
      const res = await api.post('/alert-rules', ruleBody({ uid: 'r1' }), NO_PROVENANCE);
      expect(res.status).toBe(201);
      expect(res.body).not.toHaveProperty('provenance');
      const empty = await api.post('/alert-rules', ruleBody({ uid: 'r2' }), { 'x-disable-provenance': '' });
      expect(empty.status).toBe(201);
      expect((await api.get('/alert-rules/r2')).body).not.toHaveProperty('provenance');
      expect((await api.get('/alert-rules/r1')).body).not.toHaveProperty('provenance');
    });

    it('takes the interval of an existing group, else the default 60 s', async () => {
      await api.put('/folder/f1/rule-groups/G', {
        interval: 120,
        rules: [ruleBody({ uid: 'a', ruleGroup: 'G' })],
      });
      await api.post('/alert-rules', ruleBody({ uid: 'b', ruleGroup: 'G' }));
      await api.post('/alert-rules', ruleBody({ uid: 'c', ruleGroup: 'New' }));
      expect(await groupInterval('G')).toBe(120);
      expect(await groupInterval('New')).toBe(60);
      expect(
        (await api.get('/folder/f1/rule-groups/G')).body.rules.map((r: { uid: string }) => r.uid),
      ).toEqual(['a', 'b']);
    });

    it('answers 409 alerting.alert-rule.conflict for a taken uid', async () => {
      expect((await api.post('/alert-rules', ruleBody({ uid: 'r1' }))).status).toBe(201);
      const res = await api.post('/alert-rules', ruleBody({ uid: 'r1', title: 'other' }));
      expect(res.status).toBe(409);
      expect(res.body).toEqual({
        statusCode: 409,
        messageId: 'alerting.alert-rule.conflict',
        message: `Failed to save alert rule 'r1' in organization ${h.orgId} due to conflict: UNIQUE constraint failed: alert_rule.org_id, alert_rule.uid`,
        extra: {
          Error: 'UNIQUE constraint failed: alert_rule.org_id, alert_rule.uid',
          OrgID: h.orgId,
          RuleUID: 'r1',
        },
      });
    });

    it.each([
      ['no data', { data: [] }, 'invalid alert rule: no queries or expressions are found'],
      ['empty title', { title: '' }, 'invalid alert rule: title is empty'],
      ['no folder', { folderUID: '' }, 'invalid alert rule: folderUID must be set'],
      ['missing folder', { folderUID: 'nope' }, 'invalid alert rule: folder does not exist'],
      [
        'bad uid',
        { uid: 'bad uid' },
        "invalid alert rule: cannot create rule with UID 'bad uid': invalid UID",
      ],
      [
        'long uid',
        { uid: 'x'.repeat(41) },
        `invalid alert rule: cannot create rule with UID '${'x'.repeat(41)}': UID is longer than 40 symbols`,
      ],
      ['no data state', { noDataState: 'Nope' }, 'invalid alert rule: unknown NoData state option Nope'],
      ['exec err state', { execErrState: '' }, 'invalid alert rule: unknown Exec Error state option '],
      [
        'reserved label',
        { labels: { __grafana_receiver__: 'x' } },
        'invalid alert rule: system reserved label __grafana_receiver__ cannot be defined',
      ],
      [
        'panel without dashboard',
        { annotations: { __panelId__: '3' } },
        'invalid alert rule: both annotations __dashboardUid__ and __panelId__ must be specified',
      ],
      [
        'unknown receiver',
        { notification_settings: { receiver: 'nobody' } },
        "invalid alert rule: receiver 'nobody' does not exist",
      ],
    ])('refuses %s with 400 {"message"} (ErrResp)', async (_name, overrides, message) => {
      const res = await api.post('/alert-rules', ruleBody(overrides));
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ message });
    });

    it('refuses a condition that is not a refId of the data: 400 errutil conditionNotExist', async () => {
      const res = await api.post('/alert-rules', ruleBody({ condition: 'C' }));
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        statusCode: 400,
        messageId: 'alerting.alert-rule.conditionNotExist',
        message: 'BadRequest',
        extra: { Existing: '[A B]', Given: 'C' },
      });
    });

    it('refuses a data source query whose relative time range is empty: 400 errutil invalidRelativeTime', async () => {
      const body = ruleBody();
      ((body.data as Array<Record<string, unknown>>)[0] as Record<string, unknown>).relativeTimeRange = {
        from: 0,
        to: 0,
      };
      const res = await api.post('/alert-rules', body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        statusCode: 400,
        messageId: 'alerting.alert-rule.invalidRelativeTime',
        message: 'BadRequest',
        extra: { From: '0s', RefID: 'A', To: '0s' },
      });
    });

    it.each([
      ['a number for `for`', { for: 300 }],
      ['an invalid duration', { for: '5 minutes' }],
      ['data that is not a list', { data: {} }],
      ['labels that are not strings', { labels: { a: 1 } }],
    ])('answers 400 bad request data for %s', async (_name, overrides) => {
      const res = await api.post('/alert-rules', ruleBody(overrides));
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ message: 'bad request data' });
    });

    it('normalises durations like model.Duration and keeps keep_firing_for', async () => {
      await api.post('/alert-rules', ruleBody({ uid: 'r1', for: '90s', keep_firing_for: '120s' }));
      const res = await api.get('/alert-rules/r1');
      expect(res.body).toMatchObject({ for: '1m30s', keep_firing_for: '2m' });
    });

    it('clears alerting-only fields of recording rules', async () => {
      const body = ruleBody({ uid: 'rec', record: { metric: 'up_ratio', from: 'A' }, for: '5m' });
      const res = await api.post('/alert-rules', body);
      expect(res.status).toBe(201);
      const got = (await api.get('/alert-rules/rec')).body;
      expect(got).toMatchObject({
        condition: '',
        noDataState: '',
        execErrState: '',
        for: '0s',
        notification_settings: null,
        record: { metric: 'up_ratio', from: 'A' },
      });
    });

    it('needs alert.provisioning:write (Admin)', async () => {
      const editor = await h.createToken('Editor');
      const res = await h.as(editor, 'POST', '/api/v1/provisioning/alert-rules', { body: ruleBody() });
      expectRbacDenied(res, 'alert.provisioning:write');
      expectRbacDenied(
        await h.as(editor, 'GET', '/api/v1/provisioning/alert-rules'),
        'alert.provisioning:read',
      );
    });
  });

  describe('GET /alert-rules', () => {
    it('lists every rule by folder, group and position; a missing uid is a 404 with an empty body', async () => {
      await folder('f0', 'Zero');
      await api.post('/alert-rules', ruleBody({ uid: 'b', ruleGroup: 'G2' }));
      await api.post('/alert-rules', ruleBody({ uid: 'a', ruleGroup: 'G1' }));
      await api.post('/alert-rules', ruleBody({ uid: 'c', folderUID: 'f0' }));
      const res = await api.get('/alert-rules');
      expect(res.status).toBe(200);
      expect(res.body.map((r: { uid: string }) => r.uid)).toEqual(['c', 'a', 'b']);
      expectEmpty(await api.get('/alert-rules/nope'), 404);
    });
  });

  describe('PUT /alert-rules/:uid', () => {
    it('replaces the rule: 200, id and interval kept, updated refreshed', async () => {
      const created = (await api.post('/alert-rules', ruleBody({ uid: 'r1' }))).body;
      await untilNextSecond();
      const res = await api.put('/alert-rules/r1', ruleBody({ title: 'Renamed', labels: {} }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: created.id, uid: 'r1', title: 'Renamed', provenance: 'api' });
      expect(res.body).not.toHaveProperty('labels');
      expect(res.body.updated).not.toBe(created.updated);
      expect(await groupInterval('API')).toBe(60);
    });

    it('answers 404 with an empty body for an unknown uid, 400 for a missing folder', async () => {
      expectEmpty(await api.put('/alert-rules/nope', ruleBody()), 404);
      const res = await api.put('/alert-rules/nope', ruleBody({ folderUID: 'missing' }));
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ message: 'invalid alert rule: folder does not exist' });
    });

    it('refuses a provenance change with the generic 500 of 12.x; adopting a rule with provenance none works', async () => {
      await api.post('/alert-rules', ruleBody({ uid: 'r1' }));
      const res = await api.put('/alert-rules/r1', ruleBody(), NO_PROVENANCE);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ message: 'Internal Server Error' });

      await api.post('/alert-rules', ruleBody({ uid: 'ui' }), NO_PROVENANCE);
      const adopted = await api.put('/alert-rules/ui', ruleBody());
      expect(adopted.status).toBe(200);
      expect(adopted.body.provenance).toBe('api');
    });
  });

  describe('DELETE /alert-rules/:uid', () => {
    it('answers 204 with no body, also for a missing rule', async () => {
      await api.post('/alert-rules', ruleBody({ uid: 'r1' }));
      expectEmpty(await api.del('/alert-rules/r1'), 204);
      expectEmpty(await api.get('/alert-rules/r1'), 404);
      expectEmpty(await api.del('/alert-rules/r1'), 204);
    });

    it('answers 409 alerting.provenanceMismatch when the provenance differs', async () => {
      await api.post('/alert-rules', ruleBody({ uid: 'r1' }));
      const res = await api.del('/alert-rules/r1', NO_PROVENANCE);
      expect(res.status).toBe(409);
      expect(res.body).toEqual(provenanceMismatch('delete', '', 'api'));
    });
  });

  it('keeps every org apart: rules, contact points, templates and trees are per org', async () => {
    const org2 = await h.createOrg();
    await h.untilAlertingReady(org2);
    const admin2 = await h.createToken('Admin', org2);
    const created = await h.as(admin2, 'POST', '/api/folders', {
      body: { uid: 'f1', title: 'Other org folder' },
    });
    expect(created.status).toBe(200);
    const asOrg2 = (method: string, path: string, body?: unknown) =>
      h.as(admin2, method, `/api/v1/provisioning${path}`, body === undefined ? {} : { body });
    expect((await asOrg2('POST', '/alert-rules', ruleBody({ uid: 'r1' }))).status).toBe(201);
    expect((await api.post('/alert-rules', ruleBody({ uid: 'r1' }))).status).toBe(201);
    expect((await asOrg2('PUT', '/templates/t', { template: 'x' })).status).toBe(202);
    expect((await asOrg2('GET', '/alert-rules')).body.map((r: { orgID: number }) => r.orgID)).toEqual([org2]);
    expect((await api.get('/templates')).body).toEqual([]);
    expect((await asOrg2('GET', '/contact-points')).body[0].uid).not.toBe(
      (await api.get('/contact-points')).body[0].uid,
    );
  });

  describe('folder deletion (§4.3)', () => {
    it('is refused while rules live in the folder or a subfolder, unless forceDeleteRules=true', async () => {
      await folder('child', 'Child', 'f1');
      await api.post('/alert-rules', ruleBody({ uid: 'r1', folderUID: 'child' }));
      const refused = await h.admin('DELETE', '/api/folders/f1');
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({
        statusCode: 400,
        messageId: 'folder.not-empty',
        message: 'Folder cannot be deleted: folder is not empty',
      });
      const forced = await h.admin('DELETE', '/api/folders/f1?forceDeleteRules=true');
      expect(forced.status).toBe(200);
      expectEmpty(await api.get('/alert-rules/r1'), 404);
    });
  });
});
