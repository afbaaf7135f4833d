import { unrecorded } from '../lib/read-record.js';
import type { KubeClient } from './kube/client.js';
import { CoreTypes, type KubeObject, type ResourceType } from './kube/types.js';
import { RecordingSet } from './references.js';

interface KeyedObject extends KubeObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
}

/** A referenced Secret/ConfigMap or key is missing; the object waits (and is requeued when it appears). */
export class KeyNotFoundError extends Error {
  readonly reason: 'SecretNotFound' | 'ConfigMapNotFound';

  constructor(
    readonly kind: 'Secret' | 'ConfigMap',
    readonly objectName: string,
    readonly key: string,
    readonly missing: 'object' | 'key',
  ) {
    super(
      missing === 'object'
        ? `${kind} "${objectName}" not found`
        : `${kind} "${objectName}" has no key "${key}"`,
    );
    this.name = 'KeyNotFoundError';
    this.reason = kind === 'Secret' ? 'SecretNotFound' : 'ConfigMapNotFound';
  }
}

/**
 * Reads values of Secret or ConfigMap keys for one reconcile. Each object is fetched once per
 * reader, and every object read is remembered so the caller can register it as a reference
 * (its changes requeue the reader's owner) and hash its resourceVersion instead of its content.
 * Secret values go to the caller only, never to logs or status.
 */
class KeyReader {
  private readonly fetched = new Map<string, Promise<KeyedObject | undefined>>();
  readonly referenced: Set<string>;
  /** resourceVersion of each object read: hashed instead of values, so a change is noticed. */
  readonly versions = new Map<string, string>();

  constructor(
    private readonly client: KubeClient,
    private readonly namespace: string,
    private readonly type: ResourceType & { kind: 'Secret' | 'ConfigMap' },
    /** Told of each object as it is first named, before it is read (see ReferenceTracker.add). */
    onReference: (name: string) => void = () => undefined,
  ) {
    this.referenced = new RecordingSet(onReference);
  }

  async value(ref: { name: string; key: string }): Promise<string> {
    return (await this.bytes(ref)).toString('utf8');
  }

  async bytes(ref: { name: string; key: string }): Promise<Buffer> {
    this.referenced.add(ref.name);
    let pending = this.fetched.get(ref.name);
    if (!pending) {
      // Unrecorded: the object is a reference, whose changes requeue the reader as events.
      pending = unrecorded(() => this.client.find<KeyedObject>(this.type, this.namespace, ref.name));
      this.fetched.set(ref.name, pending);
    }
    const object = await pending;
    if (!object) throw new KeyNotFoundError(this.type.kind, ref.name, ref.key, 'object');
    this.versions.set(ref.name, object.metadata?.resourceVersion ?? '');
    // Secret data is base64; ConfigMap data is text, and binaryData base64.
    if (this.type.kind === 'Secret') {
      const encoded = object.data?.[ref.key];
      if (encoded !== undefined) return Buffer.from(encoded, 'base64');
    } else {
      const text = object.data?.[ref.key];
      if (text !== undefined) return Buffer.from(text, 'utf8');
      const binary = object.binaryData?.[ref.key];
      if (binary !== undefined) return Buffer.from(binary, 'base64');
    }
    throw new KeyNotFoundError(this.type.kind, ref.name, ref.key, 'key');
  }
}

export class SecretReader extends KeyReader {
  constructor(client: KubeClient, namespace: string, onReference?: (name: string) => void) {
    super(client, namespace, CoreTypes.secret, onReference);
  }
}

export class ConfigMapReader extends KeyReader {
  constructor(client: KubeClient, namespace: string, onReference?: (name: string) => void) {
    super(client, namespace, CoreTypes.configMap, onReference);
  }
}
