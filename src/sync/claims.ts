import { CompactSetMap } from '../lib/compact-set-map.js';
import { flatString } from '../lib/flat-string.js';

/**
 * Which object owns a unique key (a uid, a datasource name, "the default datasource") on one
 * Grafana instance. When two objects claim the same key, the older one (by creationTimestamp,
 * then name) keeps it and the newer one is told it conflicts; when the owner lets go, the
 * objects that were waiting are returned so they can be requeued.
 */
interface Claim {
  owner: string;
  createdAt: string;
}

export interface ClaimResult {
  ok: boolean;
  /** The owner that holds the key, when not ok. */
  holder?: string;
  key?: string;
  /** Objects that held a key this object took over (older wins); requeue them. */
  displaced: string[];
}

export class ClaimRegistry {
  private readonly claims = new Map<string, Claim>();
  /** The claim ids each owner holds: most owners hold one (the uid), on one instance. */
  private readonly byOwner = new CompactSetMap();
  private readonly waiting = new Map<string, Set<string>>();

  /** Claims every key for `owner` on `scope` (e.g. the instance), or none of them. */
  claim(scope: string, keys: string[], owner: string, createdAt: string): ClaimResult {
    const displaced: string[] = [];
    for (const key of keys) {
      const held = this.claims.get(`${scope}|${key}`);
      if (held && held.owner !== owner && !isOlder(owner, createdAt, held)) {
        this.addWaiting(`${scope}|${key}`, owner);
        return { ok: false, holder: held.owner, key, displaced };
      }
    }
    let storedOwner: string | undefined;
    for (const key of keys) {
      const id = `${scope}|${key}`;
      const held = this.claims.get(id);
      if (held && held.owner !== owner) {
        displaced.push(held.owner);
        this.byOwner.delete(held.owner, id);
      }
      // A claim repeated on every reconcile keeps what it stored, so its strings are stored once.
      if (held?.owner === owner && held.createdAt === createdAt) continue;
      const stored = flatString(id);
      storedOwner ??= flatString(owner);
      this.claims.set(stored, { owner: storedOwner, createdAt });
      this.byOwner.add(storedOwner, stored);
    }
    // Keys this owner no longer claims on this scope (e.g. a renamed datasource) are released.
    const released: string[] = [];
    for (const id of this.byOwner.values(owner)) {
      if (id.startsWith(`${scope}|`) && !keys.some((k) => `${scope}|${k}` === id)) {
        this.claims.delete(id);
        this.byOwner.delete(owner, id);
        released.push(...this.takeWaiting(id));
      }
    }
    return { ok: true, displaced: [...displaced, ...released] };
  }

  /** Releases everything `owner` holds (on `scope`, or everywhere); returns objects to requeue. */
  release(owner: string, scope?: string): string[] {
    const requeue = this.releaseWhere(owner, (id) => scope === undefined || id.startsWith(`${scope}|`));
    for (const waiters of this.waiting.values()) waiters.delete(owner);
    return requeue;
  }

  /**
   * Releases what `owner` holds on scopes that start with `prefix` but are not in `keep` (e.g. the
   * orgs an object no longer targets); returns objects to requeue.
   */
  releaseOtherScopes(owner: string, prefix: string, keep: Set<string>): string[] {
    return this.releaseWhere(
      owner,
      (id) => id.startsWith(prefix) && ![...keep].some((scope) => id.startsWith(`${scope}|`)),
    );
  }

  private releaseWhere(owner: string, released: (id: string) => boolean): string[] {
    const requeue: string[] = [];
    for (const id of this.byOwner.values(owner)) {
      if (!released(id)) continue;
      this.claims.delete(id);
      this.byOwner.delete(owner, id);
      requeue.push(...this.takeWaiting(id));
    }
    return requeue.filter((o) => o !== owner);
  }

  private addWaiting(id: string, owner: string): void {
    let set = this.waiting.get(id);
    if (!set) this.waiting.set(id, (set = new Set()));
    set.add(owner);
  }

  private takeWaiting(id: string): string[] {
    const set = this.waiting.get(id);
    this.waiting.delete(id);
    return [...(set ?? [])];
  }
}

function isOlder(owner: string, createdAt: string, held: Claim): boolean {
  if (createdAt !== held.createdAt) return createdAt < held.createdAt;
  return owner < held.owner;
}
