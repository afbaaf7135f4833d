import { createHash } from 'node:crypto';
import { canonicalJson } from '../../lib/json.js';

// The alerting modules still import these from here; they live in lib/json.
export { canonicalJson, sortKeys } from '../../lib/json.js';

export function contentHash(value: unknown): string {
  const text = canonicalJson(value) ?? '';
  return `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}
