/**
 * The apiserver as a plan sees it: the cluster, read only, with the planned custom resources laid
 * over it. The controllers' code reads other objects through it (a folderRef's folder, an
 * organizationRef's org, Secrets, ConfigMaps) exactly as in a reconcile; nothing is ever written.
 */
import { KubeClient, type ListOptions, type RequestOptions } from '../../runtime/kube/client.js';
import type { ClusterAccess } from '../../runtime/kube/kubeconfig.js';
import type { KubeList, KubeObject, ResourceType } from '../../runtime/kube/types.js';

/** What a plan holds of an object that is not in the cluster yet, or is to change there. */
export type Planned = KubeObject & { status?: unknown };

export class PlanKube extends KubeClient {
  /** `Kind/namespace/name` → the object as planned. */
  private readonly planned = new Map<string, Planned>();

  constructor(access: ClusterAccess) {
    super(access);
  }

  /** Lays `object` over the cluster's: finds and lists see it instead. */
  put(type: ResourceType, object: Planned): void {
    this.planned.set(keyOf(type, object.metadata?.namespace, object.metadata?.name ?? ''), object);
  }

  override async find<T extends KubeObject>(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): Promise<T | undefined> {
    return (
      (this.planned.get(keyOf(type, namespace, name)) as T | undefined) ??
      super.find<T>(type, namespace, name)
    );
  }

  override async get<T extends KubeObject>(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): Promise<T> {
    return (
      (this.planned.get(keyOf(type, namespace, name)) as T | undefined) ?? super.get<T>(type, namespace, name)
    );
  }

  override async list<T extends KubeObject>(
    type: ResourceType,
    namespace: string | undefined,
    options: ListOptions = {},
  ): Promise<KubeList<T>> {
    const listed = await super.list<T>(type, namespace, options);
    const prefix = keyOf(type, namespace, '');
    const planned = [...this.planned]
      .filter(([key]) => key.startsWith(prefix))
      .map(([, object]) => object as T);
    const names = new Set(planned.map((object) => object.metadata?.name));
    return {
      ...listed,
      items: [...listed.items.filter((item) => !names.has(item.metadata?.name)), ...planned],
    };
  }

  /** Only reads reach the apiserver: a plan writes nothing to Kubernetes. */
  override request<T>(method: string, path: string, options?: RequestOptions, label?: string): Promise<T> {
    if (method !== 'GET')
      return Promise.reject(new Error(`a plan does not write to Kubernetes (${method} ${path})`));
    return super.request<T>(method, path, options, label);
  }
}

function keyOf(type: ResourceType, namespace: string | undefined, name: string): string {
  return `${type.kind}/${namespace ?? ''}/${name}`;
}
