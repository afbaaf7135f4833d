import type { GrafanaInstance } from '../api/generated/index.js';
import type { GrafanaApi } from '../grafana/index.js';
import type { SharedInformer } from '../runtime/informer.js';
import type { KubeClient } from '../runtime/kube/client.js';
import type { KubeObject } from '../runtime/kube/types.js';
import { SecretReader } from '../runtime/secrets.js';
import type { GrafanaClients } from './grafana-clients.js';
import { connectionFromSpec } from './instance-connection.js';
import { SnapshotCache } from './snapshot.js';

/** One selected GrafanaInstance, ready to be written to. */
export interface InstanceTarget {
  /** namespace/name of the GrafanaInstance. */
  key: string;
  name: string;
  orgId: number;
  /**
   * The Grafana org this instance acts in (see orgKeyOf). Instances in any namespace that point
   * at the same org share one org: one set of list snapshots, one write lock, one set of claims.
   */
  orgKey: string;
  /** The Grafana version the instance reported (`status.version`); undefined when hidden. */
  grafanaVersion: string | undefined;
  api: GrafanaApi;
  /** Per-instance list snapshots shared by every object of every kind. */
  snapshots: SnapshotCache;
  /**
   * Runs `work` after every earlier `exclusive` call on this instance has finished. Alerting's
   * notification resources (contact points, policies, templates, mute timings) share one
   * Alertmanager document per org that every write rewrites (contract §8.10): one at a time.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}

/** A promise-chain mutex: callers run in arrival order, one at a time. */
function serialiser(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>) => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}

interface Cached {
  fingerprint: string;
  target: InstanceTarget;
}

/** Where an instance's content lives: named when content has to be left there. */
export interface InstanceAddress {
  url: string;
  orgId: number;
}

/** Addresses of instances remembered after they are gone; a bound, not a cache policy. */
const MAX_ADDRESSES = 1024;

/**
 * Turns a Ready GrafanaInstance into a Grafana client scoped to its org. The Secrets are read
 * again only when the instance or one of its Secrets changed (judged from resourceVersions in
 * the metadata caches), so reconciling many objects does not mean reading Secrets many times.
 *
 * A GrafanaInstance being deleted keeps the connection it last had (built while it was Ready):
 * it only serves its dependants' deletes now, and its Secrets may already be gone (deleting a
 * namespace deletes them at once) or changed. `forget` drops it once the instance is finalized.
 */
export class InstanceTargets {
  private readonly cache = new Map<string, Cached>();
  /** Per Grafana org (orgKey), shared by every instance that acts in it. */
  private readonly orgs = new Map<string, Pick<InstanceTarget, 'snapshots' | 'exclusive'>>();
  private readonly addresses = new Map<string, InstanceAddress>();
  /** Connections being built, per instance: reconciles that ask meanwhile share one (one read of its Secrets). */
  private readonly building = new Map<string, { fingerprint: string; target: Promise<InstanceTarget> }>();

  constructor(
    private readonly kube: KubeClient,
    private readonly clients: GrafanaClients,
    private readonly secrets: SharedInformer<KubeObject>,
    /** How long each org's list snapshots are served (SNAPSHOT_MAX_AGE_MS). */
    private readonly snapshotMaxAgeMs: number,
  ) {}

  async get(instance: GrafanaInstance): Promise<InstanceTarget> {
    const namespace = instance.metadata?.namespace ?? '';
    const name = instance.metadata?.name ?? '';
    const key = `${namespace}/${name}`;
    const orgId = instance.status?.orgId ?? 1;
    const orgKey = orgKeyOf(instance);
    const secretVersions = secretNames(instance)
      .map(
        (secret) =>
          `${secret}@${this.secrets.get(`${namespace}/${secret}`)?.metadata?.resourceVersion ?? '?'}`,
      )
      .join(',');
    const grafanaVersion = instance.status?.version || undefined;
    const fingerprint = `${instance.metadata?.generation}|${orgId}|${grafanaVersion}|${secretVersions}`;
    const cached = this.cache.get(key);
    if (cached?.fingerprint === fingerprint) return cached.target;
    if (cached && instance.metadata?.deletionTimestamp) return cached.target;
    const building = this.building.get(key);
    if (building?.fingerprint === fingerprint) return building.target;
    // Taken before any await: reconciles that race here must all share one list cache and one
    // write lock per org, or writes land in caches nobody reads.
    const state = this.stateFor(orgKey);
    const target = this.connect(instance, fingerprint, {
      key,
      name,
      orgId,
      orgKey,
      grafanaVersion,
      ...state,
    });
    this.building.set(key, { fingerprint, target });
    try {
      return await target;
    } finally {
      if (this.building.get(key)?.target === target) this.building.delete(key);
    }
  }

  /** Reads the instance's Secrets and makes its client: the target, cached under `fingerprint`. */
  private async connect(
    instance: GrafanaInstance,
    fingerprint: string,
    at: Omit<InstanceTarget, 'api'>,
  ): Promise<InstanceTarget> {
    const connection = await connectionFromSpec(
      instance.spec,
      new SecretReader(this.kube, instance.metadata?.namespace ?? ''),
    );
    const target: InstanceTarget = {
      ...at,
      api: this.clients.forInstance(at.key, connection).withOrg(at.orgId),
    };
    this.cache.set(at.key, { fingerprint, target });
    this.addresses.delete(at.key);
    if (this.addresses.size >= MAX_ADDRESSES) this.addresses.delete(this.addresses.keys().next().value!);
    this.addresses.set(at.key, { url: instance.spec.url, orgId: at.orgId });
    return target;
  }

  /**
   * The Grafana and org the instance's last connection went to, also after the instance is gone
   * (content left there is reported with it); undefined when this process never connected.
   */
  address(key: string): InstanceAddress | undefined {
    return this.addresses.get(key);
  }

  /** A new org is another Grafana state entirely; the same org keeps its lists and its lock. */
  private stateFor(orgKey: string): Pick<InstanceTarget, 'snapshots' | 'exclusive'> {
    let state = this.orgs.get(orgKey);
    if (!state) {
      state = { snapshots: new SnapshotCache(this.snapshotMaxAgeMs), exclusive: serialiser() };
      this.orgs.set(orgKey, state);
    }
    return state;
  }

  /** Drops the connection (and its credentials) of an instance that is gone; the address stays. */
  forget(key: string): void {
    const orgKey = this.cache.get(key)?.target.orgKey;
    this.cache.delete(key);
    // The org's lists and lock go with the last instance that acts in it.
    if (orgKey && ![...this.cache.values()].some((c) => c.target.orgKey === orgKey)) this.orgs.delete(orgKey);
  }
}

/**
 * Identifies the Grafana org an instance acts in: its URL as Grafana would be reached (scheme,
 * host, port when not the default, sub-path; case and a trailing slash ignored) and the org id.
 * Two instances with the same key, in whatever namespaces, write to the same Grafana objects.
 */
export function orgKeyOf(instance: GrafanaInstance): string {
  return `${normaliseUrl(instance.spec.url)}|org ${instance.status?.orgId ?? instance.spec.org?.id ?? 1}`;
}

/** Identifies the Grafana server an instance points at: its URL as {@link orgKeyOf} normalises it. */
export function serverKeyOf(instance: GrafanaInstance): string {
  return normaliseUrl(instance.spec.url);
}

function normaliseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url.trim().replace(/\/+$/, '').toLowerCase();
  }
}

function secretNames(instance: GrafanaInstance): string[] {
  const { auth, tls } = instance.spec;
  return [
    auth.token?.secretKeyRef.name,
    auth.basic?.usernameSecretKeyRef?.name,
    auth.basic?.passwordSecretKeyRef.name,
    tls?.caSecretKeyRef?.name,
  ].filter((n): n is string => Boolean(n));
}
