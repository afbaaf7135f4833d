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

/** One object as a list answers it, as far as the operator reads it. */
interface ListedObject {
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
const FOLDER_ANNOTATION = 'grafana.app/folder';

/** A listed object with a name (its uid), and what the operator reads of the rest. */
export interface NamedObject {
  name: string;
  /** The `grafana.app/folder` annotation: the folder it lives in, or its parent; '' at the root. */
  folderUid: string;
  generation?: number;
  spec?: Record<string, unknown>;
}

const DEFAULT_PAGE_SIZE = 500;

/** One resource of an app-platform group (e.g. `folders` of `folder.grafana.app`), read-only. */
export class AppPlatformResource {
  constructor(
    private readonly http: GrafanaHttpClient,
    readonly group: string,
    readonly resource: string,
    /** The versions the operator can read, most preferred first. */
    private readonly wanted: readonly string[],
  ) {}

  /**
   * The first wanted version that Grafana serves, or undefined when it serves no such group at all
   * (404: Grafana 11.x, or a proxy that forwards only `/api`).
   */
  async servedVersion(): Promise<string | undefined> {
    const served = new Set(await this.allServedVersions());
    return this.wanted.find((version) => served.has(version));
  }

  /** Every version of the group Grafana serves, wanted or not; [] when it serves no such group. */
  async allServedVersions(): Promise<string[]> {
    const group = await undefinedIfNotFound(
      this.http.call<ApiGroup>({ method: 'GET', route: `/apis/${this.group}` }),
    );
    return (group?.versions ?? []).map((v) => v.version);
  }

  /**
   * Every named object in `namespace` (org 1 `default`, org N `org-N`, §6.4), following `continue`
   * tokens.
   */
  async list(
    version: string,
    namespace: string,
    options: { pageSize?: number | undefined; accept?: string } = {},
  ): Promise<NamedObject[]> {
    // Each page is cut down to what the operator reads as it arrives: thousands of listed objects
    // with every annotation held until the last page would be the operator's largest allocation.
    const out: NamedObject[] = [];
    let token: string | undefined;
    do {
      const list = await this.http.call<ObjectList | undefined>({
        method: 'GET',
        route: `/apis/${this.group}/:version/namespaces/:namespace/${this.resource}`,
        params: { version, namespace },
        query: { limit: options.pageSize ?? DEFAULT_PAGE_SIZE, continue: token },
        ...(options.accept ? { headers: { accept: options.accept } } : {}),
      });
      for (const item of list?.items ?? []) {
        const named = namedObject(item);
        if (named) out.push(named);
      }
      token = list?.metadata?.continue || undefined;
    } while (token);
    return out;
  }
}

function namedObject({ metadata, spec }: ListedObject): NamedObject | undefined {
  if (!metadata?.name) return undefined;
  return {
    name: metadata.name,
    folderUid: metadata.annotations?.[FOLDER_ANNOTATION] ?? '',
    ...(metadata.generation === undefined ? {} : { generation: metadata.generation }),
    ...(spec === undefined ? {} : { spec }),
  };
}
