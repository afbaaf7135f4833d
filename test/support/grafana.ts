import { GrafanaApi, GrafanaHttpClient, type GrafanaConnection } from '../../src/grafana/index.js';
import { profileFromEnv, type VersionProfile } from '../grafana-double/profiles.js';
import { GrafanaDouble } from '../grafana-double/server.js';

/**
 * The Grafana a test file runs against: the API double by default, or the real Grafana in
 * GRAFANA_URL (with GRAFANA_TOKEN, or GRAFANA_USER/GRAFANA_PASSWORD). Assertions on Grafana's
 * state go through `api` so they hold for both; request counting and fault injection need the
 * double (`double` is undefined against a real Grafana, and tests that need it are skipped).
 */
export interface GrafanaUnderTest {
  url: string;
  credentials: { token: string } | { username: string; password: string };
  api: GrafanaApi;
  double: GrafanaDouble | undefined;
  stop(): Promise<void>;
}

export const usingRealGrafana = Boolean(process.env.GRAFANA_URL);

/** The absolute address status reports for a Grafana page (`/d/uid/slug`) on this Grafana. */
export function pageOf(grafana: GrafanaUnderTest, path: string): string {
  return `${grafana.url.replace(/\/+$/, '')}${path}`;
}

/** `it` for tests that need the double's request log, state or faults. */
export const itWithDouble = usingRealGrafana ? it.skip : it;

/**
 * `version`: the double's version profile (test/grafana-double/profiles.ts) for a test that needs
 * one release's behaviour; default GRAFANA_DOUBLE_VERSION, else 12.2. Ignored for a real Grafana.
 */
export async function startGrafana(options: { version?: VersionProfile } = {}): Promise<GrafanaUnderTest> {
  if (process.env.GRAFANA_URL) {
    const credentials = process.env.GRAFANA_TOKEN
      ? { token: process.env.GRAFANA_TOKEN }
      : { username: process.env.GRAFANA_USER ?? 'admin', password: process.env.GRAFANA_PASSWORD ?? 'admin' };
    return {
      url: process.env.GRAFANA_URL,
      credentials,
      api: apiFor(process.env.GRAFANA_URL, credentials),
      double: undefined,
      stop: async () => undefined,
    };
  }
  const double = new GrafanaDouble({ version: options.version ?? profileFromEnv() });
  const url = await double.start();
  const token = 'glsa_e2e_operator';
  double.addServiceAccountToken(token, { orgId: 1, role: 'Admin', name: 'operator' });
  const credentials = { token };
  const api = apiFor(url, credentials);
  return {
    url,
    credentials,
    api,
    double,
    stop: async () => {
      api.http.close();
      await double.stop();
    },
  };
}

function apiFor(url: string, credentials: GrafanaUnderTest['credentials']): GrafanaApi {
  const auth: GrafanaConnection['auth'] =
    'token' in credentials ? { kind: 'token', token: credentials.token } : { kind: 'basic', ...credentials };
  return new GrafanaApi(new GrafanaHttpClient({ url, auth, retry: { limit: 0 } }));
}
