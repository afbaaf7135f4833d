/**
 * Folder and dashboard search through `GET /api/search` (not in the contract; read from Grafana's
 * `pkg/api/search.go` and `pkg/services/search`). One search type per call, paged until a short
 * page, so callers get complete lists.
 */
import type { GrafanaHttpClient } from './http.js';
import { collectPages } from './pages.js';

export type SearchHitType = 'dash-db' | 'dash-folder';

/**
 * `model.Hit`. The folder fields describe the hit's parent and are absent at the root level, for
 * folders as for dashboards: with nested folders a `dash-folder` hit's `folderUid` is its parent.
 */
export interface GrafanaSearchHit {
  /** Deprecated numeric id. */
  id: number;
  uid: string;
  title: string;
  /** `db/<slug>`. */
  uri: string;
  /** `/d/<uid>/<slug>` for dashboards, `/dashboards/f/<uid>/<slug>` for folders. */
  url: string;
  /** Left empty by 12.x; use `url` or `uri`. */
  slug: string;
  type: SearchHitType;
  /** Sorted; always empty for folders. */
  tags: string[];
  isStarred: boolean;
  folderId?: number;
  folderUid?: string;
  folderTitle?: string;
  folderUrl?: string;
  /** Newer builds. */
  orgId?: number;
  sortMeta?: number;
  isDeleted?: boolean;
}

interface CommonSearchOptions {
  /** Case-insensitive substring of the title. */
  query?: string;
  /**
   * Only hits whose parent is one of these folders; `general` selects the root level. For folders
   * this lists the children of the given folders. An empty list (here or in any other uid or tag
   * filter) matches nothing, rather than dropping the filter.
   */
  folderUids?: readonly string[];
  /** Hits per request; at most 5000 (Grafana answers 422 above). Default 1000. */
  pageSize?: number;
}

export interface SearchDashboardsOptions extends CommonSearchOptions {
  dashboardUids?: readonly string[];
  /** Dashboards carrying every one of these tags. */
  tags?: readonly string[];
}

export interface SearchFoldersOptions extends CommonSearchOptions {
  /** Only the folders with these uids. */
  uids?: readonly string[];
}

const DEFAULT_PAGE_SIZE = 1000;
const MAX_PAGE_SIZE = 5000;

export class SearchApi {
  constructor(private readonly http: GrafanaHttpClient) {}

  /** Every dashboard matching the options, in Grafana's order (by title). */
  async dashboards(options?: SearchDashboardsOptions): Promise<GrafanaSearchHit[]>;
  /** …each as `keep` makes it when its page arrives (thousands of hits are not held whole). */
  async dashboards<Kept>(
    options: SearchDashboardsOptions,
    keep: (hit: GrafanaSearchHit) => Kept,
  ): Promise<Kept[]>;
  async dashboards<Kept>(
    options: SearchDashboardsOptions = {},
    keep?: (hit: GrafanaSearchHit) => Kept,
  ): Promise<Array<Kept | GrafanaSearchHit>> {
    return this.#search(
      'dash-db',
      options,
      { dashboardUIDs: options.dashboardUids, tag: options.tags },
      keep,
    );
  }

  /** Every folder matching the options, at every nesting level unless `folderUids` narrows it. */
  async folders(options: SearchFoldersOptions = {}): Promise<GrafanaSearchHit[]> {
    // The uid filter is `dashboardUIDs` for every hit type.
    return this.#search('dash-folder', options, { dashboardUIDs: options.uids });
  }

  async #search<Kept = GrafanaSearchHit>(
    type: SearchHitType,
    options: CommonSearchOptions,
    extra: Record<string, readonly string[] | undefined>,
    keep: (hit: GrafanaSearchHit) => Kept = (hit) => hit as unknown as Kept,
  ): Promise<Kept[]> {
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new TypeError(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
    }
    const filters = [options.folderUids, ...Object.values(extra)];
    if (filters.some((values) => values !== undefined && values.length === 0)) return [];
    return collectPages(
      pageSize,
      (page) =>
        this.http.call<GrafanaSearchHit[] | null>({
          method: 'GET',
          route: '/api/search',
          query: {
            type,
            query: options.query || undefined,
            folderUIDs: options.folderUids,
            ...extra,
            limit: pageSize,
            page,
          },
        }),
      // Older builds ignore `type` for some values; keep only what was asked for.
      (hit) => (hit.type === type ? keep(hit) : undefined),
    );
  }
}
