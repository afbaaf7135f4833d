import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { supervise, type Supervised } from './process.js';
import { etcdHealthy, StartError, waitUntil } from './readiness.js';

export interface Etcd {
  clientUrl: string;
  proc: Supervised;
}

export interface EtcdOptions {
  binary: string;
  /** Holds the data directory and the log. */
  dir: string;
  orphanCleanup?: string;
  timeoutMs?: number;
  attempts?: number;
}

function etcdArgs(dataDir: string, clientPort: number, peerPort: number): string[] {
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  return [
    '--name=e2e',
    `--data-dir=${dataDir}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=e2e=${peer}`,
    '--initial-cluster-state=new',
    // Test data is thrown away: durability only costs time.
    '--unsafe-no-fsync=true',
    '--snapshot-count=5000',
    '--log-level=warn',
  ];
}

/** A single-member etcd on loopback, plain HTTP; new ports are tried when one is taken. */
export async function startEtcd(options: EtcdOptions): Promise<Etcd> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const [clientPort, peerPort] = [await freePort(), await freePort()];
    const clientUrl = `http://127.0.0.1:${clientPort}`;
    const dataDir = join(options.dir, 'etcd-data');
    const logFile = join(options.dir, 'etcd.log');
    // A failed attempt may have recorded its peer URL in the data dir; its log would confuse the
    // port-clash check.
    await rm(dataDir, { recursive: true, force: true });
    await rm(logFile, { force: true });
    const proc = supervise({
      command: options.binary,
      args: etcdArgs(dataDir, clientPort, peerPort),
      logFile,
      cwd: options.dir,
      orphanCleanup: options.orphanCleanup,
      graceMs: 5_000,
    });
    try {
      await waitUntil('etcd', proc, () => etcdHealthy(clientUrl), options.timeoutMs ?? 30_000);
      return { clientUrl, proc };
    } catch (error) {
      await proc.stop();
      if (!(error instanceof StartError && error.portClash) || attempt >= attempts) throw error;
    }
  }
}
