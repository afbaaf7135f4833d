import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiserver as launchApiserver, type ApiserverConfig } from './apiserver.js';
import { ensureBinaries, stderrLog, type Binaries, type Log } from './binaries.js';
import { generatePki } from './certs.js';
import { startEtcd } from './etcd.js';
import { apiRequest, type ApiResponse } from './http.js';
import { writeKubeconfig } from './kubeconfig.js';
import { runKubectl, type KubectlOptions, type KubectlResult } from './kubectl.js';
import { freePort } from './ports.js';
import { removeOnExit, type Supervised } from './process.js';
import { StartError } from './readiness.js';

export { ensureBinaries, type Binaries, type Log } from './binaries.js';
export type { KubectlOptions, KubectlResult } from './kubectl.js';
export type { ApiResponse } from './http.js';

export const ADMIN_USER = 'e2e-admin';
export const UNPRIVILEGED_USER = 'e2e-user';

export interface ControlPlaneOptions {
  /** Created if missing and kept on stop(); by default a fresh temp dir that stop() removes. */
  dir?: string;
  log?: Log;
  /** Skips scripts/tools.sh when the caller already has them. */
  binaries?: Binaries;
  /**
   * On by default, as in real clusters: a restarted apiserver then answers a watch that resumes
   * from before the restart with 410 Expired, so clients must relist. Off, watches are served by
   * etcd and resume across restarts.
   */
  watchCache?: boolean;
}

export interface ProcessIds {
  /** Supervisor pid, which is also the process group id. */
  supervisor: number;
  server: number;
}

export interface ControlPlane {
  /** https://127.0.0.1:<port> */
  server: string;
  dir: string;
  /** Token user in group system:masters. */
  adminKubeconfig: string;
  /** Token user `e2e-user`, authenticated but granted nothing by RBAC. */
  userKubeconfig: string;
  adminToken: string;
  userToken: string;
  caFile: string;
  etcdUrl: string;
  binaries: Binaries;
  kubectl(args: string[], opts?: KubectlOptions): Promise<KubectlResult>;
  /** A raw API request, as the admin unless another token is given. */
  request(path: string, opts?: RequestOptions): Promise<ApiResponse>;
  processes(): Promise<{ etcd: ProcessIds; apiserver: ProcessIds | undefined }>;
  /** Stops kube-apiserver gracefully, which ends every watch; etcd keeps the data. */
  stopApiserver(): Promise<void>;
  /** Starts kube-apiserver again with the same port and flags, and waits until it is ready. */
  startApiserver(): Promise<void>;
  /** Stops both servers and removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  contentType?: string;
  /** Defaults to the admin's token. */
  token?: string;
}

const token = () => randomBytes(24).toString('hex');

async function ids(proc: Supervised): Promise<ProcessIds> {
  return { supervisor: proc.pid, server: await proc.serverPid() };
}

/**
 * etcd and kube-apiserver on loopback with RBAC, static tokens and a working TokenRequest API.
 * Both run supervised, so they die with this process however it ends.
 */
export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const log = options.log ?? stderrLog;
  const started = Date.now();
  const binaries = options.binaries ?? (await ensureBinaries(log));

  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'gpo-e2e-')));
  await mkdir(dir, { recursive: true });
  const orphanCleanup = ownsDir ? dir : undefined;
  const releaseDir = ownsDir ? removeOnExit(dir) : () => false;

  let etcd: Supervised | undefined;
  let apiserver: Supervised | undefined;
  const cleanup = async () => {
    await apiserver?.stop();
    apiserver = undefined;
    await etcd?.stop();
    etcd = undefined;
    releaseDir();
    if (ownsDir) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    const adminToken = token();
    const userToken = token();
    const tokenFile = join(dir, 'tokens.csv');
    await writeFile(
      tokenFile,
      `${adminToken},${ADMIN_USER},uid-${ADMIN_USER},"system:masters"\n` +
        `${userToken},${UNPRIVILEGED_USER},uid-${UNPRIVILEGED_USER}\n`,
      { mode: 0o600 },
    );
    // Settled, not Promise.all: an etcd that started must be known to cleanup() even when the
    // certificates failed.
    const [etcdResult, pkiResult] = await Promise.allSettled([
      startEtcd({ binary: binaries.etcd, dir, orphanCleanup }),
      generatePki(dir),
    ]);
    if (etcdResult.status === 'fulfilled') etcd = etcdResult.value.proc;
    if (etcdResult.status === 'rejected') throw etcdResult.reason;
    if (pkiResult.status === 'rejected') throw pkiResult.reason;
    const etcdHandle = etcdResult.value;
    const pki = pkiResult.value;
    log(`[control-plane] etcd ready at ${etcdHandle.clientUrl}`);

    let config: ApiserverConfig | undefined;
    for (let attempt = 1; !config; attempt++) {
      const candidate: ApiserverConfig = {
        binary: binaries.kubeApiserver,
        dir,
        port: await freePort(),
        etcdUrl: etcdHandle.clientUrl,
        pki,
        tokenFile,
        adminToken,
        orphanCleanup,
        watchCache: options.watchCache ?? true,
      };
      try {
        apiserver = await launchApiserver(candidate);
        config = candidate;
      } catch (error) {
        if (!(error instanceof StartError && error.portClash) || attempt >= 5) throw error;
        log(`[control-plane] port ${candidate.port} was taken, retrying`);
      }
    }
    const apiserverConfig = config;
    const server = `https://127.0.0.1:${apiserverConfig.port}`;
    const caPem = await readFile(pki.caCert, 'utf8');
    const adminKubeconfig = join(dir, 'admin.kubeconfig');
    const userKubeconfig = join(dir, 'user.kubeconfig');
    await writeKubeconfig(adminKubeconfig, { server, caPem, user: ADMIN_USER, token: adminToken });
    await writeKubeconfig(userKubeconfig, { server, caPem, user: UNPRIVILEGED_USER, token: userToken });
    log(`[control-plane] kube-apiserver ready at ${server} (${((Date.now() - started) / 1000).toFixed(1)}s)`);

    let stopping: Promise<void> | undefined;
    return {
      server,
      dir,
      adminKubeconfig,
      userKubeconfig,
      adminToken,
      userToken,
      caFile: pki.caCert,
      etcdUrl: etcdHandle.clientUrl,
      binaries,
      kubectl: (args, opts = {}) =>
        runKubectl(binaries.kubectl, opts.kubeconfig ?? adminKubeconfig, args, {
          input: opts.input,
          timeoutMs: opts.timeoutMs,
        }),
      request: (path, opts = {}) =>
        apiRequest(server, path, { ...opts, token: opts.token ?? adminToken, ca: caPem }),
      async processes() {
        if (!etcd) throw new Error('control plane is stopped');
        return { etcd: await ids(etcd), apiserver: apiserver ? await ids(apiserver) : undefined };
      },
      async stopApiserver() {
        const proc = apiserver;
        apiserver = undefined;
        await proc?.stop();
      },
      async startApiserver() {
        if (stopping) throw new Error('control plane is stopped');
        if (apiserver?.isRunning()) throw new Error('kube-apiserver is already running');
        apiserver = await launchApiserver(apiserverConfig);
      },
      stop() {
        stopping ??= cleanup();
        return stopping;
      },
    };
  } catch (error) {
    await cleanup().catch(() => undefined);
    throw error;
  }
}
