import { access, appendFile, constants, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { supervise, type Supervised } from './process.js';
import { START_MARKER, waitUntil } from './readiness.js';

export interface ControllerManagerOptions {
  /** The directory of the pinned binaries (Binaries.binDir): scripts/tools.sh builds it there. */
  binDir: string;
  /** Its identity: the admin's kubeconfig (system:masters), so no RBAC setup is needed. */
  kubeconfig: string;
  /** Where its log goes. */
  dir: string;
}

/**
 * kube-controller-manager running only the namespace controller, for the tests that delete a
 * namespace the way a real cluster does: the controller deletes every object in it (Secrets at
 * once, objects with finalizers once those are removed), then the namespace. Not part of the
 * control plane every test gets: the test that needs it starts and stops it. It acts on every
 * namespace being deleted in the cluster it is pointed at; no leader election, no serving port.
 */
export async function startControllerManager(
  options: ControllerManagerOptions,
  timeoutMs = 60_000,
): Promise<Supervised> {
  const binary = join(options.binDir, 'kube-controller-manager');
  await access(binary, constants.X_OK).catch((error: unknown) => {
    throw new Error(`${binary} is missing: run 'npm run tools' (scripts/tools.sh --all) first`, {
      cause: error,
    });
  });
  const logFile = join(options.dir, 'kube-controller-manager.log');
  await appendFile(logFile, `${START_MARKER} kube-controller-manager at ${new Date().toISOString()}\n`);
  const startedAt = (await readFile(logFile, 'utf8')).length;
  const proc = supervise({
    command: binary,
    args: [
      `--kubeconfig=${options.kubeconfig}`,
      '--controllers=namespace-controller',
      '--leader-elect=false',
      '--secure-port=0',
    ],
    logFile,
    cwd: options.dir,
    graceMs: 5_000,
  });
  try {
    await waitUntil(
      'kube-controller-manager',
      proc,
      async () => {
        const log = (await readFile(logFile, 'utf8')).slice(startedAt);
        const starting = log.indexOf('"Starting namespace controller"');
        return (
          (starting >= 0 && log.indexOf('"Caches are synced"', starting) >= 0) ||
          'the namespace controller has not synced its caches yet'
        );
      },
      timeoutMs,
    );
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return proc;
}
