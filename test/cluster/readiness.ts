import { get } from 'node:http';
import { apiRequest } from './http.js';
import { isPortClash } from './ports.js';
import { logTail, type Supervised } from './process.js';

/** A server that did not come up; `portClash` tells the caller a retry on new ports may help. */
export class StartError extends Error {
  constructor(
    message: string,
    readonly portClash: boolean,
  ) {
    super(message);
    this.name = 'StartError';
  }
}

/** Logs shared across restarts carry a start marker; only the latest run counts. */
export const START_MARKER = '--- gpo: starting';

function sinceLastStart(log: string): string {
  const at = log.lastIndexOf(START_MARKER);
  return at < 0 ? log : log.slice(at);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns true. Fails early, with the server's log tail, when the server
 * exits; fails with the last probe result and the log tail on timeout.
 */
export async function waitUntil(
  name: string,
  proc: Supervised,
  probe: () => Promise<true | string>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'not probed yet';
  for (;;) {
    if (!proc.isRunning()) {
      const status = await proc.exited;
      const tail = logTail(proc.logFile);
      throw new StartError(
        `${name} exited during start (code ${status.code}, signal ${status.signal}); ` +
          `log ${proc.logFile}:\n${tail}`,
        isPortClash(sinceLastStart(tail)),
      );
    }
    // A probe can hang on whatever else holds the port; the server's exit must not wait for it.
    const result = await Promise.race([
      probe().catch((error: unknown) => String(error)),
      proc.exited.then(() => 'exited'),
    ]);
    if (result === true) return;
    last = result;
    if (Date.now() > deadline) {
      throw new StartError(
        `${name} not ready after ${timeoutMs} ms (last probe: ${last}); log ${proc.logFile}:\n` +
          logTail(proc.logFile),
        false,
      );
    }
    await sleep(100);
  }
}

export function etcdHealthy(clientUrl: string): Promise<true | string> {
  return new Promise((resolve) => {
    const req = get(`${clientUrl}/health`, { timeout: 2_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(res.statusCode === 200 && /"health":\s*"true"/.test(body) ? true : body));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve(String(error)));
  });
}

/**
 * /readyz covers etcd, the RBAC bootstrap roles and the other post-start hooks; the default
 * namespace is created by a loop that may finish a little later, and tests use it.
 */
export async function apiserverReady(server: string, token: string, ca: string): Promise<true | string> {
  const readyz = await apiRequest(server, '/readyz', { token, ca, timeoutMs: 3_000 });
  if (readyz.status !== 200) return `/readyz ${readyz.status}: ${readyz.body.slice(-500)}`;
  const ns = await apiRequest(server, '/api/v1/namespaces/default', { token, ca, timeoutMs: 3_000 });
  if (ns.status !== 200) return `namespace default: ${ns.status}`;
  return true;
}
