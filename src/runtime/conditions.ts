import type { Conditions } from '../api/generated/definitions.js';
import { shorten } from '../lib/messages.js';

/** Kubernetes-convention conditions (metav1.Condition), typed from the CRDs' shared definition. */
export type Condition = Conditions[number];

export type ConditionInput = Omit<Condition, 'lastTransitionTime'>;

/** Kubernetes caps a condition message at 32768 bytes; keep well clear of it. */
const MAX_MESSAGE_LENGTH = 4096;

/**
 * Returns the list with `input` set. lastTransitionTime moves only when the status flips, so a
 * condition re-asserted on every reconcile produces an identical status and no write.
 */
export function setCondition(
  conditions: Condition[] | undefined,
  input: ConditionInput,
  now = new Date(),
): Condition[] {
  const list = conditions ? [...conditions] : [];
  const index = list.findIndex((c) => c.type === input.type);
  const previous = index >= 0 ? list[index] : undefined;
  const message = shorten(input.message, MAX_MESSAGE_LENGTH);
  const next: Condition = {
    type: input.type,
    status: input.status,
    reason: input.reason,
    message,
    lastTransitionTime:
      previous && previous.status === input.status
        ? previous.lastTransitionTime
        : now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...(input.observedGeneration !== undefined ? { observedGeneration: input.observedGeneration } : {}),
  };
  if (index >= 0) list[index] = next;
  else list.push(next);
  return list;
}

export function findCondition(conditions: Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

export function isTrue(conditions: Condition[] | undefined, type: string): boolean {
  return findCondition(conditions, type)?.status === 'True';
}
