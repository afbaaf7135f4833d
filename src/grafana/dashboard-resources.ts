/**
 * The app-platform dashboard API `/apis/dashboard.grafana.app` (contract §6.4, §10), read-only and
 * only what the classic API lacks: one list of every dashboard of an org with its version. The
 * classic `/api/search` has no version, and `GET /api/dashboards/uid/:uid` is one call per
 * dashboard. `metadata.generation` is the classic `version` (§6.4; Grafana's legacy SQL storage
 * sets the generation from the `version` column, and 13.x answers classic saves with the
 * generation, §6.1).
 *
 * Optional: Grafana 11.x, or a proxy that forwards only `/api`, has no such group; `group()` then
 * resolves to undefined and callers fall back to the classic API.
 */
import { AppPlatformResource } from './app-platform.js';
import { undefinedIfNotFound } from './errors.js';
import type { GrafanaHttpClient } from './http.js';

export const DASHBOARD_GROUP = 'dashboard.grafana.app';

/** Versions whose `spec` is the classic dashboard JSON, most preferred first; v2* is another schema. */
const CLASSIC_SCHEMA_VERSIONS = ['v1', 'v1beta1', 'v1alpha1', 'v0alpha1'];

/**
 * Versions whose `spec` is the v2 schema (`elements` + `layout`), newest first: 12.x serves
 * v2alpha1 and v2beta1, main also v2 (§23.1). Each is a schema of its own, so a spec is written in
 * the version it was made for.
 */
export const V2_SCHEMA_VERSIONS = ['v2', 'v2beta1', 'v2alpha1'] as const;

/** The folder annotation and the input-only save message of an app-platform object (§23.2). */
const FOLDER_ANNOTATION = 'grafana.app/folder';
const MESSAGE_ANNOTATION = 'grafana.app/message';

/** Where a v2 dashboard lives: the version it is written and read in, and the org's namespace. */
export interface DashboardV2Place {
  version: string;
  namespace: string;
}

/** A v2 dashboard as Grafana answers it, as far as the operator reads it. */
export interface DashboardV2Object {
  uid: string;
  /** '' at the root. */
  folderUid: string;
  generation: number;
  resourceVersion: string;
  spec: Record<string, unknown>;
}

/** What a create or update of a v2 dashboard sends. */
export interface DashboardV2Input {
  uid: string;
  folderUid: string;
  spec: Record<string, unknown>;
  /** The save message (`grafana.app/message`, not stored on the object). */
  message: string;
  /** An update's: the generation and resourceVersion read, so a write in between is refused (409). */
  read?: Pick<DashboardV2Object, 'generation' | 'resourceVersion'>;
}

interface DashboardObjectBody {
  metadata?: {
    name?: string;
    generation?: number;
    resourceVersion?: string;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
}

const DASHBOARDS_ROUTE = `/apis/${DASHBOARD_GROUP}/:version/namespaces/:namespace/dashboards`;

/** One dashboard as the list shows it. */
export interface DashboardVersionInfo {
  uid: string;
  /** `metadata.generation`: the classic `version`. */
  version: number;
  /** The `grafana.app/folder` annotation; '' at the root. */
  folderUid: string;
}

/** Asks for metadata only (PartialObjectMetadataList); a server that cannot answers the full list. */
const METADATA_ONLY_ACCEPT =
  'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json;q=0.9';

export class DashboardResourcesApi {
  readonly #dashboards: AppPlatformResource;

  constructor(private readonly http: GrafanaHttpClient) {
    this.#dashboards = new AppPlatformResource(http, DASHBOARD_GROUP, 'dashboards', CLASSIC_SCHEMA_VERSIONS);
  }

  /**
   * The served version of the group whose spec is the classic JSON (v1, v1beta1, …), or undefined
   * when Grafana serves no dashboard API group at all (404).
   */
  async classicVersion(): Promise<string | undefined> {
    return this.#dashboards.servedVersion();
  }

  /** Every version of the group Grafana serves; [] when it serves no dashboard API group (404). */
  async servedVersions(): Promise<string[]> {
    return this.#dashboards.allServedVersions();
  }

  /** A dashboard read in the place's version (Grafana converts what it stored); undefined on 404. */
  async getV2(place: DashboardV2Place, uid: string): Promise<DashboardV2Object | undefined> {
    const body = await undefinedIfNotFound(
      this.http.call<DashboardObjectBody>({
        method: 'GET',
        route: `${DASHBOARDS_ROUTE}/:name`,
        params: { ...place, name: uid },
      }),
    );
    return body && toV2Object(body);
  }

  /** Creates (POST) or, with `input.read`, replaces (PUT) a v2 dashboard; answers what Grafana stored. */
  async saveV2(place: DashboardV2Place, input: DashboardV2Input): Promise<DashboardV2Object> {
    const annotations: Record<string, string> = { [MESSAGE_ANNOTATION]: input.message };
    if (input.folderUid !== '') annotations[FOLDER_ANNOTATION] = input.folderUid;
    const body = {
      apiVersion: `${DASHBOARD_GROUP}/${place.version}`,
      kind: 'Dashboard',
      metadata: {
        name: input.uid,
        annotations,
        ...(input.read
          ? { generation: input.read.generation, resourceVersion: input.read.resourceVersion }
          : {}),
      },
      spec: input.spec,
    };
    const stored = await this.http.call<DashboardObjectBody>(
      input.read
        ? { method: 'PUT', route: `${DASHBOARDS_ROUTE}/:name`, params: { ...place, name: input.uid }, body }
        : { method: 'POST', route: DASHBOARDS_ROUTE, params: { ...place }, body },
    );
    return toV2Object(stored);
  }

  /** Every dashboard of the org in `namespace` with its version and folder, metadata only. */
  async listVersions(version: string, namespace: string, pageSize?: number): Promise<DashboardVersionInfo[]> {
    const items = await this.#dashboards.list(version, namespace, { pageSize, accept: METADATA_ONLY_ACCEPT });
    return items.flatMap(({ name, generation, folderUid }) =>
      typeof generation === 'number' ? [{ uid: name, version: generation, folderUid }] : [],
    );
  }
}

function toV2Object(body: DashboardObjectBody): DashboardV2Object {
  const metadata = body.metadata ?? {};
  return {
    uid: metadata.name ?? '',
    folderUid: metadata.annotations?.[FOLDER_ANNOTATION] ?? '',
    generation: metadata.generation ?? 0,
    resourceVersion: metadata.resourceVersion ?? '',
    spec: body.spec ?? {},
  };
}

/** The k8s namespace of a Grafana org on a self-hosted Grafana (§6.4 `request.GetNamespaceMapper`). */
export function orgNamespace(orgId: number): string {
  return orgId === 1 ? 'default' : `org-${orgId}`;
}
