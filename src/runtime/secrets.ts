import type { KubeClient } from './kube/client.js';
import { CoreTypes, type KubeObject } from './kube/types.js';

interface Secret extends KubeObject {
  data?: Record<string, string>;
}

/** A referenced Secret or key is missing; the object waits (and is requeued when it appears). */
export class SecretNotFoundError extends Error {
  readonly reason = 'SecretNotFound';

  constructor(
    readonly secretName: string,
    readonly key: string,
    readonly missing: 'secret' | 'key',
  ) {
    super(
      missing === 'secret'
        ? `Secret "${secretName}" not found`
        : `Secret "${secretName}" has no key "${key}"`,
    );
    this.name = 'SecretNotFoundError';
  }
}

/**
 * Reads Secret values for one reconcile. Each Secret is fetched once per reader, and every
 * Secret read is remembered so the caller can register it as a reference (its changes requeue
 * the object). Values are returned to the caller only; they never go to logs or status.
 */
export class SecretReader {
  private readonly fetched = new Map<string, Promise<Secret | undefined>>();
  readonly referenced = new Set<string>();
  /** resourceVersion of each Secret read: hashed instead of values, so a rotation is noticed. */
  readonly versions = new Map<string, string>();

  constructor(
    private readonly client: KubeClient,
    private readonly namespace: string,
  ) {}

  async value(ref: { name: string; key: string }): Promise<string> {
    this.referenced.add(ref.name);
    let pending = this.fetched.get(ref.name);
    if (!pending) {
      pending = this.client.find<Secret>(CoreTypes.secret, this.namespace, ref.name);
      this.fetched.set(ref.name, pending);
    }
    const secret = await pending;
    if (!secret) throw new SecretNotFoundError(ref.name, ref.key, 'secret');
    this.versions.set(ref.name, secret.metadata?.resourceVersion ?? '');
    const encoded = secret.data?.[ref.key];
    if (encoded === undefined) throw new SecretNotFoundError(ref.name, ref.key, 'key');
    return Buffer.from(encoded, 'base64').toString('utf8');
  }
}
