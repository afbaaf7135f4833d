import pino from 'pino';
import { GrafanaInstanceResource } from '../../src/api/generated/index.js';
import { Informer } from '../../src/runtime/informer.js';
import { KubeClient } from '../../src/runtime/kube/client.js';
import type { KubeObject } from '../../src/runtime/kube/types.js';
import { createTestNamespace, e2eCluster } from './cluster.js';
import { TestKube } from './kube.js';

/**
 * A namespace of the e2e cluster for tests of the reconcile skeleton on GrafanaInstance objects:
 * a client whose every request is counted (`METHOD resource`, for the skeleton), and the metadata
 * cache of the namespace's instances the operator would hold.
 */
export interface CountedSkeletonSetup {
  kube: TestKube;
  counted: KubeClient;
  requests: string[];
  cache: Informer<KubeObject>;
  stop(): Promise<void>;
}

export async function countedSkeletonSetup(namespacePrefix: string): Promise<CountedSkeletonSetup> {
  const kube = new TestKube(await createTestNamespace(namespacePrefix));
  const requests: string[] = [];
  const counted = new KubeClient(e2eCluster().kubeConfig(), {
    onRequest: ({ method, resource }) => void requests.push(`${method} ${resource}`),
  });
  const cache = new Informer<KubeObject>(kube.client, {
    type: GrafanaInstanceResource,
    namespace: kube.namespace,
    metadataOnly: true,
    logger: pino({ level: 'silent' }),
  });
  cache.start();
  await cache.waitForSync();
  return {
    kube,
    counted,
    requests,
    cache,
    async stop() {
      await cache.stop();
      counted.close();
      kube.client.close();
    },
  };
}
