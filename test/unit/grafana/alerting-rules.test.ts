import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  GrafanaAlreadyExistsError,
  GrafanaApi,
  GrafanaConflictError,
  GrafanaHttpClient,
  GrafanaNotFoundError,
  GrafanaProvenanceConflictError,
  GrafanaUnavailableError,
  GrafanaValidationError,
  type AlertRuleInput,
  type RuleGroupRuleInput,
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
  double.state.org(1).seedFolder({ uid: 'f1', title: 'Folder' });
});

afterEach(async () => {
  http.close();
  await double.stop();
});

const store = () => alertingOf(double.state.org(1));
const alertingRequests = () => double.requests.filter((r) => r.path.startsWith('/api/v1/provisioning'));

function rule(uid: string, overrides: Partial<AlertRuleInput> = {}): AlertRuleInput {
  return {
    uid,
    folderUID: 'f1',
    ruleGroup: 'G',
    title: `Rule ${uid}`,
    condition: 'B',
    data: [
      {
        refId: 'A',
        relativeTimeRange: { from: 600, to: 0 },
        datasourceUid: 'prom',
        model: { expr: 'up', refId: 'A' },
      },
      { refId: 'B', datasourceUid: '__expr__', model: { type: 'threshold', expression: 'A', refId: 'B' } },
    ],
    noDataState: 'NoData',
    execErrState: 'Error',
    for: '5m',
    ...overrides,
  };
}

function groupRule(uid: string, overrides: Partial<AlertRuleInput> = {}): RuleGroupRuleInput {
  const { folderUID: _f, ruleGroup: _g, ...rest } = rule(uid, overrides);
  return rest;
}

describe('AlertRulesApi against the double', () => {
  it('creates, reads, lists, updates and deletes; provenance api by default', async () => {
    const created = await api.alertRules.create(rule('r1', { for: '300s' }));
    expect(created).toMatchObject({ uid: 'r1', orgID: 1, for: '5m', provenance: 'api', record: null });
    expect(alertingRequests()[0]?.headers).not.toHaveProperty('x-disable-provenance');

    const got = await api.alertRules.get('r1');
    expect(got.data[0]?.model).toEqual({ expr: 'up', intervalMs: 1000, maxDataPoints: 43200, refId: 'A' });
    await expect(api.alertRules.list()).resolves.toHaveLength(1);

    const updated = await api.alertRules.update('r1', rule('r1', { title: 'Renamed' }));
    expect(updated).toMatchObject({ id: created.id, title: 'Renamed' });

    await api.alertRules.delete('r1');
    await expect(api.alertRules.get('r1')).rejects.toBeInstanceOf(GrafanaNotFoundError);
    await expect(api.alertRules.find('r1')).resolves.toBeUndefined();
    await expect(api.alertRules.delete('r1')).resolves.toBeUndefined();
  });

  it('sends X-Disable-Provenance: true when asked, and Grafana records provenance none', async () => {
    const created = await api.alertRules.create(rule('r1'), { disableProvenance: true });
    expect(created.provenance).toBeUndefined();
    expect(alertingRequests()[0]?.headers['x-disable-provenance']).toBe('true');
    expect(store().rule('r1')?.provenance).toBe('');
  });

  it('reports a taken uid as GrafanaAlreadyExistsError and invalid rules as GrafanaValidationError', async () => {
    await api.alertRules.create(rule('r1'));
    const taken = await api.alertRules.create(rule('r1')).catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(GrafanaAlreadyExistsError);
    expect(taken).toMatchObject({ status: 409, messageId: 'alerting.alert-rule.conflict' });
    const invalid = await api.alertRules.create(rule('r2', { condition: 'Z' })).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(GrafanaValidationError);
    const folder = await api.alertRules.create(rule('r3', { folderUID: 'missing' })).catch((e: unknown) => e);
    expect(folder).toMatchObject({
      status: 400,
      grafanaMessage: 'invalid alert rule: folder does not exist',
    });
  });

  it("turns 12.x's bare 500 on a provenance change into GrafanaProvenanceConflictError by reading the rule back", async () => {
    await api.alertRules.create(rule('r1'));
    const error = await api.alertRules
      .update('r1', rule('r1'), { disableProvenance: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrafanaProvenanceConflictError);
    expect(error).toMatchObject({
      status: 500,
      storedProvenance: 'api',
      requestedProvenance: '',
      reason: 'Conflict',
    });
    expect((error as Error).cause).toBeInstanceOf(GrafanaUnavailableError);
    const methods = alertingRequests().map((r) => r.method);
    expect(methods.slice(-2)).toEqual(['PUT', 'GET']);
  });

  it('leaves a 500 that provenance does not explain as it is', async () => {
    await api.alertRules.create(rule('r1'));
    double.injectFault({ method: 'PUT', path: '/api/v1/provisioning/alert-rules/r1', status: 500 });
    const error = await api.alertRules.update('r1', rule('r1')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrafanaUnavailableError);
    expect(error).not.toBeInstanceOf(GrafanaProvenanceConflictError);
  });

  it('reports a delete refused for provenance with both provenances', async () => {
    store().seedAlertRule({ ...rule('f'), uid: 'f' } as unknown as Record<string, unknown>, {
      provenance: 'file',
    });
    const error = await api.alertRules.delete('f').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrafanaProvenanceConflictError);
    expect(error).toMatchObject({ status: 409, storedProvenance: 'file', requestedProvenance: 'api' });
  });

  it('exports as YAML or HCL text, or parsed JSON; format is always sent', async () => {
    await api.alertRules.create(rule('r1'));
    const yaml = await api.alertRules.export('r1');
    expect(yaml).toMatch(/^apiVersion: 1\ngroups:\n {4}- orgId: 1\n/);
    const json = await api.alertRules.export('r1', { format: 'json' });
    expect(json.groups?.[0]?.rules[0]?.uid).toBe('r1');
    const hcl = await api.alertRules.exportAll({ format: 'hcl', folderUids: ['f1'] });
    expect(hcl).toMatch(/^resource "grafana_rule_group"/);
    const grouped = await api.alertRules.exportAll({
      format: 'json',
      folderUids: ['f1'],
      group: 'G',
      download: true,
    });
    expect(grouped.groups).toHaveLength(1);
    expect(alertingRequests().at(-1)?.url).toBe(
      '/api/v1/provisioning/alert-rules/export?folderUid=f1&group=G&format=json&download=true',
    );
    expect(alertingRequests()[1]?.url).toBe('/api/v1/provisioning/alert-rules/r1/export?format=yaml');
    await expect(api.alertRules.exportAll({ folderUids: ['none'] })).rejects.toBeInstanceOf(
      GrafanaNotFoundError,
    );
  });
});

describe('RuleGroupsApi against the double', () => {
  it('puts a whole group (echo), reads it back, replaces it atomically and deletes it', async () => {
    const echo = await api.ruleGroups.put('f1', 'G', {
      interval: 60,
      rules: [groupRule('a'), groupRule('b')],
    });
    expect(echo).toMatchObject({ title: 'G', folderUid: 'f1', interval: 60 });
    expect(alertingRequests()[0]?.body).toMatchObject({ title: 'G', folderUid: 'f1', interval: 60 });

    const group = await api.ruleGroups.get('f1', 'G');
    expect(group.rules.map((r) => r.uid)).toEqual(['a', 'b']);

    await api.ruleGroups.put('f1', 'G', { interval: 120, rules: [groupRule('b')] });
    expect((await api.ruleGroups.get('f1', 'G')).rules.map((r) => r.uid)).toEqual(['b']);
    await api.ruleGroups.put('f1', 'G', { interval: 300 });
    expect(alertingRequests().at(-1)?.body).toEqual({ title: 'G', folderUid: 'f1', interval: 300 });
    expect((await api.ruleGroups.get('f1', 'G')).interval).toBe(300);

    await api.ruleGroups.delete('f1', 'G');
    await expect(api.ruleGroups.get('f1', 'G')).rejects.toBeInstanceOf(GrafanaNotFoundError);
    await expect(api.ruleGroups.find('f1', 'G')).resolves.toBeUndefined();
    await expect(api.ruleGroups.delete('f1', 'G')).rejects.toBeInstanceOf(GrafanaNotFoundError);
  });

  it('maps interval and provenance refusals', async () => {
    await expect(api.ruleGroups.put('f1', 'G', { interval: 15, rules: [] })).rejects.toBeInstanceOf(
      GrafanaValidationError,
    );
    store().seedRuleGroup(
      'f1',
      'F',
      { interval: 60, rules: [rule('f') as unknown as Record<string, unknown>] },
      { provenance: 'file' },
    );
    const error = await api.ruleGroups
      .put('f1', 'F', { interval: 60, rules: [groupRule('f', { title: 'x' })] }, { disableProvenance: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrafanaProvenanceConflictError);
    expect(error).toMatchObject({ storedProvenance: 'file', requestedProvenance: '' });
  });

  it('hands api rules back to the UI with provenance none', async () => {
    await api.ruleGroups.put('f1', 'G', { interval: 60, rules: [groupRule('a')] });
    const uid = (await api.ruleGroups.get('f1', 'G')).rules[0]!.uid;
    expect((await api.alertRules.get(uid)).provenance).toBe('api');
    // Grafana's group GET carries no provenance at all; the single-rule GET is where it is.
    expect((await api.ruleGroups.get('f1', 'G')).rules[0]).not.toHaveProperty('provenance');
    await api.ruleGroups.put(
      'f1',
      'G',
      { interval: 60, rules: [groupRule('a', { title: 'x' })] },
      { disableProvenance: true },
    );
    expect((await api.alertRules.get(uid)).provenance ?? '').toBe('');
  });

  it('exports a group', async () => {
    await api.ruleGroups.put('f1', 'G', { interval: 60, rules: [groupRule('a')] });
    const json = await api.ruleGroups.export('f1', 'G', { format: 'json' });
    expect(json).toMatchObject({ apiVersion: 1, groups: [{ name: 'G', folder: 'Folder', interval: '1m' }] });
    await expect(api.ruleGroups.export('f1', 'G')).resolves.toContain('name: G\n');
  });

  it('a folder holding rules refuses deletion until forceDeleteRules', async () => {
    await api.ruleGroups.put('f1', 'G', { interval: 60, rules: [groupRule('a')] });
    const error = await api.folders.delete('f1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrafanaConflictError);
    expect(error).toMatchObject({ status: 400, messageId: 'folder.not-empty' });
    await api.folders.delete('f1', { forceDeleteRules: true });
    await expect(api.alertRules.list()).resolves.toEqual([]);
  });
});
