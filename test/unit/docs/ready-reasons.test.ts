import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../../scripts/generate-api.js';
import { documentedReadyReasons } from '../../support/ready-reasons.js';

/** Every `reason` literal the operator's source can put in a Ready condition. */
function reasonsInSource(): Set<string> {
  const found = new Set<string>();
  const dir = path.join(ROOT, 'src');
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts') || file.startsWith(`api${path.sep}generated`)) continue;
    const text = readFileSync(path.join(dir, file), 'utf8');
    // `reason: 'Synced'`, `readonly reason = 'OrgNotFound'`, `reason: many ? 'PartiallySynced' : …`,
    // and union types of reasons (`reason: 'A' | 'B'`, `type GrafanaErrorReason = | 'A' | …`).
    for (const assigned of text.matchAll(/(?:\breason(?:\??:|\s*=)|Reason =)([^,;{}]*)/g)) {
      // Not the operand of a comparison (`kind === 'Secret' ? …`).
      for (const literal of assigned[1]!.matchAll(/(?<![=!]==\s*)'([A-Z][A-Za-z]+)'/g))
        found.add(literal[1]!);
    }
    // `new ObjectError('InvalidSpec', …)`
    for (const match of text.matchAll(/\bObjectError\(\s*'([A-Z][A-Za-z]+)'/g)) found.add(match[1]!);
  }
  return found;
}

describe('docs/kinds.md "Ready reasons"', () => {
  it('lists every reason the source can set, and no reason the source never sets', () => {
    const documented = [...documentedReadyReasons().keys()].sort();
    const inSource = [...reasonsInSource()].sort();
    expect(inSource.length).toBeGreaterThan(20);
    expect(documented).toEqual(inSource);
  });
});
