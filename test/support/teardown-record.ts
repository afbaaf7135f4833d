/**
 * What a teardown shows, watched rather than inferred: for objects of some kinds in one namespace,
 * the Ready reasons each showed while it went, and the order in which they were deleted (the
 * apiserver's resourceVersion of each deletion: one counter for every resource of the cluster).
 */
import type { KubeObject, ResourceType } from '../../src/runtime/kube/types.js';
import type { TestKube } from './kube.js';

type Conditioned = KubeObject & { status?: { conditions?: Array<{ type: string; reason?: string }> } };

export interface TeardownRecord {
  /** `Kind/name` → the Ready reasons it showed, in order, repeats left out. */
  reasons: Map<string, string[]>;
  /** `Kind/name`, in the order of their deletion. */
  deleted(): string[];
  stop(): Promise<void>;
}

export function recordTeardown(kube: TestKube, types: readonly ResourceType[]): TeardownRecord {
  const reasons = new Map<string, string[]>();
  const deletions: Array<{ key: string; at: number }> = [];
  const abort = new AbortController();
  const watches = types.map((type) =>
    kube.client
      .watch(
        type,
        kube.namespace,
        { resourceVersion: '0', signal: abort.signal },
        ({ type: event, object }) => {
          const key = `${type.kind}/${object.metadata?.name}`;
          if (event === 'DELETED') deletions.push({ key, at: Number(object.metadata?.resourceVersion) });
          const reason = (object as Conditioned).status?.conditions?.find((c) => c.type === 'Ready')?.reason;
          const seen = reasons.get(key) ?? [];
          if (reason && seen.at(-1) !== reason) reasons.set(key, [...seen, reason]);
        },
      )
      .catch(() => undefined),
  );
  return {
    reasons,
    deleted: () => [...deletions].sort((a, b) => a.at - b.at).map((d) => d.key),
    stop: async () => {
      abort.abort();
      await Promise.all(watches);
    },
  };
}
