/**
 * Runs the Grafana double on its own, e.g. for a demo:
 *
 *   npx tsx test/grafana-double/main.ts --port 3000 [--host 127.0.0.1]
 *
 * Prints the URL and credentials, then serves until SIGINT or SIGTERM.
 */
import { profileFromEnv } from './profiles.js';
import { GrafanaDouble } from './server.js';
import { serviceAccountTokenString } from './util.js';

interface Args {
  port: number;
  host: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { port: 3000, host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] as string).split('=', 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--port') {
      const port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0..65535');
      args.port = port;
    } else if (flag === '--host') {
      args.host = value();
    } else if (flag === '--help' || flag === '-h') {
      console.log('usage: main.ts [--port <n>] [--host <address>]');
      process.exit(0);
    } else {
      throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const double = new GrafanaDouble({ version: profileFromEnv() });
  const token = serviceAccountTokenString();
  double.addServiceAccountToken(token, { orgId: 1, role: 'Admin', name: 'demo' });
  const url = await double.start(args.port, args.host);

  console.log(`Grafana double (Grafana ${double.options.version} API) listening on ${url}`);
  console.log(`  basic auth (server admin): ${double.options.adminLogin} / ${double.options.adminPassword}`);
  console.log(`  service account token (org 1, Admin): ${token}`);

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`received ${signal}, stopping`);
    double.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
