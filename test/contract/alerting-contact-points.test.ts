import {
  alertingCalls,
  clearOrgAlerting,
  decryptedSettings,
  NO_PROVENANCE,
  ruleBody,
  SECURE_SETTINGS_CASES,
} from './alerting-fixtures.js';
import { contractGrafana } from './harness.js';

const R = '[REDACTED]';

describe('contract: contact points (§8.4, §15.5, §15.6)', () => {
  // One org for the file (a new org's alerting takes a poll to appear); each test clears it after.
  const h = contractGrafana({ alerting: true, orgPer: 'file' });
  const api = alertingCalls(h);

  beforeEach(() => h.defer(() => clearOrgAlerting(h)));

  const slack = (overrides: Record<string, unknown> = {}) => ({
    uid: 'slack-1',
    name: 'team',
    type: 'slack',
    settings: { recipient: '#ops', token: 'xoxb-secret', url: 'https://hooks.slack.com/x' },
    ...overrides,
  });

  it('starts with the default e-mail receiver', async () => {
    const res = await api.get('/contact-points');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        uid: expect.any(String),
        name: 'grafana-default-email',
        type: 'email',
        settings: { addresses: '<example@email.com>' },
        disableResolveMessage: false,
      },
    ]);
  });

  it('POST: 202 with the integration, secrets redacted; GET redacts too and reports the provenance', async () => {
    const res = await api.post('/contact-points', slack());
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      uid: 'slack-1',
      name: 'team',
      type: 'slack',
      settings: { recipient: '#ops', token: R, url: R },
      disableResolveMessage: false,
    });
    const list = await api.get('/contact-points?name=team');
    expect(list.body).toEqual([{ ...res.body, provenance: 'api' }]);
    expect(await decryptedSettings(h, 'team', 'slack-1')).toEqual({
      recipient: '#ops',
      token: 'xoxb-secret',
      url: 'https://hooks.slack.com/x',
    });
  });

  it('generates a uid, appends same-name integrations to one receiver, sorts by name then uid', async () => {
    await api.post('/contact-points', { name: 'b', type: 'email', settings: { addresses: 'b@x' } });
    await api.post('/contact-points', { uid: 'z', name: 'a', type: 'email', settings: { addresses: 'a@x' } });
    await api.post(
      '/contact-points',
      { uid: 'y', name: 'a', type: 'webhook', settings: { url: 'http://x' } },
      NO_PROVENANCE,
    );
    const res = await api.get('/contact-points');
    expect(res.body.map((cp: { name: string; uid: string }) => `${cp.name}/${cp.uid}`)).toEqual([
      'a/y',
      'a/z',
      expect.stringMatching(/^b\/[a-z][a-z0-9]{13}$/),
      expect.stringMatching(/^grafana-default-email\//),
    ]);
    expect((await api.get('/contact-points?name=a')).body).toHaveLength(2);
    expect((await api.get('/contact-points?name=nobody')).body).toEqual([]);
  });

  it("reports the receiver's provenance on every integration (12.x), each integration's own on 11.x (§8.4)", async () => {
    await api.post('/contact-points', { uid: 'z', name: 'a', type: 'email', settings: { addresses: 'a@x' } });
    await api.post(
      '/contact-points',
      { uid: 'y', name: 'a', type: 'webhook', settings: { url: 'http://x' } },
      NO_PROVENANCE,
    );
    await api.post(
      '/contact-points',
      { uid: 'x', name: 'b', type: 'email', settings: { addresses: 'b@x' } },
      NO_PROVENANCE,
    );
    const provenances = async () =>
      Object.fromEntries(
        ((await api.get('/contact-points')).body as Array<{ uid: string; provenance?: string }>).map((cp) => [
          cp.uid,
          cp.provenance ?? 'none',
        ]),
      );
    // 12.x reports the receiver's provenance on each integration, 11.x each integration's own (§8.4).
    expect(await provenances()).toMatchObject(
      h.byVersion({
        '<12.0': { y: 'none', z: 'api', x: 'none' },
        default: { y: 'api', z: 'api', x: 'none' },
      }),
    );
    // The provenance stays per integration: a PUT of y without provenance is allowed (§8.4).
    const y = { uid: 'y', name: 'a', type: 'webhook', settings: { url: 'http://y' } };
    expect((await api.put('/contact-points/y', y, NO_PROVENANCE)).status).toBe(202);
  });

  it('POST with a uid used by any integration is a 500 carrying uidInUse (not 409)', async () => {
    await api.post('/contact-points', slack());
    const res = await api.post(
      '/contact-points',
      slack({ name: 'other', type: 'email', settings: { addresses: 'x@y' } }),
    );
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      message:
        "[alerting.notifications.contact-points.uidInUse] Receiver configuration with UID 'slack-1' already exists " +
        "in contact point 'team'. Please use unique identifiers for receivers across all contact points.",
    });
  });

  it.each([
    [
      'no settings',
      { name: 'x', type: 'email' },
      'invalid object specification: settings should not be empty',
    ],
    [
      'e-mail without addresses',
      { uid: 'u', name: 'x', type: 'email', settings: {} },
      'invalid object specification: failed to validate integration "x" (UID u) of type "email": could not find addresses in settings',
    ],
    [
      'an unknown type',
      { name: 'x', type: 'carrier-pigeon', settings: {} },
      'invalid object specification: notifier carrier-pigeon is not supported',
    ],
    [
      'slack without a token or a webhook url',
      { uid: 'u', name: 'x', type: 'slack', settings: { recipient: '#a' } },
      'invalid object specification: failed to validate integration "x" (UID u) of type "slack": token must be specified when using the Slack chat API',
    ],
    [
      'a bad uid',
      { uid: 'a b', name: 'x', type: 'email', settings: { addresses: 'a@b' } },
      "invalid object specification: cannot create contact point with UID 'a b': invalid UID",
    ],
  ])('POST refuses %s with 400', async (_name, body, message) => {
    const res = await api.post('/contact-points', body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message });
  });

  describe('PUT', () => {
    it('202 {"message":"contactpoint updated"}; [REDACTED] keeps a secret, an omitted one is cleared', async () => {
      await api.post('/contact-points', slack());
      const res = await api.put(
        '/contact-points/slack-1',
        slack({ settings: { recipient: '#new', token: R } }),
      );
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ message: 'contactpoint updated' });
      expect(await decryptedSettings(h, 'team', 'slack-1')).toEqual({
        recipient: '#new',
        token: 'xoxb-secret',
      });
      expect((await api.get('/contact-points?name=team')).body[0].settings).toEqual({
        recipient: '#new',
        token: R,
      });
    });

    it('refuses a required secret that is omitted (cleared) with 400', async () => {
      await api.post('/contact-points', {
        uid: 'pd',
        name: 'pager',
        type: 'pagerduty',
        settings: { integrationKey: 'k' },
      });
      const res = await api.put('/contact-points/pd', {
        name: 'pager',
        type: 'pagerduty',
        settings: { severity: 'critical' },
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        message:
          'invalid object specification: failed to validate integration "pager" (UID pd) of type "pagerduty": could not find integration key property in settings',
      });
      const kept = await api.put('/contact-points/pd', {
        name: 'pager',
        type: 'pagerduty',
        settings: { integrationKey: R },
      });
      expect(kept.status).toBe(202);
      expect(await decryptedSettings(h, 'pager', 'pd')).toEqual({ integrationKey: 'k' });
    });

    it('404 for an unknown uid; 400 without settings', async () => {
      const res = await api.put('/contact-points/nope', slack());
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: "object not found: contact point with uid 'nope' not found" });
      const noSettings = await api.put('/contact-points/nope', { name: 'x', type: 'email' });
      expect(noSettings.body).toEqual({
        message: 'invalid object specification: settings should not be empty',
      });
    });

    it('refuses a provenance change with a 500 text; validation is checked first', async () => {
      await api.post('/contact-points', slack());
      const res = await api.put('/contact-points/slack-1', slack(), NO_PROVENANCE);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ message: "cannot change provenance from 'api' to ''" });
      const invalid = await api.put(
        '/contact-points/slack-1',
        slack({ settings: { recipient: '#a' } }),
        NO_PROVENANCE,
      );
      expect(invalid.status).toBe(400);
    });

    it('renaming the last integration renames the receiver in the policy tree and in rules', async () => {
      await h.admin('POST', '/api/folders', { body: { uid: 'f1', title: 'F' } });
      await api.post('/contact-points', slack());
      await api.put('/policies', {
        receiver: 'team',
        routes: [{ receiver: 'team', object_matchers: [['a', '=', 'b']] }],
      });
      await api.post('/alert-rules', ruleBody({ uid: 'r1', notification_settings: { receiver: 'team' } }));
      expect((await api.put('/contact-points/slack-1', slack({ name: 'renamed' }))).status).toBe(202);
      expect((await api.get('/policies')).body).toMatchObject({
        receiver: 'renamed',
        routes: [{ receiver: 'renamed' }],
      });
      expect((await api.get('/alert-rules/r1')).body.notification_settings).toEqual({ receiver: 'renamed' });
    });
  });

  describe('DELETE', () => {
    it('409 for the last integration of a receiver the policy tree or a rule uses', async () => {
      const defaultUid = (await api.get('/contact-points?name=grafana-default-email')).body[0].uid as string;
      const referenced = await api.del(`/contact-points/${defaultUid}`);
      expect(referenced.status).toBe(409);
      expect(referenced.body).toEqual({
        statusCode: 409,
        messageId: 'alerting.notifications.contact-points.referenced',
        message: 'Contact point is currently referenced by a notification policy.',
      });

      await h.admin('POST', '/api/folders', { body: { uid: 'f1', title: 'F' } });
      await api.post('/contact-points', slack());
      await api.post('/contact-points', slack({ uid: 'slack-2' }));
      await api.post('/alert-rules', ruleBody({ uid: 'r1', notification_settings: { receiver: 'team' } }));
      expect((await api.del('/contact-points/slack-2')).status).toBe(202);
      const used = await api.del('/contact-points/slack-1');
      expect(used.status).toBe(409);
      expect(used.body).toEqual({
        statusCode: 409,
        messageId: 'alerting.notifications.contact-points.used-by-rule',
        message: 'Contact point is currently used in the notification settings of one or many alert rules.',
      });
    });
  });

  describe('secure settings per type', () => {
    it.each(SECURE_SETTINGS_CASES)(
      '%s: only the secure keys are redacted',
      async (type, settings, secrets) => {
        await api.post('/contact-points', { uid: 'cp', name: 'n', type, settings });
        const got = (await api.get('/contact-points?name=n')).body[0];
        const expected: Record<string, unknown> = { ...settings };
        for (const key of Object.keys(secrets)) expected[key] = R;
        expect(got.settings).toEqual(expected);
        expect(await decryptedSettings(h, 'n', 'cp')).toEqual({ ...settings, ...secrets });
      },
    );

    it('nested secure keys (webhook TLS) are redacted in place', async () => {
      await api.post('/contact-points', {
        uid: 'w',
        name: 'w',
        type: 'webhook',
        settings: { url: 'http://x', tlsConfig: { insecureSkipVerify: false, clientKey: 'KEY' } },
      });
      expect((await api.get('/contact-points?name=w')).body[0].settings).toEqual({
        tlsConfig: { clientKey: R, insecureSkipVerify: false },
        url: 'http://x',
      });
    });
  });
});
