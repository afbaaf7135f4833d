import { createHash } from 'node:crypto';

const MAX_UID_LENGTH = 40;

/**
 * The default Grafana uid of an object: its name (made uid-safe) plus a hash of namespace/name.
 * Stable across deletion and re-creation of the object (GitOps re-syncs keep dashboard links
 * working), distinct across namespaces, and within Grafana's 40-character limit.
 */
export function deriveUid(namespace: string, name: string): string {
  const hash = createHash('sha256').update(`${namespace}/${name}`).digest('hex').slice(0, 8);
  const stem = name.replace(/[^a-zA-Z0-9_-]/g, '-').slice(0, MAX_UID_LENGTH - hash.length - 1);
  return `${stem}-${hash}`;
}
