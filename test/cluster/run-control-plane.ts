/**
 * Starts a control plane in this process and prints its facts as one JSON line on stdout, then
 * runs until it is signalled or killed. For poking at a cluster by hand and for the orphan tests:
 *
 *   node --import tsx test/cluster/run-control-plane.ts [--bin-dir DIR] [--no-watch-cache]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startControlPlane, type Binaries } from './control-plane.js';

const { values } = parseArgs({
  options: { 'bin-dir': { type: 'string' }, 'no-watch-cache': { type: 'boolean' } },
});

const binDir = values['bin-dir'];
const binaries: Binaries | undefined = binDir
  ? {
      binDir,
      kubeApiserver: join(binDir, 'kube-apiserver'),
      etcd: join(binDir, 'etcd'),
      kubectl: join(binDir, 'kubectl'),
    }
  : undefined;

const cluster = await startControlPlane({ binaries, watchCache: !values['no-watch-cache'] });
const processes = await cluster.processes();
process.stdout.write(
  `${JSON.stringify({
    server: cluster.server,
    dir: cluster.dir,
    adminKubeconfig: cluster.adminKubeconfig,
    userKubeconfig: cluster.userKubeconfig,
    processes,
  })}\n`,
);
process.stderr.write(`export KUBECONFIG=${cluster.adminKubeconfig}\n`);
// Stay alive; the exit hooks of the supervisor module stop the servers on SIGINT/SIGTERM.
setInterval(() => undefined, 1 << 30);
