import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Binaries {
  binDir: string;
  kubeApiserver: string;
  etcd: string;
  kubectl: string;
}

export type Log = (line: string) => void;

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const stderrLog: Log = (line) => process.stderr.write(`${line}\n`);

function forEachLine(stream: NodeJS.ReadableStream, onLine: (line: string) => void): () => void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  return () => {
    if (pending) onLine(pending);
    pending = '';
  };
}

/**
 * The pinned kube-apiserver, etcd and kubectl, from scripts/tools.sh. A cold cache means a build
 * of several minutes; its progress is passed on line by line so a waiting run shows life.
 */
export async function ensureBinaries(log: Log = stderrLog): Promise<Binaries> {
  const script = join(repoRoot, 'scripts', 'tools.sh');
  const child = spawn(script, ['kube-apiserver', 'etcd', 'kubectl'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = Date.now();
  // tools.sh is silent while it waits for another run's build lock; say why nothing happens.
  const heartbeat = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    log(
      `[control-plane] still waiting for scripts/tools.sh (${seconds}s; a build or its lock may be in progress)`,
    );
  }, 30_000);
  heartbeat.unref();
  const stdoutLines: string[] = [];
  const flushOut = forEachLine(child.stdout, (line) => stdoutLines.push(line));
  const flushErr = forEachLine(child.stderr, log);
  const code = await new Promise<number | null>((resolveExit, reject) => {
    child.once('error', reject);
    child.once('close', resolveExit);
  }).finally(() => clearInterval(heartbeat));
  flushOut();
  flushErr();
  const binDir = stdoutLines
    .filter((line) => line.trim() !== '')
    .pop()
    ?.trim();
  if (code !== 0 || !binDir) {
    throw new Error(`${script} failed (exit ${code}); stdout: ${stdoutLines.join('\n') || '(none)'}`);
  }
  const binaries: Binaries = {
    binDir,
    kubeApiserver: join(binDir, 'kube-apiserver'),
    etcd: join(binDir, 'etcd'),
    kubectl: join(binDir, 'kubectl'),
  };
  for (const file of [binaries.kubeApiserver, binaries.etcd, binaries.kubectl]) {
    await access(file, constants.X_OK).catch((error: unknown) => {
      throw new Error(`${script} reported ${binDir}, but ${file} is not executable`, { cause: error });
    });
  }
  return binaries;
}
