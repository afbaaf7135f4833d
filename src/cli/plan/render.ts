/** A plan as text for a reader, or as JSON for tools (docs/cli.md, "plan"). */
import type { FieldChange } from './field-changes.js';
import { hasPendingChanges, summary, WRITES, type Plan, type PlannedChange } from './model.js';

/** The longest value shown in full in text; longer ones are cut. */
const MAX_VALUE = 80;

const WIDTH = Math.max(
  ...(
    ['create', 'update', 'adopt', 'delete', 'no change', 'conflict', 'waiting', 'invalid', 'error'] as const
  ).map((a) => a.length),
);

const BLOCKED = { conflict: 'in conflict', waiting: 'waiting', invalid: 'invalid', error: 'failed' };

/**
 * One line per object per instance, `instance  action  Kind/name (uid …)`, what it waits for or
 * why after a colon, the field diff indented below; then instances not ready and a summary line.
 */
export function renderText(plan: Plan): string {
  const lines: string[] = [];
  for (const instance of plan.instances) {
    if (!instance.ready) lines.push(`GrafanaInstance ${instance.name} is not ready: ${instance.message}`);
  }
  for (const change of plan.changes) {
    lines.push(headline(change));
    for (const field of change.fields ?? []) lines.push(`    ${fieldLine(field)}`);
  }
  const counts = summary(plan);
  const writes = WRITES.map((action) => `${counts[action]} to ${action}`).join(', ');
  const blocked = (['conflict', 'waiting', 'invalid', 'error'] as const)
    .filter((action) => counts[action] > 0)
    .map((action) => `${counts[action]} ${BLOCKED[action]}`);
  lines.push(
    `Plan for namespace ${plan.namespace}: ${hasPendingChanges(plan) ? writes : 'no changes'}` +
      `${blocked.length > 0 ? `; ${blocked.join(', ')}` : ''}.`,
  );
  return `${lines.join('\n')}\n`;
}

/** The plan as one JSON document: `{ namespace, instances, changes, summary, pending }`. */
export function renderJson(plan: Plan): string {
  return `${JSON.stringify({ ...plan, summary: summary(plan), pending: hasPendingChanges(plan) }, null, 2)}\n`;
}

function headline(change: PlannedChange): string {
  const where = change.instance || '(no instance)';
  const uid = change.uid ? ` (uid ${change.uid})` : '';
  const after = change.after?.length ? `, after creating ${change.after.join(', ')}` : '';
  const message = change.message && change.action !== 'no change' ? `: ${change.message}` : '';
  return `${where}  ${change.action.padEnd(WIDTH)}  ${change.kind}/${change.name}${uid}${after}${message}`;
}

/** `path: before → after`, a secret as changed without its values. */
export function fieldLine(field: FieldChange): string {
  if (field.secret) return `${field.path}: (secret, changed)`;
  return `${field.path}: ${shown(field.before)} → ${shown(field.after)}`;
}

function shown(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}
