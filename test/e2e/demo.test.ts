import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../cluster/binaries.js';
import { eventually } from '../support/wait.js';

/** The demo is slow to start (a control plane, the examples); a test may wait this long for it. */
const DEMO_MS = 100_000;

interface Demo {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits for a line of its output. */
  said(pattern: RegExp): Promise<RegExpExecArray>;
  /** Its temp dir, from the line naming the operator's log file in it. */
  workDir(): Promise<string>;
  /** What it printed so far. */
  output(): string;
}

/** `npm run demo` as a user runs it, against the Grafana API double. */
function startDemo(args: string[]): Demo {
  const { GRAFANA_URL: _url, ...env } = process.env;
  // node itself runs the demo (tsx as a loader), so a signal reaches the demo's own process.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', ...args], {
    cwd: repoRoot,
    env: { ...env, GPO_TOOLS_CACHED_ONLY: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const said = (pattern: RegExp) =>
    eventually(() => pattern.exec(output) ?? (child.exitCode !== null ? fail() : undefined), {
      timeoutMs: DEMO_MS,
      intervalMs: 200,
      what: `the demo to print ${pattern}`,
    });
  const fail = (): never => {
    throw new Error(`the demo exited early:\n${output}`);
  };
  return {
    child,
    exited,
    said,
    workDir: async () => (await said(/logs: (\S+)\/operator\.log/))[1]!,
    output: () => output,
  };
}

describe('the demo (npm run demo)', () => {
  const running: Demo[] = [];
  const demo = (args: string[]) => {
    const started = startDemo(args);
    running.push(started);
    return started;
  };

  afterEach(() => {
    for (const { child } of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  // The demo waits up to 120 s for every object to be Ready, after starting a control plane.
  it('--once: prints the table, exits, and leaves no temp dir behind', async () => {
    const once = demo(['--once']);
    const workDir = await once.workDir();
    expect(existsSync(workDir)).toBe(true);
    const exited = await once.exited;
    // The table it printed says which object was not Ready.
    expect({ ...exited, output: exited.code === 0 ? '' : once.output() }).toEqual({
      code: 0,
      signal: null,
      output: '',
    });
    expect(existsSync(workDir)).toBe(false);
  }, 240_000);

  it('running: SIGTERM stops it and removes its temp dir, which holds the Grafana token', async () => {
    const kept = demo([]);
    const workDir = await kept.workDir();
    await kept.said(/Running; Ctrl-C stops/);
    expect(readFileSync(path.join(workDir, 'examples.yaml'), 'utf8')).toContain('glsa_demo_operator_token');
    kept.child.kill('SIGTERM');
    await kept.exited;
    expect(existsSync(workDir)).toBe(false);
  });

  it('SIGTERM while it is still starting removes the temp dir too', async () => {
    const starting = demo([]);
    const workDir = await starting.workDir();
    starting.child.kill('SIGTERM');
    await starting.exited;
    expect(existsSync(workDir)).toBe(false);
  });
});
