/**
 * How the operator's image runs it, read from the Dockerfile's last stage (the one the image
 * runs), so the bench and the tests that start `dist/main.js` as a Pod would run it as the image does.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './generate-api.js';

function lastStage(): string {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  return dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
}

/** The node flags of the image's ENTRYPOINT, between `node` and `dist/main.js`. */
export function imageNodeFlags(): string[] {
  const entrypoint = /^ENTRYPOINT\s+(\[.*\])\s*$/m.exec(lastStage())?.[1];
  if (!entrypoint) throw new Error('Dockerfile: no ENTRYPOINT in exec form');
  const [program, ...args] = JSON.parse(entrypoint) as string[];
  if (program !== 'node' || args.at(-1) !== 'dist/main.js')
    throw new Error(`Dockerfile: ENTRYPOINT ${entrypoint} is not node [flags] dist/main.js`);
  return args.slice(0, -1);
}

/** What follows `node` in the image's command, with `dist/main.js` made absolute (it runs in /app). */
export function imageNodeArgs(): string[] {
  return [...imageNodeFlags(), path.join(ROOT, 'dist', 'main.js')];
}

/** The `ENV` lines of the image. */
export function imageEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [, pairs] of lastStage().matchAll(/^ENV\s+(.+)$/gm)) {
    for (const pair of (pairs ?? '').trim().split(/\s+/)) {
      const at = pair.indexOf('=');
      if (at > 0) env[pair.slice(0, at)] = pair.slice(at + 1);
    }
  }
  return env;
}
