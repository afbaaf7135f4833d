/**
 * The search index of unified storage, which follows writes with a delay (§6.8): Grafana's
 * `waitForSearchQuery` exists because "US doesn't offer search-after-write guarantees". With
 * `searchLagMs` set, `/api/search` answers from the state as it was `searchLagMs` ago: an object
 * created, changed, moved or deleted within that time shows as it was before.
 *
 * How: before every request that may write, the search-visible state (what `/api/search` would
 * list, per org) is kept, stamped with the time it stopped being current. A search reads the
 * oldest kept state that was still current `searchLagMs` ago, or the live state when nothing
 * changed since then. Objects seeded directly into the double's state are visible at once.
 */
export interface HistoryEntry<T> {
  /** When this state stopped being current (the time of the write that followed it). */
  until: number;
  byOrg: ReadonlyMap<number, readonly T[]>;
}

export class LaggingIndex<T> {
  private history: Array<HistoryEntry<T>> = [];

  /** Keeps the state as it is now, before a write; drops what no lag can reach any more. */
  record(byOrg: ReadonlyMap<number, readonly T[]>, lagMs: number, now = Date.now()): void {
    this.history = this.history.filter((entry) => entry.until > now - lagMs);
    this.history.push({ until: now, byOrg });
  }

  /**
   * What a search of the org sees with this lag: the state that was current `lagMs` ago, or
   * undefined when nothing changed since then (read the live state).
   */
  view(orgId: number, lagMs: number, now = Date.now()): readonly T[] | undefined {
    if (lagMs <= 0) return undefined;
    const entry = this.history.find((e) => e.until > now - lagMs);
    return entry === undefined ? undefined : (entry.byOrg.get(orgId) ?? []);
  }
}
