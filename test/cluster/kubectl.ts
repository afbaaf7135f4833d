import { spawn } from 'node:child_process';
import { killOnExit } from './process.js';

export interface KubectlOptions {
  /** Defaults to the admin kubeconfig. */
  kubeconfig?: string;
  /** Written to kubectl's stdin (for `-f -`). */
  input?: string;
  timeoutMs?: number;
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs kubectl to completion; a non-zero exit is a result, not an exception. */
export function runKubectl(
  binary: string,
  kubeconfig: string,
  args: string[],
  options: Omit<KubectlOptions, 'kubeconfig'> = {},
): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['--kubeconfig', kubeconfig, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      // kubectl would otherwise write a discovery cache under $HOME shared by every run.
      env: { ...process.env, KUBECACHEDIR: `${kubeconfig}.cache` },
      timeout: options.timeoutMs ?? 60_000,
      killSignal: 'SIGKILL',
    });
    killOnExit(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      resolve({
        stdout,
        stderr: signal ? `${stderr}\n(kubectl killed by ${signal})` : stderr,
        code: code ?? 1,
      });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
