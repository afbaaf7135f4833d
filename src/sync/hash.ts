import { createHash } from 'node:crypto';
import { canonicalJson } from '../lib/json.js';

export function contentHash(value: unknown): string {
  const text = canonicalJson(value) ?? '';
  return `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}

/**
 * A short digest of content, as one flat string: for what thousands of objects keep between
 * reconciles (read-record checks), where the prefix and length of contentHash are not needed.
 */
export function shortDigest(value: unknown): string {
  return createHash('sha1')
    .update(canonicalJson(value) ?? '')
    .digest('base64');
}
