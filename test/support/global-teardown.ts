import type { ChildProcess } from 'node:child_process';

/** Closes the control-plane child's stdin, which makes it stop everything (see global-setup.ts). */
export default async function globalTeardown(): Promise<void> {
  const slot = globalThis as Record<symbol, ChildProcess | undefined>;
  const key = Symbol.for('gpo.e2e.controlPlane');
  const child = slot[key];
  slot[key] = undefined;
  delete process.env.GPO_E2E_STATE;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin?.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}
