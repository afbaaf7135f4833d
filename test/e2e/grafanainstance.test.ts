import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GrafanaInstanceResource, type GrafanaInstance } from '../../src/api/generated/index.js';
import { createTestNamespace, e2eCluster } from '../support/cluster.js';
import { editsIn, type GrafanaEdits } from '../support/grafana-edits.js';
import { GrafanaProxy } from '../support/grafana-proxy.js';
import { startGrafana, type GrafanaUnderTest } from '../support/grafana.js';
import { TestKube } from '../support/kube.js';
import { startOperator, type InProcessOperator } from '../support/operator.js';
import { waitIdle } from '../support/metrics.js';
import { eventually } from '../support/wait.js';

type ServiceAccount = Awaited<ReturnType<GrafanaEdits['createServiceAccountToken']>>;

/**
 * Runs against the double, or the real Grafana in GRAFANA_URL: the identities, orgs and users the
 * tests need are made through Grafana's admin API with names unique to the test namespace, and
 * removed after the file.
 */
describe('GrafanaInstance', () => {
  const cluster = e2eCluster();
  let kube: TestKube;
  let grafana: GrafanaUnderTest;
  let edits: GrafanaEdits;
  let operator: InProcessOperator;
  /** The operator's service account, an Admin of org 1. */
  let operatorAccount: ServiceAccount;
  /** What this Grafana says about itself: its version (§2.1) and the name of org 1. */
  let version: string;
  let mainOrgName: string;
  /** What the tests made in Grafana, undone after the file (last first). */
  const undo: Array<() => Promise<void>> = [];

  const unique = (name: string) => `${name}-${kube.namespace}`;

  async function serviceAccount(name: string, role?: 'Viewer' | 'Editor' | 'Admin'): Promise<ServiceAccount> {
    const account = await edits.createServiceAccountToken(unique(name), role);
    undo.push(() => edits.deleteServiceAccount(account.id));
    return account;
  }

  async function org(name: string): Promise<number> {
    const orgId = await edits.createOrg(name);
    undo.push(() => edits.deleteOrg(orgId));
    return orgId;
  }

  beforeAll(async () => {
    kube = new TestKube(await createTestNamespace('instance'));
    grafana = await startGrafana();
    edits = editsIn(grafana);
    operatorAccount = await serviceAccount('operator');
    // A Grafana with `hide_version` tells its version to signed-in callers only (§2.1, §2.4).
    version = (await grafana.api.health.check()).version ?? (await grafana.api.health.buildInfo()).version;
    mainOrgName = (await grafana.api.withOrg(1).orgs.current()).name;
    operator = await startOperator({ namespace: kube.namespace, kubeConfig: cluster.kubeConfig() });
  });

  afterAll(async () => {
    await operator?.stop();
    const failures: unknown[] = [];
    for (const step of undo.splice(0).reverse()) await step().catch((err: unknown) => failures.push(err));
    await grafana?.stop();
    if (failures.length > 0) throw new AggregateError(failures, 'cleaning up in Grafana failed');
  });

  const connected = (who: string) => `Connected to Grafana ${version} as ${who} in org 1 (${mainOrgName})`;

  const tokenSpec = (secret: string, url = grafana.url) => ({
    url,
    auth: { token: { secretKeyRef: { name: secret, key: 'token' } } },
  });

  async function dryRunCreate(spec: unknown): Promise<string> {
    const manifest = JSON.stringify({
      apiVersion: 'grafana.provisioning.dev/v1beta1',
      kind: 'GrafanaInstance',
      metadata: { name: 'invalid', namespace: kube.namespace },
      spec,
    });
    const result = await cluster.kubectl(['create', '--dry-run=server', '-f', '-'], { input: manifest });
    expect(result.code).not.toBe(0);
    return result.stderr;
  }

  it('the CRD rejects a bad GrafanaInstance with a message that says what to fix', async () => {
    const secretRef = { secretKeyRef: { name: 's', key: 'token' } };
    expect(
      await dryRunCreate({
        url: 'https://g',
        auth: { token: secretRef, basic: { username: 'a', passwordSecretKeyRef: { name: 's', key: 'p' } } },
      }),
    ).toContain('set exactly one of auth.token or auth.basic');
    expect(await dryRunCreate({ url: 'ftp://grafana', auth: { token: secretRef } })).toContain(
      'url must be an absolute http:// or https:// URL',
    );
    expect(
      await dryRunCreate({ url: 'https://g', auth: { token: secretRef }, org: { id: 1, name: 'x' } }),
    ).toContain('set org.id or org.name, not both');
    expect(
      await dryRunCreate({ url: 'https://g', auth: { token: secretRef }, resyncPeriod: '1s' }),
    ).toContain('resyncPeriod must be a duration of at least 10s');
    expect(await dryRunCreate({ url: 'https://g', auth: {} })).toContain(
      'set exactly one of auth.token or auth.basic',
    );
    expect(await dryRunCreate({ url: 'https://g' })).toMatch(/spec.auth: Required value/);
  });

  it('the CRD refuses a url with credentials or an impossible port, saying what to do, and accepts ports and sub-paths', async () => {
    const auth = { token: { secretKeyRef: { name: 's', key: 'token' } } };
    const credentials =
      'url must not contain a user or password (user:password@); put credentials in spec.auth';
    const port = 'url has an invalid port; give a port from 1 to 65535';
    const refused: Array<[string, string]> = [
      ['http://admin:secret@grafana.example.com/', credentials],
      ['https://admin@grafana.example.com', credentials],
      ['http://a@b:c@grafana.example.com:3000/grafana', credentials],
      ['http://127.0.0.1:99999', port],
      ['http://grafana.example.com:0/', port],
      ['http://grafana.example.com:123456789012345678901234567890/', port],
      ['http://', 'url must be an absolute http:// or https:// URL'],
      ['grafana.example.com:3000', 'url must be an absolute http:// or https:// URL'],
    ];
    for (const [url, message] of refused) {
      expect(await dryRunCreate({ url, auth })).toContain(message);
    }
    expect(
      await dryRunCreate({
        url: 'https://g',
        auth: { basic: { username: 'a:b', passwordSecretKeyRef: { name: 's', key: 'p' } } },
      }),
    ).toContain('auth.basic.username must not contain a colon');
    for (const url of [
      'http://grafana.monitoring.svc:3000/grafana/',
      'https://grafana.example.com:65535',
      'http://[::1]:3000/sub/path?x=1',
      'https://grafana.example.com/d/@alias',
    ]) {
      const manifest = JSON.stringify({
        apiVersion: 'grafana.provisioning.dev/v1beta1',
        kind: 'GrafanaInstance',
        metadata: { name: 'valid', namespace: kube.namespace },
        spec: { url, auth },
      });
      const result = await cluster.kubectl(['create', '--dry-run=server', '-f', '-'], { input: manifest });
      expect({ url, stderr: result.stderr, code: result.code }).toEqual({ url, stderr: '', code: 0 });
    }
  });

  it('connects, reports version and org, and writes an Event', async () => {
    await kube.secret('good-token', { token: `${operatorAccount.token}\n` });
    await kube.instance('connected', tokenSpec('good-token'));
    const object = (await kube.waitReady(GrafanaInstanceResource, 'connected', {
      status: 'True',
      reason: 'Connected',
    })) as GrafanaInstance;
    expect(object.status).toMatchObject({ version, orgId: 1, observedGeneration: 1 });
    // 10.3–11.1 builds do not tell a service account who it is (§2.3).
    expect([operatorAccount.login, 'a service account'].map((who) => connected(who))).toContain(
      object.status?.conditions?.[0]?.message,
    );
    await eventually(
      async () =>
        (await kube.events('connected')).some((e) => e.reason === 'Connected' && e.type === 'Normal'),
      {
        what: 'Connected event',
      },
    );
  });

  it('shows in `kubectl get grafana` with its printer columns, and `kubectl wait` works', async () => {
    await kube.secret('listed-token', { token: operatorAccount.token });
    await kube.instance('listed', tokenSpec('listed-token'));
    const wait = await cluster.kubectl([
      'wait',
      '-n',
      kube.namespace,
      '--for=condition=Ready',
      '--timeout=30s',
      'gi/listed',
    ]);
    expect(wait.stdout).toContain('condition met');
    const table = await cluster.kubectl(['get', 'grafana', '-n', kube.namespace]);
    expect(table.code).toBe(0);
    const [header, ...rows] = table.stdout.trim().split('\n');
    expect(header!.split(/\s+/)).toEqual(['NAME', 'URL', 'VERSION', 'READY', 'REASON', 'AGE']);
    const row = rows.find((r) => /^(grafanainstance\.grafana\.provisioning\.dev\/)?listed\s/.test(r));
    expect(row?.split(/\s+/).slice(1, 5)).toEqual([grafana.url, version, 'True', 'Connected']);
  });

  it('waits for a missing Secret (SecretNotFound) and recovers by itself when it appears', async () => {
    await kube.instance('late-secret', tokenSpec('late-token'));
    const waiting = await kube.waitReady(GrafanaInstanceResource, 'late-secret', {
      status: 'False',
      reason: 'SecretNotFound',
    });
    expect(waiting.status?.conditions?.[0]?.message).toBe('Secret "late-token" not found');
    await kube.secret('late-token', { other: 'x' });
    const noKey = await kube.waitReady(GrafanaInstanceResource, 'late-secret', {
      status: 'False',
      reason: 'SecretNotFound',
    });
    await eventually(async () => {
      const o = await kube.get<GrafanaInstance>(GrafanaInstanceResource, 'late-secret');
      return o.status?.conditions?.[0]?.message === 'Secret "late-token" has no key "token"';
    });
    expect(noKey.metadata?.generation).toBe(1);
    await kube.secret('late-token', { token: operatorAccount.token });
    await kube.waitReady(GrafanaInstanceResource, 'late-secret', { status: 'True', reason: 'Connected' });
  });

  it('reports a url the apiserver accepts but the operator cannot use as InvalidSpec', async () => {
    await kube.secret('odd-url-token', { token: operatorAccount.token });
    // Go's URL parser (the CRD's isURL) allows '<' in a host name; WHATWG URL parsing does not.
    await kube.instance('odd-url', tokenSpec('odd-url-token', 'http://grafana<monitoring>:3000/'));
    const refused = await kube.waitReady(GrafanaInstanceResource, 'odd-url', {
      status: 'False',
      reason: 'InvalidSpec',
    });
    expect(refused.status?.conditions?.[0]?.message).toBe('Grafana URL is not a valid absolute URL');
  });

  it('reports a token that can never work (blank) as InvalidSpec, and recovers when the Secret is fixed', async () => {
    await kube.secret('blank-token', { token: ' \n' });
    await kube.instance('blank-token', tokenSpec('blank-token'));
    const blank = await kube.waitReady(GrafanaInstanceResource, 'blank-token', {
      status: 'False',
      reason: 'InvalidSpec',
    });
    expect(blank.status?.conditions?.[0]?.message).toBe(
      'Grafana token is empty or contains a line break or control character',
    );
    await kube.secret('blank-token', { token: operatorAccount.token });
    await kube.waitReady(GrafanaInstanceResource, 'blank-token', { status: 'True', reason: 'Connected' });
  });

  it('reports a wrong token as Unauthorized, never putting the token in status, and reconnects on rotation', async () => {
    await kube.secret('wrong-token', { token: 'glsa_not_a_valid_token' });
    await kube.instance('unauthorized', tokenSpec('wrong-token'));
    const failed = await kube.waitReady(GrafanaInstanceResource, 'unauthorized', {
      status: 'False',
      reason: 'Unauthorized',
    });
    expect(JSON.stringify(failed.status)).not.toContain('glsa_not_a_valid_token');
    expect(failed.status?.conditions?.[0]?.message).toMatch(/401/);
    await kube.secret('wrong-token', { token: operatorAccount.token });
    await kube.waitReady(GrafanaInstanceResource, 'unauthorized', { status: 'True', reason: 'Connected' });
  });

  it('notices a Secret change on a healthy instance at once (the Secret is watched, not polled)', async () => {
    await kube.secret('watched-token', { token: operatorAccount.token });
    await kube.instance('watched', { ...tokenSpec('watched-token'), resyncPeriod: '1h' });
    await kube.waitReady(GrafanaInstanceResource, 'watched', { status: 'True', reason: 'Connected' });
    await kube.secret('watched-token', { token: 'glsa_revoked' });
    await kube.waitReady(GrafanaInstanceResource, 'watched', { status: 'False', reason: 'Unauthorized' });
  });

  it('reports a Grafana outage as Unreachable and recovers when Grafana is back', async () => {
    // The instance reaches Grafana through a proxy of its own: stopping it is the outage, starting
    // it again on the same port is Grafana coming back (a real Grafana cannot be stopped from here).
    const flaky = await GrafanaProxy.start(grafana.url);
    const port = Number(new URL(flaky.url).port);
    await kube.secret('flaky-token', { token: operatorAccount.token });
    await kube.instance('outage', tokenSpec('flaky-token', flaky.url));
    await kube.waitReady(GrafanaInstanceResource, 'outage', { status: 'True', reason: 'Connected' });
    await flaky.stop();
    // The healthy resync is minutes away; a change of the Secret makes the operator look now.
    await kube.secret('flaky-token', { token: operatorAccount.token, rotated: '1' });
    const down = await kube.waitReady(GrafanaInstanceResource, 'outage', {
      status: 'False',
      reason: 'Unreachable',
    });
    expect(down.status?.conditions?.[0]?.message).toMatch(/ECONNREFUSED/);
    const back = await GrafanaProxy.start(grafana.url, port);
    try {
      await kube.waitReady(GrafanaInstanceResource, 'outage', { status: 'True', reason: 'Connected' });
    } finally {
      await back.stop();
    }
  });

  it('says NotFound, InvalidResponse or RequestFailed when spec.url answers, but not as Grafana', async () => {
    await kube.secret('elsewhere-token', { token: operatorAccount.token });
    const reasonFor = async (name: string, url: string, reason: string) => {
      await kube.instance(name, tokenSpec('elsewhere-token', url));
      const failed = await kube.waitReady(GrafanaInstanceResource, name, { status: 'False', reason });
      return failed.status?.conditions?.[0]?.message;
    };
    // Something else at the URL: a reverse proxy with nothing at this sub-path (404), a proxy's login
    // page (200, HTML), or a redirect to one. (Not Grafana's own 404: a path it does not serve sends
    // a caller without a session to /login, as the redirect case does.)
    const proxy = createServer((req, res) => {
      if (req.url?.startsWith('/wrong/sub-path/')) {
        return res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
      }
      if (req.url?.startsWith('/redirect/')) return res.writeHead(302, { location: '/login' }).end();
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Sign in</html>');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      expect(await reasonFor('wrong-path', `${proxyUrl}/wrong/sub-path`, 'NotFound')).toContain(
        'Grafana GET /api/health returned 404 Not Found',
      );
      expect(await reasonFor('login-page', proxyUrl, 'InvalidResponse')).toContain(
        'expected JSON, got text/html',
      );
      expect(await reasonFor('redirected', `${proxyUrl}/redirect`, 'RequestFailed')).toContain(
        'returned 302 Found',
      );
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('resolves an org by name with a server-admin user, and says OrgNotFound for an unknown one', async () => {
    const teamA = unique('Team A');
    const orgId = await org(teamA);
    const { username, password } = grafana.direct.admin;
    await kube.secret('admin-basic', { password });
    const basic = {
      url: grafana.url,
      auth: { basic: { username, passwordSecretKeyRef: { name: 'admin-basic', key: 'password' } } },
    };
    await kube.instance('by-name', { ...basic, org: { name: teamA } });
    const ready = (await kube.waitReady(GrafanaInstanceResource, 'by-name', {
      status: 'True',
      reason: 'Connected',
    })) as GrafanaInstance;
    expect(ready.status?.orgId).toBe(orgId);
    const noSuchOrg = unique('No Such Org');
    await kube.instance('unknown-org', { ...basic, org: { name: noSuchOrg } });
    const missing = await kube.waitReady(GrafanaInstanceResource, 'unknown-org', {
      status: 'False',
      reason: 'OrgNotFound',
    });
    expect(missing.status?.conditions?.[0]?.message).toBe(`Grafana org "${noSuchOrg}" not found`);
  });

  // The double plays a 10.3–11.1 build, whose /api/user refuses service-account tokens; a real
  // Grafana is the build it is, and a service account connects there too.
  it('a service account connects, also on a build whose /api/user refuses tokens (§2.3)', async () => {
    const oldBuild = await startGrafana({ serviceAccountUser: 'forbidden' });
    const oldEdits = editsIn(oldBuild);
    const account = await oldEdits.createServiceAccountToken(unique('old-build'), 'Editor');
    try {
      await kube.secret('old-build', { token: account.token });
      await kube.instance('old-build', tokenSpec('old-build', oldBuild.url));
      const ready = (await kube.waitReady(GrafanaInstanceResource, 'old-build', {
        status: 'True',
        reason: 'Connected',
      })) as GrafanaInstance;
      expect(ready.status?.orgId).toBe(1);
      expect(ready.status?.conditions?.[0]?.message).toBe(connected('a service account'));
      await kube.delete(GrafanaInstanceResource, 'old-build');
      await kube.waitGone(GrafanaInstanceResource, 'old-build');
    } finally {
      await oldEdits.deleteServiceAccount(account.id);
      await oldBuild.stop();
    }
  });

  it('a user that is not a member of spec.org is NotOrgMember, not Connected (§1.2)', async () => {
    const orgId = await org(unique('Not Mine'));
    // A member of org 1 only.
    const login = unique('outsider');
    const userId = await edits.createUser(login, `${login}@example.com`, 'outsider-pw');
    undo.push(() => edits.deleteUser(userId));
    await kube.secret('outsider', { password: 'outsider-pw' });
    await kube.instance('outsider', {
      url: grafana.url,
      auth: { basic: { username: login, passwordSecretKeyRef: { name: 'outsider', key: 'password' } } },
      org: { id: orgId },
    });
    const refused = await kube.waitReady(GrafanaInstanceResource, 'outsider', {
      status: 'False',
      reason: 'NotOrgMember',
    });
    expect(refused.status?.conditions?.[0]?.message).toContain(`no role in org ${orgId}`);
  });

  // The double plays 13.0 here; GRAFANA_URL is whichever release it is, and the expectation follows
  // the version it reports.
  it('a token of another org than 1 without spec.org: Grafana 13 refuses it (Unauthorized, the message says to set spec.org.id), earlier releases use its own org; with spec.org.id it connects (§1.2)', async () => {
    const next = await startGrafana({ version: '13.0' });
    const nextEdits = editsIn(next);
    const orgId = await nextEdits.createOrg(unique('Second'));
    try {
      const major = Number(((await next.api.health.buildInfo()).version ?? '').split('.')[0]);
      const { token } = await nextEdits.inOrg(orgId).createServiceAccountToken('org2');
      await kube.secret('org2-token', { token });
      await kube.instance('org2-bare', tokenSpec('org2-token', next.url));
      if (major >= 13) {
        const refused = await kube.waitReady(GrafanaInstanceResource, 'org2-bare', {
          status: 'False',
          reason: 'Unauthorized',
        });
        expect(refused.status?.conditions?.[0]?.message).toContain('set spec.org.id');
      } else {
        const own = (await kube.waitReady(GrafanaInstanceResource, 'org2-bare', {
          status: 'True',
          reason: 'Connected',
        })) as GrafanaInstance;
        expect(own.status?.orgId).toBe(orgId);
      }
      await kube.instance('org2-named', { ...tokenSpec('org2-token', next.url), org: { id: orgId } });
      const named = (await kube.waitReady(GrafanaInstanceResource, 'org2-named', {
        status: 'True',
        reason: 'Connected',
      })) as GrafanaInstance;
      expect(named.status?.orgId).toBe(orgId);
      await kube.delete(GrafanaInstanceResource, 'org2-bare');
      await kube.delete(GrafanaInstanceResource, 'org2-named');
      await kube.waitGone(GrafanaInstanceResource, 'org2-named');
    } finally {
      await nextEdits.deleteOrg(orgId);
      await next.stop();
    }
  });

  it('status writes never bump generation, and a resync of a healthy instance writes nothing', async () => {
    // A token of its own, so this instance's checks can be told apart from the others'.
    const { token } = await serviceAccount('resync');
    await kube.secret('resync-token', { token });
    await kube.instance('resync', { ...tokenSpec('resync-token'), resyncPeriod: '10s' });
    const ready = await kube.waitReady(GrafanaInstanceResource, 'resync', {
      status: 'True',
      reason: 'Connected',
    });
    const checks = () =>
      grafana.recorder.requests.filter(
        (r) => r.path === '/api/user' && r.headers.authorization === `Bearer ${token}`,
      ).length;
    const before = checks();
    expect(before).toBeGreaterThan(0);
    // One resync (10 s ± 10 %) must pass: the operator asks Grafana again…
    await eventually(() => checks() > before, { timeoutMs: 20_000, what: 'a resync check' });
    await waitIdle(operator.metricsUrl); // that reconcile is over
    const after = await kube.get<GrafanaInstance>(GrafanaInstanceResource, 'resync');
    // …and finds nothing to write to the apiserver.
    expect(after.metadata?.resourceVersion).toBe(ready.metadata?.resourceVersion);
    expect(after.metadata?.generation).toBe(1);
  });

  it('a spec change is observed: the condition carries the new generation', async () => {
    await kube.secret('gen-token', { token: operatorAccount.token });
    await kube.instance('generation', tokenSpec('gen-token'));
    await kube.waitReady(GrafanaInstanceResource, 'generation', { status: 'True' });
    await kube.client.mergePatch(GrafanaInstanceResource, kube.namespace, 'generation', {
      spec: { timeoutSeconds: 20 },
    });
    const updated = await kube.waitReady(GrafanaInstanceResource, 'generation', { status: 'True' });
    expect(updated.metadata?.generation).toBe(2);
    expect((updated as GrafanaInstance).status?.observedGeneration).toBe(2);
  });

  it('spec.maxConcurrentRequests: 0–1000, refused outside by the apiserver; set, the instance connects', async () => {
    await kube.secret('limit-token', { token: operatorAccount.token });
    for (const maxConcurrentRequests of [-1, 1001])
      await expect(
        kube.instance(`limit-${maxConcurrentRequests < 0 ? 'negative' : 'high'}`, {
          ...tokenSpec('limit-token'),
          maxConcurrentRequests,
        }),
      ).rejects.toThrow(/spec\.maxConcurrentRequests/);
    await kube.instance('limited', { ...tokenSpec('limit-token'), maxConcurrentRequests: 2 });
    await kube.waitReady(GrafanaInstanceResource, 'limited', { status: 'True' });
  });

  it('suspend stops checking and says so', async () => {
    await kube.secret('suspend-token', { token: operatorAccount.token });
    await kube.instance('suspended', { ...tokenSpec('suspend-token'), suspend: true });
    await kube.waitReady(GrafanaInstanceResource, 'suspended', { status: 'False', reason: 'Suspended' });
  });

  it('serves metrics with controller-runtime names, and health/ready probes', async () => {
    const metrics = await (await fetch(operator.metricsUrl)).text();
    expect(metrics).toMatch(
      /controller_runtime_reconcile_total\{controller="grafanainstance",result="[a-z_]+"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /controller_runtime_reconcile_time_seconds_bucket\{le="[0-9.+Inf]+",controller="grafanainstance"\}/,
    );
    expect(metrics).toMatch(
      /workqueue_adds_total\{name="grafanainstance",controller="grafanainstance"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /grafana_operator_grafana_requests_total\{instance="[^"]+\/connected",method="GET",route="\/api\/health",status="200"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /rest_client_requests_total\{code="200",method="GET",resource="grafanainstances"\} [1-9]/,
    );
    expect((await fetch(`${operator.probesUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${operator.probesUrl}/readyz`)).status).toBe(200);
  });
});
