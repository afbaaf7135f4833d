import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';

/**
 * Runs `"$@"` as a child and stays as its parent. Its stdin is the lifeline: the parent node
 * process holds the only write end, so the kernel closes it however that process ends (SIGKILL
 * included) and the `read` below returns. That is sturdier than polling a parent pid, which can be
 * reused. Orphaned: TERM, a short grace, KILL, then remove the cleanup path. Asked to stop
 * (TERM/INT/HUP): forward one TERM only, because Kubernetes servers treat a second signal as
 * "exit now" and skip their graceful shutdown.
 */
const SUPERVISOR = String.raw`
pidfile=$1 cleanup=$2 grace_tenths=$3 orphan_grace_tenths=$4
shift 4
exec 3<&0 </dev/null
"$@" 3<&- &
child=$!
echo "$child" >"$pidfile"
watcher=
stop_child() {
  kill -TERM "$child" 2>/dev/null
  local i=0
  while [ "$i" -lt "$1" ] && kill -0 "$child" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
  kill -KILL "$child" 2>/dev/null
  wait "$child" 2>/dev/null
}
trap '[ -n "$watcher" ] && kill "$watcher" 2>/dev/null; stop_child "$grace_tenths"; exit 143' TERM INT HUP
trap 'stop_child "$orphan_grace_tenths"; [ -n "$cleanup" ] && rm -rf -- "$cleanup"; exit 137' USR1
( while read -r -u 3 _; do :; done; kill -USR1 $$ 2>/dev/null ) &
watcher=$!
exec 3<&-
wait "$child"
rc=$?
kill "$watcher" 2>/dev/null
exit "$rc"
`;

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SuperviseOptions {
  command: string;
  args: string[];
  /** stdout and stderr of the server go here (appended). */
  logFile: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Removed by the supervisor when it finds itself orphaned. */
  orphanCleanup?: string;
  /** How long the server may take to stop after TERM before it is killed. */
  graceMs?: number;
}

export interface Supervised {
  /** The supervisor's pid, also the id of the process group holding the server. */
  readonly pid: number;
  readonly logFile: string;
  readonly exited: Promise<ExitStatus>;
  isRunning(): boolean;
  /** The server process itself (the supervisor's child). */
  serverPid(): Promise<number>;
  /** TERM, wait for the graceful shutdown, KILL the whole group if it takes too long. */
  stop(): Promise<ExitStatus>;
  /** Synchronous SIGKILL to the whole group, for exit handlers. */
  kill(): void;
}

const live = new Set<Supervised>();
/** Short-lived children (kubectl) that write below a cleanup path while they run. */
const transient = new Set<ChildProcess>();
const cleanupPaths = new Set<string>();
let hooksInstalled = false;

function killEverythingNow(): void {
  const groups = [...live].map((proc) => proc.pid);
  for (const proc of live) proc.kill();
  live.clear();
  // A kubectl still running would go on writing its discovery cache below a cleanup path
  // (KUBECACHEDIR) and bring a removed directory back.
  const children = [...transient].flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
  for (const child of transient) child.kill('SIGKILL');
  transient.clear();
  // A killed server may still be writing (etcd recreates its directories) until the kernel has
  // ended it: wait, briefly, for the groups and children to be gone before removing their files.
  const deadline = Date.now() + 2_000;
  const running = () =>
    groups.some((pgid) => processGroupMembers(pgid).length > 0) ||
    children.some((pid) => !['', 'Z', 'X'].includes(procStat(pid)?.state ?? ''));
  while (running() && Date.now() < deadline) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
  for (const path of cleanupPaths) {
    try {
      rmSync(path, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // Best effort: an exit handler must not throw.
    }
  }
  cleanupPaths.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  killEverythingNow();
  // Our listener replaced node's default action; if nobody else handles the signal, restore it
  // and re-raise so the process still ends with the status the sender expected.
  process.removeListener(signal, onSignal);
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killEverythingNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
}

/** A short-lived child killed (SIGKILL) with everything else when this process exits or is interrupted. */
export function killOnExit(child: ChildProcess): void {
  installExitHooks();
  transient.add(child);
  child.once('exit', () => transient.delete(child));
}

/** Paths removed when this process exits or is interrupted, unless released first. */
export function removeOnExit(path: string): () => void {
  installExitHooks();
  cleanupPaths.add(path);
  return () => cleanupPaths.delete(path);
}

function groupKill(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already gone.
  }
}

interface ProcStat {
  pid: number;
  state: string;
  pgrp: number;
}

function procStat(pid: number | string): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses; the fields after the last ')' do not.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid: Number(pid), state: fields[0] ?? '', pgrp: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

const hasProc = (() => {
  try {
    readdirSync('/proc/self');
    return true;
  } catch {
    return false;
  }
})();

/**
 * Whether `pid` is a running process. A zombie counts as gone: it is dead, and whether it has
 * been reaped yet depends on the init process of the machine, not on us.
 */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!hasProc) return true;
  const stat = procStat(pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

/** Living (non-zombie) members of the process group `pgid`. */
export function processGroupMembers(pgid: number): number[] {
  if (!hasProc) {
    try {
      process.kill(-pgid, 0);
      return [pgid];
    } catch {
      return [];
    }
  }
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(entry);
    if (stat && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X') members.push(stat.pid);
  }
  return members;
}

/** Starts `command` under the supervisor, in its own session and process group. */
export function supervise(options: SuperviseOptions): Supervised {
  installExitHooks();
  const graceMs = options.graceMs ?? 10_000;
  const pidFile = `${options.logFile}.pid`;
  rmSync(pidFile, { force: true });
  const logFd = openSync(options.logFile, 'a');
  let child;
  try {
    child = spawn(
      'bash',
      [
        '-c',
        SUPERVISOR,
        'gpo-supervise',
        pidFile,
        options.orphanCleanup ?? '',
        String(Math.ceil(graceMs / 100)),
        '20',
        options.command,
        ...options.args,
      ],
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        // A session of its own: a terminal's Ctrl-C reaches node, not the servers directly, and
        // the group can be killed as a whole.
        detached: true,
        stdio: ['pipe', logFd, logFd],
      },
    );
  } finally {
    closeSync(logFd);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${options.command}`);

  let running = true;
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      live.delete(handle);
      resolve({ code, signal });
    });
  });
  // The lifeline must never keep node alive, and never be written to or closed by us.
  const lifeline = child.stdin as (Writable & { unref?: () => void }) | null;
  lifeline?.on('error', () => undefined);
  lifeline?.unref?.();
  child.unref();

  const handle: Supervised = {
    pid,
    logFile: options.logFile,
    exited,
    isRunning: () => running,
    async serverPid() {
      for (let i = 0; i < 100; i++) {
        const text = await readFile(pidFile, 'utf8').catch(() => '');
        if (text.endsWith('\n')) return Number(text.trim());
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`${options.command}: supervisor wrote no pid file`);
    },
    async stop() {
      if (!running) return exited;
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Already exiting.
      }
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), graceMs + 5_000);
      });
      const first = await Promise.race([exited, timedOut]);
      clearTimeout(timer);
      if (first === 'timeout') groupKill(pid, 'SIGKILL');
      const status = await exited;
      // Anything the server left in its group (it should leave nothing) goes too.
      groupKill(pid, 'SIGKILL');
      return status;
    },
    kill() {
      groupKill(pid, 'SIGKILL');
    },
  };
  live.add(handle);
  return handle;
}

/** The last `lines` lines of a log file, for error messages. */
export function logTail(file: string, lines = 40): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return `(no log at ${file})`;
  }
  const tail = text.trimEnd().split('\n').slice(-lines).join('\n');
  return tail || '(log is empty)';
}
