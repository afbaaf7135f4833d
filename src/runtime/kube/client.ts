import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import { noteUnrepeatable } from '../../lib/read-record.js';
import { isTooLargeResourceVersion, KubeApiError } from './errors.js';
import type { ClusterAccess } from './kubeconfig.js';
import { notOlder, OwnWrites } from './own-writes.js';
import type { KubeObject, KubeList, ResourceType, WatchEvent } from './types.js';

/**
 * A small Kubernetes REST client over node:http(s), configured from a ClusterAccess (the
 * loader in kubeconfig.ts, or a client-node KubeConfig, which has the same two methods).
 *
 * client-node's generated APIs cannot ask for metadata-only lists/watches (an Accept header
 * we need to keep large dashboard bodies out of memory), cannot stream a watch with bookmarks
 * and a client-side idle timeout, and its informer stops for good on a watch error; owning the
 * thin HTTP layer lets the reflector do all of that while the ClusterAccess keeps handling
 * credentials (including rotated in-cluster token files, applied on every request).
 */
export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  accept?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export const PARTIAL_METADATA_LIST_ACCEPT =
  'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
export const PARTIAL_METADATA_ACCEPT =
  'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';

/** What a PATCH is answered with: the whole object, or its metadata alone (PartialObjectMetadata). */
export type PatchAnswer = 'object' | 'metadata';

function acceptFor(answer: PatchAnswer): Pick<RequestOptions, 'accept'> {
  return answer === 'metadata' ? { accept: PARTIAL_METADATA_ACCEPT } : {};
}

export interface KubeRequestInfo {
  method: string;
  resource: string;
  status: number | 'error';
  durationSeconds: number;
}

export interface GetOptions {
  /**
   * Answer with the object at this resourceVersion or later (the version the operator's cache
   * holds): the apiserver then serves the read from its watch cache, not by a quorum read of
   * etcd, so a reconcile's GET costs etcd nothing. Not older than this client's own last write
   * either (OwnWrites). Undefined: a quorum read, the latest there is.
   */
  notOlderThan?: string;
  /**
   * A copy of the object at hand already (from a list): the answer, without a request, when it
   * is not older than what the read would ask for (`notOlderThan` and our own last write).
   */
  listed?: KubeObject;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  metadataOnly?: boolean;
  limit?: number;
}

export interface ListPage<T extends KubeObject> {
  items: T[];
  /** Where the next page starts; undefined on the last. */
  continue?: string;
  resourceVersion?: string;
  /** The answer's size: what a page of such objects costs to hold. */
  bytes: number;
}

export interface WatchOptions extends ListOptions {
  resourceVersion: string;
  timeoutSeconds?: number;
  signal: AbortSignal;
  /** Called on every byte chunk, so a watchdog can tell a quiet watch from a dead one. */
  onActivity?: () => void;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Methods sent again when a pooled keep-alive connection turns out to have been closed by the
 * server while idle (kube-apiserver closes them after 90 s; a proxy in between, sooner): the
 * request fails at once with a reset, having reached no handler. Not POST: a create that did
 * reach the server would be made twice. A replayed PUT or JSON patch carries its own guard
 * (resourceVersion, a `test` op); merge and apply patches and DELETE land the same either way.
 */
const REPLAYABLE = new Set(['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE']);

/** How a request on a connection the server had already closed fails (Node's own advice on `reusedSocket`). */
function closedWhileIdle(err: Error): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ECONNRESET' || code === 'EPIPE';
}

export class KubeClient {
  /** Requests share a bounded pool; each watch holds a connection for as long as it runs. */
  private agents: { requests: http.Agent; watches: http.Agent } | undefined;
  private readonly server: URL;
  private readonly ownWrites = new OwnWrites();

  constructor(
    readonly kubeConfig: ClusterAccess,
    private readonly settings: {
      onRequest?(info: KubeRequestInfo): void;
      /**
       * Connections kept for requests (watches have their own, one each); more requests at once
       * wait for one. Undefined: no limit, one connection per request under way, all kept.
       */
      requestConnections?: number;
    } = {},
  ) {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig has no current cluster');
    this.server = new URL(cluster.server.endsWith('/') ? cluster.server : `${cluster.server}/`);
  }

  /** A write to one object; the version its answer carries is remembered for reads (get). */
  private async write<T extends KubeObject>(
    method: 'PUT' | 'PATCH' | 'DELETE',
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    subresource: string | undefined,
    options: RequestOptions,
  ): Promise<T> {
    const answer = await this.request<T>(
      method,
      KubeClient.path(type, namespace, name, subresource),
      options,
      type.plural,
    );
    this.ownWrites.note(KubeClient.path(type, namespace, name), answer?.metadata?.resourceVersion);
    return answer;
  }

  static path(type: ResourceType, namespace?: string, name?: string, subresource?: string): string {
    const base = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
    const ns = type.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    const item = name ? `/${encodeURIComponent(name)}` : '';
    const sub = name && subresource ? `/${subresource}` : '';
    return `${base}${ns}/${type.plural}${item}${sub}`;
  }

  async get<T extends KubeObject>(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: GetOptions = {},
  ): Promise<T> {
    const path = KubeClient.path(type, namespace, name);
    const minimum =
      options.notOlderThan !== undefined ? this.ownWrites.minimum(path, options.notOlderThan) : undefined;
    if (minimum !== undefined) {
      if (options.listed && notOlder(options.listed.metadata?.resourceVersion, minimum)) {
        return options.listed as T;
      }
      try {
        const object = await this.request<T>(
          'GET',
          path,
          { query: { resourceVersion: minimum } },
          type.plural,
        );
        this.ownWrites.seen(path, object.metadata?.resourceVersion);
        return object;
      } catch (err) {
        // The apiserver's watch cache has not reached that version (an apiserver behind the one
        // the cache heard it from): the latest, from etcd, is not older either.
        if (!isTooLargeResourceVersion(err)) throw err;
      }
    }
    return this.request<T>('GET', path, {}, type.plural);
  }

  /** Like get, but a missing object is `undefined` instead of an error. */
  async find<T extends KubeObject>(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: GetOptions = {},
  ): Promise<T | undefined> {
    try {
      return await this.get<T>(type, namespace, name, options);
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** Lists every page (the apiserver pages at `limit`), so callers see one consistent list. */
  async list<T extends KubeObject>(
    type: ResourceType,
    namespace: string | undefined,
    options: ListOptions = {},
  ): Promise<KubeList<T>> {
    const items: T[] = [];
    let continueToken: string | undefined;
    let resourceVersion = '';
    do {
      const page = await this.listPage<T>(type, namespace, { ...options, continue: continueToken });
      items.push(...page.items);
      continueToken = page.continue;
      resourceVersion = page.resourceVersion ?? resourceVersion;
    } while (continueToken);
    return { metadata: { resourceVersion }, items };
  }

  /** One page of a list: at most `limit` objects (default 500), from where `continue` left off. */
  async listPage<T extends KubeObject>(
    type: ResourceType,
    namespace: string | undefined,
    options: ListOptions & { continue?: string } = {},
  ): Promise<ListPage<T>> {
    const { value: page, bytes } = await this.exchange<KubeList<T>>(
      'GET',
      KubeClient.path(type, namespace),
      {
        query: {
          labelSelector: options.labelSelector,
          fieldSelector: options.fieldSelector,
          limit: options.limit ?? 500,
          continue: options.continue,
        },
        accept: options.metadataOnly ? PARTIAL_METADATA_LIST_ACCEPT : undefined,
      },
      type.plural,
    );
    return {
      items: page.items ?? [],
      continue: page.metadata?.continue || undefined,
      resourceVersion: page.metadata?.resourceVersion,
      bytes,
    };
  }

  async create<T extends KubeObject>(type: ResourceType, namespace: string | undefined, body: T): Promise<T> {
    // Not noted (OwnWrites): an object is reconciled once the cache has it, at the version its
    // create left or later, so no read goes by an older one.
    return this.request<T>('POST', KubeClient.path(type, namespace), { body }, type.plural);
  }

  async replace<T extends KubeObject>(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: T,
    subresource?: string,
  ): Promise<T> {
    return this.write<T>('PUT', type, namespace, name, subresource, { body });
  }

  /**
   * JSON merge patch (RFC 7386): `null` deletes a key; arrays are replaced whole. `answer` as for
   * {@link jsonPatch}.
   */
  async mergePatch<T extends KubeObject>(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    subresource?: string,
    answer: PatchAnswer = 'object',
  ): Promise<T> {
    return this.write<T>('PATCH', type, namespace, name, subresource, {
      body: patch,
      contentType: 'application/merge-patch+json',
      ...acceptFor(answer),
    });
  }

  /**
   * RFC 6902 JSON patch; used where a `test` op gives optimistic locking on one field. `answer`
   * 'metadata': the apiserver answers the patched object's metadata alone (PartialObjectMetadata),
   * for a caller that reads nothing else of it: a dashboard's status write then neither encodes
   * nor parses the dashboard again.
   */
  async jsonPatch<T extends KubeObject>(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    ops: unknown[],
    subresource?: string,
    answer: PatchAnswer = 'object',
  ): Promise<T> {
    return this.write<T>('PATCH', type, namespace, name, subresource, {
      body: ops,
      contentType: 'application/json-patch+json',
      ...acceptFor(answer),
    });
  }

  async delete(type: ResourceType, namespace: string | undefined, name: string): Promise<void> {
    // The answer is the object, marked for deletion, while finalizers hold it; else a Status.
    await this.write<KubeObject>('DELETE', type, namespace, name, undefined, {});
  }

  /**
   * Streams watch events until the server closes the stream (resolves) or it fails (rejects).
   * Bookmarks are requested so an idle watch still advances its resourceVersion and a restart
   * resumes instead of relisting.
   */
  async watch(
    type: ResourceType,
    namespace: string | undefined,
    options: WatchOptions,
    onEvent: (event: WatchEvent) => void,
  ): Promise<void> {
    const url = this.url(KubeClient.path(type, namespace), {
      watch: true,
      resourceVersion: options.resourceVersion,
      allowWatchBookmarks: true,
      timeoutSeconds: options.timeoutSeconds,
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
    });
    const response = await this.send(
      'GET',
      url,
      {
        accept: options.metadataOnly ? PARTIAL_METADATA_ACCEPT : undefined,
        signal: options.signal,
        timeoutMs: 0,
      },
      'watches',
    );
    if ((response.statusCode ?? 0) >= 300) {
      const text = (await readBody(response)).toString('utf8');
      throw KubeApiError.fromResponse('GET', url.pathname, response.statusCode ?? 0, text);
    }
    await new Promise<void>((resolve, reject) => {
      const lines = createInterface({ input: response, crlfDelay: Infinity });
      response.on('data', () => options.onActivity?.());
      lines.on('line', (line) => {
        if (!line.trim()) return;
        try {
          onEvent(JSON.parse(line) as WatchEvent);
        } catch (err) {
          response.destroy(err as Error);
        }
      });
      // readline re-emits input errors (an aborted socket) on itself; unhandled, they would be
      // thrown as uncaught exceptions instead of ending this watch.
      lines.on('error', reject);
      response.on('error', reject);
      response.on('close', () => (response.errored ? reject(response.errored) : resolve()));
      lines.on('close', () => (response.errored ? reject(response.errored) : resolve()));
    });
  }

  async request<T>(
    method: string,
    path: string,
    options: RequestOptions = {},
    resourceLabel = 'other',
  ): Promise<T> {
    return (await this.exchange<T>(method, path, options, resourceLabel)).value;
  }

  /** A request and its parsed answer, with the answer's size in bytes. */
  private async exchange<T>(
    method: string,
    path: string,
    options: RequestOptions,
    resourceLabel: string,
  ): Promise<{ value: T; bytes: number }> {
    const url = this.url(path, options.query ?? {});
    // Read or written for a reconcile: a resync cannot confirm it without asking again (read-record.ts).
    noteUnrepeatable(`apiserver ${method} ${url.pathname}`);
    const started = process.hrtime.bigint();
    let status: number | 'error' = 'error';
    try {
      const response = await this.send(method, url, options);
      status = response.statusCode ?? 0;
      const body = await readBody(response);
      const text = body.toString('utf8');
      if (status >= 300) throw KubeApiError.fromResponse(method, url.pathname, status, text);
      return { value: (text ? JSON.parse(text) : undefined) as T, bytes: body.length };
    } finally {
      this.settings.onRequest?.({
        method,
        resource: resourceLabel,
        status,
        durationSeconds: Number(process.hrtime.bigint() - started) / 1e9,
      });
    }
  }

  private url(path: string, query: Record<string, string | number | boolean | undefined>): URL {
    const url = new URL(path.replace(/^\//, ''), this.server);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
    }
    return url;
  }

  private async send(
    method: string,
    url: URL,
    options: RequestOptions,
    pool: 'requests' | 'watches' = 'requests',
  ): Promise<http.IncomingMessage> {
    const tls: https.RequestOptions = {};
    await this.kubeConfig.applyToHTTPSOptions(tls);
    const isHttps = url.protocol === 'https:';
    const agents = (this.agents ??= this.newAgents(isHttps, tls));
    const headers: Record<string, string> = {
      ...(tls.headers as Record<string, string> | undefined),
      Accept: options.accept ?? 'application/json',
      'User-Agent': 'grafana-provisioning-operator',
    };
    if (tls.auth) headers.Authorization = `Basic ${Buffer.from(tls.auth).toString('base64')}`;
    let payload: Buffer | undefined;
    if (options.body !== undefined) {
      payload = Buffer.from(JSON.stringify(options.body));
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    const transport = isHttps ? https : http;
    const attempt = (retried: boolean): Promise<http.IncomingMessage> =>
      new Promise((resolve, reject) => {
        const req = transport.request(
          url,
          { method, headers, agent: agents[pool], signal: options.signal },
          resolve,
        );
        const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        if (timeoutMs > 0) {
          req.setTimeout(timeoutMs, () =>
            req.destroy(new Error(`request ${method} ${url.pathname} timed out after ${timeoutMs}ms`)),
          );
        }
        req.on('error', (err) =>
          !retried && req.reusedSocket && closedWhileIdle(err) && REPLAYABLE.has(method)
            ? resolve(attempt(true))
            : reject(err),
        );
        req.end(payload);
      });
    return attempt(false);
  }

  /** The two pools (built on the first request, with the TLS settings of that moment). */
  private newAgents(
    isHttps: boolean,
    tls: https.RequestOptions,
  ): { requests: http.Agent; watches: http.Agent } {
    const agent = (maxSockets: number) =>
      isHttps
        ? new https.Agent({
            keepAlive: true,
            maxSockets,
            maxFreeSockets: maxSockets,
            ca: tls.ca,
            cert: tls.cert,
            key: tls.key,
            rejectUnauthorized: tls.rejectUnauthorized ?? true,
            servername: tls.servername,
          })
        : new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
    return { requests: agent(this.settings.requestConnections ?? Infinity), watches: agent(Infinity) };
  }

  close(): void {
    this.agents?.requests.destroy();
    this.agents?.watches.destroy();
    this.agents = undefined;
  }
}

async function readBody(response: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
