import type { Condition } from './conditions.js';
import type { EventType } from './events.js';

/**
 * Ready=False reasons that only mean "not yet": something the object needs is still coming, and
 * the object is retried until it is there. Objects applied together (an instance and everything
 * selecting it, a folder and its contents) pass through them on every normal start, so they are
 * not worth a Warning until they persist. docs/kinds.md lists them.
 */
export const WAITING_REASONS: ReadonlySet<string> = new Set([
  // No GrafanaInstance selected yet (created in the same batch, not in the cache yet).
  'NoMatchingInstance',
  // The instance has not connected yet; its own Ready says why if it never does.
  'InstanceNotReady',
  // A folder, datasource, contact point, … this object names is not synced yet.
  'DependencyNotReady',
  // Deleting a folder waits for the objects in it, which their own finalizers remove.
  'HasChildren',
]);

export function isWaitingReason(reason: string | undefined): boolean {
  return reason !== undefined && WAITING_REASONS.has(reason);
}

/** What a Ready condition is worth telling, decided by {@link ReadyNotices}. */
export interface ReadyNotice {
  event?: { type: EventType; reason: string; message: string };
  /** The level to log the condition at; undefined when it is not news. */
  log?: 'info' | 'warn';
  /** A waiting state not announced yet: look again after this long to see whether it persists. */
  recheckInMs?: number;
}

/**
 * Decides which Event (and log level) each Ready condition deserves. True is a Normal Event and
 * a real failure a Warning, each when the status, reason or message changes. A waiting state is
 * told only once it has lasted `waitingWarningAfterMs` since the condition's lastTransitionTime,
 * then as one Warning (again only if its reason or message changes), so a normal start is quiet.
 * Which waiting states were announced is kept in memory, per object key: after a restart of the
 * operator a waiting state that still persists is announced once more.
 */
export class ReadyNotices {
  private readonly announced = new Map<string, string>();

  constructor(private readonly waitingWarningAfterMs: number) {}

  decide(
    key: string,
    previous: Condition | undefined,
    current: Condition,
    waiting: boolean,
    now = Date.now(),
  ): ReadyNotice {
    const changed =
      !previous ||
      previous.status !== current.status ||
      previous.reason !== current.reason ||
      previous.message !== current.message;
    const { reason, message } = current;
    if (current.status !== 'False' || !waiting) {
      this.announced.delete(key);
      if (!changed) return {};
      return current.status === 'True'
        ? { event: { type: 'Normal', reason, message }, log: 'info' }
        : { event: { type: 'Warning', reason, message }, log: 'warn' };
    }
    const state = `${reason}\n${message}`;
    if (this.announced.get(key) === state) return {};
    const waited = now - Date.parse(current.lastTransitionTime);
    if (waited < this.waitingWarningAfterMs) {
      return {
        ...(changed ? { log: 'info' as const } : {}),
        recheckInMs: this.waitingWarningAfterMs - waited,
      };
    }
    this.announced.set(key, state);
    return { event: { type: 'Warning', reason, message }, log: 'warn' };
  }

  /** The object is gone. */
  forget(key: string): void {
    this.announced.delete(key);
  }
}
