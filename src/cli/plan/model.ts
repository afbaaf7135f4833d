/** What `plan` reports: per object and instance, what the operator would do there. */
import type { FieldChange } from './field-changes.js';

/**
 * `create`, `update`, `adopt` and `delete` are writes the operator would make; `no change` writes
 * nothing; `conflict` (another object or origin holds it), `waiting` (an instance or a dependency
 * not ready) and `invalid` (the spec fails its schema) write nothing until they are resolved;
 * `error`: the plan could not tell (Grafana refused a read, …), so the plan is incomplete.
 */
export type PlanAction =
  'create' | 'update' | 'adopt' | 'delete' | 'no change' | 'conflict' | 'waiting' | 'invalid' | 'error';

export const WRITES: readonly PlanAction[] = ['create', 'update', 'adopt', 'delete'];

export interface PlannedChange {
  /** The GrafanaInstance; '' when the object selects none. */
  instance: string;
  kind: string;
  name: string;
  action: PlanAction;
  /** The uid the object has (or will have) in Grafana, once decided. */
  uid?: string;
  /** Why: the sync layer's reason for a write, the conflict, what it waits for. */
  message?: string;
  /** Objects of this plan created first, whose uids this one refers to (`GrafanaFolder/team`). */
  after?: string[];
  /** For an update: the fields that differ, values masked for secrets. */
  fields?: FieldChange[];
}

export interface PlannedInstance {
  name: string;
  url: string;
  orgId?: number;
  ready: boolean;
  message: string;
}

export interface Plan {
  namespace: string;
  instances: PlannedInstance[];
  changes: PlannedChange[];
}

/** How many changes of each action the plan holds, every action named. */
export function summary(plan: Plan): Record<PlanAction, number> {
  const counts: Record<PlanAction, number> = {
    create: 0,
    update: 0,
    adopt: 0,
    delete: 0,
    'no change': 0,
    conflict: 0,
    waiting: 0,
    invalid: 0,
    error: 0,
  };
  for (const change of plan.changes) counts[change.action]++;
  return counts;
}

/** Whether applying would write to Grafana: the plan's exit code is changesPending then. */
export function hasPendingChanges(plan: Plan): boolean {
  return plan.changes.some((change) => WRITES.includes(change.action));
}

/** Whether some object could not be planned: the plan's exit code is error then. */
export function isIncomplete(plan: Plan): boolean {
  return plan.changes.some((change) => change.action === 'error');
}
