/**
 * The calls on one alerting provisioning collection (`/api/v1/provisioning/<area>`) and its items
 * (`…/:uid` or `…/:name`) that the rule, contact-point, mute-timing and template clients share:
 * the list Grafana answers `null` for when empty, GET and its 404, POST, PUT, DELETE and the
 * exports (§8.8). Each client keeps its own methods, their answers, errors and quirks.
 */
import {
  provisioningCall,
  requestExport,
  type AlertingFileExport,
  type AlertingRequestOptions,
  type ExportOptions,
  type ProvenanceOptions,
} from './alerting.js';
import { undefinedIfNotFound } from './errors.js';
import type { GrafanaHttpClient } from './http.js';
import type { QueryParams } from './route.js';

export class ProvisioningCollection<T> {
  /** The item route, e.g. `/api/v1/provisioning/alert-rules/:uid`. */
  readonly itemRoute: string;

  constructor(
    private readonly http: GrafanaHttpClient,
    readonly route: string,
    /** The path parameter naming an item. */
    private readonly key: 'uid' | 'name',
  ) {
    this.itemRoute = `${route}/:${key}`;
  }

  async list(options: AlertingRequestOptions, query?: QueryParams): Promise<T[]> {
    return (
      (await provisioningCall<T[] | null>(this.http, { method: 'GET', route: this.route, query }, options)) ??
      []
    );
  }

  /** @throws GrafanaNotFoundError. */
  async get(id: string, options: AlertingRequestOptions): Promise<T> {
    return provisioningCall<T>(
      this.http,
      { method: 'GET', route: this.itemRoute, params: this.#params(id) },
      options,
    );
  }

  /** The item, or undefined when there is none. */
  async find(id: string, options: AlertingRequestOptions): Promise<T | undefined> {
    return undefinedIfNotFound(this.get(id, options));
  }

  /** POST on the collection; resolves to the answer's body. */
  async create<R = T>(body: unknown, options: ProvenanceOptions): Promise<R> {
    return provisioningCall<R>(this.http, { method: 'POST', route: this.route, body }, options);
  }

  /** PUT on the item named `id`; resolves to the answer's body. */
  async put<R = T>(id: string, body: unknown, options: ProvenanceOptions): Promise<R> {
    return provisioningCall<R>(
      this.http,
      { method: 'PUT', route: this.itemRoute, params: this.#params(id), body },
      options,
    );
  }

  async delete(id: string, options: ProvenanceOptions, query?: QueryParams): Promise<void> {
    await provisioningCall(
      this.http,
      { method: 'DELETE', route: this.itemRoute, params: this.#params(id), query },
      options,
    );
  }

  /** `…/:key/export`: one item in file-provisioning format. */
  async exportItem(id: string, options: ExportOptions): Promise<string | AlertingFileExport> {
    return requestExport(this.http, `${this.itemRoute}/export`, this.#params(id), {}, options);
  }

  /** `…/export`: the whole collection (or what `query` selects) in file-provisioning format. */
  async exportAll(options: ExportOptions, query: QueryParams = {}): Promise<string | AlertingFileExport> {
    return requestExport(this.http, `${this.route}/export`, undefined, query, options);
  }

  #params(id: string): Record<string, string> {
    return { [this.key]: id };
  }
}

/**
 * The read side of an area whose items Grafana serves one by one (alert rules, mute timings,
 * templates): every item, one by its uid or name, or undefined for a missing one. Contact points,
 * which have no GET by uid, use a ProvisioningCollection directly.
 */
export class ProvisionedItemsApi<T> {
  protected readonly items: ProvisioningCollection<T>;

  constructor(http: GrafanaHttpClient, route: string, key: 'uid' | 'name') {
    this.items = new ProvisioningCollection<T>(http, route, key);
  }

  /** Every item of the org, in Grafana's order. */
  async list(options: AlertingRequestOptions = {}): Promise<T[]> {
    return this.items.list(options);
  }

  /** The item with this uid or name. @throws GrafanaNotFoundError. */
  async get(id: string, options: AlertingRequestOptions = {}): Promise<T> {
    return this.items.get(id, options);
  }

  /** The item, or undefined when there is none. */
  async find(id: string, options: AlertingRequestOptions = {}): Promise<T | undefined> {
    return this.items.find(id, options);
  }
}
