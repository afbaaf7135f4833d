/**
 * The e2e run's control plane, as a process of its own: globalSetup starts it, it prints
 * `{"stateFile": ...}` on stdout once ready, and it stops everything when its stdin closes (a
 * normal teardown, or the end of the jest process however it ends).
 *
 *   node --import tsx test/support/e2e-control-plane.ts <repository root>
 */
import { join, resolve } from 'node:path';
import { startControlPlane } from '../cluster/control-plane.js';
import { applyCrds } from './crds.js';
import { writeState } from './state.js';

const log = (line: string) => process.stderr.write(`[e2e] ${line}\n`);

const rootDir = resolve(process.argv[2] ?? '.');
const started = Date.now();
log('starting etcd and kube-apiserver (a cold binary cache means a build of several minutes)');
const cluster = await startControlPlane({ log });

let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  await cluster.stop().catch((error: unknown) => log(`stop failed: ${String(error)}`));
  process.exit(code);
};
process.stdin.on('end', () => void stop(0));
process.stdin.on('error', () => void stop(0));
process.stdin.resume();

try {
  const crds = await applyCrds(cluster, join(rootDir, 'crds'), log);
  const stateFile = join(cluster.dir, 'e2e-state.json');
  await writeState(stateFile, {
    server: cluster.server,
    dir: cluster.dir,
    adminKubeconfig: cluster.adminKubeconfig,
    userKubeconfig: cluster.userKubeconfig,
    adminToken: cluster.adminToken,
    userToken: cluster.userToken,
    caFile: cluster.caFile,
    etcdUrl: cluster.etcdUrl,
    binaries: cluster.binaries,
    crds,
  });
  log(`control plane ready at ${cluster.server} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  process.stdout.write(`${JSON.stringify({ stateFile })}\n`);
} catch (error) {
  log(`setup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await stop(1);
}
