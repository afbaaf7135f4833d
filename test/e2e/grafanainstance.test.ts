import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GrafanaInstanceResource, type GrafanaInstance } from '../../src/api/generated/index.js';
import { GrafanaDouble } from '../grafana-double/server.js';
import { createTestNamespace, e2eCluster } from '../support/cluster.js';
import { TestKube } from '../support/kube.js';
import { startOperator, type InProcessOperator } from '../support/operator.js';
import { eventually, sleep } from '../support/wait.js';

const TOKEN = 'glsa_operator_token_org1';

/** A POST through Grafana's HTTP API as the server admin the double (or a real Grafana) starts with. */
function postAsAdmin(url: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`,
    },
    body: JSON.stringify(body),
  });
}

describe('GrafanaInstance', () => {
  const cluster = e2eCluster();
  let kube: TestKube;
  let grafana: GrafanaDouble;
  let operator: InProcessOperator;

  beforeAll(async () => {
    kube = new TestKube(await createTestNamespace('instance'));
    grafana = new GrafanaDouble();
    await grafana.start();
    grafana.addServiceAccountToken(TOKEN, { orgId: 1, role: 'Admin', name: 'operator' });
    operator = await startOperator({ namespace: kube.namespace, kubeConfig: cluster.kubeConfig() });
  });

  afterAll(async () => {
    await operator?.stop();
    await grafana?.stop();
  });

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
    await kube.secret('good-token', { token: `${TOKEN}\n` });
    await kube.instance('connected', tokenSpec('good-token'));
    const object = (await kube.waitReady(GrafanaInstanceResource, 'connected', {
      status: 'True',
      reason: 'Connected',
    })) as GrafanaInstance;
    expect(object.status).toMatchObject({ version: '12.2.0', orgId: 1, observedGeneration: 1 });
    expect(object.status?.conditions?.[0]?.message).toMatch(
      /^Connected to Grafana 12\.2\.0 as \S*operator in org 1 \(Main Org\.\)$/,
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
    await kube.secret('listed-token', { token: TOKEN });
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
    expect(row?.split(/\s+/).slice(1, 5)).toEqual([grafana.url, '12.2.0', 'True', 'Connected']);
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
    await kube.secret('late-token', { token: TOKEN });
    await kube.waitReady(GrafanaInstanceResource, 'late-secret', { status: 'True', reason: 'Connected' });
  });

  it('reports a url the apiserver accepts but the operator cannot use as InvalidSpec', async () => {
    await kube.secret('odd-url-token', { token: TOKEN });
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
    await kube.secret('blank-token', { token: TOKEN });
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
    await kube.secret('wrong-token', { token: TOKEN });
    await kube.waitReady(GrafanaInstanceResource, 'unauthorized', { status: 'True', reason: 'Connected' });
  });

  it('notices a Secret change on a healthy instance at once (the Secret is watched, not polled)', async () => {
    await kube.secret('watched-token', { token: TOKEN });
    await kube.instance('watched', { ...tokenSpec('watched-token'), resyncPeriod: '1h' });
    await kube.waitReady(GrafanaInstanceResource, 'watched', { status: 'True', reason: 'Connected' });
    await kube.secret('watched-token', { token: 'glsa_revoked' });
    await kube.waitReady(GrafanaInstanceResource, 'watched', { status: 'False', reason: 'Unauthorized' });
  });

  it('reports a Grafana outage as Unreachable and recovers when Grafana is back', async () => {
    const flaky = new GrafanaDouble();
    const url = await flaky.start();
    const port = Number(new URL(url).port);
    flaky.addServiceAccountToken(TOKEN, { orgId: 1, role: 'Admin', name: 'operator' });
    await kube.secret('flaky-token', { token: TOKEN });
    await kube.instance('outage', tokenSpec('flaky-token', url));
    await kube.waitReady(GrafanaInstanceResource, 'outage', { status: 'True', reason: 'Connected' });
    await flaky.stop();
    // The healthy resync is minutes away; a change of the Secret makes the operator look now.
    await kube.secret('flaky-token', { token: TOKEN, rotated: '1' });
    const down = await kube.waitReady(GrafanaInstanceResource, 'outage', {
      status: 'False',
      reason: 'Unreachable',
    });
    expect(down.status?.conditions?.[0]?.message).toMatch(/ECONNREFUSED/);
    const back = new GrafanaDouble();
    await back.start(port);
    back.addServiceAccountToken(TOKEN, { orgId: 1, role: 'Admin', name: 'operator' });
    try {
      await kube.waitReady(GrafanaInstanceResource, 'outage', { status: 'True', reason: 'Connected' });
    } finally {
      await back.stop();
    }
  });

  it('says NotFound, InvalidResponse or RequestFailed when spec.url answers, but not as Grafana', async () => {
    await kube.secret('elsewhere-token', { token: TOKEN });
    const reasonFor = async (name: string, url: string, reason: string) => {
      await kube.instance(name, tokenSpec('elsewhere-token', url));
      const failed = await kube.waitReady(GrafanaInstanceResource, name, { status: 'False', reason });
      return failed.status?.conditions?.[0]?.message;
    };
    // A path Grafana does not serve (a wrong sub-path): its API answers 404.
    expect(await reasonFor('wrong-path', `${grafana.url}/wrong/sub-path`, 'NotFound')).toContain(
      'Grafana GET /api/health returned 404 Not Found',
    );
    // Something else at the URL: a proxy's login page (200, HTML), or a redirect to one.
    const proxy = createServer((req, res) => {
      if (req.url?.startsWith('/redirect/')) return res.writeHead(302, { location: '/login' }).end();
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Sign in</html>');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
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
    const created = await postAsAdmin(grafana.url, '/api/orgs', { name: 'Team A' });
    const { orgId } = (await created.json()) as { orgId: number };
    await kube.secret('admin-basic', { password: 'admin' });
    const basic = {
      url: grafana.url,
      auth: { basic: { username: 'admin', passwordSecretKeyRef: { name: 'admin-basic', key: 'password' } } },
    };
    await kube.instance('by-name', { ...basic, org: { name: 'Team A' } });
    const ready = (await kube.waitReady(GrafanaInstanceResource, 'by-name', {
      status: 'True',
      reason: 'Connected',
    })) as GrafanaInstance;
    expect(ready.status?.orgId).toBe(orgId);
    await kube.instance('unknown-org', { ...basic, org: { name: 'No Such Org' } });
    const missing = await kube.waitReady(GrafanaInstanceResource, 'unknown-org', {
      status: 'False',
      reason: 'OrgNotFound',
    });
    expect(missing.status?.conditions?.[0]?.message).toBe('Grafana org "No Such Org" not found');
  });

  it('a service account on a build whose /api/user refuses tokens still connects (§2.3)', async () => {
    grafana.addServiceAccountToken('glsa_old_build', { orgId: 1, role: 'Editor', name: 'old-build' });
    await kube.secret('old-build', { token: 'glsa_old_build' });
    grafana.options.serviceAccountUserProfile = 'forbidden';
    try {
      await kube.instance('old-build', tokenSpec('old-build'));
      const ready = (await kube.waitReady(GrafanaInstanceResource, 'old-build', {
        status: 'True',
        reason: 'Connected',
      })) as GrafanaInstance;
      expect(ready.status?.orgId).toBe(1);
      expect(ready.status?.conditions?.[0]?.message).toContain('as a service account in org 1 (Main Org.)');
    } finally {
      grafana.options.serviceAccountUserProfile = 'minimal';
    }
  });

  it('a user that is not a member of spec.org is NotOrgMember, not Connected (§1.2)', async () => {
    const created = await postAsAdmin(grafana.url, '/api/orgs', { name: 'Not Mine' });
    const { orgId } = (await created.json()) as { orgId: number };
    const user = await postAsAdmin(grafana.url, '/api/admin/users', {
      login: 'outsider',
      password: 'outsider-pw',
      email: 'outsider@example.com',
    });
    expect(user.status).toBe(200);
    await kube.secret('outsider', { password: 'outsider-pw' });
    await kube.instance('outsider', {
      url: grafana.url,
      auth: { basic: { username: 'outsider', passwordSecretKeyRef: { name: 'outsider', key: 'password' } } },
      org: { id: orgId },
    });
    const refused = await kube.waitReady(GrafanaInstanceResource, 'outsider', {
      status: 'False',
      reason: 'NotOrgMember',
    });
    expect(refused.status?.conditions?.[0]?.message).toContain(`no role in org ${orgId}`);
  });

  it('Grafana 13: a token of another org than 1 without spec.org is Unauthorized, and the message says to set spec.org.id (§1.2)', async () => {
    const next = new GrafanaDouble({ version: '13.0' });
    await next.start();
    try {
      await postAsAdmin(next.url, '/api/orgs', { name: 'Second' });
      next.addServiceAccountToken('glsa_org2', { orgId: 2, role: 'Admin', name: 'org2' });
      await kube.secret('org2-token', { token: 'glsa_org2' });
      await kube.instance('org2-bare', tokenSpec('org2-token', next.url));
      const refused = await kube.waitReady(GrafanaInstanceResource, 'org2-bare', {
        status: 'False',
        reason: 'Unauthorized',
      });
      expect(refused.status?.conditions?.[0]?.message).toContain('set spec.org.id');
      await kube.instance('org2-named', { ...tokenSpec('org2-token', next.url), org: { id: 2 } });
      const named = (await kube.waitReady(GrafanaInstanceResource, 'org2-named', {
        status: 'True',
        reason: 'Connected',
      })) as GrafanaInstance;
      expect(named.status?.orgId).toBe(2);
      await kube.delete(GrafanaInstanceResource, 'org2-bare');
      await kube.delete(GrafanaInstanceResource, 'org2-named');
      await kube.waitGone(GrafanaInstanceResource, 'org2-named');
    } finally {
      await next.stop();
    }
  });

  it('status writes never bump generation, and a resync of a healthy instance writes nothing', async () => {
    // A token of its own, so this instance's checks can be told apart from the others'.
    grafana.addServiceAccountToken('glsa_resync', { orgId: 1, role: 'Admin', name: 'resync' });
    await kube.secret('resync-token', { token: 'glsa_resync' });
    await kube.instance('resync', { ...tokenSpec('resync-token'), resyncPeriod: '10s' });
    const ready = await kube.waitReady(GrafanaInstanceResource, 'resync', {
      status: 'True',
      reason: 'Connected',
    });
    const checks = () =>
      grafana.requests.filter((r) => r.path === '/api/user' && r.identity?.endsWith('resync')).length;
    const before = checks();
    expect(before).toBeGreaterThan(0);
    // One resync (10 s ± 10 %) must pass: the operator asks Grafana again…
    await eventually(() => checks() > before, { timeoutMs: 20_000, what: 'a resync check' });
    await sleep(500);
    const after = await kube.get<GrafanaInstance>(GrafanaInstanceResource, 'resync');
    // …and finds nothing to write to the apiserver.
    expect(after.metadata?.resourceVersion).toBe(ready.metadata?.resourceVersion);
    expect(after.metadata?.generation).toBe(1);
  });

  it('a spec change is observed: the condition carries the new generation', async () => {
    await kube.secret('gen-token', { token: TOKEN });
    await kube.instance('generation', tokenSpec('gen-token'));
    await kube.waitReady(GrafanaInstanceResource, 'generation', { status: 'True' });
    await kube.client.mergePatch(GrafanaInstanceResource, kube.namespace, 'generation', {
      spec: { timeoutSeconds: 20 },
    });
    const updated = await kube.waitReady(GrafanaInstanceResource, 'generation', { status: 'True' });
    expect(updated.metadata?.generation).toBe(2);
    expect((updated as GrafanaInstance).status?.observedGeneration).toBe(2);
  });

  it('suspend stops checking and says so', async () => {
    await kube.secret('suspend-token', { token: TOKEN });
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
