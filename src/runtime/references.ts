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
