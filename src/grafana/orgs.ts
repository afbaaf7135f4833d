/**
 * Organisations (contract §3). These are server-admin calls: use basic auth as a Grafana admin,
 * since a service-account token is bound to one org (§1.1).
 */
import { asAlreadyExists } from './errors.js';
import type { GrafanaHttpClient } from './http.js';

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
    const response = await this.http.request<GrafanaOrg>({ method: 'GET', route: '/api/org' });
    return response.body;
  }

  async getById(orgId: number): Promise<GrafanaOrg> {
    const response = await this.http.request<GrafanaOrg>({
      method: 'GET',
      route: '/api/orgs/:orgId',
      params: { orgId },
    });
    return response.body;
  }

  async getByName(name: string): Promise<GrafanaOrg> {
    const response = await this.http.request<GrafanaOrg>({
      method: 'GET',
      route: '/api/orgs/name/:name',
      params: { name },
    });
    return response.body;
  }

  /** @throws GrafanaAlreadyExistsError when the name is taken (409 "Organization name taken"). */
  async create(request: CreateOrgRequest): Promise<CreateOrgResponse> {
    try {
      const response = await this.http.request<CreateOrgResponse>({
        method: 'POST',
        route: '/api/orgs',
        body: request,
      });
      return response.body;
    } catch (error) {
      throw asAlreadyExists(error, [409]);
    }
  }

  /** All orgs, following pages until a short page. */
  async list(options: ListOrgsOptions = {}): Promise<GrafanaOrgListItem[]> {
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    const orgs: GrafanaOrgListItem[] = [];
    for (let page = 1; ; page++) {
      const response = await this.http.request<GrafanaOrgListItem[]>({
        method: 'GET',
        route: '/api/orgs',
        query: { query: options.query, name: options.name, perpage: pageSize, page },
      });
      const batch = response.body ?? [];
      orgs.push(...batch);
      if (batch.length < pageSize) return orgs;
    }
  }
}
