/**
 * The app-platform folder API `/apis/folder.grafana.app` (contract §4.7), read-only: every folder
 * of an org with its parent, read from storage. `/api/folders?parentUid=` and `/api/search` both
 * answer from the search index on unified storage (§6.8), which can miss a folder created a moment
 * ago; this list cannot. Absent on 11.x, where those classic answers come from SQL anyway.
 */
import { AppPlatformResource } from './app-platform.js';
import type { GrafanaHttpClient } from './http.js';

export const FOLDER_GROUP = 'folder.grafana.app';
const VERSIONS = ['v1', 'v1beta1', 'v0alpha1'];

export interface FolderResourceInfo {
  uid: string;
  title: string;
  /** '' at the root. */
  parentUid: string;
}

export class FolderResourcesApi {
  readonly #folders: AppPlatformResource;

  constructor(http: GrafanaHttpClient) {
    this.#folders = new AppPlatformResource(http, FOLDER_GROUP, 'folders', VERSIONS);
  }

  /** The served version of the group, or undefined when Grafana serves no folder API group (404). */
  async servedVersion(): Promise<string | undefined> {
    return this.#folders.servedVersion();
  }

  /** Every folder of the org in `namespace` (org 1 `default`, org N `org-N`). */
  async list(version: string, namespace: string, pageSize?: number): Promise<FolderResourceInfo[]> {
    const items = await this.#folders.list(version, namespace, { pageSize });
    return items.map(({ name, spec, folderUid }) => ({
      uid: name,
      title: typeof spec?.title === 'string' ? spec.title : name,
      parentUid: folderUid,
    }));
  }
}
