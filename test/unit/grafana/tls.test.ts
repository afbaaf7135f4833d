import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  GrafanaHttpClient,
  GrafanaUnavailableError,
  type GrafanaConnection,
} from '../../../src/grafana/index.js';
import { json, startTlsServer, type LocalServer } from './local-server.js';

let dir: string;
let caPem: string;
let server: LocalServer;

/** A throw-away CA and a server certificate for 127.0.0.1/localhost signed by it. */
function generateCertificates(into: string): { ca: string; key: string; cert: string } {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: into, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=Test Grafana CA',
  );
  openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(join(into, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
    '-days',
    '2',
    '-extfile',
    'server.ext',
  );
  const read = (name: string) => readFileSync(join(into, name), 'utf8');
  return { ca: read('ca.crt'), key: read('server.key'), cert: read('server.crt') };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'grafana-tls-'));
  const { ca, key, cert } = generateCertificates(dir);
  caPem = ca;
  server = await startTlsServer({ key, cert }, () => json(200, { database: 'ok', version: '12.2.0' }));
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function healthWith(tls: GrafanaConnection['tls']): Promise<unknown> {
  const client = new GrafanaHttpClient({
    url: server.url,
    auth: { kind: 'token', token: 'glsa_tls-token' },
    retry: { baseDelayMs: 1 },
    ...(tls ? { tls } : {}),
  });
  try {
    return (await client.request({ method: 'GET', route: '/api/health' })).body;
  } finally {
    client.close();
  }
}

describe('TLS', () => {
  it('rejects a certificate from an unknown CA, without retrying', async () => {
    const before = server.requests.length;
    const failure = healthWith(undefined);
    await expect(failure).rejects.toBeInstanceOf(GrafanaUnavailableError);
    await expect(failure).rejects.toMatchObject({
      reason: 'Unavailable',
      status: undefined,
      attempts: 1,
      code: expect.stringMatching(/CERT|SIGNATURE/),
    });
    expect(server.requests.length).toBe(before);
  });

  it('trusts a configured CA', async () => {
    await expect(healthWith({ ca: caPem })).resolves.toEqual({ database: 'ok', version: '12.2.0' });
  });

  it('skips verification when insecureSkipVerify is set', async () => {
    await expect(healthWith({ insecureSkipVerify: true })).resolves.toMatchObject({ database: 'ok' });
  });

  it('still verifies against the CA when insecureSkipVerify is false', async () => {
    await expect(healthWith({ insecureSkipVerify: false })).rejects.toBeInstanceOf(GrafanaUnavailableError);
  });
});
