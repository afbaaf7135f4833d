/**
 * The compact form a metadata-only informer caches: ~10,000 PartialObjectMetadata records each
 * held their own `kind`/`apiVersion` ("PartialObjectMetadata", "meta.k8s.io/v1"), their own
 * namespace and finalizer strings and finalizers array, and their own copies of label and
 * annotation values that most objects share. The record keeps its shape otherwise: metadata is
 * the same object, with repeated strings replaced by one shared copy.
 */
import type { KubeObject, ObjectMeta } from './kube/types.js';

/** Past this many strings the table starts over: records already compacted keep their copies. */
const DEFAULT_TABLE_LIMIT = 20_000;
/** Longer annotation values (a digest, a description) are seldom shared; not worth a table entry. */
const MAX_INTERNED_VALUE_LENGTH = 128;

/** One shared copy of each string (and finalizers list) seen, so equal ones are held once. */
export class InternTable {
  private readonly strings = new Map<string, string>();
  /** Finalizers lists by their names joined: read only, so shared lists are frozen. */
  private readonly lists = new Map<string, readonly string[]>();

  constructor(private readonly limit = DEFAULT_TABLE_LIMIT) {}

  string(value: string): string {
    const held = this.strings.get(value);
    if (held !== undefined) return held;
    if (this.strings.size >= this.limit) this.strings.clear();
    this.strings.set(value, value);
    return value;
  }

  list(values: string[]): string[] {
    const key = values.join('\n');
    const held = this.lists.get(key);
    if (held) return held as string[];
    if (this.lists.size >= this.limit) this.lists.clear();
    const list = Object.freeze(values.map((value) => this.string(value)));
    this.lists.set(key, list);
    return list as string[];
  }
}

/**
 * The record a metadata-only cache keeps of `object`: without `kind`/`apiVersion` (every reader
 * knows the resource it asked for), its metadata's repeated strings interned in place.
 */
export function compactMetadataRecord<T extends KubeObject>(object: T, table: InternTable): T {
  // A new top-level object rather than deleting properties, which would leave a slower and larger
  // dictionary-mode object.
  const { kind: _kind, apiVersion: _apiVersion, ...rest } = object;
  const meta = rest.metadata;
  if (meta) internMetadata(meta, table);
  return rest as T;
}

function internMetadata(meta: ObjectMeta, table: InternTable): void {
  if (meta.namespace !== undefined) meta.namespace = table.string(meta.namespace);
  if (meta.finalizers) meta.finalizers = table.list(meta.finalizers);
  if (meta.labels) internValues(meta.labels, table);
  if (meta.annotations) internValues(meta.annotations, table);
  for (const ref of meta.ownerReferences ?? []) {
    ref.apiVersion = table.string(ref.apiVersion);
    ref.kind = table.string(ref.kind);
  }
}

/** Assigns each value its shared copy; keys are property names, which the engine already shares. */
function internValues(map: Record<string, string>, table: InternTable): void {
  for (const [key, value] of Object.entries(map)) {
    if (typeof value === 'string' && value.length <= MAX_INTERNED_VALUE_LENGTH)
      map[key] = table.string(value);
  }
}
