/**
 * Organisations (contract §3). These are server-admin calls: use basic auth as a Grafana admin,
 * since a service-account token is bound to one org (§1.1).
 */
import { alreadyExistsOn } from './errors.js';
import type { GrafanaHttpClient } from './http.js';
import { collectPages } from './pages.js';

export interface GrafanaOrgAddress {
  address1: string;
  address2: string;
  city: string;
  zipCode: string;
  state: string;
  country: string;
}

/** `OrgDetailsDTO`. */
export interface GrafanaOrg {
  id: number;
  name: string;
  address?: GrafanaOrgAddress;
}

export interface GrafanaOrgListItem {
  id: number;
  name: string;
}

export interface CreateOrgRequest {
  name: string;
}

/** POST answers 200 (not 201) with the new id; store it, ids are not predictable. */
export interface CreateOrgResponse {
  orgId: number;
  message: string;
}

export interface ListOrgsOptions {
  /** Substring search. */
  query?: string;
  /** Exact name. */
  name?: string;
  pageSize?: number;
}

const DEFAULT_PAGE_SIZE = 1000;

export class OrgsApi {
  constructor(private readonly http: GrafanaHttpClient) {}

  /**
   * `GET /api/org`: the org the request runs in (§2.5). It needs `orgs:read` there, which every
   * org member's role has, so a 403 says the identity has no role in that org (§1.2).
   */
  async current(): Promise<GrafanaOrg> {
    return this.http.call<GrafanaOrg>({ method: 'GET', route: '/api/org' });
  }

  async getById(orgId: number): Promise<GrafanaOrg> {
    return this.http.call<GrafanaOrg>({ method: 'GET', route: '/api/orgs/:orgId', params: { orgId } });
  }

  async getByName(name: string): Promise<GrafanaOrg> {
    return this.http.call<GrafanaOrg>({ method: 'GET', route: '/api/orgs/name/:name', params: { name } });
  }

  /** @throws GrafanaAlreadyExistsError when the name is taken (409 "Organization name taken"). */
  async create(request: CreateOrgRequest): Promise<CreateOrgResponse> {
    return alreadyExistsOn(
      [409],
      this.http.call<CreateOrgResponse>({ method: 'POST', route: '/api/orgs', body: request }),
    );
  }

  /**
   * All orgs, following pages until a short page. `SearchOrgs` pages from 0: the store's offset is
   * `perpage * page` (§3), so `page=1` would skip the first page.
   */
  async list(options: ListOrgsOptions = {}): Promise<GrafanaOrgListItem[]> {
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    return collectPages(pageSize, (page) =>
      this.http.call<GrafanaOrgListItem[] | null>({
        method: 'GET',
        route: '/api/orgs',
        query: { query: options.query, name: options.name, perpage: pageSize, page: page - 1 },
      }),
    );
  }
}
