import { fileURLToPath } from 'node:url';
import { GrafanaApi, GrafanaHttpClient, type GrafanaConnection } from '../../src/grafana/index.js';
import type { FaultHandle, FaultSpec } from '../grafana-double/faults.js';
import { profileFromEnv, type VersionProfile } from '../grafana-double/profiles.js';
import type { RecordedRequest } from '../grafana-double/recorder.js';
import { GrafanaDouble } from '../grafana-double/server.js';
import { GrafanaProxy } from './grafana-proxy.js';

/**
 * The requests the operator made to Grafana, and faults injected into them: the double's own log
 * and injector by default, a recording proxy (grafana-proxy.ts) in front of a real Grafana. The
 * test's own calls (`api`, grafana-edits.ts) are not in the log.
 */
export interface GrafanaRecorder {
  readonly requests: readonly RecordedRequest[];
  /** Requests other than GET and HEAD. */
  writes(): RecordedRequest[];
  clearRequests(): void;
  injectFault(spec: FaultSpec): FaultHandle;
  clearFaults(): void;
}

/**
 * The Grafana a test file runs against: the API double by default, or the real Grafana in
 * GRAFANA_URL behind a recording proxy; the operator signs in with GRAFANA_TOKEN if set, else as
 * GRAFANA_USER/GRAFANA_PASSWORD (default admin/admin), the server admin that edits by hand.
 * Assertions on Grafana's state go through `api`, changes "made in the UI" through
 * grafana-edits.ts, request counts and faults through `recorder`, so they hold for both;
 * `double` is undefined against a real Grafana (tests that need its internals are skipped).
 */
export interface GrafanaUnderTest {
  /** The address the operator is given: the double, or the proxy in front of a real Grafana. */
  url: string;
  /** The operator's credentials. */
  credentials: { token: string } | { username: string; password: string };
  /** The test's own client, straight to Grafana (not recorded). */
  api: GrafanaApi;
  /** Grafana's own address and its server admin, for edits by hand (grafana-edits.ts). */
  direct: { url: string; admin: { username: string; password: string } };
  recorder: GrafanaRecorder;
  double: GrafanaDouble | undefined;
  stop(): Promise<void>;
}

export const usingRealGrafana = Boolean(process.env.GRAFANA_URL);

/** The absolute address status reports for a Grafana page (`/d/uid/slug`) on this Grafana. */
export function pageOf(grafana: GrafanaUnderTest, path: string): string {
  return `${grafana.url.replace(/\/+$/, '')}${path}`;
}

/**
 * The test's own client as the server admin in `orgId`, straight to Grafana (not recorded): reads
 * in an org other than 1, where `api` (a token of org 1 on the double) is refused. Close it with
 * `.http.close()`.
 */
export function adminApiIn(grafana: GrafanaUnderTest, orgId: number): GrafanaApi {
  return apiFor(grafana.direct.url, grafana.direct.admin).withOrg(orgId);
}

/** `it` for tests that need the double's request log, state or faults. */
export const itWithDouble = usingRealGrafana ? it.skip : it;

/** Grafana's provisioning folder for tests (`[paths] provisioning`): alerting files in `alerting/`. */
export const PROVISIONING_FIXTURES = fileURLToPath(
  new URL('../fixtures/grafana-provisioning', import.meta.url),
);

/**
 * `featureToggles`, `serviceAccountUser`: how the double is configured (a real Grafana is as it was
 * started, e.g. GF_FEATURE_TOGGLES_ENABLE). `version`: the double's version profile (test/grafana-double/profiles.ts) for a test that needs
 * one release's behaviour; default GRAFANA_DOUBLE_VERSION, else 12.2. Ignored for a real Grafana.
 */
export async function startGrafana(
  options: {
    version?: VersionProfile;
    featureToggles?: Record<string, boolean>;
    /** 'forbidden': `GET /api/user` refuses service-account tokens, as 10.3–11.1 builds do (§2.3). */
    serviceAccountUser?: 'forbidden';
  } = {},
): Promise<GrafanaUnderTest> {
  if (process.env.GRAFANA_URL) return realGrafana(process.env.GRAFANA_URL);
  const double = new GrafanaDouble({
    version: options.version ?? profileFromEnv(),
    // As a test Grafana is started for the conformance workflow (docs/testing.md).
    provisioningPath: PROVISIONING_FIXTURES,
    ...(options.featureToggles ? { featureToggles: options.featureToggles } : {}),
    ...(options.serviceAccountUser ? { serviceAccountUserProfile: options.serviceAccountUser } : {}),
  });
  const url = await double.start();
  const token = 'glsa_e2e_operator';
  double.addServiceAccountToken(token, { orgId: 1, role: 'Admin', name: 'operator' });
  // The test reads as another service account, so its calls are told apart from the operator's.
  const testToken = 'glsa_e2e_tests';
  const tests = double.addServiceAccountToken(testToken, { orgId: 1, role: 'Admin', name: 'e2e-tests' });
  const admin = { username: double.options.adminLogin, password: double.options.adminPassword };
  const api = apiFor(url, { token: testToken });
  return {
    url,
    credentials: { token },
    api,
    direct: { url, admin },
    recorder: operatorRequestsOf(double, [tests.login, admin.username]),
    double,
    stop: async () => {
      api.http.close();
      await double.stop();
    },
  };
}

async function realGrafana(grafanaUrl: string): Promise<GrafanaUnderTest> {
  const admin = {
    username: process.env.GRAFANA_USER ?? 'admin',
    password: process.env.GRAFANA_PASSWORD ?? 'admin',
  };
  const credentials = process.env.GRAFANA_TOKEN ? { token: process.env.GRAFANA_TOKEN } : admin;
  const proxy = await GrafanaProxy.start(grafanaUrl);
  const api = apiFor(grafanaUrl, credentials);
  return {
    url: proxy.url,
    credentials,
    api,
    direct: { url: grafanaUrl.replace(/\/+$/, ''), admin },
    recorder: proxy,
    double: undefined,
    stop: async () => {
      api.http.close();
      await proxy.stop();
    },
  };
}

/** The double's log without the test's own calls (made as one of `testLogins`). */
function operatorRequestsOf(double: GrafanaDouble, testLogins: string[]): GrafanaRecorder {
  const byOperator = (r: RecordedRequest) => r.identity === null || !testLogins.includes(r.identity);
  return {
    get requests() {
      return double.requests.filter(byOperator);
    },
    writes: () => double.writes().filter(byOperator),
    clearRequests: () => double.clearRequests(),
    injectFault: (spec) => double.injectFault(spec),
    clearFaults: () => double.clearFaults(),
  };
}

function apiFor(url: string, credentials: GrafanaUnderTest['credentials']): GrafanaApi {
  const auth: GrafanaConnection['auth'] =
    'token' in credentials ? { kind: 'token', token: credentials.token } : { kind: 'basic', ...credentials };
  return new GrafanaApi(new GrafanaHttpClient({ url, auth, retry: { limit: 0 } }));
}
