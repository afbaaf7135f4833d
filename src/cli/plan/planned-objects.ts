/** Which objects a plan covers, as the cluster knows them, and in which order they are planned. */
import { GrafanaFolderResource } from '../../api/generated/index.js';
import type { AnyObject, AnyObjectKind } from '../../sync/object-kind.js';

/**
 * A file's object with what the cluster knows of it: its identity and status, so what it recorded
 * on each instance (uid, applied hash) counts. One the cluster does not have yet is stamped as
 * created now, as the apiserver will: an object already holding a name keeps it (claims go to the
 * older object).
 */
export function withClusterState(object: AnyObject, cluster: readonly AnyObject[], now: Date): AnyObject {
  const existing = cluster.find((o) => o.metadata?.name === object.metadata?.name);
  if (!existing) {
    const creationTimestamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    return { ...object, metadata: { ...object.metadata, creationTimestamp } };
  }
  const { uid, creationTimestamp, generation } = existing.metadata ?? {};
  return {
    ...object,
    metadata: { ...existing.metadata, ...object.metadata, uid, creationTimestamp, generation },
    status: existing.status,
  };
}

/** Objects by name; folders with their parents first, so a subfolder finds its parent planned. */
export function inPlanOrder(kind: AnyObjectKind, objects: readonly AnyObject[]): AnyObject[] {
  const sorted = byName(objects);
  if (kind.resource.kind !== GrafanaFolderResource.kind || !kind.folderRef) return sorted;
  const parentOf = kind.folderRef;
  const byItsName = new Map(sorted.map((o) => [o.metadata?.name ?? '', o]));
  const depth = (object: AnyObject, seen: Set<string>): number => {
    const parent = parentOf(object.spec);
    const found = parent === undefined ? undefined : byItsName.get(parent);
    if (!found || seen.has(parent!)) return 0;
    seen.add(parent!);
    return 1 + depth(found, seen);
  };
  const depths = new Map(sorted.map((o) => [o, depth(o, new Set())]));
  return sorted.sort((a, b) => depths.get(a)! - depths.get(b)!);
}

/** One object per name (a later one replaces an earlier one), sorted by name. */
export function byName<T extends { metadata?: { name?: string } }>(objects: readonly T[]): T[] {
  const unique = new Map(objects.map((o) => [o.metadata?.name ?? '', o]));
  return [...unique.values()].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
}
