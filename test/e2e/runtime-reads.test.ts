/**
 * How the runtime reads an object for a reconcile, against the real apiserver: "not older than"
 * the version its cache holds, so the apiserver answers from its watch cache instead of a quorum
 * read of etcd — and never older than the client's own last write, nor stuck on a version the
 * apiserver has not reached.
 */
import { KubeClient } from '../../src/runtime/kube/client.js';
import { CoreTypes, type KubeObject } from '../../src/runtime/kube/types.js';
import { createTestNamespace, e2eCluster } from '../support/cluster.js';

type ConfigMap = KubeObject & { data?: Record<string, string> };

let namespace: string;
let client: KubeClient;
/** Another party: writes the runtime's client does not know of. */
let other: KubeClient;
/** The resourceVersion each GET of `client` asked for ('' for a quorum read). */
let reads: string[];

beforeAll(async () => {
  namespace = await createTestNamespace('runtime-reads');
  other = new KubeClient(e2eCluster().kubeConfig());
});

beforeEach(() => {
  client = new KubeClient(e2eCluster().kubeConfig());
  reads = [];
  const request = client.request.bind(client);
  client.request = ((method, path, options, label) => {
    if (method === 'GET') reads.push(String(options?.query?.resourceVersion ?? ''));
    return request(method, path, options, label);
  }) as KubeClient['request'];
});

afterEach(() => client.close());
afterAll(() => other?.close());

const configMap = (name: string, data: Record<string, string>): ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data,
});

describe('reading an object not older than a cached version', () => {
  it('asks for that version and gets the object as it is now, newer if it changed since', async () => {
    const created = await other.create(CoreTypes.configMap, namespace, configMap('a', { v: '1' }));
    const cached = created.metadata!.resourceVersion!;
    await other.mergePatch(CoreTypes.configMap, namespace, 'a', { data: { v: '2' } });

    const read = await client.get<ConfigMap>(CoreTypes.configMap, namespace, 'a', { notOlderThan: cached });

    expect(reads).toEqual([cached]);
    expect(read.data).toEqual({ v: '2' });
  });

  it("asks for the client's own last write when the cached version is older", async () => {
    const created = await other.create(CoreTypes.configMap, namespace, configMap('b', { v: '1' }));
    const cached = created.metadata!.resourceVersion!;
    const written = await client.mergePatch<ConfigMap>(CoreTypes.configMap, namespace, 'b', {
      data: { v: 'ours' },
    });

    const read = await client.get<ConfigMap>(CoreTypes.configMap, namespace, 'b', { notOlderThan: cached });

    expect(reads).toEqual([written.metadata!.resourceVersion]);
    expect(read.data).toEqual({ v: 'ours' });
    // Seen once: the next read goes by the cache's version again.
    await client.get(CoreTypes.configMap, namespace, 'b', { notOlderThan: cached });
    expect(reads[1]).toBe(cached);
  });

  it('falls back to a quorum read when the apiserver has not reached the version (after its 3 s wait)', async () => {
    const created = await other.create(CoreTypes.configMap, namespace, configMap('c', { v: '1' }));
    const ahead = String(BigInt(created.metadata!.resourceVersion!) + 1_000_000n);

    const read = await client.get<ConfigMap>(CoreTypes.configMap, namespace, 'c', { notOlderThan: ahead });

    expect(reads).toEqual([ahead, '']);
    expect(read.data).toEqual({ v: '1' });
  }, 20_000);

  it('finds an object deleted since its cached version gone', async () => {
    const created = await other.create(CoreTypes.configMap, namespace, configMap('d', { v: '1' }));
    await other.delete(CoreTypes.configMap, namespace, 'd');

    const read = await client.find(CoreTypes.configMap, namespace, 'd', {
      notOlderThan: created.metadata!.resourceVersion!,
    });

    expect(read).toBeUndefined();
    expect(reads).toEqual([created.metadata!.resourceVersion]);
  });

  it('reads at quorum without a cached version', async () => {
    await other.create(CoreTypes.configMap, namespace, configMap('e', { v: '1' }));
    expect((await client.get<ConfigMap>(CoreTypes.configMap, namespace, 'e')).data).toEqual({ v: '1' });
    expect(reads).toEqual(['']);
  });

  it('takes a copy a list read as the answer, without a request, when it is not older than the cached version', async () => {
    await other.create(CoreTypes.configMap, namespace, configMap('f', { v: '1' }));
    const page = await other.listPage<ConfigMap>(CoreTypes.configMap, namespace, { limit: 500 });
    const listed = page.items.find((item) => item.metadata?.name === 'f')!;
    const cached = listed.metadata!.resourceVersion!;

    const read = await client.get<ConfigMap>(CoreTypes.configMap, namespace, 'f', {
      notOlderThan: cached,
      listed,
    });

    expect(reads).toEqual([]);
    expect(read.data).toEqual({ v: '1' });
  });

  it('reads again when the listed copy is older than the cached version or than our own last write', async () => {
    await other.create(CoreTypes.configMap, namespace, configMap('g', { v: '1' }));
    const listed = (await other.listPage<ConfigMap>(CoreTypes.configMap, namespace)).items.find(
      (item) => item.metadata?.name === 'g',
    )!;
    const changed = await other.mergePatch<ConfigMap>(CoreTypes.configMap, namespace, 'g', {
      data: { v: '2' },
    });

    const afterChange = await client.get<ConfigMap>(CoreTypes.configMap, namespace, 'g', {
      notOlderThan: changed.metadata!.resourceVersion!,
      listed,
    });
    expect(afterChange.data).toEqual({ v: '2' });

    const ours = await client.mergePatch<ConfigMap>(CoreTypes.configMap, namespace, 'g', {
      data: { v: 'ours' },
    });
    const afterOurs = await client.get<ConfigMap>(CoreTypes.configMap, namespace, 'g', {
      notOlderThan: changed.metadata!.resourceVersion!,
      listed: changed,
    });
    expect(afterOurs.data).toEqual({ v: 'ours' });
    expect(reads).toEqual([changed.metadata!.resourceVersion, ours.metadata!.resourceVersion]);
  });
});
