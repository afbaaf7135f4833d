import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pki } from './certs.js';
import { supervise, type Supervised } from './process.js';
import { apiserverReady, START_MARKER, waitUntil } from './readiness.js';

export interface ApiserverConfig {
  binary: string;
  dir: string;
  port: number;
  etcdUrl: string;
  pki: Pki;
  tokenFile: string;
  /** Used to probe readiness. */
  adminToken: string;
  orphanCleanup?: string;
  watchCache: boolean;
}

export function apiserverArgs(config: ApiserverConfig): string[] {
  const issuer = `https://127.0.0.1:${config.port}`;
  return [
    `--etcd-servers=${config.etcdUrl}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${config.port}`,
    `--cert-dir=${join(config.dir, 'apiserver-certs')}`,
    `--tls-cert-file=${config.pki.servingCert}`,
    `--tls-private-key-file=${config.pki.servingKey}`,
    `--client-ca-file=${config.pki.caCert}`,
    `--token-auth-file=${config.tokenFile}`,
    '--authorization-mode=RBAC',
    `--service-account-issuer=${issuer}`,
    `--api-audiences=${issuer}`,
    `--service-account-key-file=${config.pki.serviceAccountPub}`,
    `--service-account-signing-key-file=${config.pki.serviceAccountKey}`,
    '--service-cluster-ip-range=10.0.0.0/24',
    '--disable-admission-plugins=ServiceAccount',
    '--allow-privileged=true',
    // Loopback is not a valid Endpoints address, and there are no Pods to reach the
    // `kubernetes` Service anyway.
    '--endpoint-reconciler-type=none',
    '--profiling=false',
    // Otherwise a graceful stop waits up to the 60 s request timeout for open watch connections;
    // this mode closes them 2 s after the short requests have drained.
    '--shutdown-send-retry-after=true',
    `--watch-cache=${config.watchCache}`,
  ];
}

/** Starts kube-apiserver and waits until it serves requests; throws StartError otherwise. */
export async function startApiserver(config: ApiserverConfig, timeoutMs = 90_000): Promise<Supervised> {
  const logFile = join(config.dir, 'kube-apiserver.log');
  // One log across restarts; the marker separates the runs.
  await appendFile(
    logFile,
    `${START_MARKER} kube-apiserver on port ${config.port} at ${new Date().toISOString()}\n`,
  );
  const ca = await readFile(config.pki.caCert, 'utf8');
  const proc = supervise({
    command: config.binary,
    args: apiserverArgs(config),
    logFile,
    cwd: config.dir,
    orphanCleanup: config.orphanCleanup,
    graceMs: 10_000,
  });
  const server = `https://127.0.0.1:${config.port}`;
  try {
    await waitUntil('kube-apiserver', proc, () => apiserverReady(server, config.adminToken, ca), timeoutMs);
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return proc;
}
