/**
 * Per-instance lists of Grafana objects, shared by every object of a kind: a resync wave of N
 * unchanged objects costs one list call per kind (per `maxAgeMs`), not N GETs. Objects we write
 * are put into the snapshot from the write's response, so the next reader does not see stale
 * data and write again.
 */
interface Entry<T> {
  loadedAt: number;
  items: Map<string, T>;
}

export class SnapshotCache {
  private readonly entries = new Map<string, Entry<unknown>>();
  private readonly loading = new Map<string, Promise<Entry<unknown>>>();

  async get<T>(
    kind: string,
    load: () => Promise<Array<[string, T]>>,
    maxAgeMs: number,
  ): Promise<Map<string, T>> {
    const entry = this.entries.get(kind) as Entry<T> | undefined;
    if (entry && Date.now() - entry.loadedAt <= maxAgeMs) return entry.items;
    let pending = this.loading.get(kind) as Promise<Entry<T>> | undefined;
    if (!pending) {
      pending = load().then((items) => ({ loadedAt: Date.now(), items: new Map(items) }));
      this.loading.set(kind, pending);
      pending
        .then(
          (loaded) => this.entries.set(kind, loaded),
          () => undefined,
        )
        .finally(() => this.loading.delete(kind));
    }
    return (await pending).items;
  }

  put<T>(kind: string, id: string, item: T): void {
    (this.entries.get(kind) as Entry<T> | undefined)?.items.set(id, item);
  }

  remove(kind: string, id: string): void {
    this.entries.get(kind)?.items.delete(id);
  }

  invalidate(kind: string): void {
    this.entries.delete(kind);
  }
}
