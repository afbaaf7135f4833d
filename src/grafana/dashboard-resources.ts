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
import type { GrafanaHttpClient } from './http.js';

export const DASHBOARD_GROUP = 'dashboard.grafana.app';

/** Versions whose `spec` is the classic dashboard JSON, most preferred first; v2* is another schema. */
const CLASSIC_SCHEMA_VERSIONS = ['v1', 'v1beta1', 'v1alpha1', 'v0alpha1'];

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

  constructor(http: GrafanaHttpClient) {
    this.#dashboards = new AppPlatformResource(http, DASHBOARD_GROUP, 'dashboards', CLASSIC_SCHEMA_VERSIONS);
  }

  /**
   * The served version of the group whose spec is the classic JSON (v1, v1beta1, …), or undefined
   * when Grafana serves no dashboard API group at all (404).
   */
  async classicVersion(): Promise<string | undefined> {
    return this.#dashboards.servedVersion();
  }

  /** Every dashboard of the org in `namespace` with its version and folder, metadata only. */
  async listVersions(version: string, namespace: string, pageSize?: number): Promise<DashboardVersionInfo[]> {
    const items = await this.#dashboards.list(version, namespace, { pageSize, accept: METADATA_ONLY_ACCEPT });
    return items.flatMap(({ name, generation, folderUid }) =>
      typeof generation === 'number' ? [{ uid: name, version: generation, folderUid }] : [],
    );
  }
}

/** The k8s namespace of a Grafana org on a self-hosted Grafana (§6.4 `request.GetNamespaceMapper`). */
export function orgNamespace(orgId: number): string {
  return orgId === 1 ? 'default' : `org-${orgId}`;
}
