import { createHash } from 'node:crypto';
import { canonicalJson } from '../lib/json.js';

export function contentHash(value: unknown): string {
  const text = canonicalJson(value) ?? '';
  return `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}
