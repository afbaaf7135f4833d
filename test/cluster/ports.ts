import { createServer } from 'node:net';

// Ports are drawn below the usual ephemeral range (Linux starts at 32768, macOS at 49152), so an
// outgoing connection cannot take a port while a server is between stop and restart.
const LOW = 20_000;
const HIGH = 32_000;
const handedOut = new Set<number>();

function canBind(port: number, host: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(undefined));
    server.listen({ host, port, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * A port that was free on `host` a moment ago. Someone else may still take it before the server
 * binds, so callers retry with a new port when the server reports "address already in use".
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const candidate = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (handedOut.has(candidate)) continue;
    if ((await canBind(candidate, host)) === candidate) {
      handedOut.add(candidate);
      return candidate;
    }
  }
  // A crowded range: let the kernel choose.
  for (let attempt = 0; attempt < 10; attempt++) {
    const port = await canBind(0, host);
    if (port !== undefined && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free TCP port found on ${host}`);
}

export function isPortClash(log: string): boolean {
  return /address already in use/i.test(log);
}
