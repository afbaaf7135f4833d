import { createHash, randomBytes, scrypt as scryptCallback } from 'node:crypto';
import { promisify } from 'node:util';
import { canonicalJson } from '../lib/json.js';
import type { KubeClient } from '../runtime/kube/client.js';
import { KubeApiError, isNotFound } from '../runtime/kube/errors.js';
import { CoreTypes, type KubeObject } from '../runtime/kube/types.js';
import type { Caller } from './access.js';
import { ApiFailure } from './failure.js';
import type { Answer } from './service.js';

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
) => Promise<Buffer>;

/** Marks the ConfigMaps that hold idempotency records, for the sweep. */
export const IDEMPOTENCY_LABEL = 'grafana.provisioning.dev/idempotency-record';
/** A key and its answer are kept this long after the first request. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
/**
 * A record still without an answer this long after it was taken is one whose replica went away
 * mid-request (a request waits at most 60 s): the next request with the key takes it over.
 */
const ABANDONED_AFTER_MS = 2 * 60_000;
const SWEEP_INTERVAL_MS = 10 * 60_000;

type RecordMap = KubeObject & { data?: Record<string, string> };

/** An answer given again for a repeated key: the first answer's status code and body. */
export type Replayed = Answer & { replayed: true };

/**
 * Idempotency keys, one ConfigMap per (caller, key) in the request's namespace: kept by the
 * apiserver, so they survive a restart and a change of leader and every replica sees them; in the
 * namespace, so they go with it; taken with create, so of two concurrent requests with one key one
 * runs and the other sees AlreadyExists. A record holds a salted scrypt digest of the body (never
 * the body: it may carry secure values), and the answer (which never carries one).
 */
export class IdempotencyStore {
  private readonly lastSweep = new Map<string, number>();

  constructor(
    private readonly client: KubeClient,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * `run`'s answer, recorded under the key; or the recorded answer when the key was used with the
   * same body; a 409 when it was used with another body or its first request is still running.
   */
  async answer(
    namespace: string,
    caller: Caller,
    key: string,
    body: unknown,
    run: () => Promise<Answer>,
  ): Promise<Answer | Replayed> {
    checkKey(key);
    const name = recordName(caller, key);
    for (let attempt = 0; ; attempt++) {
      const existing = await this.read(namespace, name);
      if (existing && !this.expired(existing)) return this.replay(existing, body, key);
      if (existing) await this.client.delete(CoreTypes.configMap, namespace, name).catch(ignoreNotFound);
      const salt = randomBytes(16);
      try {
        await this.client.create<RecordMap>(CoreTypes.configMap, namespace, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name, namespace, labels: { [IDEMPOTENCY_LABEL]: 'true' } },
          data: {
            caller: caller.username,
            key,
            salt: salt.toString('base64'),
            bodyDigest: await digest(body, salt),
            takenAt: new Date(this.now()).toISOString(),
            expiresAt: new Date(this.now() + IDEMPOTENCY_TTL_MS).toISOString(),
          },
        });
      } catch (err) {
        // Another request with this key took it first: answer as a repeat of that one.
        if (err instanceof KubeApiError && err.status === 409 && attempt < 2) continue;
        throw err;
      }
      void this.sweep(namespace);
      return this.record(namespace, name, run);
    }
  }

  private async record(namespace: string, name: string, run: () => Promise<Answer>): Promise<Answer> {
    let answer: Answer;
    try {
      answer = await run();
    } catch (err) {
      if (err instanceof ApiFailure && err.statusCode < 500) {
        await this.store(namespace, name, {
          statusCode: err.statusCode,
          body: err.body(),
          headers: err.headers,
        });
      } else {
        // Not an answer to keep (the apiserver failed, a bug): the key may be used again.
        await this.client.delete(CoreTypes.configMap, namespace, name).catch(ignoreNotFound);
      }
      throw err;
    }
    await this.store(namespace, name, answer);
    return answer;
  }

  private async store(namespace: string, name: string, answer: Answer): Promise<void> {
    await this.client.mergePatch(CoreTypes.configMap, namespace, name, {
      data: { answer: JSON.stringify(answer) },
    });
  }

  private async replay(record: RecordMap, body: unknown, key: string): Promise<Replayed> {
    const data = record.data ?? {};
    if ((await digest(body, Buffer.from(data.salt ?? '', 'base64'))) !== data.bodyDigest)
      throw new ApiFailure(
        409,
        'IdempotencyKeyReused',
        `Idempotency-Key "${key}" was used with a different body; use a new key for a new request`,
      );
    if (!data.answer)
      throw new ApiFailure(
        409,
        'IdempotencyKeyInProgress',
        `the first request with Idempotency-Key "${key}" is still being answered; retry shortly`,
        {},
        { 'Retry-After': '1' },
      );
    return { ...(JSON.parse(data.answer) as Answer), replayed: true };
  }

  private expired(record: RecordMap): boolean {
    const data = record.data ?? {};
    const now = this.now();
    if (Date.parse(data.expiresAt ?? '') <= now) return true;
    return !data.answer && Date.parse(data.takenAt ?? '') + ABANDONED_AFTER_MS <= now;
  }

  private async read(namespace: string, name: string): Promise<RecordMap | undefined> {
    return this.client.find<RecordMap>(CoreTypes.configMap, namespace, name);
  }

  /** Deletes the namespace's expired records, at most once per interval per namespace. */
  private async sweep(namespace: string): Promise<void> {
    const now = this.now();
    if ((this.lastSweep.get(namespace) ?? -Infinity) + SWEEP_INTERVAL_MS > now) return;
    this.lastSweep.set(namespace, now);
    try {
      const records = await this.client.list<RecordMap>(CoreTypes.configMap, namespace, {
        labelSelector: `${IDEMPOTENCY_LABEL}=true`,
      });
      for (const record of records.items)
        if (Date.parse(record.data?.expiresAt ?? '') <= now)
          await this.client
            .delete(CoreTypes.configMap, namespace, record.metadata?.name ?? '')
            .catch(ignoreNotFound);
    } catch {
      // Best effort: an expired record is ignored when read anyway.
    }
  }
}

/** One record per caller and key: another caller's same key is another record. */
export function recordName(caller: Caller, key: string): string {
  const hash = createHash('sha256').update(`${caller.username}\n${key}`).digest('hex');
  return `provisioning-idempotency-${hash.slice(0, 40)}`;
}

function checkKey(key: string): void {
  if (!key || key.length > 255 || !/^[\x21-\x7e]+$/.test(key))
    throw new ApiFailure(400, 'Invalid', 'Idempotency-Key: 1 to 255 visible ASCII characters', {
      errors: ['Idempotency-Key: 1 to 255 visible ASCII characters'],
    });
}

/** A slow, salted digest: a reader of the ConfigMap learns nothing practical about the body. */
async function digest(body: unknown, salt: Buffer): Promise<string> {
  return (await scrypt(canonicalJson(body) ?? 'null', salt, 32)).toString('base64');
}

function ignoreNotFound(err: unknown): void {
  if (!isNotFound(err)) throw err;
}
