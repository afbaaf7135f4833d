import { randomBytes } from 'node:crypto';
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

/**
 * Records Kubernetes Events on our objects, deduplicated like kubelet's recorder: the same
 * (object, type, reason, message) within the window is one Event with a growing count.
 * Events are best effort; a failure to write one is logged, never fails a reconcile.
 */
export class EventRecorder {
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
    const dedupKey = `${meta.uid}|${type}|${reason}|${message}`;
    const now = Date.now();
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
      this.sent.set(dedupKey, { name, namespace, count: 1, lastWritten: now });
    } catch (err) {
      this.logger.warn(
        { reason, err: err instanceof Error ? err.message : String(err) },
        'could not record event',
      );
    }
  }
}

function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
