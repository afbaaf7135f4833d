import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from '../../scripts/generate-api.js';

export const API_PREFIX = '/apis/provisioning.grafana.app/v1beta';

export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
  text: string;
}

/** One request to the provisioning API; `token` undefined sends no Authorization header. */
export async function callApi(
  baseUrl: string,
  method: string,
  apiPath: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (payload !== undefined) headers['Content-Type'] ??= 'application/json';
  const response = await fetch(`${baseUrl}${apiPath}`, { method, headers, body: payload });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON: the test reads `text`.
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** The first ```bash block of docs/provisioning-api.md: the draft's curl example. */
export async function draftExample(): Promise<string> {
  const doc = await readFile(path.join(ROOT, 'docs', 'provisioning-api.md'), 'utf8');
  const block = /```bash\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!block) throw new Error('docs/provisioning-api.md has no bash block');
  return block;
}

/** Runs a shell snippet with bash and `env` added; its standard output. */
export function runBash(script: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('bash', ['-c', script], { env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

/** The operator's log lines that are audit lines of the provisioning API. */
export async function auditLines(logFile: string): Promise<Array<Record<string, unknown>>> {
  return (await readFile(logFile, 'utf8'))
    .split('\n')
    .filter((line) => line.includes('"provisioning-audit"') && line.endsWith('}'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
