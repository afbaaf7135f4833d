/**
 * Grafana credentials for the command line: each from its option, a file, or an environment
 * variable (in that order), so a token need not appear in the shell history or `ps`.
 */
import { readFile } from 'node:fs/promises';
import type { GrafanaAuth } from '../../grafana/index.js';
import { CliError } from '../exit.js';

export interface CredentialOptions {
  token?: string;
  tokenFile?: string;
  user?: string;
  password?: string;
  passwordFile?: string;
}

/** One value: the option, else the file's content without its final line break, else the variable. */
async function valueOf(
  given: string | undefined,
  file: string | undefined,
  variable: string,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  if (given !== undefined) return given;
  if (file !== undefined) {
    const text = await readFile(file, 'utf8').catch(() => {
      throw new CliError(`${file}: cannot read the file`);
    });
    return text.replace(/\r?\n$/, '');
  }
  return env[variable] || undefined;
}

export async function grafanaAuth(options: CredentialOptions, env: NodeJS.ProcessEnv): Promise<GrafanaAuth> {
  const token = await valueOf(options.token, options.tokenFile, 'GRAFANA_TOKEN', env);
  const user = options.user ?? (env.GRAFANA_USER || undefined);
  const password = await valueOf(options.password, options.passwordFile, 'GRAFANA_PASSWORD', env);
  if (token !== undefined && user !== undefined) {
    throw new CliError('give a token (--token, --token-file, GRAFANA_TOKEN) or a user, not both');
  }
  if (token !== undefined) return { kind: 'token', token };
  if (user !== undefined) {
    if (password === undefined) {
      throw new CliError(
        `no password for user "${user}": give --password, --password-file or GRAFANA_PASSWORD`,
      );
    }
    return { kind: 'basic', username: user, password };
  }
  throw new CliError(
    'no credentials: give --token (or --token-file, GRAFANA_TOKEN), or --user with --password (or --password-file, GRAFANA_PASSWORD)',
  );
}
