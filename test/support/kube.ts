import {
  GrafanaInstanceResource,
  type GrafanaInstance,
  type GrafanaInstanceSpec,
  type GrafanaInstanceStatus,
  type GrafanaObjectStatus,
} from '../../src/api/generated/index.js';
import type { Condition } from '../../src/runtime/conditions.js';
import { KubeClient } from '../../src/runtime/kube/client.js';
import { CoreTypes, type KubeObject, type ResourceType } from '../../src/runtime/kube/types.js';
import { e2eCluster } from './cluster.js';
import { eventually } from './wait.js';

/** Any of our objects, with the status fields of every kind (tests read the ones they need). */
export type WithStatus = KubeObject & { status?: GrafanaObjectStatus & GrafanaInstanceStatus };

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

  /** Creates any of our kinds. */
  async create<T extends KubeObject>(
    type: ResourceType,
    name: string,
    spec: unknown,
    metadata: { labels?: Record<string, string> } = {},
  ): Promise<T> {
    return this.client.create<T>(type, this.namespace, {
      apiVersion: `${type.group}/${type.version}`,
      kind: type.kind,
      metadata: { name, namespace: this.namespace, ...metadata },
      spec,
    } as KubeObject as T);
  }

  async patchSpec(type: ResourceType, name: string, patch: unknown): Promise<void> {
    await this.client.mergePatch(type, this.namespace, name, { spec: patch });
  }

  /** A metadata-only change: makes the operator reconcile without a spec change. */
  /** Changes an annotation, so the operator reconciles the object; returns the new resourceVersion. */
  async touch(type: ResourceType, name: string): Promise<string | undefined> {
    const touched = await this.client.mergePatch(type, this.namespace, name, {
      metadata: { annotations: { 'test/touched': String(Date.now()) } },
    });
    return touched.metadata?.resourceVersion;
  }

  /**
   * Until an object created now gets a later creationTimestamp than `object` (whole seconds), so
   * "older wins" has a clear answer. The apiserver runs on this host's clock.
   */
  async nextCreationSecond(object: KubeObject): Promise<void> {
    const next = Date.parse(object.metadata?.creationTimestamp ?? '') + 1_000;
    if (Number.isNaN(next)) throw new Error('the object has no creationTimestamp');
    await eventually(() => Date.now() >= next, { intervalMs: 20, what: 'the next creationTimestamp second' });
  }

  async delete(type: ResourceType, name: string): Promise<void> {
    await this.client.delete(type, this.namespace, name);
  }

  async waitGone(type: ResourceType, name: string, timeoutMs = 30_000): Promise<void> {
    await eventually(async () => !(await this.client.find(type, this.namespace, name)), {
      timeoutMs,
      what: `${type.kind} ${name} gone`,
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
  ): Promise<WithStatus> {
    return eventually(
      async () => {
        const object = await this.get<WithStatus>(type, name);
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
