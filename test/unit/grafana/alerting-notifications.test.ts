import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  GrafanaAlreadyExistsError,
  GrafanaApi,
  GrafanaConflictError,
  GrafanaHttpClient,
  GrafanaNotFoundError,
  GrafanaProvenanceConflictError,
  GrafanaValidationError,
  GrafanaVersionMismatchError,
  isGrafanaAlreadyExists,
  muteTimingUid,
  REDACTED_VALUE,
  wrapTemplateContent,
} from '../../../src/grafana/index.js';
import { alertingOf } from '../../grafana-double/alerting-state.js';
import { GrafanaDouble } from '../../grafana-double/server.js';

let double: GrafanaDouble;
let http: GrafanaHttpClient;
let api: GrafanaApi;

beforeEach(async () => {
  double = new GrafanaDouble();
  const url = await double.start();
  http = new GrafanaHttpClient({
    url,
    auth: { kind: 'basic', username: 'admin', password: 'admin' },
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
  });
  api = new GrafanaApi(http);
});

afterEach(async () => {
  http.close();
  await double.stop();
});

const store = () => alertingOf(double.state.org(1));
const last = () => double.requests.at(-1);

describe('ContactPointsApi against the double', () => {
  const slack = {
    uid: 's1',
    name: 'team',
    type: 'slack',
    settings: { recipient: '#a', token: 'secret-token' },
  };

  it('creates (redacted answer), lists by name, finds, updates with [REDACTED] and deletes', async () => {
    const created = await api.contactPoints.create(slack);
    expect(created).toEqual({
      uid: 's1',
      name: 'team',
      type: 'slack',
      settings: { recipient: '#a', token: REDACTED_VALUE },
      disableResolveMessage: false,
    });
    const listed = await api.contactPoints.list({ name: 'team' });
    expect(listed).toEqual([{ ...created, provenance: 'api' }]);
    expect(last()?.url).toBe('/api/v1/provisioning/contact-points?name=team');
    await expect(api.contactPoints.find('s1')).resolves.toMatchObject({ uid: 's1' });
    await expect(api.contactPoints.find('nope')).resolves.toBeUndefined();

    await api.contactPoints.update('s1', { ...slack, settings: { recipient: '#b', token: REDACTED_VALUE } });
    expect(last()?.body).toMatchObject({ uid: 's1', settings: { token: REDACTED_VALUE } });
    expect(store().integration('s1')?.secureSettings).toEqual({ token: 'secret-token' });

    await api.contactPoints.delete('s1');
    await expect(api.contactPoints.find('s1')).resolves.toBeUndefined();
    await expect(api.contactPoints.delete('s1')).resolves.toBeUndefined();
  });

  it('maps a uid in use to GrafanaAlreadyExistsError, validation to GrafanaValidationError, unknown to NotFound', async () => {
    await api.contactPoints.create(slack);
    const taken = await api.contactPoints.create({ ...slack, name: 'other' }).catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(GrafanaAlreadyExistsError);
    expect(isGrafanaAlreadyExists(taken)).toBe(true);
    expect(taken).toMatchObject({
      status: 500,
      messageId: 'alerting.notifications.contact-points.uidInUse',
      attempts: 1,
    });
    await expect(api.contactPoints.create({ name: 'x', type: 'email', settings: {} })).rejects.toBeInstanceOf(
      GrafanaValidationError,
    );
    await expect(api.contactPoints.update('nope', slack)).rejects.toBeInstanceOf(GrafanaNotFoundError);
  });

  it('maps a provenance change (500 text) to GrafanaProvenanceConflictError, not retried', async () => {
    await api.contactPoints.create(slack);
    double.clearRequests();
    const error = await api.contactPoints
      .update(
        's1',
        { ...slack, settings: { recipient: '#a', token: REDACTED_VALUE } },
        { disableProvenance: true },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrafanaProvenanceConflictError);
    expect(error).toMatchObject({ storedProvenance: 'api', requestedProvenance: '' });
    expect(double.requests).toHaveLength(1);
  });

  it('maps an in-use delete to a plain GrafanaConflictError', async () => {
    await api.contactPoints.create(slack);
    await api.notificationPolicies.put({ receiver: 'team' });
    const error = await api.contactPoints.delete('s1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrafanaConflictError);
    expect(error).not.toBeInstanceOf(GrafanaProvenanceConflictError);
  });

  it('exports redacted or decrypted, as text or JSON', async () => {
    await api.contactPoints.create(slack);
    const json = await api.contactPoints.export({ format: 'json', name: 'team' });
    expect(json.contactPoints?.[0]?.receivers[0]?.settings).toEqual({
      recipient: '#a',
      token: REDACTED_VALUE,
    });
    const yaml = await api.contactPoints.export({ name: 'team', decrypt: true });
    expect(yaml).toContain('token: secret-token\n');
    expect(last()?.url).toBe('/api/v1/provisioning/contact-points/export?name=team&decrypt=true&format=yaml');
  });
});

describe('NotificationPoliciesApi against the double', () => {
  it('gets the default tree, puts a new one (provenance key dropped), resets', async () => {
    await expect(api.notificationPolicies.get()).resolves.toEqual({
      receiver: 'grafana-default-email',
      group_by: ['grafana_folder', 'alertname'],
    });
    await api.notificationPolicies.put({
      receiver: 'grafana-default-email',
      provenance: 'file',
      routes: [{ object_matchers: [['team', '=', 'ops']], group_wait: '30s' }],
    });
    expect(last()?.body).not.toHaveProperty('provenance');
    await expect(api.notificationPolicies.get()).resolves.toMatchObject({
      provenance: 'api',
      routes: [{ group_wait: '30s' }],
    });
    const reset = await api.notificationPolicies.reset();
    expect(reset).toEqual({ receiver: 'grafana-default-email', group_by: ['grafana_folder', 'alertname'] });
    await expect(api.notificationPolicies.get()).resolves.not.toHaveProperty('provenance');
  });

  it('maps an unknown receiver to GrafanaValidationError and a provenance refusal (403) to a conflict', async () => {
    await expect(api.notificationPolicies.put({ receiver: 'nobody' })).rejects.toBeInstanceOf(
      GrafanaValidationError,
    );
    store().seedPolicyTree({ receiver: 'grafana-default-email' }, { provenance: 'file' });
    const error = await api.notificationPolicies
      .put({ receiver: 'grafana-default-email' }, { disableProvenance: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrafanaProvenanceConflictError);
    expect(error).toMatchObject({ status: 403, storedProvenance: 'file', requestedProvenance: '' });
  });

  it('exports', async () => {
    await expect(api.notificationPolicies.export()).resolves.toBe(
      'apiVersion: 1\npolicies:\n    - orgId: 1\n      receiver: grafana-default-email\n      group_by:\n        - grafana_folder\n        - alertname\n',
    );
    await expect(api.notificationPolicies.export({ format: 'json' })).resolves.toMatchObject({
      policies: [{ orgId: 1, receiver: 'grafana-default-email' }],
    });
  });
});

describe('NotificationTemplatesApi against the double', () => {
  it('puts (wrapped like wrapTemplateContent), gets, lists and deletes', async () => {
    const put = await api.notificationTemplates.put('mail.subject', { template: 'Subject!' });
    expect(put.template).toBe(wrapTemplateContent('mail.subject', 'Subject!'));
    expect(put.version).toMatch(/^[0-9a-f]{16}$/);
    await expect(api.notificationTemplates.get('mail.subject')).resolves.toEqual(put);
    await expect(api.notificationTemplates.list()).resolves.toEqual([put]);
    await api.notificationTemplates.delete('mail.subject', { version: put.version });
    expect(last()?.url).toBe(`/api/v1/provisioning/templates/mail.subject?version=${put.version}`);
    await expect(api.notificationTemplates.get('mail.subject')).rejects.toBeInstanceOf(GrafanaNotFoundError);
    await expect(api.notificationTemplates.find('mail.subject')).resolves.toBeUndefined();
  });

  it('maps a stale version to GrafanaVersionMismatchError and bad content to GrafanaValidationError', async () => {
    const v1 = (await api.notificationTemplates.put('t', { template: 'a' })).version;
    await api.notificationTemplates.put('t', { template: 'b', version: v1 });
    await expect(api.notificationTemplates.put('t', { template: 'c', version: v1 })).rejects.toBeInstanceOf(
      GrafanaVersionMismatchError,
    );
    await expect(api.notificationTemplates.delete('t', { version: v1 })).rejects.toBeInstanceOf(
      GrafanaVersionMismatchError,
    );
    await expect(api.notificationTemplates.put('t', { template: '{{ .Broken' })).rejects.toBeInstanceOf(
      GrafanaValidationError,
    );
  });

  it('maps a provenance refusal to GrafanaProvenanceConflictError', async () => {
    store().seedTemplate('f', 'x', { provenance: 'file' });
    const error = await api.notificationTemplates
      .delete('f', { disableProvenance: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrafanaProvenanceConflictError);
    expect(last()?.headers['x-disable-provenance']).toBe('true');
  });
});

describe('MuteTimingsApi against the double', () => {
  const weekends = { name: 'weekends', time_intervals: [{ weekdays: ['saturday', 'sunday'] }] };

  it('creates, gets, lists, updates, renames (through the uid) and deletes', async () => {
    const created = await api.muteTimings.create(weekends);
    expect(created).toMatchObject({ ...weekends, provenance: 'api', version: expect.any(String) });
    await expect(api.muteTimings.get('weekends')).resolves.toEqual(created);
    await expect(api.muteTimings.list()).resolves.toEqual([created]);

    const updated = await api.muteTimings.update('weekends', { ...weekends, version: created.version });
    expect(updated.version).toBe(created.version);
    const renamed = await api.muteTimings.update('weekends', { ...weekends, name: 'week-ends' });
    expect(renamed.name).toBe('week-ends');
    expect(last()?.path).toBe(`/api/v1/provisioning/mute-timings/${muteTimingUid('weekends')}`);
    await expect(api.muteTimings.find('weekends')).resolves.toBeUndefined();

    await api.muteTimings.delete('week-ends');
    await expect(api.muteTimings.get('week-ends')).rejects.toBeInstanceOf(GrafanaNotFoundError);
  });

  it('maps a taken name (400) to GrafanaAlreadyExistsError, stale versions and in-use deletes to 409 classes', async () => {
    const created = await api.muteTimings.create(weekends);
    const taken = await api.muteTimings.create(weekends).catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(GrafanaAlreadyExistsError);
    expect(taken).toMatchObject({ status: 400 });
    await api.muteTimings.update('weekends', { name: 'weekends', time_intervals: [] });
    await expect(
      api.muteTimings.update('weekends', { ...weekends, version: created.version }),
    ).rejects.toBeInstanceOf(GrafanaVersionMismatchError);
    await api.notificationPolicies.put({
      receiver: 'grafana-default-email',
      routes: [{ mute_time_intervals: ['weekends'] }],
    });
    const inUse = await api.muteTimings.delete('weekends').catch((e: unknown) => e);
    expect(inUse).toBeInstanceOf(GrafanaConflictError);
    expect(inUse).toMatchObject({ messageId: 'alerting.notifications.time-intervals.used' });
  });

  it('exports one or all', async () => {
    await api.muteTimings.create(weekends);
    await expect(api.muteTimings.export('weekends')).resolves.toContain('weekdays: [saturday, sunday]\n');
    await expect(api.muteTimings.exportAll({ format: 'json' })).resolves.toEqual({
      apiVersion: 1,
      muteTimes: [{ orgId: 1, ...weekends }],
    });
    await expect(api.muteTimings.export('nope')).rejects.toBeInstanceOf(GrafanaNotFoundError);
  });
});
