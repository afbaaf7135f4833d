/**
 * Which of the run's objects are Ready at their current generation, kept up to date by one watch
 * per kind (a list of 10k dashboards every few seconds would cost more than the operator's work).
 */
import type { KubeClient } from '../../src/runtime/kube/client.js';
import type { KubeObject, ResourceType } from '../../src/runtime/kube/types.js';

interface Watched extends KubeObject {
  status?: {
    conditions?: Array<{
      type: string;
      status: string;
      reason?: string;
      message?: string;
      observedGeneration?: number;
    }>;
  };
}

export class ReadyTracker {
  /** `kind/name` → whether its Ready condition is True at the generation the object has now. */
  private readonly ready = new Map<string, boolean>();
  private readonly generations = new Map<string, number>();
  /** `kind/name` → the Ready reason and message of an object not Ready, to tell why a run stalls. */
  private readonly waiting = new Map<string, string>();
  private readonly abort = new AbortController();
  private readyCount = 0;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly kube: KubeClient,
    private readonly namespace: string,
    private readonly kinds: readonly ResourceType[],
  ) {}

  start(): void {
    for (const kind of this.kinds) void this.watch(kind);
  }

  stop(): void {
    this.abort.abort();
  }

  get count(): number {
    return this.readyCount;
  }

  /** The generation of `kind/name` as last seen, to wait for the one after an edit. */
  generation(kind: ResourceType, name: string): number | undefined {
    return this.generations.get(`${kind.kind}/${name}`);
  }

  isReady(kind: ResourceType, name: string): boolean {
    return this.ready.get(`${kind.kind}/${name}`) === true;
  }

  /** Resolves once `done()` holds, checked after every watch event. */
  until(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!done()) return;
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      this.waiters.push(check);
    });
  }

  /** Objects not Ready, grouped by kind and reason, with one message each, at most `limit` groups. */
  notReady(limit = 10): string[] {
    const groups = new Map<string, { count: number; example: string }>();
    for (const [key, why] of this.waiting) {
      const group = `${key.split('/')[0]} ${why.split(':')[0]}`;
      const seen = groups.get(group) ?? { count: 0, example: `${key}: ${why}` };
      seen.count += 1;
      groups.set(group, seen);
    }
    return [...groups.values()].slice(0, limit).map((g) => `${g.count} × ${g.example}`);
  }

  private async watch(kind: ResourceType): Promise<void> {
    let resourceVersion = '';
    while (!this.abort.signal.aborted) {
      try {
        await this.kube.watch(
          kind,
          this.namespace,
          { resourceVersion, signal: this.abort.signal, timeoutSeconds: 300 },
          (event) => {
            resourceVersion = event.object.metadata?.resourceVersion ?? resourceVersion;
            // An ERROR (410 Gone: the version is too old) ends the watch; the next one starts afresh.
            if (event.type === 'ERROR') resourceVersion = '';
            if (event.type === 'BOOKMARK' || event.type === 'ERROR') return;
            this.update(kind, event.object as Watched, event.type === 'DELETED');
          },
        );
      } catch {
        if (this.abort.signal.aborted) return;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private update(kind: ResourceType, object: Watched, deleted: boolean): void {
    const key = `${kind.kind}/${object.metadata?.name ?? ''}`;
    const generation = object.metadata?.generation ?? 0;
    const condition = object.status?.conditions?.find((c) => c.type === 'Ready');
    const now = !deleted && condition?.status === 'True' && condition.observedGeneration === generation;
    const before = this.ready.get(key) === true;
    if (now || deleted) this.waiting.delete(key);
    else this.waiting.set(key, `${condition?.reason ?? 'no Ready condition'}: ${condition?.message ?? ''}`);
    if (deleted) {
      this.ready.delete(key);
      this.generations.delete(key);
    } else {
      this.ready.set(key, now);
      this.generations.set(key, generation);
    }
    this.readyCount += Number(now) - Number(before);
    for (const waiter of [...this.waiters]) waiter();
  }
}
