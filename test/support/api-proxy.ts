/**
 * A TLS pass-through in front of the test apiserver that records every request a client makes,
 * as the RBAC authorizer sees it (verb, API group, resource[/subresource], namespace), and the
 * answer's status. The client keeps its own identity: the Authorization header is forwarded as is.
 * It serves the apiserver's own certificate, so a kubeconfig for it differs only in the port.
 */
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface ApiCall {
  verb: string;
  group: string;
  /** plural, or plural/subresource */
  resource: string;
  namespace: string | undefined;
  name: string | undefined;
  status: number;
  method: string;
  path: string;
  /** The request's JSON body, for a write to a resource the proxy was asked to keep bodies of. */
  body?: unknown;
}

/** Request attributes as kube-apiserver's RequestInfo resolver derives them. */
export function requestAttributes(
  method: string,
  url: URL,
): Omit<ApiCall, 'status' | 'method' | 'path' | 'body'> | undefined {
  const parts = url.pathname.split('/').filter(Boolean);
  let group: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    group = '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1]!;
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, subresource] = rest;
  if (!plural) return undefined;
  const watch = ['true', '1'].includes(url.searchParams.get('watch') ?? '');
  const verb =
    method === 'GET' || method === 'HEAD'
      ? name
        ? 'get'
        : watch
          ? 'watch'
          : 'list'
      : method === 'POST'
        ? 'create'
        : method === 'PUT'
          ? 'update'
          : method === 'PATCH'
            ? 'patch'
            : method === 'DELETE'
              ? name
                ? 'delete'
                : 'deletecollection'
              : method.toLowerCase();
  return { verb, group, resource: subresource ? `${plural}/${subresource}` : plural, namespace, name };
}

export class RecordingProxy {
  private constructor(
    private readonly server: https.Server,
    readonly url: string,
    readonly calls: ApiCall[],
  ) {}

  /**
   * `clusterDir` holds the test PKI (serving.crt/key, ca.crt), as test/cluster/certs.ts writes it.
   * The bodies of writes (create, update, patch) to the resources `bodiesOf` names (plurals) are
   * kept as well.
   */
  static async start(
    target: string,
    clusterDir: string,
    { bodiesOf = [] }: { bodiesOf?: readonly string[] } = {},
  ): Promise<RecordingProxy> {
    const [cert, key, ca] = await Promise.all(
      ['serving.crt', 'serving.key', 'ca.crt'].map((file) => readFile(path.join(clusterDir, file), 'utf8')),
    );
    const upstreamBase = new URL(target);
    // A connection per request upstream: a pooled one the apiserver closed after 90 s idle would
    // cut the request it was reused for, and the proxy cannot send a streamed body again.
    const agent = new https.Agent({ keepAlive: false, ca });
    const calls: ApiCall[] = [];
    const server = https.createServer({ cert, key }, (req, res) => {
      const url = new URL(req.url ?? '/', upstreamBase);
      const method = req.method ?? 'GET';
      const attributes = requestAttributes(method, url);
      const headers = { ...req.headers, host: upstreamBase.host };
      const chunks: Buffer[] = [];
      const keepBody =
        attributes !== undefined &&
        ['create', 'update', 'patch'].includes(attributes.verb) &&
        bodiesOf.includes(attributes.resource);
      if (keepBody) req.on('data', (chunk: Buffer) => chunks.push(chunk));
      const upstream = https.request(url, { method, headers, agent }, (answer) => {
        // The apiserver answers a write once it has read the whole body.
        if (attributes)
          calls.push({
            ...attributes,
            status: answer.statusCode ?? 0,
            method,
            path: url.pathname,
            ...(keepBody ? { body: jsonOrText(Buffer.concat(chunks).toString('utf8')) } : {}),
          });
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      });
      upstream.on('error', () => res.destroy());
      // A closed watch on the client's side ends the upstream watch too.
      res.on('close', () => upstream.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    return new RecordingProxy(server, `https://127.0.0.1:${port}`, calls);
  }

  denied(): ApiCall[] {
    return this.calls.filter((call) => call.status === 403);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `verb group/resource`, the unit RBAC grants, e.g. `patch grafana.provisioning.dev/grafanafolders/status`. */
export const permissionKey = (verb: string, group: string, resource: string) =>
  `${verb} ${group || 'core'}/${resource}`;

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
}

/** Every (verb, group, resource) a set of (Cluster)Roles grants. */
export function grantedPermissions(roles: Array<{ rules?: Rule[] }>): Set<string> {
  const granted = new Set<string>();
  for (const role of roles)
    for (const rule of role.rules ?? [])
      for (const group of rule.apiGroups ?? [])
        for (const resource of rule.resources ?? [])
          for (const verb of rule.verbs ?? []) granted.add(permissionKey(verb, group, resource));
  return granted;
}
