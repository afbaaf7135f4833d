/**
 * A kind's write and remove as the sync layer makes them: serialised when the kind says so
 * (ObjectKind.serialise), and its list (ObjectKind.list) kept current around them, so kinds do
 * not do either by hand; and its observe, in the same turn when the kind says so
 * (ObjectKind.serialiseObserve).
 */
import { GrafanaAlreadyExistsError, GrafanaNotFoundError } from '../grafana/index.js';
import { excused, noteUnrepeatable } from '../lib/read-record.js';
import type { KeptList } from './kind-list.js';
import {
  MadeMeanwhileError,
  type Applied,
  type InstanceOp,
  type WriteOp,
  type Written,
  writtenUid,
} from './object-kind.js';
import type { InstanceTarget } from './targets.js';

/** The members of an ObjectKind these calls use. */
interface KindCalls<T, Desired, Observed, Listed> {
  write(op: WriteOp<T, Desired, Observed>): Promise<Written<Listed, Observed>>;
  remove(target: InstanceTarget, uid: string, object?: T): Promise<void>;
  describe?(observed: Observed): Applied;
  list?: KeptList<Listed>;
  relistAfterFailedWrite?: true;
  serialise?: true;
}

/** `work`, after every earlier serialised call on the target's Grafana org when the kind is serialised. */
function serialised<T>(
  kind: Pick<KindCalls<never, unknown, unknown, unknown>, 'serialise'>,
  target: InstanceTarget,
  work: () => Promise<T>,
): Promise<T> {
  return kind.serialise ? target.exclusive(work) : work();
}

/** Observes through the kind, after every earlier serialised call when the kind says so. */
export function observeThrough<T, Desired, Observed>(
  kind: {
    observe(op: InstanceOp<T, Desired>): Promise<Observed | undefined>;
    serialiseObserve?: true;
  },
  op: InstanceOp<T, Desired>,
): Promise<Observed | undefined> {
  const observe = () => kind.observe(op);
  return kind.serialiseObserve ? op.target.exclusive(observe) : observe();
}

/**
 * Whether a write failed because the object was made in Grafana after the observed list was read:
 * a create refused as a duplicate, or what the kind's fresh read found (MadeMeanwhileError).
 */
export function madeMeanwhile(err: unknown, observed: unknown): boolean {
  return (
    err instanceof MadeMeanwhileError || (observed === undefined && err instanceof GrafanaAlreadyExistsError)
  );
}

/**
 * Writes through the kind; what it stored goes into its list (see {@link keepListed}). Made
 * meanwhile, the list is let go, so the layer's observing again sees what Grafana now holds; so it
 * is after any failed write of a kind that says a failure leaves its list in doubt.
 */
export async function writeThrough<T, Desired, Observed, Listed>(
  kind: KindCalls<T, Desired, Observed, Listed>,
  op: WriteOp<T, Desired, Observed>,
): Promise<Omit<Written<Listed, Observed>, 'listed' | 'listStale'>> {
  return serialised(kind, op.target, async () => {
    try {
      // What the write stored goes into the list and a resync checks it there (read-record.ts);
      // a write that says nothing of it leaves its requests unrepeatable.
      const { result: written, unrepeatable } = await excused(() => kind.write(op));
      const { listed, listStale, ...applied } = written;
      if (kind.list) keepListed(kind, kind.list, op, { ...applied, listed, listStale });
      if (unrepeatable && (!kind.list || listed === undefined || listStale)) noteUnrepeatable(unrepeatable);
      return applied;
    } catch (err) {
      if (kind.list && (kind.relistAfterFailedWrite || madeMeanwhile(err, op.observed)))
        kind.list.on(op.target).invalidate();
      throw err;
    }
  });
}

/**
 * The kind's list after a successful write that stored the object under `uid`: let go when the
 * write changed other items too (`listStale`); else, for a list keyed by a name a write may change,
 * the keys the object was found under and last wrote leave it (a rename), and `listed` goes in.
 */
function keepListed<T, Desired, Observed, Listed>(
  kind: Pick<KindCalls<T, Desired, Observed, Listed>, 'describe'>,
  list: KeptList<Listed>,
  op: WriteOp<T, Desired, Observed>,
  { uid, listed, listStale }: Pick<Written<Listed>, 'uid' | 'listed' | 'listStale'>,
): void {
  const view = list.on(op.target);
  if (listStale) return view.invalidate();
  if (list.renames) {
    const observedUid = op.observed !== undefined ? kind.describe?.(op.observed).uid : undefined;
    for (const before of new Set([observedUid, writtenUid(op.record)])) {
      if (before !== undefined && before !== uid) view.remove(list.keyOfUid?.(before) ?? before);
    }
  }
  if (listed !== undefined) view.put(listed);
}

/** Removes through the kind; the object leaves its list, also when it was already gone. */
export async function removeThrough<T, Listed>(
  kind: Pick<KindCalls<T, unknown, unknown, Listed>, 'remove' | 'list' | 'serialise'>,
  target: InstanceTarget,
  uid: string,
  object?: T,
): Promise<void> {
  await serialised(kind, target, async () => {
    const { list } = kind;
    try {
      await kind.remove(target, uid, object);
    } catch (err) {
      if (list && err instanceof GrafanaNotFoundError) list.on(target).remove(list.keyOfUid?.(uid) ?? uid);
      throw err;
    }
    if (list) list.on(target).remove(list.keyOfUid?.(uid) ?? uid);
  });
}
