import { CompactSetMap } from '../lib/compact-set-map.js';
import { flatString } from '../lib/flat-string.js';

/**
 * Which objects reference which other objects (Secrets, ConfigMaps, GrafanaInstances, …).
 * Reconcilers record the references they read; an event on a referenced object requeues the
 * objects that read it. Built at reconcile time because the primary cache holds metadata only.
 */
export class ReferenceTracker {
  private readonly ownersByRef = new CompactSetMap();
  private readonly refsByOwner = new CompactSetMap();
  /**
   * One copy of each reference in use: every reconcile names its references anew, and thousands
   * of owners name the same GrafanaInstance. An entry lives as long as its `ownersByRef` key.
   */
  private readonly refStrings = new Map<string, string>();

  static key(kind: string, namespace: string | undefined, name: string): string {
    return `${kind}/${namespace ?? ''}/${name}`;
  }

  /**
   * A reference to every object of `kind` in the namespace, for a reader waiting for one it cannot
   * name yet (a team named by its Grafana name): `*` is no Kubernetes name, so it names no object.
   */
  static anyKey(kind: string, namespace: string | undefined): string {
    return ReferenceTracker.key(kind, namespace, '*');
  }

  /** The owners of the reference to this object and of the one to any object of its kind there. */
  readersOf(kind: string, namespace: string | undefined, name: string): string[] {
    return [
      ...new Set([
        ...this.owners(ReferenceTracker.key(kind, namespace, name)),
        ...this.owners(ReferenceTracker.anyKey(kind, namespace)),
      ]),
    ];
  }

  set(owner: string, refs: Iterable<string>): void {
    this.remove(owner);
    const next = new Set(refs);
    if (next.size === 0) return;
    // One flat copy, shared by its entry here and its place among each reference's owners.
    const stored = flatString(owner);
    for (const ref of next) this.link(stored, ref);
  }

  /**
   * Adds one reference while a reconcile is still running, keeping the ones it had: an event on
   * `ref` between the reconcile's read of it and the end of the reconcile must requeue `owner`,
   * or a wait that began on that read would miss its wake-up. `set` then trims to what was read.
   */
  add(owner: string, ref: string): void {
    if (!this.refsByOwner.hasValue(owner, ref)) this.link(owner, ref);
  }

  remove(owner: string): void {
    for (const ref of this.refsByOwner.deleteKey(owner)) {
      this.ownersByRef.delete(ref, owner);
      if (!this.ownersByRef.has(ref)) this.refStrings.delete(ref);
    }
  }

  refs(owner: string): string[] {
    return this.refsByOwner.values(owner);
  }

  owners(ref: string): string[] {
    return this.ownersByRef.values(ref);
  }

  private link(owner: string, ref: string): void {
    let stored = this.refStrings.get(ref);
    if (stored === undefined) this.refStrings.set((stored = flatString(ref)), stored);
    this.refsByOwner.add(owner, stored);
    this.ownersByRef.add(stored, owner);
  }
}

/** A Set that tells `onAdd` of each value the first time it is added. */
export class RecordingSet extends Set<string> {
  constructor(private readonly onAdd: (value: string) => void) {
    super();
  }

  override add(value: string): this {
    if (!this.has(value)) {
      super.add(value);
      this.onAdd(value);
    }
    return this;
  }
}
