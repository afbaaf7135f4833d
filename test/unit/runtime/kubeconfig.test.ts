import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { KubeClient } from '../../../src/runtime/kube/client.js';
import { loadClusterAccess } from '../../../src/runtime/kube/kubeconfig.js';

const CA = '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n';
const CERT = '-----BEGIN CERTIFICATE-----\nclient\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----\n';
const b64 = (text: string) => Buffer.from(text).toString('base64');

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gpo-kubeconfig-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(relative: string, content: string): string {
  const file = path.join(dir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

/** A kubeconfig with one context `ctx` over cluster `c` and user `u`. */
function kubeconfig(
  relative: string,
  cluster: Record<string, unknown>,
  user: Record<string, unknown> | undefined,
  extra: { namespace?: string; currentContext?: string | null } = {},
): string {
  return write(
    relative,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: 'https://kube.example:6443', ...cluster } }],
      users: user ? [{ name: 'u', user }] : [],
      contexts: [
        { name: 'ctx', context: { cluster: 'c', user: user ? 'u' : undefined, namespace: extra.namespace } },
      ],
      'current-context': extra.currentContext === null ? undefined : (extra.currentContext ?? 'ctx'),
    }),
  );
}

/** The env of a developer machine without ~/.kube/config: only what the test sets counts. */
function env(vars: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { HOME: path.join(dir, 'home'), ...vars };
}

async function options(access: {
  applyToHTTPSOptions(opts: https.RequestOptions): Promise<void>;
}): Promise<https.RequestOptions> {
  const opts: https.RequestOptions = {};
  await access.applyToHTTPSOptions(opts);
  return opts;
}

/** The fields KubeClient reads; client-node also sets an `agent`, which KubeClient ignores. */
function fields(opts: https.RequestOptions) {
  return {
    ca: opts.ca,
    cert: opts.cert,
    key: opts.key,
    rejectUnauthorized: opts.rejectUnauthorized,
    servername: opts.servername,
    headers: opts.headers,
    auth: opts.auth,
  };
}

describe('loadClusterAccess from a kubeconfig', () => {
  it('uses a token user and inline CA data', async () => {
    const file = kubeconfig(
      'config',
      { 'certificate-authority-data': b64(CA) },
      { token: 'abc' },
      { namespace: 'team' },
    );
    const access = await loadClusterAccess(env({ KUBECONFIG: file }));
    expect(access.getCurrentCluster()?.server).toBe('https://kube.example:6443');
    expect(access.namespace).toBe('team');
    const opts = await options(access);
    expect(opts.ca).toEqual(Buffer.from(CA));
    expect(opts.headers).toEqual({ Authorization: 'Bearer abc' });
    expect(opts.rejectUnauthorized).toBeUndefined();
    expect(opts.auth).toBeUndefined();
    expect(opts.cert).toBeUndefined();
  });

  it('reads tokenFile (relative to the kubeconfig) and re-reads it after the max age', async () => {
    write('kube/token', 'first\n');
    const file = kubeconfig('kube/config', {}, { tokenFile: 'token' });
    let now = 0;
    const access = await loadClusterAccess(env({ KUBECONFIG: file }), { fileMaxAgeMs: 1000, now: () => now });
    expect((await options(access)).headers).toEqual({ Authorization: 'Bearer first' });
    write('kube/token', 'second');
    now = 1000;
    expect((await options(access)).headers).toEqual({ Authorization: 'Bearer first' });
    now = 1001;
    expect((await options(access)).headers).toEqual({ Authorization: 'Bearer second' });
  });

  it('fails at load when a credential file is missing', async () => {
    const file = kubeconfig('config', {}, { tokenFile: 'missing-token' });
    await expect(loadClusterAccess(env({ KUBECONFIG: file }))).rejects.toThrow(
      `cannot read ${path.join(dir, 'missing-token')}`,
    );
  });

  it('uses client certificate and key files, resolved against the kubeconfig directory', async () => {
    write('kube/pki/ca.crt', CA);
    write('kube/pki/client.crt', CERT);
    write('kube/pki/client.key', KEY);
    const file = kubeconfig(
      'kube/config',
      { 'certificate-authority': 'pki/ca.crt' },
      { 'client-certificate': 'pki/client.crt', 'client-key': path.join(dir, 'kube/pki/client.key') },
    );
    const opts = await options(await loadClusterAccess(env({ KUBECONFIG: file })));
    expect(opts.ca).toEqual(Buffer.from(CA));
    expect(opts.cert).toEqual(Buffer.from(CERT));
    expect(opts.key).toEqual(Buffer.from(KEY));
    expect(opts.headers).toEqual({});
  });

  it('uses inline client certificate and key data', async () => {
    const file = kubeconfig(
      'config',
      {},
      { 'client-certificate-data': b64(CERT), 'client-key-data': b64(KEY) },
    );
    const opts = await options(await loadClusterAccess(env({ KUBECONFIG: file })));
    expect(opts.cert).toEqual(Buffer.from(CERT));
    expect(opts.key).toEqual(Buffer.from(KEY));
    expect(opts.ca).toBeUndefined();
  });

  it('uses basic auth', async () => {
    const file = kubeconfig('config', {}, { username: 'admin', password: 's3cret' });
    const opts = await options(await loadClusterAccess(env({ KUBECONFIG: file })));
    expect(opts.auth).toBe('admin:s3cret');
    expect(opts.headers).toEqual({});
  });

  it('sets rejectUnauthorized=false only for insecure-skip-tls-verify, and tls-server-name', async () => {
    const insecure = kubeconfig(
      'a',
      { 'insecure-skip-tls-verify': true, 'tls-server-name': 'kubernetes' },
      { token: 't' },
    );
    const opts = await options(await loadClusterAccess(env({ KUBECONFIG: insecure })));
    expect(opts.rejectUnauthorized).toBe(false);
    expect(opts.servername).toBe('kubernetes');
    const secure = kubeconfig('b', { 'insecure-skip-tls-verify': false }, { token: 't' });
    const secureOpts = await options(await loadClusterAccess(env({ KUBECONFIG: secure })));
    expect(secureOpts.rejectUnauthorized).toBeUndefined();
    expect(secureOpts.servername).toBeUndefined();
  });

  it('keeps headers the caller already set and drops a trailing slash of the server', async () => {
    const file = kubeconfig('config', { server: 'https://kube.example/' }, { token: 't', as: 'someone' });
    const access = await loadClusterAccess(env({ KUBECONFIG: file }));
    expect(access.getCurrentCluster()?.server).toBe('https://kube.example');
    const opts: https.RequestOptions = { headers: { 'X-Extra': '1' } };
    await access.applyToHTTPSOptions(opts);
    expect(opts.headers).toEqual({
      'X-Extra': '1',
      'Impersonate-User': 'someone',
      Authorization: 'Bearer t',
    });
  });

  it('merges a KUBECONFIG list like kubectl: missing files skipped, first definition wins', async () => {
    write('one/ca.crt', CA);
    const first = write(
      'one/config',
      stringify({
        clusters: [{ name: 'c', cluster: { server: 'https://one:6443', 'certificate-authority': 'ca.crt' } }],
        users: [{ name: 'u', user: { token: 'from-one' } }],
        'current-context': 'two-ctx',
      }),
    );
    const second = write(
      'two/config',
      stringify({
        clusters: [{ name: 'c', cluster: { server: 'https://two:6443' } }],
        users: [
          { name: 'u', user: { token: 'from-two' } },
          { name: 'v', user: { token: 'v' } },
        ],
        contexts: [{ name: 'two-ctx', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'ignored',
      }),
    );
    const list = [path.join(dir, 'missing'), first, second].join(path.delimiter);
    const access = await loadClusterAccess(env({ KUBECONFIG: list }));
    expect(access.getCurrentCluster()?.server).toBe('https://one:6443');
    const opts = await options(access);
    expect(opts.headers).toEqual({ Authorization: 'Bearer from-one' });
    expect(opts.ca).toEqual(Buffer.from(CA));
  });

  it('falls back to ~/.kube/config', async () => {
    kubeconfig('home/.kube/config', { server: 'https://home:6443' }, { token: 't' });
    const access = await loadClusterAccess(env());
    expect(access.getCurrentCluster()?.server).toBe('https://home:6443');
  });

  it('names the problem when the kubeconfig has no usable current context', async () => {
    const none = kubeconfig('none', {}, { token: 't' }, { currentContext: null });
    await expect(loadClusterAccess(env({ KUBECONFIG: none }))).rejects.toThrow(/has no current-context/);
    const unknown = kubeconfig('unknown', {}, { token: 't' }, { currentContext: 'other' });
    await expect(loadClusterAccess(env({ KUBECONFIG: unknown }))).rejects.toThrow(
      /current context "other" is not defined/,
    );
  });

  it('names the problem when no configuration exists at all', async () => {
    await expect(loadClusterAccess(env())).rejects.toThrow(/no Kubernetes credentials found/);
    await expect(loadClusterAccess(env({ KUBECONFIG: path.join(dir, 'nope') }))).rejects.toThrow(
      /KUBECONFIG is set, but none of its files exists/,
    );
  });

  it('hands exec users to client-node', async () => {
    // A credential plugin that prints an ExecCredential, run by client-node's ExecAuth.
    const credential = JSON.stringify({
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      kind: 'ExecCredential',
      status: { token: 'from-plugin' },
    });
    const file = kubeconfig(
      'config',
      { server: 'https://cloud.example' },
      {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: process.execPath,
          args: ['-e', `process.stdout.write(${JSON.stringify(credential)})`],
        },
      },
    );
    const access = await loadClusterAccess(env({ KUBECONFIG: file }));
    expect(access).toBeInstanceOf(KubeConfig);
    expect(access.getCurrentCluster()?.server).toBe('https://cloud.example');
    const opts = await options(access);
    expect(opts.headers).toMatchObject({ Authorization: 'Bearer from-plugin' });
  });
});

describe('loadClusterAccess in a Pod', () => {
  const podEnv = (host = '10.96.0.1') =>
    env({ KUBERNETES_SERVICE_HOST: host, KUBERNETES_SERVICE_PORT: '443' });

  function serviceAccount(token: string): string {
    const root = path.join(dir, 'sa');
    write('sa/token', token);
    write('sa/ca.crt', CA);
    write('sa/namespace', 'operators\n');
    return root;
  }

  it('uses the ServiceAccount token, CA and namespace', async () => {
    const serviceAccountDir = serviceAccount('pod-token\n');
    const access = await loadClusterAccess(podEnv(), { serviceAccountDir });
    expect(access.getCurrentCluster()?.server).toBe('https://10.96.0.1:443');
    expect(access.namespace).toBe('operators');
    const opts = await options(access);
    expect(opts.ca).toEqual(Buffer.from(CA));
    expect(opts.headers).toEqual({ Authorization: 'Bearer pod-token' });
    expect(opts.rejectUnauthorized).toBeUndefined();
  });

  it('brackets an IPv6 service host', async () => {
    const serviceAccountDir = serviceAccount('t');
    const access = await loadClusterAccess(podEnv('fd00::1'), { serviceAccountDir });
    expect(access.getCurrentCluster()?.server).toBe('https://[fd00::1]:443');
  });

  it('picks up a rotated token once the cached one is older than the max age', async () => {
    const serviceAccountDir = serviceAccount('old');
    let now = 1_000_000;
    const access = await loadClusterAccess(podEnv(), { serviceAccountDir, now: () => now });
    expect((await options(access)).headers).toEqual({ Authorization: 'Bearer old' });
    write('sa/token', 'new');
    now += 59_000;
    expect((await options(access)).headers).toEqual({ Authorization: 'Bearer old' });
    now += 2_000;
    expect((await options(access)).headers).toEqual({ Authorization: 'Bearer new' });
    // A token file briefly missing (mid-swap) keeps the last token rather than failing requests.
    unlinkSync(path.join(serviceAccountDir, 'token'));
    now += 61_000;
    expect((await options(access)).headers).toEqual({ Authorization: 'Bearer new' });
  });

  it('prefers KUBECONFIG, and needs the token file', async () => {
    const serviceAccountDir = serviceAccount('t');
    const file = kubeconfig('config', { server: 'https://outside:6443' }, { token: 'x' });
    const access = await loadClusterAccess({ ...podEnv(), KUBECONFIG: file }, { serviceAccountDir });
    expect(access.getCurrentCluster()?.server).toBe('https://outside:6443');
    await expect(loadClusterAccess(podEnv(), { serviceAccountDir: path.join(dir, 'no-sa') })).rejects.toThrow(
      /no Kubernetes credentials found/,
    );
  });
});

describe('equivalence with client-node KubeConfig.applyToHTTPSOptions', () => {
  const cases: Array<[string, () => { cluster: Record<string, unknown>; user: Record<string, unknown> }]> = [
    [
      'token + CA data',
      () => ({ cluster: { 'certificate-authority-data': b64(CA) }, user: { token: 'abc' } }),
    ],
    [
      'token-file + CA file + tls-server-name',
      () => ({
        cluster: { 'certificate-authority': write('ca.crt', CA), 'tls-server-name': 'kubernetes.default' },
        user: { 'token-file': write('token', 'from-file') },
      }),
    ],
    [
      'client certificate files (relative)',
      () => {
        write('pki/client.crt', CERT);
        write('pki/client.key', KEY);
        return {
          cluster: { 'insecure-skip-tls-verify': true },
          user: { 'client-certificate': 'pki/client.crt', 'client-key': 'pki/client.key' },
        };
      },
    ],
    [
      'client certificate data',
      () => ({
        cluster: { 'certificate-authority-data': b64(CA) },
        user: { 'client-certificate-data': b64(CERT), 'client-key-data': b64(KEY) },
      }),
    ],
    ['basic auth', () => ({ cluster: {}, user: { username: 'admin', password: 'pw' } })],
    ['impersonation', () => ({ cluster: {}, user: { token: 't', as: 'jane' } })],
  ];

  it.each(cases)('%s', async (_name, setup) => {
    const { cluster, user } = setup();
    const file = kubeconfig('config', cluster, user);
    const reference = new KubeConfig();
    reference.loadFromFile(file);
    const expected = await options(reference);
    const actual = await options(await loadClusterAccess(env({ KUBECONFIG: file })));
    expect(fields(actual)).toEqual(fields(expected));
    expect((await loadClusterAccess(env({ KUBECONFIG: file }))).getCurrentCluster()?.server).toBe(
      reference.getCurrentCluster()?.server,
    );
  });
});

describe('KubeClient over the loaded access', () => {
  it('sends the bearer token and basic auth the loader produced', async () => {
    const seen: Array<string | undefined> = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ kind: 'Namespace', metadata: { name: 'default' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const type = { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false };
      for (const user of [{ token: 'abc' }, { username: 'admin', password: 'pw' }]) {
        const file = kubeconfig(`config-${seen.length}`, { server: url }, user);
        const client = new KubeClient(await loadClusterAccess(env({ KUBECONFIG: file })));
        await client.get(type, undefined, 'default');
        client.close();
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(seen).toEqual(['Bearer abc', `Basic ${b64('admin:pw')}`]);
  });
});
