/**
 * Which objects reference which other objects (Secrets, ConfigMaps, GrafanaInstances, …).
 * Reconcilers record the references they read; an event on a referenced object requeues the
 * objects that read it. Built at reconcile time because the primary cache holds metadata only.
 */
export class ReferenceTracker {
  private readonly ownersByRef = new Map<string, Set<string>>();
  private readonly refsByOwner = new Map<string, Set<string>>();

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
    this.refsByOwner.set(owner, next);
    for (const ref of next) {
      let owners = this.ownersByRef.get(ref);
      if (!owners) this.ownersByRef.set(ref, (owners = new Set()));
      owners.add(owner);
    }
  }

  /**
   * Adds one reference while a reconcile is still running, keeping the ones it had: an event on
   * `ref` between the reconcile's read of it and the end of the reconcile must requeue `owner`,
   * or a wait that began on that read would miss its wake-up. `set` then trims to what was read.
   */
  add(owner: string, ref: string): void {
    let refs = this.refsByOwner.get(owner);
    if (!refs) this.refsByOwner.set(owner, (refs = new Set()));
    refs.add(ref);
    let owners = this.ownersByRef.get(ref);
    if (!owners) this.ownersByRef.set(ref, (owners = new Set()));
    owners.add(owner);
  }

  remove(owner: string): void {
    const refs = this.refsByOwner.get(owner);
    if (!refs) return;
    this.refsByOwner.delete(owner);
    for (const ref of refs) {
      const owners = this.ownersByRef.get(ref);
      owners?.delete(owner);
      if (owners?.size === 0) this.ownersByRef.delete(ref);
    }
  }

  refs(owner: string): string[] {
    return [...(this.refsByOwner.get(owner) ?? [])];
  }

  owners(ref: string): string[] {
    return [...(this.ownersByRef.get(ref) ?? [])];
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
