import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../scripts/generate-api.js';

/** The reasons of the "Ready reasons" table in docs/kinds.md: the documented list tests check against. */
export function documentedReadyReasons(): Map<string, 'True' | 'False'> {
  const text = readFileSync(path.join(ROOT, 'docs', 'kinds.md'), 'utf8');
  const section = text.split(/^## Ready reasons$/m)[1]?.split(/^## /m)[0];
  if (!section) throw new Error('docs/kinds.md has no "## Ready reasons" section');
  const reasons = new Map<string, 'True' | 'False'>();
  for (const match of section.matchAll(/^\| `([A-Za-z]+)` \| (True|False) \|/gm)) {
    reasons.set(match[1]!, match[2] as 'True' | 'False');
  }
  return reasons;
}
