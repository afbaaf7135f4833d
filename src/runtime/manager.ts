import type { Logger } from 'pino';
import type { Controller } from './controller.js';
import { Informer, type SharedInformer } from './informer.js';
import { InitialReads } from './initial-reads.js';
import { KubeClient, type KubeRequestInfo } from './kube/client.js';
import type { ClusterAccess } from './kube/kubeconfig.js';
import type { KubeObject, ResourceType } from './kube/types.js';
import { LeaderElector, type LeaseSettings } from './leader.js';
import type { OperatorMetrics } from './metrics.js';
import { NamespacedInformers } from './namespaced-informers.js';
import { ProbeServer } from './probes.js';

export interface ManagerOptions {
  kubeConfig: ClusterAccess;
  logger: Logger;
  metrics: OperatorMetrics;
  /**
   * Restrict every informer of a namespaced kind to these namespaces (one watch in each);
   * undefined watches all namespaces. Cluster-scoped kinds are watched cluster-wide either way.
   */
  watchNamespaces?: readonly string[];
  /**
   * A label selector that every informer asked for as `sharded` lists and watches with: the
   * objects this operator reconciles when it is one of several shards. Undefined: no shard.
   */
  shardSelector?: string;
  leaderElection?: LeaseSettings;
  /** Connections to the apiserver kept for requests; see OperatorConfig.kubeRequestConnections. */
  kubeRequestConnections?: number;
  metricsPort?: number;
  probePort?: number;
  bindHost?: string;
  /** Called when leadership is lost; the process must stop reconciling at once (main exits). */
  onLostLeadership?: () => void;
}

interface InformerSpec {
  type: ResourceType;
  metadataOnly?: boolean;
  labelSelector?: string;
  /**
   * The objects a controller reconciles: restricted to the shard (ManagerOptions.shardSelector).
   * Caches of what objects read or select stay whole, so a shard sees what other shards write.
   */
  sharded?: boolean;
}

/**
 * Owns what controllers share: the Kubernetes client, one informer per watched resource,
 * leader election, probes and metrics. Controllers and informers run only while leading.
 */
export class Manager {
  readonly client: KubeClient;
  /**
   * The Lease's own client, its connections apart from the bounded pool the reconciles' requests
   * share (kubeRequestConnections): a renewal queued behind them past renewDeadline would lose
   * the lease.
   */
  private readonly leaseClient: KubeClient;
  private readonly informers = new Map<string, SharedInformer<KubeObject>>();
  private readonly controllers: Controller[] = [];
  private readonly startHooks: Array<() => void | Promise<void>> = [];
  private readonly initialReads: InitialReads[] = [];
  private elector: LeaderElector | undefined;
  private readonly servers: ProbeServer[] = [];
  private running = false;
  private stopping = false;
  readonly ports: { metrics?: number; probes?: number } = {};

  constructor(readonly options: ManagerOptions) {
    const onRequest = ({ method, resource, status }: KubeRequestInfo) =>
      options.metrics.kubeRequests.inc({ code: String(status), method, resource });
    this.client = new KubeClient(options.kubeConfig, {
      requestConnections: options.kubeRequestConnections,
      onRequest,
    });
    this.leaseClient = new KubeClient(options.kubeConfig, { onRequest });
  }

  get logger(): Logger {
    return this.options.logger;
  }

  get metrics(): OperatorMetrics {
    return this.options.metrics;
  }

  /** One shared informer per (resource, metadataOnly, selector), created on first request. */
  informer<T extends KubeObject>(requested: InformerSpec): SharedInformer<T> {
    const spec = this.withShard(requested);
    const key = `${spec.type.group}/${spec.type.plural}|${spec.metadataOnly ? 'meta' : 'full'}|${spec.labelSelector ?? ''}`;
    let informer = this.informers.get(key);
    if (!informer) {
      const namespaces = spec.type.namespaced ? this.options.watchNamespaces : undefined;
      informer = namespaces
        ? new NamespacedInformers(new Map(namespaces.map((ns) => [ns, this.newInformer(spec, ns)])))
        : this.newInformer(spec, undefined);
      this.informers.set(key, informer);
    }
    return informer as unknown as SharedInformer<T>;
  }

  /**
   * The objects an informer of this spec caches, read whole a page at a time each time this
   * replica starts leading, for the reconciles of that start to take (InitialReads); not read
   * when `cache`, that informer, holds none.
   */
  initialReadsOf(requested: InformerSpec, cache?: SharedInformer<KubeObject>): InitialReads {
    const spec = this.withShard(requested);
    const namespaces = spec.type.namespaced ? (this.options.watchNamespaces ?? [undefined]) : [undefined];
    const reads = new InitialReads({
      sources: namespaces.map((namespace) => ({
        namespace,
        read: (limit, continueToken) =>
          this.client.listPage(spec.type, namespace, {
            labelSelector: spec.labelSelector,
            limit,
            continue: continueToken,
          }),
      })),
      logger: this.options.logger.child({ initialReads: spec.type.plural }),
      ...(cache ? { cached: () => cache.keys().length } : {}),
    });
    this.initialReads.push(reads);
    return reads;
  }

  /** Whether informers asked for as `sharded` see only some of the objects. */
  get sharded(): boolean {
    return this.options.shardSelector !== undefined;
  }

  /** Keyed by the selector it ends up with, so a sharded and a whole cache are one when there is no shard. */
  private withShard(spec: InformerSpec): InformerSpec {
    const shard = spec.sharded ? this.options.shardSelector : undefined;
    const labelSelector = [spec.labelSelector, shard].filter(Boolean).join(',') || undefined;
    return { type: spec.type, metadataOnly: spec.metadataOnly, labelSelector };
  }

  private newInformer(spec: InformerSpec, namespace: string | undefined): Informer<KubeObject> {
    return new Informer<KubeObject>(this.client, {
      type: spec.type,
      namespace,
      metadataOnly: spec.metadataOnly,
      labelSelector: spec.labelSelector,
      logger: this.options.logger.child({ informer: spec.type.plural, ...(namespace ? { namespace } : {}) }),
      onWatchError: () => this.options.metrics.watchErrors.inc({ resource: spec.type.plural }),
    });
  }

  addController(controller: Controller): void {
    this.controllers.push(controller);
  }

  /** Work to run each time this replica starts leading, after caches have synced. */
  onStart(hook: () => void | Promise<void>): void {
    this.startHooks.push(hook);
  }

  isLeader(): boolean {
    return this.elector ? this.elector.isLeader() : this.running;
  }

  /** Ready when caches are synced; a standby replica is ready too (it is ready to take over). */
  isReady(): boolean {
    if (this.elector && !this.elector.isLeader()) return !this.stopping;
    return this.running && [...this.informers.values()].every((i) => i.hasSynced());
  }

  async start(): Promise<void> {
    await this.startServers();
    const election = this.options.leaderElection;
    if (!election) {
      await this.run();
      return;
    }
    this.options.metrics.leaderStatus.set({ name: election.name }, 0);
    this.elector = new LeaderElector(this.leaseClient, {
      ...election,
      logger: this.options.logger.child({ component: 'leader-election' }),
      onStartedLeading: () => {
        this.run().catch((err) =>
          this.options.logger.error({ err: String(err) }, 'failed to start controllers'),
        );
      },
      onStoppedLeading: () => {
        void this.stopControllers();
        this.options.onLostLeadership?.();
      },
      onLeaderChange: (leader) =>
        this.options.metrics.leaderStatus.set({ name: election.name }, leader ? 1 : 0),
    });
    this.elector.start();
  }

  /** Graceful stop: finish in-flight reconciles, then hand over the lease, then close probes. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.stopControllers();
    await this.elector?.stop(true);
    await Promise.all(this.servers.map((s) => s.close()));
    this.client.close();
    this.leaseClient.close();
  }

  private async run(): Promise<void> {
    if (this.running || this.stopping) return;
    this.running = true;
    for (const informer of this.informers.values()) informer.start();
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync()));
    if (this.stopping) return;
    for (const hook of this.startHooks) await hook();
    for (const reads of this.initialReads) reads.start();
    for (const controller of this.controllers) controller.start();
    this.options.logger.info(
      { controllers: this.controllers.map((c) => c.name), informers: this.informers.size },
      'controllers started',
    );
  }

  private async stopControllers(): Promise<void> {
    await Promise.all(this.controllers.map((c) => c.stop()));
    for (const reads of this.initialReads) reads.stop();
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
    this.running = false;
  }

  private async startServers(): Promise<void> {
    const { metricsPort, probePort, bindHost } = this.options;
    const handlers = { healthy: () => true, ready: () => this.isReady() };
    if (probePort !== undefined) {
      const same = metricsPort === probePort;
      const server = new ProbeServer(
        same ? { ...handlers, registry: this.options.metrics.registry } : handlers,
      );
      this.servers.push(server);
      this.ports.probes = await server.listen(probePort, bindHost);
      if (same) this.ports.metrics = this.ports.probes;
    }
    if (metricsPort !== undefined && metricsPort !== probePort) {
      const server = new ProbeServer({ ...handlers, registry: this.options.metrics.registry });
      this.servers.push(server);
      this.ports.metrics = await server.listen(metricsPort, bindHost);
    }
  }
}
