/**
 * The app-platform folder API `/apis/folder.grafana.app` (contract §4.7), read-only: every folder
 * of an org with its parent, read from storage. `/api/folders?parentUid=` and `/api/search` both
 * answer from the search index on unified storage (§6.8), which can miss a folder created a moment
 * ago; this list cannot. Absent on 11.x, where those classic answers come from SQL anyway.
 */
import { FOLDER_ANNOTATION, listAll, servedVersion } from './app-platform.js';
import type { GrafanaHttpClient } from './http.js';

export const FOLDER_GROUP = 'folder.grafana.app';
const VERSIONS = ['v1', 'v1beta1', 'v0alpha1'];
const DEFAULT_PAGE_SIZE = 500;

export interface FolderResourceInfo {
  uid: string;
  title: string;
  /** '' at the root. */
  parentUid: string;
}

export class FolderResourcesApi {
  constructor(private readonly http: GrafanaHttpClient) {}

  /** The served version of the group, or undefined when Grafana serves no folder API group (404). */
  async servedVersion(): Promise<string | undefined> {
    return servedVersion(this.http, FOLDER_GROUP, VERSIONS);
  }

  /** Every folder of the org in `namespace` (org 1 `default`, org N `org-N`). */
  async list(
    version: string,
    namespace: string,
    pageSize = DEFAULT_PAGE_SIZE,
  ): Promise<FolderResourceInfo[]> {
    const items = await listAll(
      this.http,
      { group: FOLDER_GROUP, version, namespace, resource: 'folders' },
      { pageSize },
    );
    return items.flatMap(({ metadata, spec }) =>
      metadata?.name
        ? [
            {
              uid: metadata.name,
              title: typeof spec?.title === 'string' ? spec.title : metadata.name,
              parentUid: metadata.annotations?.[FOLDER_ANNOTATION] ?? '',
            },
          ]
        : [],
    );
  }
}
