import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * Jest loads this file as CommonJS outside its module registry, where the `.js` specifiers and
 * `import.meta` of the ES modules under test/ do not work; so it has no relative imports and runs
 * the control plane in a child process (test/support/e2e-control-plane.ts, through tsx) instead.
 * That child stops everything when its stdin closes, i.e. at teardown or when jest dies.
 */
export default async function globalSetup(
  _globalConfig: unknown,
  project: { rootDir: string },
): Promise<void> {
  // Tests never build a tool: `npm test` provides them first (`npm run tools`), and a missing one
  // fails fast with that advice instead of a build inside a timed test. The control-plane child
  // and the workers inherit this.
  process.env.GPO_TOOLS_CACHED_ONLY = '1';
  const script = join(project.rootDir, 'test/support/e2e-control-plane.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, project.rootDir], {
    cwd: project.rootDir,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  (globalThis as Record<symbol, ChildProcess | undefined>)[Symbol.for('gpo.e2e.controlPlane')] = child;

  const stateFile = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      try {
        resolve((JSON.parse(stdout.slice(0, newline)) as { stateFile: string }).stateFile);
      } catch (error) {
        reject(new Error(`unexpected output from ${script}: ${stdout}`, { cause: error }));
      }
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(
        new Error(`${script} exited before the control plane was ready (code ${code}, signal ${signal})`),
      ),
    );
  });
  // Workers are forked after globalSetup and inherit this (test/support/state.ts reads it).
  process.env.GPO_E2E_STATE = stateFile;
  // Teardown ends the child; until then it must not keep jest's process alive on its own.
  child.unref();
  (child.stdout as { unref?: () => void } | null)?.unref?.();
  (child.stdin as { unref?: () => void } | null)?.unref?.();
}
