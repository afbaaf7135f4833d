/**
 * The resourceVersions a client's own writes left, per object, for a short while. A read "not
 * older than" the version a cache holds asks for the newer of that one and our last write, so it
 * sees the write even while the cache (the operator's informer, or the apiserver's watch cache
 * that answers such a read) has not yet: a reconcile right after our status write must find the
 * records that write made (an object's uid in Grafana), not an older status without them.
 *
 * resourceVersions are opaque strings by the API's conventions, but the apiserver itself reads
 * one given as a minimum as a number (a non-numeric one is refused), so comparing them as numbers
 * is what it does; one that is not a number leaves the read to a quorum read of etcd instead.
 */
export class OwnWrites {
  /** Object path → our last write's version. Oldest first, so expired ones go from the front. */
  private readonly written = new Map<string, { resourceVersion: bigint; at: number }>();

  constructor(
    /**
     * How long a write is remembered: far longer than the apiserver's watch cache takes to see
     * it (milliseconds; past it, a read at the cache's version gets the write anyway). Holds the
     * writes of that window: ~3,000 at the bench's busiest, ~190 bytes each.
     */
    private readonly keepMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Our write to `path` left `resourceVersion` (the answer's). */
  note(path: string, resourceVersion: string | undefined): void {
    const version = numeric(resourceVersion);
    if (version === undefined) return;
    const at = this.now();
    this.dropExpired(at);
    // Deleted first so the entry goes to the end, in order of writing.
    this.written.delete(path);
    this.written.set(path, { resourceVersion: version, at });
  }

  /**
   * The version to read `path` at, not older than `cached` nor than our last write to it;
   * undefined when `cached` is not a number (read at quorum).
   */
  minimum(path: string, cached: string): string | undefined {
    const version = numeric(cached);
    if (version === undefined) return undefined;
    const ours = this.written.get(path);
    if (!ours || this.now() - ours.at > this.keepMs) return cached;
    return ours.resourceVersion > version ? String(ours.resourceVersion) : cached;
  }

  /** A read of `path` answered at `resourceVersion`: our writes up to it need no remembering. */
  seen(path: string, resourceVersion: string | undefined): void {
    const ours = this.written.get(path);
    const version = numeric(resourceVersion);
    if (ours && version !== undefined && version >= ours.resourceVersion) this.written.delete(path);
  }

  get size(): number {
    return this.written.size;
  }

  /** A few per call: no call pays for a sweep of the whole map. */
  private dropExpired(now: number): void {
    let budget = 8;
    for (const [path, write] of this.written) {
      if (budget-- === 0 || now - write.at <= this.keepMs) return;
      this.written.delete(path);
    }
  }
}

/** Whether `resourceVersion` is `minimum` or later (both numbers, as the apiserver reads them). */
export function notOlder(resourceVersion: string | undefined, minimum: string): boolean {
  const version = numeric(resourceVersion);
  const floor = numeric(minimum);
  return version !== undefined && floor !== undefined && version >= floor;
}

function numeric(resourceVersion: string | undefined): bigint | undefined {
  return resourceVersion !== undefined && /^[1-9]\d*$/.test(resourceVersion)
    ? BigInt(resourceVersion)
    : undefined;
}
