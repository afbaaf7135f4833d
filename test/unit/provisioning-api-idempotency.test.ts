import type { KubeClient } from '../../src/runtime/kube/client.js';
import { KubeApiError } from '../../src/runtime/kube/errors.js';
import type { KubeObject } from '../../src/runtime/kube/types.js';
import { ApiFailure } from '../../src/provisioning-api/failure.js';
import { IDEMPOTENCY_TTL_MS, IdempotencyStore } from '../../src/provisioning-api/idempotency-store.js';
import type { Answer } from '../../src/provisioning-api/service.js';

type Stored = KubeObject & { data?: Record<string, string> };

/** ConfigMaps in memory, with the apiserver's answers the store relies on. */
function configMaps() {
  const objects = new Map<string, Stored>();
  const client = {
    find: async (_type: unknown, _ns: string, name: string) => structuredClone(objects.get(name)),
    create: async (_type: unknown, _ns: string, object: Stored) => {
      const name = object.metadata!.name!;
      if (objects.has(name)) throw new KubeApiError('POST', name, 409, 'AlreadyExists', 'exists');
      objects.set(name, structuredClone(object));
      return object;
    },
    mergePatch: async (
      _type: unknown,
      _ns: string,
      name: string,
      patch: { data: Record<string, string> },
    ) => {
      const object = objects.get(name)!;
      object.data = { ...object.data, ...patch.data };
      return object;
    },
    delete: async (_type: unknown, _ns: string, name: string) => {
      if (!objects.delete(name)) throw new KubeApiError('DELETE', name, 404, 'NotFound', 'gone');
    },
    list: async () => ({ items: [...objects.values()] }),
  };
  return { objects, client: client as unknown as KubeClient };
}

const caller = { username: 'ci', groups: [] };
const created: Answer = { statusCode: 201, body: { id: 'datasource.a', status: 'applied' } };

describe('idempotency records', () => {
  it('replays the answer for 24 hours, then runs the request again', async () => {
    let now = 0;
    const { client } = configMaps();
    const store = new IdempotencyStore(client, () => now);
    let runs = 0;
    const run = async () => (runs++, created);
    expect(await store.answer('ns', caller, 'k', { a: 1, b: 2 }, run)).toEqual(created);
    // Key order does not make another body.
    expect(await store.answer('ns', caller, 'k', { b: 2, a: 1 }, run)).toEqual({
      ...created,
      replayed: true,
    });
    await expect(store.answer('ns', caller, 'k', { a: 2 }, run)).rejects.toMatchObject({
      statusCode: 409,
      reason: 'IdempotencyKeyReused',
    });
    expect(runs).toBe(1);
    now = IDEMPOTENCY_TTL_MS;
    expect(await store.answer('ns', caller, 'k', { a: 2 }, run)).toEqual(created);
    expect(runs).toBe(2);
  });

  it('keeps a 4xx answer, but not a failure of the apiserver, and answers a repeat in progress with 409', async () => {
    const { client, objects } = configMaps();
    const store = new IdempotencyStore(client, () => 0);
    const refused = new ApiFailure(403, 'Forbidden', 'no');
    await expect(store.answer('ns', caller, 'refused', {}, () => Promise.reject(refused))).rejects.toBe(
      refused,
    );
    expect(await store.answer('ns', caller, 'refused', {}, async () => created)).toMatchObject({
      statusCode: 403,
      replayed: true,
    });
    const broken = new Error('apiserver unavailable');
    await expect(store.answer('ns', caller, 'broken', {}, () => Promise.reject(broken))).rejects.toBe(broken);
    expect(await store.answer('ns', caller, 'broken', {}, async () => created)).toEqual(created);

    let release: () => void = () => undefined;
    const first = store.answer(
      'ns',
      caller,
      'slow',
      {},
      () => new Promise((resolve) => (release = () => resolve(created))),
    );
    while (![...objects.values()].some((record) => record.data?.key === 'slow'))
      await new Promise((resolve) => setImmediate(resolve));
    await expect(store.answer('ns', caller, 'slow', {}, async () => created)).rejects.toMatchObject({
      statusCode: 409,
      reason: 'IdempotencyKeyInProgress',
    });
    release();
    expect(await first).toEqual(created);
  });
});
