import type { GrafanaObjectStatus } from '../../src/api/generated/index.js';
import type { InstanceOp, KindContext, WriteOp } from '../../src/sync/object-kind.js';
import type { InstanceTarget } from '../../src/sync/targets.js';

/**
 * What the sync layer hands a kind for `desired` on `target`, for tests that call a kind directly:
 * the record is the object's status entry for that instance.
 */
export function opOn<T extends { status?: GrafanaObjectStatus }, D>(
  context: KindContext<T>,
  target: InstanceTarget,
  desired: D,
  uid = context.uid,
): InstanceOp<T, D> {
  const record = context.object.status?.instances?.find((entry) => entry.name === target.name);
  return { context: { ...context, uid }, target, uid, desired, record };
}

/**
 * An op on `target` for an object with nothing recorded there, without a reconcile context: for
 * calls that read none.
 */
export function opAt<T, D>(target: InstanceTarget, uid: string, desired: D): InstanceOp<T, D> {
  return { context: {} as KindContext<T>, target, uid, desired, record: undefined };
}

/** The create of `op`: nothing observed. */
export function createOf<T, D>(op: InstanceOp<T, D>): WriteOp<T, D, never> {
  return { ...op, observed: undefined, driftOnly: false };
}

/** The write of `op` over `observed`. */
export function writeOf<T, D, O>(
  op: InstanceOp<T, D>,
  observed: O | undefined,
  driftOnly = false,
): WriteOp<T, D, O> {
  return { ...op, observed, driftOnly };
}
