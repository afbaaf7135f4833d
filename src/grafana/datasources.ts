/**
 * Data sources through `/api/datasources` (contract §5).
 */
import { alreadyExistsOn } from './errors.js';
import type { GrafanaHttpClient } from './http.js';

export type DataSourceAccess = 'proxy' | 'direct';

export type DataSourceJsonData = Record<string, unknown>;

/**
 * GET by uid/name, and the `datasource` field of POST/PUT answers (§5.2). Secrets are never
 * returned: `secureJsonFields` only says which keys hold a non-empty value.
 */
export interface GrafanaDataSource {
  id: number;
  uid: string;
  orgId: number;
  name: string;
  /** Plugin id, resolved through aliases. */
  type: string;
  typeLogoUrl?: string;
  access: DataSourceAccess;
  url: string;
  database?: string;
  user?: string;
  basicAuth: boolean;
  basicAuthUser?: string;
  withCredentials?: boolean;
  isDefault: boolean;
  jsonData?: DataSourceJsonData;
  secureJsonFields?: Record<string, boolean>;
  /** Resets to 1 on a PUT without version (§5.5): not usable for drift detection. */
  version?: number;
  /** Set by file provisioning; such data sources answer 403 to PUT and DELETE. */
  readOnly: boolean;
  apiVersion?: string;
  /** Only on GET. */
  accessControl?: Record<string, boolean>;
}

/** `GET /api/datasources` items, sorted by name. */
export interface GrafanaDataSourceListItem {
  orgId: number;
  id: number;
  uid: string;
  name: string;
  url: string;
  type: string;
  typeName?: string;
  typeLogoUrl?: string;
  access: DataSourceAccess;
  database?: string;
  user?: string;
  basicAuth: boolean;
  isDefault: boolean;
  jsonData?: DataSourceJsonData;
  readOnly: boolean;
}

/**
 * Core plugins whose id changed: a datasource stored under the old id is listed and read under the
 * new one (`dsItem.Type = plugin.ID`, plugin.json `aliasIDs`, §5.1).
 */
export const DATASOURCE_TYPE_ALIASES: Readonly<Record<string, string>> = {
  postgres: 'grafana-postgresql-datasource',
  testdata: 'grafana-testdata-datasource',
  phlare: 'grafana-pyroscope-datasource',
};

/** The plugin id Grafana reports for a datasource type. */
export function pluginIdOf(type: string): string {
  return DATASOURCE_TYPE_ALIASES[type] ?? type;
}

/**
 * `AddDataSourceCommand` (§5.3). Grafana would generate a missing `name`, but the result is not
 * stable across orgs, so the client requires one.
 */
export interface CreateDataSourceRequest {
  name: string;
  type: string;
  access: DataSourceAccess;
  uid?: string;
  url?: string;
  database?: string;
  user?: string;
  basicAuth?: boolean;
  basicAuthUser?: string;
  withCredentials?: boolean;
  /** Setting it on one data source clears it on all others of the org (§5.5). */
  isDefault?: boolean;
  jsonData?: DataSourceJsonData;
  /** Keys omitted on update keep their stored value; `""` clears one (§5.6). */
  secureJsonData?: Record<string, string>;
  apiVersion?: string;
}

/** `UpdateDataSourceCommand`. */
export interface UpdateDataSourceRequest extends CreateDataSourceRequest {
  /**
   * Optimistic locking: a value lower than the stored one answers 409 (GrafanaVersionMismatchError);
   * omitted or 0 means an unconditional write (§5.5).
   */
  version?: number;
}

/** POST answers 200 with `"Datasource added"`, PUT with `"Datasource updated"`. */
export interface DataSourceWriteResponse {
  message: string;
  id: number;
  name: string;
  datasource: GrafanaDataSource;
}

export interface DeleteDataSourceResponse {
  message: string;
  id?: number;
}

const DATASOURCE = '/api/datasources/uid/:uid';

export class DataSourcesApi {
  constructor(private readonly http: GrafanaHttpClient) {}

  async list(): Promise<GrafanaDataSourceListItem[]> {
    return (
      (await this.http.call<GrafanaDataSourceListItem[] | null>({
        method: 'GET',
        route: '/api/datasources',
      })) ?? []
    );
  }

  async getByUid(uid: string): Promise<GrafanaDataSource> {
    return this.http.call<GrafanaDataSource>({
      method: 'GET',
      route: DATASOURCE,
      params: { uid },
    });
  }

  async getByName(name: string): Promise<GrafanaDataSource> {
    return this.http.call<GrafanaDataSource>({
      method: 'GET',
      route: '/api/datasources/name/:name',
      params: { name },
    });
  }

  /**
   * @throws GrafanaAlreadyExistsError when the name or uid is taken (409, §5.4). Callers switch to
   * get + update.
   */
  async create(request: CreateDataSourceRequest): Promise<DataSourceWriteResponse> {
    return alreadyExistsOn(
      [409],
      this.http.call<DataSourceWriteResponse>({ method: 'POST', route: '/api/datasources', body: request }),
    );
  }

  /**
   * A rename onto a taken name throws GrafanaConflictError; a stale `version` throws
   * GrafanaVersionMismatchError (§5.4).
   */
  async update(uid: string, request: UpdateDataSourceRequest): Promise<DataSourceWriteResponse> {
    return this.http.call<DataSourceWriteResponse>({
      method: 'PUT',
      route: DATASOURCE,
      params: { uid },
      body: request,
    });
  }

  async delete(uid: string): Promise<DeleteDataSourceResponse> {
    return this.http.call<DeleteDataSourceResponse>({
      method: 'DELETE',
      route: DATASOURCE,
      params: { uid },
    });
  }
}
