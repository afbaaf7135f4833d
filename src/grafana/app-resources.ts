/**
 * Any resource of Grafana's app-platform API (contract §24): discovery of a group version's
 * resources (`GET /apis/<group>/<version>`, an `APIResourceList`) to find a kind's plural, and one
 * object read, created, replaced and deleted under
 * `/apis/<group>/<version>/namespaces/<ns>/<plural>`. Knows nothing of any kind's spec.
 */
import { undefinedIfNotFound } from './errors.js';
import type { GrafanaHttpClient } from './http.js';

/** `metav1.APIResourceList`, as far as the operator reads it. */
interface ApiResourceList {
  resources?: Array<{ name?: string; kind?: string; namespaced?: boolean }>;
}

/** A kind's plural per kind name, of one served group version; undefined when it is not served. */
export type GroupVersionKinds = ReadonlyMap<string, string>;

/** Where an object lives. */
export interface AppResourcePlace {
  /** `<group>/<version>`. */
  groupVersion: string;
  /** The plural, e.g. `playlists`. */
  plural: string;
  namespace: string;
}

/** An object as Grafana answers it, as far as the operator reads it. */
export interface AppResourceObject {
  name: string;
  generation: number;
  resourceVersion: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: unknown;
}

/** What a create or replace sends. */
export interface AppResourceInput {
  kind: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: unknown;
  /** A replace's: the resourceVersion read, so a write in between is refused (409). */
  resourceVersion?: string;
}

interface ObjectBody {
  metadata?: {
    name?: string;
    generation?: number;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: unknown;
}

export class AppResourcesApi {
  constructor(private readonly http: GrafanaHttpClient) {}

  /**
   * The namespaced kinds of a group version and their plurals (subresources left out); undefined
   * when Grafana does not serve that group version (404).
   */
  async kinds(groupVersion: string): Promise<GroupVersionKinds | undefined> {
    const [group = '', version = ''] = groupVersion.split('/');
    const list = await undefinedIfNotFound(
      this.http.call<ApiResourceList>({
        method: 'GET',
        route: '/apis/:group/:version',
        params: { group, version },
      }),
    );
    if (!list) return undefined;
    const kinds = new Map<string, string>();
    for (const { name, kind, namespaced } of list.resources ?? []) {
      if (name && kind && namespaced !== false && !name.includes('/')) kinds.set(kind, name);
    }
    return kinds;
  }

  async get(place: AppResourcePlace, name: string): Promise<AppResourceObject | undefined> {
    const body = await undefinedIfNotFound(
      this.http.call<ObjectBody>({ method: 'GET', route: OBJECT, params: paramsOf(place, name) }),
    );
    return body && toObject(body);
  }

  /** Creates (POST) or, with `input.resourceVersion`, replaces (PUT); answers what Grafana stored. */
  async save(place: AppResourcePlace, input: AppResourceInput): Promise<AppResourceObject> {
    const body = {
      apiVersion: place.groupVersion,
      kind: input.kind,
      metadata: {
        name: input.name,
        labels: input.labels,
        annotations: input.annotations,
        ...(input.resourceVersion ? { resourceVersion: input.resourceVersion } : {}),
      },
      spec: input.spec,
    };
    const stored = await this.http.call<ObjectBody>(
      input.resourceVersion
        ? { method: 'PUT', route: OBJECT, params: paramsOf(place, input.name), body }
        : { method: 'POST', route: COLLECTION, params: paramsOf(place), body },
    );
    return toObject(stored);
  }

  async delete(place: AppResourcePlace, name: string): Promise<void> {
    await this.http.call<unknown>({ method: 'DELETE', route: OBJECT, params: paramsOf(place, name) });
  }
}

const COLLECTION = '/apis/:group/:version/namespaces/:namespace/:plural';
const OBJECT = `${COLLECTION}/:name`;

function paramsOf({ groupVersion, namespace, plural }: AppResourcePlace, name?: string) {
  const [group = '', version = ''] = groupVersion.split('/');
  return { group, version, namespace, plural, ...(name === undefined ? {} : { name }) };
}

function toObject(body: ObjectBody): AppResourceObject {
  const metadata = body.metadata ?? {};
  return {
    name: metadata.name ?? '',
    generation: metadata.generation ?? 0,
    resourceVersion: metadata.resourceVersion ?? '',
    labels: metadata.labels ?? {},
    annotations: metadata.annotations ?? {},
    spec: body.spec,
  };
}
