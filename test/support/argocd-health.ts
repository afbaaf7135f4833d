/**
 * Runs the Argo CD health check (deploy/argocd/health.lua) with a Lua 5.1 interpreter, Argo CD's
 * dialect. CI installs lua5.1 (.ci/run) and fails without it; elsewhere the tests that need it are
 * skipped with a message.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../scripts/generate-api.js';

const LUA = 'lua5.1';
export const luaAvailable = spawnSync('sh', ['-c', `command -v ${LUA}`]).status === 0;
if (!luaAvailable) {
  const message = `${LUA} is not installed: the Argo CD health check tests need it (apt-get install -y lua5.1)`;
  if (process.env.CI) throw new Error(`${message}; .ci/run installs it in CI`);
  console.warn(`skipping: ${message}`);
}
export const describeWithLua = luaAvailable ? describe : describe.skip;
export const itWithLua = luaAvailable ? it : it.skip;

export const HEALTH_LUA = readFileSync(path.join(ROOT, 'deploy', 'argocd', 'health.lua'), 'utf8');

/** A JSON value as a Lua table constructor, as Argo CD hands objects to health scripts. */
export function luaLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `{${value.map(luaLiteral).join(', ')}}`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([key, v]) => `[${JSON.stringify(key)}] = ${luaLiteral(v)}`)
    .join(', ')}}`;
}

/** Runs the health script on `object`; returns what Argo CD would show. */
export function health(object: unknown, script = HEALTH_LUA): { status: string; message: string } {
  const program = [
    `obj = ${luaLiteral(object)}`,
    'local check = function()',
    script,
    'end',
    'local hs = check()',
    'io.write(hs.status, "\\n", hs.message or "")',
  ].join('\n');
  const out = execFileSync(LUA, ['-'], { input: program, encoding: 'utf8' });
  const [status = '', ...message] = out.split('\n');
  return { status, message: message.join('\n') };
}
