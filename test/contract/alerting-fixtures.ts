/** Alerting provisioning requests and answers shared by the contract suite and the double-only tests. */
import type { CallOptions, CallResult } from './http.js';

/** Anything that calls Grafana as an org admin: the contract harness or the double-only one. */
interface AdminCaller {
  admin(method: string, path: string, options?: Omit<CallOptions, 'auth'>): Promise<CallResult>;
}

export const P = '/api/v1/provisioning';

/** `X-Disable-Provenance`: any value, its presence is what counts (§8.1). */
export const NO_PROVENANCE = { 'X-Disable-Provenance': 'true' };

export const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);

/** The seed's example rule (a Prometheus query and a classic condition), models without defaults. */
export function ruleBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'TEST-API_1',
    ruleGroup: 'API',
    folderUID: 'f1',
    noDataState: 'OK',
    execErrState: 'OK',
    for: '5m',
    orgId: 1,
    uid: '',
    condition: 'B',
    annotations: { summary: 'test_api_1' },
    labels: { API: 'test1' },
    data: [
      {
        refId: 'A',
        queryType: '',
        relativeTimeRange: { from: 600, to: 0 },
        datasourceUid: 'prom',
        model: { refId: 'A', expr: 'up', hide: false },
      },
      {
        refId: 'B',
        queryType: '',
        relativeTimeRange: { from: 0, to: 0 },
        datasourceUid: '-100',
        model: {
          type: 'classic_conditions',
          refId: 'B',
          datasource: { uid: '-100', type: '__expr__' },
          conditions: [{ evaluator: { params: [6], type: 'gt' }, query: { params: ['A'] }, type: 'query' }],
        },
      },
    ],
    ...overrides,
  };
}

/** The models of `ruleBody` as Grafana stores them: defaults added, keys sorted. */
export const STORED_MODELS = [
  { expr: 'up', hide: false, intervalMs: 1000, maxDataPoints: 43200, refId: 'A' },
  {
    conditions: [{ evaluator: { params: [6], type: 'gt' }, query: { params: ['A'] }, type: 'query' }],
    datasource: { type: '__expr__', uid: '-100' },
    intervalMs: 1000,
    maxDataPoints: 43200,
    refId: 'B',
    type: 'classic_conditions',
  },
];

/** A rule body whose models already are in stored form (a group PUT of it again is a no-op). */
export function normalisedRuleBody(
  uid: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const body = ruleBody({ uid, ...overrides });
  const data = (body.data as Array<Record<string, unknown>>).map((q, i) => ({
    ...q,
    model: STORED_MODELS[i],
  }));
  return { ...body, data };
}

/** A policy tree referring to contact point `ops` and mute timing `weekends`. */
export const POLICY_TREE = {
  receiver: 'ops',
  group_by: ['alertname'],
  routes: [
    {
      receiver: 'grafana-default-email',
      object_matchers: [['team', '=~', 'a|b']],
      mute_time_intervals: ['weekends'],
      continue: true,
      group_wait: '60s',
      repeat_interval: '4h',
    },
    { object_matchers: [['x', '!=', 'y']] },
  ],
};

/** Contact-point settings per type and the secure ones among them (§8.11). */
export const SECURE_SETTINGS_CASES: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
  ['email', { addresses: 'a@b', singleEmail: true }, {}],
  ['webhook', { url: 'http://hook', password: 'pw', username: 'u' }, { password: 'pw' }],
  ['slack', { url: 'https://hooks', recipient: '#a' }, { url: 'https://hooks' }],
  ['pagerduty', { integrationKey: 'ik', severity: 'critical' }, { integrationKey: 'ik' }],
  ['telegram', { bottoken: 'bt', chatid: '42' }, { bottoken: 'bt' }],
  ['opsgenie', { apiKey: 'ak', apiUrl: 'https://api.opsgenie.com' }, { apiKey: 'ak' }],
];

/** The uid of a mute timing: its name in URL-safe base64 without padding (`NameToUid`, §8.7). */
export function muteTimingUid(name: string): string {
  return Buffer.from(name, 'utf8').toString('base64url');
}

/** Resolves once the wall clock is in the next second: Grafana may store `updated` to the second. */
export const untilNextSecond = () =>
  new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 10));

export function expectEmpty(res: CallResult, status: number): void {
  expect(res.status).toBe(status);
  expect(res.text).toBe('');
}

export function provenanceMismatch(operation: 'update' | 'delete', requested: string, stored: string) {
  return {
    statusCode: 409,
    messageId: 'alerting.provenanceMismatch',
    message: `cannot ${operation} with provided provenance '${requested}', needs '${stored}'`,
    extra: { Operation: operation, ProvidedProvenance: requested, StoredProvenance: stored },
  };
}

export function invalidProvenance(stored: string, requested: string) {
  return {
    statusCode: 403,
    messageId: 'alerting.notifications.invalidProvenance',
    message:
      `Resource with provenance status '${stored}' cannot be managed via API that handles resources with ` +
      `provenance status '${requested}'. You must use appropriate API to manage this resource`,
    extra: { SourceProvenance: stored, TargetProvenance: requested },
  };
}

export const VERSION_CONFLICT = {
  statusCode: 409,
  messageId: 'alerting.notifications.conflict',
  message: 'Conflict',
};

/** Shortcuts bound to a harness, as the admin of its org. */
export function alertingCalls(h: AdminCaller) {
  return {
    get: (path: string, headers: Record<string, string> = {}) => h.admin('GET', P + path, { headers }),
    post: (path: string, body: unknown, headers: Record<string, string> = {}) =>
      h.admin('POST', P + path, { body, headers }),
    put: (path: string, body: unknown, headers: Record<string, string> = {}) =>
      h.admin('PUT', P + path, { body, headers }),
    del: (path: string, headers: Record<string, string> = {}) => h.admin('DELETE', P + path, { headers }),
  };
}

/**
 * Leaves a shared org's alerting as a new org has it: rules, the policy tree, contact points (but
 * the default one, which the tree reset brings back), mute timings, templates and folders deleted.
 * As `api`, which may delete whatever the API or the UI made (§8.9).
 */
export async function clearOrgAlerting(h: AdminCaller): Promise<void> {
  const api = alertingCalls(h);
  const list = async (path: string) => (await api.get(path)).body as Array<Record<string, string>>;
  const expectDone = (res: CallResult, what: string) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${res.text}`);
  };
  for (const rule of await list('/alert-rules')) {
    expectDone(await api.del(`/alert-rules/${rule.uid}`), `delete rule ${rule.uid}`);
  }
  expectDone(await api.del('/policies'), 'reset the policy tree');
  for (const cp of await list('/contact-points')) {
    if (cp.name === 'grafana-default-email') continue;
    expectDone(await api.del(`/contact-points/${cp.uid}`), `delete contact point ${cp.uid}`);
  }
  for (const timing of await list('/mute-timings')) {
    expectDone(await api.del(`/mute-timings/${encodeURIComponent(timing.name ?? '')}`), 'delete mute timing');
  }
  for (const template of await list('/templates')) {
    expectDone(await api.del(`/templates/${encodeURIComponent(template.name ?? '')}`), 'delete template');
  }
  for (const folder of (await h.admin('GET', '/api/folders')).body as Array<{ uid: string }>) {
    expectDone(
      await h.admin('DELETE', `/api/folders/${folder.uid}?forceDeleteRules=true`),
      `delete folder ${folder.uid}`,
    );
  }
}

/** The settings of integration `uid` of receiver `name` with its secrets in plain text (export `decrypt=true`, §8.8). */
export async function decryptedSettings(h: AdminCaller, name: string, uid: string): Promise<unknown> {
  const res = await alertingCalls(h).get(
    `/contact-points/export?format=json&decrypt=true&name=${encodeURIComponent(name)}`,
  );
  const receivers = (res.body?.contactPoints?.[0]?.receivers ?? []) as Array<{
    uid: string;
    settings: unknown;
  }>;
  return receivers.find((r) => r.uid === uid)?.settings;
}
