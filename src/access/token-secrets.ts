/**
 * The Secrets that hold a GrafanaServiceAccount's tokens: the only place a token's value is kept.
 * Each is owned by the object (an ownerReference, so it goes with it), records in annotations which
 * Grafana token it holds (never the value), and carries the value under `token`, which a
 * GrafanaInstance reads as is (spec.auth.token.secretKeyRef). A Secret of that name that the
 * object does not own is never written: a Conflict naming it.
 */
import { parseDuration } from '../lib/duration.js';
import { ObjectError } from '../lib/object-error.js';
import type { KubeClient } from '../runtime/kube/client.js';
import { CoreTypes, type KubeObject, type OwnerReference } from '../runtime/kube/types.js';
import { ReferenceTracker } from '../runtime/references.js';
import type { DesiredToken, HeldToken } from './service-account.js';

/** The key a GrafanaInstance's spec.auth.token.secretKeyRef names. */
export const TOKEN_KEY = 'token';
const PREFIX = 'grafana.provisioning.dev/';
const INSTANCE = `${PREFIX}instance`;
const ACCOUNT_ID = `${PREFIX}service-account-id`;
const TOKEN_ID = `${PREFIX}token-id`;
const SECONDS_TO_LIVE = `${PREFIX}seconds-to-live`;
/** Labels the Secrets of one object, to find those of tokens that left the spec. */
const OWNER_LABEL = `${PREFIX}service-account`;

interface SecretObject extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}

/** The object that owns the Secrets: what a reconcile context gives. */
export interface SecretOwner {
  kube: KubeClient;
  namespace: string;
  object: KubeObject & { apiVersion?: string; kind?: string };
  references: Set<string>;
}

/** A token just made in Grafana, to be put into its Secret. */
export interface MintedToken {
  instance: string;
  serviceAccountId: number;
  tokenId: number;
  secondsToLive?: number;
  value: string;
}

export class TokenSecrets {
  constructor(
    private readonly owner: SecretOwner,
    private readonly ownerRef: OwnerReference,
  ) {}

  /** For a reconcile of `object` (kind and apiVersion as the resource names them). */
  static of(owner: SecretOwner, resource: { group: string; version: string; kind: string }): TokenSecrets {
    const meta = owner.object.metadata ?? {};
    return new TokenSecrets(owner, {
      apiVersion: `${resource.group}/${resource.version}`,
      kind: resource.kind,
      name: meta.name ?? '',
      uid: meta.uid ?? '',
      controller: true,
    });
  }

  /**
   * What each token's Secret holds; a change of one requeues the object.
   * @throws ObjectError Conflict for a Secret this object does not own.
   */
  async held(token: Pick<DesiredToken, 'secretName'>): Promise<HeldToken | undefined> {
    const { namespace, references } = this.owner;
    references.add(ReferenceTracker.key(CoreTypes.secret.kind, namespace, token.secretName));
    const secret = await this.ours(token.secretName);
    return secret && heldBy(secret);
  }

  /** The spec's tokens as desired: their lifetimes in seconds, and what each one's Secret holds now. */
  async desired(
    tokens: ReadonlyArray<{ name: string; secretName: string; expiresIn?: string }>,
  ): Promise<DesiredToken[]> {
    return Promise.all(
      tokens.map(async ({ name, secretName, expiresIn }) => {
        const ms = parseDuration(expiresIn);
        const held = await this.held({ secretName });
        return {
          name,
          secretName,
          ...(ms !== undefined ? { secondsToLive: Math.round(ms / 1000) } : {}),
          ...(held ? { held } : {}),
        };
      }),
    );
  }

  /** Puts a new token into its Secret, creating the Secret or replacing what it held. */
  async write(token: Pick<DesiredToken, 'secretName'>, minted: MintedToken): Promise<void> {
    const { kube, namespace } = this.owner;
    const existing = await this.ours(token.secretName);
    const body: SecretObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: token.secretName,
        namespace,
        ...(existing?.metadata?.resourceVersion
          ? { resourceVersion: existing.metadata.resourceVersion }
          : {}),
        labels: { ...existing?.metadata?.labels, [OWNER_LABEL]: this.ownerRef.name },
        annotations: {
          ...existing?.metadata?.annotations,
          [INSTANCE]: minted.instance,
          [ACCOUNT_ID]: String(minted.serviceAccountId),
          [TOKEN_ID]: String(minted.tokenId),
          [SECONDS_TO_LIVE]: minted.secondsToLive === undefined ? '' : String(minted.secondsToLive),
        },
        ownerReferences: [this.ownerRef],
      },
      type: 'Opaque',
      data: { [TOKEN_KEY]: Buffer.from(minted.value, 'utf8').toString('base64') },
    };
    if (existing) await kube.replace(CoreTypes.secret, namespace, token.secretName, body);
    else await kube.create(CoreTypes.secret, namespace, body);
  }

  /** Deletes this object's token Secrets whose names are not in `keep` (tokens that left the spec). */
  async removeOthers(keep: ReadonlySet<string>): Promise<void> {
    const { kube, namespace } = this.owner;
    const secrets = await kube.list<SecretObject>(CoreTypes.secret, namespace, {
      labelSelector: `${OWNER_LABEL}=${this.ownerRef.name}`,
      metadataOnly: true,
    });
    for (const secret of secrets.items) {
      const name = secret.metadata?.name ?? '';
      if (!keep.has(name) && this.owns(secret)) await kube.delete(CoreTypes.secret, namespace, name);
    }
  }

  /** The Secret, if there is one and this object owns it. */
  private async ours(name: string): Promise<SecretObject | undefined> {
    const secret = await this.owner.kube.find<SecretObject>(CoreTypes.secret, this.owner.namespace, name);
    if (secret && !this.owns(secret)) {
      throw new ObjectError(
        'Conflict',
        `Secret ${name} exists and is not owned by this ${this.ownerRef.kind}; it is never overwritten: delete it, or choose another tokens[].secretName`,
      );
    }
    return secret;
  }

  private owns(secret: KubeObject): boolean {
    return (secret.metadata?.ownerReferences ?? []).some((ref) => ref.uid === this.ownerRef.uid);
  }
}

/** What a Secret's annotations record of its token; undefined when they record none. */
function heldBy(secret: SecretObject): HeldToken | undefined {
  const annotations = secret.metadata?.annotations ?? {};
  const serviceAccountId = Number(annotations[ACCOUNT_ID]);
  const tokenId = Number(annotations[TOKEN_ID]);
  if (!Number.isInteger(serviceAccountId) || !Number.isInteger(tokenId)) return undefined;
  const seconds = annotations[SECONDS_TO_LIVE];
  return {
    instance: annotations[INSTANCE] ?? '',
    serviceAccountId,
    tokenId,
    ...(seconds ? { secondsToLive: Number(seconds) } : {}),
    hasValue: Boolean(secret.data?.[TOKEN_KEY]),
  };
}
