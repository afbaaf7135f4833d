import {
  GrafanaInstanceResource,
  type GrafanaInstance,
  type GrafanaInstanceSpec,
} from '../../src/api/generated/index.js';
import type { Condition } from '../../src/runtime/conditions.js';
import { KubeClient } from '../../src/runtime/kube/client.js';
import { CoreTypes, type KubeObject, type ResourceType } from '../../src/runtime/kube/types.js';
import { e2eCluster } from './cluster.js';
import { eventually } from './wait.js';

/** Small helpers over our own Kubernetes client for arranging and asserting e2e state. */
export class TestKube {
  readonly client: KubeClient;

  constructor(readonly namespace: string) {
    this.client = new KubeClient(e2eCluster().kubeConfig());
  }

  async secret(name: string, data: Record<string, string>): Promise<void> {
    const body = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace: this.namespace },
      data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    };
    const existing = await this.client.find(CoreTypes.secret, this.namespace, name);
    if (existing)
      await this.client.replace(CoreTypes.secret, this.namespace, name, {
        ...body,
        metadata: { ...body.metadata, resourceVersion: existing.metadata?.resourceVersion },
      });
    else await this.client.create(CoreTypes.secret, this.namespace, body);
  }

  async instance(
    name: string,
    spec: GrafanaInstanceSpec,
    labels: Record<string, string> = {},
  ): Promise<GrafanaInstance> {
    return this.client.create<GrafanaInstance>(GrafanaInstanceResource, this.namespace, {
      apiVersion: 'grafana.provisioning.dev/v1beta1',
      kind: 'GrafanaInstance',
      metadata: { name, namespace: this.namespace, labels },
      spec,
    });
  }

  get<T extends KubeObject>(type: ResourceType, name: string): Promise<T> {
    return this.client.get<T>(type, this.namespace, name);
  }

  /** Waits until the object's Ready condition matches, for the current generation. */
  async waitReady(
    type: ResourceType,
    name: string,
    expected: { status: Condition['status']; reason?: string },
    timeoutMs = 30_000,
  ): Promise<KubeObject & { status?: { conditions?: Condition[] } }> {
    return eventually(
      async () => {
        const object = await this.get<KubeObject & { status?: { conditions?: Condition[] } }>(type, name);
        const ready = object.status?.conditions?.find((c) => c.type === 'Ready');
        const matches =
          ready?.status === expected.status &&
          (expected.reason === undefined || ready.reason === expected.reason) &&
          ready.observedGeneration === object.metadata?.generation;
        if (!matches)
          throw new Error(
            `${type.kind} ${name} Ready is ${JSON.stringify(ready)}; want ${JSON.stringify(expected)}`,
          );
        return object;
      },
      { timeoutMs },
    );
  }

  async events(
    objectName: string,
  ): Promise<Array<{ reason: string; message: string; type: string; count: number }>> {
    const list = await this.client.list<
      KubeObject & {
        reason: string;
        message: string;
        type: string;
        count: number;
        involvedObject: { name: string };
      }
    >(CoreTypes.event, this.namespace);
    return list.items.filter((e) => e.involvedObject.name === objectName);
  }
}
