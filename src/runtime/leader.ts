import type { Logger } from 'pino';
import type { KubeClient } from './kube/client.js';
import { isConflict, isNotFound } from './kube/errors.js';
import { CoreTypes, type KubeObject } from './kube/types.js';
import { sleep } from '../lib/backoff.js';

interface Lease extends KubeObject {
  spec?: {
    holderIdentity?: string | null;
    leaseDurationSeconds?: number;
    acquireTime?: string | null;
    renewTime?: string | null;
    leaseTransitions?: number;
  };
}

/** Which Lease to hold as whom, and its timing. */
export interface LeaseSettings {
  namespace: string;
  name: string;
  identity: string;
  /** controller-runtime's defaults: 15 s lease, 10 s renew deadline, 2 s retry period. */
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

export interface LeaderElectionOptions extends LeaseSettings {
  logger: Logger;
  onStartedLeading: () => void;
  onStoppedLeading: () => void;
  onLeaderChange?: (leader: boolean) => void;
}

/**
 * Lease-based leader election with client-go's algorithm. Expiry is judged from when *this*
 * process last saw the lease record change (not from the holder's renewTime), so clock skew
 * between replicas cannot make a healthy leader look expired.
 */
export class LeaderElector {
  private observedRecord = '';
  private observedAt = 0;
  private leading = false;
  private stopped = false;
  private readonly stopSignal = new AbortController();
  private loop: Promise<void> | undefined;
  private lastRenew = 0;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;

  constructor(
    private readonly client: KubeClient,
    private readonly options: LeaderElectionOptions,
  ) {
    this.leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = options.retryPeriodMs ?? 2_000;
  }

  isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops campaigning; a leader hands the lease over at once instead of letting it expire. */
  async stop(release = true): Promise<void> {
    this.stopped = true;
    this.stopSignal.abort();
    await this.loop;
    if (this.leading && release) await this.release();
    this.leading = false;
  }

  private async run(): Promise<void> {
    const { logger } = this.options;
    while (!this.stopped) {
      let renewed = false;
      try {
        renewed = await this.tryAcquireOrRenew();
      } catch (err) {
        logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'lease update failed');
      }
      const now = Date.now();
      if (renewed) {
        this.lastRenew = now;
        if (!this.leading) {
          this.leading = true;
          logger.info({ lease: this.options.name, identity: this.options.identity }, 'became leader');
          this.options.onLeaderChange?.(true);
          this.options.onStartedLeading();
        }
      } else if (this.leading && now - this.lastRenew > this.renewDeadlineMs) {
        this.leading = false;
        logger.error(
          { lease: this.options.name },
          'lost leadership: lease not renewed within the renew deadline',
        );
        this.options.onLeaderChange?.(false);
        this.options.onStoppedLeading();
        return;
      }
      await sleep(this.retryPeriodMs, this.stopSignal.signal);
    }
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const { namespace, name, identity } = this.options;
    const now = new Date();
    const lease = await this.client.find<Lease>(CoreTypes.lease, namespace, name);
    const desired = {
      holderIdentity: identity,
      leaseDurationSeconds: Math.round(this.leaseDurationMs / 1000),
      renewTime: microTime(now),
    };
    if (!lease) {
      try {
        await this.client.create<Lease>(CoreTypes.lease, namespace, {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name, namespace },
          spec: { ...desired, acquireTime: microTime(now), leaseTransitions: 0 },
        });
        return true;
      } catch (err) {
        if (isConflict(err)) return false; // another replica created it first
        throw err;
      }
    }
    const spec = lease.spec ?? {};
    const record = JSON.stringify(spec);
    if (record !== this.observedRecord) {
      this.observedRecord = record;
      this.observedAt = Date.now();
    }
    const holder = spec.holderIdentity ?? '';
    const durationMs = (spec.leaseDurationSeconds ?? 0) * 1000;
    if (holder && holder !== identity && this.observedAt + durationMs > Date.now()) return false;
    const takingOver = holder !== identity;
    const updated: Lease = {
      ...lease,
      spec: {
        ...spec,
        ...desired,
        acquireTime: takingOver ? microTime(now) : (spec.acquireTime ?? microTime(now)),
        // As client-go counts: every acquisition by a replica that was not the holder, including
        // one after a graceful release left the lease without a holder.
        leaseTransitions: (spec.leaseTransitions ?? 0) + (takingOver ? 1 : 0),
      },
    };
    try {
      // resourceVersion in the body makes this a compare-and-swap: two replicas racing for an
      // expired lease cannot both win.
      const written = await this.client.replace<Lease>(CoreTypes.lease, namespace, name, updated);
      this.observedRecord = JSON.stringify(written.spec ?? {});
      this.observedAt = Date.now();
      return true;
    } catch (err) {
      if (isConflict(err) || isNotFound(err)) return false;
      throw err;
    }
  }

  private async release(): Promise<void> {
    const { namespace, name, identity, logger } = this.options;
    try {
      const lease = await this.client.find<Lease>(CoreTypes.lease, namespace, name);
      if (!lease || lease.spec?.holderIdentity !== identity) return;
      await this.client.replace<Lease>(CoreTypes.lease, namespace, name, {
        ...lease,
        spec: {
          ...lease.spec,
          holderIdentity: null,
          leaseDurationSeconds: 1,
          renewTime: microTime(new Date()),
        },
      });
      logger.info({ lease: name }, 'released leadership');
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not release the lease');
    }
  }
}

/** metav1.MicroTime: RFC 3339 with microseconds. */
function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
