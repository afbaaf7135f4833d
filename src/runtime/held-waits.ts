/**
 * Objects applied together (an instance and what selects it, a folder and its dashboards) wait
 * for each other for a moment on every normal start. A new object (no status yet) whose
 * reconcile only waits, and wrote nothing, gets no status for that until the wait has lasted
 * `heldMs`: most reach Ready with one status write instead of a waiting one first and Ready
 * next, each a write of the whole object (a dashboard's JSON) in the apiserver and in etcd. A wait
 * that lasts is written as before; the Ready condition is only absent meanwhile, never wrong.
 * Kept in memory per object key: after a restart an object still without status waits again.
 */
export class HeldWaits {
  private readonly since = new Map<string, number>();

  constructor(private readonly heldMs: number) {}

  /** How much longer to hold this object's waiting state back; undefined: write it now. */
  hold(key: string, now = Date.now()): number | undefined {
    const since = this.since.get(key) ?? now;
    const left = since + this.heldMs - now;
    if (left <= 0) {
      this.since.delete(key);
      return undefined;
    }
    this.since.set(key, since);
    return left;
  }

  /** The object reported something else, or is gone. */
  forget(key: string): void {
    this.since.delete(key);
  }
}
