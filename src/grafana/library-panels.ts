/**
 * Library panels through `/api/library-elements` (contract §7). Every answer wraps its payload in
 * `{"result": ...}`; this module unwraps it.
 */
import type { GrafanaHttpClient, GrafanaRequest } from './http.js';

/** 1: panel, 2: variable. */
export type LibraryElementKind = 1 | 2;

export const LIBRARY_PANEL_KIND: LibraryElementKind = 1;

/**
 * The panel model. Grafana derives the element's `type` and `description` from it and writes them
 * back into it (both keys are always present in what it returns), and fills an empty
 * `libraryPanel.uid` with the element's uid.
 */
export type LibraryPanelModel = Record<string, unknown>;

/**
 * Panel model keys with a typed field in `dashboard.grafana.app` `LibraryPanelSpec`
 * (`libraryPanelSpecKeys`, contract §7.1): a Grafana serving library panels through that resource
 * keeps every other key as sent and rebuilds these.
 */
export const LIBRARY_PANEL_SPEC_KEYS: readonly string[] = [
  'type',
  'pluginVersion',
  'title',
  'description',
  'options',
  'fieldConfig',
  'datasource',
  'targets',
  'links',
  'transparent',
  'libraryPanel',
  'id',
  'gridPos',
];

/** `librarypanel.LibraryElementDTOMetaUser`. */
export interface GrafanaLibraryElementUser {
  id: number;
  name: string;
  avatarUrl: string;
}

/**
 * `model.LibraryElementDTO` (§7). The General folder shows up as `folderUid` `""` (create, PATCH,
 * list) or `"general"` (GET): compare through {@link libraryElementFolderUid}.
 */
export interface GrafanaLibraryElement {
  id: number;
  orgId: number;
  /** Deprecated numeric folder id; 0 for General. */
  folderId: number;
  folderUid: string;
  uid: string;
  name: string;
  kind: number;
  /** `model.type`. */
  type: string;
  /** `model.description`. */
  description: string;
  model: LibraryPanelModel;
  /** +1 on every PATCH; PATCH must send the current value (optimistic locking). */
  version: number;
  meta: {
    folderName: string;
    folderUid: string;
    connectedDashboards: number;
    created: string;
    updated: string;
    createdBy: GrafanaLibraryElementUser;
    updatedBy: GrafanaLibraryElementUser;
  };
  /** Newer builds. */
  schemaVersion?: number;
}

/** `model.LibraryElementConnectionDTO`: one dashboard using the element. */
export interface GrafanaLibraryElementConnection {
  id: number;
  kind: number;
  elementId: number;
  /** Deprecated numeric dashboard id. */
  connectionId: number;
  /** The dashboard's uid. */
  connectionUid: string;
  created: string;
  createdBy: GrafanaLibraryElementUser;
}

/** `model.CreateLibraryElementCommand`. */
export interface CreateLibraryPanelRequest {
  /** Generated when omitted. At most 40 of `[a-zA-Z0-9-_]`. */
  uid?: string;
  /** Unique per folder (and kind). */
  name: string;
  model: LibraryPanelModel;
  /** Omitted or `""`: the General folder. A missing folder is a NotFound. */
  folderUid?: string;
  /** Default 1 (panel). */
  kind?: LibraryElementKind;
}

/** `model.PatchLibraryElementCommand`. Omitted fields keep their stored value. */
export interface UpdateLibraryPanelRequest {
  /** Must equal the stored version (else GrafanaVersionMismatchError, 412); 0 is refused (400). */
  version: number;
  name?: string;
  model?: LibraryPanelModel;
  /** `""` moves the element to the General folder. */
  folderUid?: string;
  /** A new uid for the element. */
  uid?: string;
  /** Default 1 (panel). */
  kind?: LibraryElementKind;
}

export interface ListLibraryPanelsOptions {
  /** Only elements in these folders; `""` or `general` is the General folder. An empty list matches nothing. */
  folderUids?: readonly string[];
  /** Name or description substring. */
  searchString?: string;
  /** Default 1 (panels). */
  kind?: LibraryElementKind;
  /** Elements per request; Grafana's default is 100. */
  perPage?: number;
}

export interface DeleteLibraryElementResponse {
  id: number;
  message: string;
}

/** `model.LibraryElementSearchResult`. */
interface SearchResult {
  totalCount: number;
  elements: GrafanaLibraryElement[] | null;
  page: number;
  perPage: number;
}

interface Wrapped<T> {
  result: T;
}

const DEFAULT_PER_PAGE = 100;
const GENERAL_FOLDER_UID = 'general';

/** The element's folder uid with the General folder as `""`, whichever way Grafana reported it. */
export function libraryElementFolderUid(element: Pick<GrafanaLibraryElement, 'folderUid'>): string {
  return normaliseFolderUid(element.folderUid);
}

function normaliseFolderUid(uid: string): string {
  return uid === GENERAL_FOLDER_UID ? '' : uid;
}

const ELEMENT = '/api/library-elements/:uid';

export class LibraryPanelsApi {
  constructor(private readonly http: GrafanaHttpClient) {}

  /** @throws GrafanaNotFoundError (404 `library element could not be found`). */
  async get(uid: string): Promise<GrafanaLibraryElement> {
    return this.#result<GrafanaLibraryElement>({ method: 'GET', route: ELEMENT, params: { uid } });
  }

  /** Every element with this name, one per folder. @throws GrafanaNotFoundError when there is none. */
  async getByName(name: string): Promise<GrafanaLibraryElement[]> {
    return (
      (await this.#result<GrafanaLibraryElement[] | null>({
        method: 'GET',
        route: '/api/library-elements/name/:name',
        params: { name },
      })) ?? []
    );
  }

  /** All matching elements, following pages until `totalCount` is reached, sorted by name. */
  async list(options: ListLibraryPanelsOptions = {}): Promise<GrafanaLibraryElement[]> {
    const perPage = options.perPage ?? DEFAULT_PER_PAGE;
    if (!Number.isInteger(perPage) || perPage < 1) throw new TypeError('perPage must be a positive integer');
    const folders = options.folderUids?.map(normaliseFolderUid);
    if (folders !== undefined && folders.length === 0) return [];
    const elements: GrafanaLibraryElement[] = [];
    for (let page = 1; ; page++) {
      const result = await this.#result<SearchResult>({
        method: 'GET',
        route: '/api/library-elements',
        query: {
          kind: options.kind ?? LIBRARY_PANEL_KIND,
          searchString: options.searchString || undefined,
          folderFilterUIDs: folders?.map((uid) => (uid === '' ? GENERAL_FOLDER_UID : uid)).join(','),
          perPage,
          page,
        },
      });
      const batch = result.elements ?? [];
      elements.push(...batch);
      if (batch.length === 0 || page * perPage >= result.totalCount) break;
    }
    // Grafana applies no folder restriction when the filter names only `general`; filter here too.
    return folders === undefined
      ? elements
      : elements.filter((element) => folders.includes(libraryElementFolderUid(element)));
  }

  /**
   * @throws GrafanaLibraryElementExistsError (400) when the uid, or the name in that folder, is
   * taken (see that class for telling the two apart); GrafanaNotFoundError when the folder is missing.
   */
  async create(request: CreateLibraryPanelRequest): Promise<GrafanaLibraryElement> {
    const body: Record<string, unknown> = {
      name: request.name,
      model: request.model,
      kind: request.kind ?? LIBRARY_PANEL_KIND,
    };
    if (request.uid !== undefined) body.uid = request.uid;
    if (request.folderUid !== undefined) body.folderUid = request.folderUid;
    return this.#result<GrafanaLibraryElement>({ method: 'POST', route: '/api/library-elements', body });
  }

  /**
   * PATCH with optimistic locking. @throws GrafanaVersionMismatchError (412) when `version` is not
   * the stored one; GrafanaLibraryElementExistsError when a new uid or name is taken.
   */
  async update(uid: string, request: UpdateLibraryPanelRequest): Promise<GrafanaLibraryElement> {
    const body: Record<string, unknown> = {
      kind: request.kind ?? LIBRARY_PANEL_KIND,
      version: request.version,
    };
    if (request.name !== undefined) body.name = request.name;
    if (request.model !== undefined) body.model = request.model;
    if (request.folderUid !== undefined) body.folderUid = request.folderUid;
    if (request.uid !== undefined) body.uid = request.uid;
    return this.#result<GrafanaLibraryElement>({
      method: 'PATCH',
      route: ELEMENT,
      params: { uid },
      body,
    });
  }

  /**
   * @throws GrafanaConflictError (403 `the library element has connections`) while a dashboard uses
   * it; GrafanaNotFoundError when it is already gone.
   */
  async delete(uid: string): Promise<DeleteLibraryElementResponse> {
    return this.http.call<DeleteLibraryElementResponse>({
      method: 'DELETE',
      route: ELEMENT,
      params: { uid },
    });
  }

  /** The dashboards using the element. */
  async connections(uid: string): Promise<GrafanaLibraryElementConnection[]> {
    return (
      (await this.#result<GrafanaLibraryElementConnection[] | null>({
        method: 'GET',
        route: `${ELEMENT}/connections/`,
        params: { uid },
      })) ?? []
    );
  }

  /** Every answer of this API but DELETE's wraps its data in `{ result }`. */
  async #result<T>(request: GrafanaRequest): Promise<T> {
    return (await this.http.call<Wrapped<T>>(request)).result;
  }
}
