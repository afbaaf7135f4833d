import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { KubeClient } from './kube/client.js';
import { CoreTypes, type KubeObject } from './kube/types.js';
import { EVENT_MESSAGE_LIMIT, shorten } from '../lib/messages.js';

export type EventType = 'Normal' | 'Warning';

interface CoreEvent extends KubeObject {
  involvedObject: { apiVersion?: string; kind?: string; name?: string; namespace?: string; uid?: string };
  reason: string;
  message: string;
  type: EventType;
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
  source: { component: string };
  reportingComponent: string;
  reportingInstance: string;
}

interface Sent {
  name: string;
  namespace: string;
  count: number;
  lastWritten: number;
}

/** A repeat inside this window bumps the existing Event's count instead of creating another. */
const AGGREGATION_WINDOW_MS = 10 * 60_000;
const MAX_TRACKED = 4096;
/** More than one per record, so expired entries go faster than new ones arrive. */
const EXPIRED_DROPPED_PER_RECORD = 8;

/**
 * Records Kubernetes Events on our objects, deduplicated like kubelet's recorder: the same
 * (object, type, reason, message) within the window is one Event with a growing count.
 * Events are best effort; a failure to write one is logged, never fails a reconcile.
 */
export class EventRecorder {
  /**
   * Events written, by a digest of (object, type, reason, message): 28 characters a key instead of
   * the whole message. Oldest write first, so the ones past the window are dropped from the front.
   */
  private readonly sent = new Map<string, Sent>();

  constructor(
    private readonly client: KubeClient,
    private readonly component: string,
    private readonly instance: string,
    private readonly logger: Logger,
    /**
     * A repeat's count is written at most this often (EVENT_REWRITE_INTERVAL_MS), so a hot error
     * loop can't turn into an Event write loop.
     */
    private readonly minRewriteIntervalMs: number,
  ) {}

  async record(object: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    const meta = object.metadata ?? {};
    const namespace = meta.namespace ?? 'default';
    const dedupKey = digest(`${meta.uid}|${type}|${reason}|${message}`);
    const now = Date.now();
    this.dropExpired(now);
    const previous = this.sent.get(dedupKey);
    try {
      if (previous && now - previous.lastWritten < AGGREGATION_WINDOW_MS) {
        previous.count++;
        if (now - previous.lastWritten < this.minRewriteIntervalMs) return;
        await this.client.mergePatch(CoreTypes.event, previous.namespace, previous.name, {
          count: previous.count,
          lastTimestamp: timestamp(now),
        });
        previous.lastWritten = now;
        // Moved to the end, keeping the map in order of last write (unless dropped meanwhile).
        if (this.sent.get(dedupKey) === previous) {
          this.sent.delete(dedupKey);
          this.sent.set(dedupKey, previous);
        }
        return;
      }
      const name = `${meta.name}.${randomBytes(8).toString('hex')}`;
      const event: CoreEvent = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: {
          apiVersion: object.apiVersion,
          kind: object.kind,
          name: meta.name,
          namespace: meta.namespace,
          uid: meta.uid,
        },
        reason,
        // Messages built from lists are cut at whole items already (boundedList); any other
        // long one is cut here, at a boundary and saying so.
        message: shorten(message, EVENT_MESSAGE_LIMIT),
        type,
        count: 1,
        firstTimestamp: timestamp(now),
        lastTimestamp: timestamp(now),
        source: { component: this.component },
        reportingComponent: this.component,
        reportingInstance: this.instance,
      };
      await this.client.create(CoreTypes.event, namespace, event);
      if (this.sent.size >= MAX_TRACKED) this.sent.delete(this.sent.keys().next().value as string);
      // Deleted first so a key written anew goes to the end, in order of last write.
      this.sent.delete(dedupKey);
      this.sent.set(dedupKey, { name, namespace, count: 1, lastWritten: now });
    } catch (err) {
      this.logger.warn(
        { reason, err: err instanceof Error ? err.message : String(err) },
        'could not record event',
      );
    }
  }

  /**
   * Drops Events last written before the window: a repeat of one is a new Event anyway. At most
   * a few per call, so no call pays for a sweep of the whole map.
   */
  private dropExpired(now: number): void {
    let budget = EXPIRED_DROPPED_PER_RECORD;
    for (const [key, sent] of this.sent) {
      if (budget-- === 0 || now - sent.lastWritten < AGGREGATION_WINDOW_MS) return;
      this.sent.delete(key);
    }
  }
}

function digest(dedupKey: string): string {
  return createHash('sha1').update(dedupKey).digest('base64');
}

function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
