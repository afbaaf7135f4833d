/**
 * What the app-platform groups `/apis/<group>` the operator reads have in common (contract §6.4,
 * §4.7, §10): discovery of the served versions, and lists paged with `continue` tokens. These
 * lists are read from storage, not from the search index, so unlike `/api/search` on unified
 * storage (§6.8) they show every write at once.
 */
import { undefinedIfNotFound } from './errors.js';
import type { GrafanaHttpClient } from './http.js';

/** `metav1.APIGroup` (discovery). */
interface ApiGroup {
  name: string;
  versions: Array<{ groupVersion: string; version: string }>;
  preferredVersion?: { groupVersion: string; version: string };
}

/** One listed object, as far as the operator reads it. */
export interface ListedObject {
  metadata?: {
    name?: string;
    generation?: number;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
}

interface ObjectList {
  metadata?: { continue?: string; resourceVersion?: string };
  items?: ListedObject[];
}

/** The folder an object lives in (`grafana.app/folder`); '' at the root. */
export const FOLDER_ANNOTATION = 'grafana.app/folder';

/**
 * The first of `wanted` that Grafana serves for `group`, or undefined when it serves no such group
 * at all (404: Grafana 11.x, or a proxy that forwards only `/api`).
 */
export async function servedVersion(
  http: GrafanaHttpClient,
  group: string,
  wanted: readonly string[],
): Promise<string | undefined> {
  const response = await undefinedIfNotFound(
    http.request<ApiGroup>({ method: 'GET', route: `/apis/${group}` }),
  );
  const served = new Set((response?.body?.versions ?? []).map((v) => v.version));
  return wanted.find((version) => served.has(version));
}

/** Every object of `resource` in `namespace`, following `continue` tokens. */
export async function listAll(
  http: GrafanaHttpClient,
  path: { group: string; version: string; namespace: string; resource: string },
  options: { pageSize: number; accept?: string },
): Promise<ListedObject[]> {
  const out: ListedObject[] = [];
  let token: string | undefined;
  do {
    const response = await http.request<ObjectList>({
      method: 'GET',
      route: `/apis/${path.group}/:version/namespaces/:namespace/${path.resource}`,
      params: { version: path.version, namespace: path.namespace },
      query: { limit: options.pageSize, continue: token },
      ...(options.accept ? { headers: { accept: options.accept } } : {}),
    });
    out.push(...(response.body?.items ?? []));
    token = response.body?.metadata?.continue || undefined;
  } while (token);
  return out;
}
