import { accessSync, readFileSync } from 'node:fs';
import type { OutgoingHttpHeaders } from 'node:http';
import type https from 'node:https';
import { isIPv6 } from 'node:net';
import { homedir } from 'node:os';
import path from 'node:path';
import { isObject } from '../../lib/json.js';

/**
 * Credentials and TLS settings for the operator's own REST client, without client-node.
 *
 * Importing `@kubernetes/client-node` loads every generated API and model (~75 MiB of resident
 * memory) although KubeClient only needs the two methods below. This loader covers what an
 * operator meets in practice: the in-cluster ServiceAccount, and kubeconfig files with token,
 * token-file, client-certificate or basic-auth users. Users that need a credential plugin
 * (`exec`, `auth-provider`) are handed to client-node's KubeConfig, imported only then.
 *
 * Which configuration is used (the order of controller-runtime):
 * 1. `KUBECONFIG`: a path list (`:`-separated; `;` on Windows). Missing files are skipped; the
 *    rest are merged like kubectl does: the first file to define a cluster, user or context (by
 *    name) or `current-context` wins. Relative paths resolve against the directory of the file
 *    that defined the entry.
 * 2. In a Pod (`KUBERNETES_SERVICE_HOST`/`_PORT` set and a ServiceAccount token mounted): the
 *    apiserver at `https://host:port`, the mounted `ca.crt`, and the token file.
 * 3. `~/.kube/config`.
 *
 * `applyToHTTPSOptions` fills the same request options as client-node's KubeConfig does (`ca`,
 * `cert`, `key`, `rejectUnauthorized`, `servername`, `headers.Authorization`, `auth` and
 * `headers['Impersonate-User']`), except the `agent`, which KubeClient builds itself. Credential
 * files (token, CA, client certificate and key) are read when loading, so a bad path fails at
 * start, and re-read at most once per `fileMaxAgeMs` (60 s, as client-go does for token files),
 * so rotated ServiceAccount tokens are picked up. If a re-read fails the last value is kept.
 */
export interface ClusterAccess {
  getCurrentCluster(): { server: string } | null;
  applyToHTTPSOptions(opts: https.RequestOptions): Promise<void>;
}

/** What loadClusterAccess returns: the namespace is undefined for the client-node fallback. */
export interface LoadedClusterAccess extends ClusterAccess {
  /** The ServiceAccount's namespace in a Pod, else the current context's namespace, if any. */
  readonly namespace?: string;
}

export interface LoadClusterAccessOptions {
  /** Where the ServiceAccount is mounted; tests point it at a temporary directory. */
  serviceAccountDir?: string;
  /** How long a credential file read is reused before the file is read again. */
  fileMaxAgeMs?: number;
  /** Clock for the file cache, in ms. */
  now?: () => number;
}

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
export const FILE_MAX_AGE_MS = 60_000;

export async function loadClusterAccess(
  env: NodeJS.ProcessEnv = process.env,
  options: LoadClusterAccessOptions = {},
): Promise<LoadedClusterAccess> {
  const files = new FileReader(options.fileMaxAgeMs ?? FILE_MAX_AGE_MS, options.now ?? Date.now);
  if (env.KUBECONFIG) {
    const listed = env.KUBECONFIG.split(path.delimiter).filter(Boolean);
    const existing = listed.filter(exists);
    if (existing.length === 0)
      throw new Error(`KUBECONFIG is set, but none of its files exists: ${listed.join(', ')}`);
    return fromKubeconfig(existing, files);
  }
  const serviceAccountDir = options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  const tokenFile = path.join(serviceAccountDir, 'token');
  if (host && port && exists(tokenFile)) return inCluster(host, port, serviceAccountDir, files);
  const home = env.HOME || env.USERPROFILE || homedir();
  const defaultFile = home ? path.join(home, '.kube', 'config') : undefined;
  if (defaultFile && exists(defaultFile)) return fromKubeconfig([defaultFile], files);
  throw new Error(
    'no Kubernetes credentials found: set KUBECONFIG, create ~/.kube/config, or run in a Pod ' +
      `(KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT set, a token in ${serviceAccountDir})`,
  );
}

/** Resolved settings of one cluster and user; files are absolute paths. */
interface Credentials {
  clusterName: string;
  server: string;
  namespace?: string;
  ca?: Source;
  cert?: Source;
  key?: Source;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  impersonateUser?: string;
}

type Source = { data: Buffer } | { file: string };

class CredentialsAccess implements LoadedClusterAccess {
  readonly namespace: string | undefined;

  constructor(
    private readonly credentials: Credentials,
    private readonly files: FileReader,
  ) {
    this.namespace = credentials.namespace;
    // Read every file once now, so a wrong path or permission fails at start, not per request.
    for (const source of [credentials.ca, credentials.cert, credentials.key])
      if (source && 'file' in source) files.read(source.file);
    if (credentials.tokenFile && credentials.token === undefined) files.read(credentials.tokenFile);
  }

  getCurrentCluster(): { name: string; server: string } {
    return { name: this.credentials.clusterName, server: this.credentials.server };
  }

  async applyToHTTPSOptions(opts: https.RequestOptions): Promise<void> {
    const c = this.credentials;
    if (c.insecureSkipTlsVerify) opts.rejectUnauthorized = false;
    if (c.tlsServerName) opts.servername = c.tlsServerName;
    const ca = this.bytes(c.ca);
    if (ca) opts.ca = ca;
    const cert = this.bytes(c.cert);
    if (cert) opts.cert = cert;
    const key = this.bytes(c.key);
    if (key) opts.key = key;
    const headers = headerObject(opts.headers);
    opts.headers = headers;
    if (c.impersonateUser) headers['Impersonate-User'] = c.impersonateUser;
    const token = this.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (c.username) opts.auth = `${c.username}:${c.password ?? ''}`;
  }

  private bytes(source: Source | undefined): Buffer | undefined {
    if (!source) return undefined;
    return 'data' in source ? source.data : this.files.read(source.file);
  }

  /** As client-go: the token file, re-read as it rotates, wins; `token` is its fallback. */
  private token(): string | undefined {
    const { token, tokenFile } = this.credentials;
    if (!tokenFile) return token;
    try {
      return this.files.read(tokenFile).toString('utf8').trim() || token;
    } catch (err) {
      if (token !== undefined) return token;
      throw err;
    }
  }
}

/**
 * Reads files, reusing a read for `maxAgeMs`. A failed re-read keeps the last value (a token
 * being swapped is still valid for a while); only a file never read successfully is an error.
 */
class FileReader {
  private readonly cache = new Map<string, { data: Buffer; readAt: number }>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly now: () => number,
  ) {}

  read(file: string): Buffer {
    const now = this.now();
    const cached = this.cache.get(file);
    if (cached && now - cached.readAt <= this.maxAgeMs) return cached.data;
    try {
      const data = readFileSync(file);
      this.cache.set(file, { data, readAt: now });
      return data;
    } catch (err) {
      if (cached) return cached.data;
      throw new Error(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
    }
  }
}

function inCluster(host: string, port: string, dir: string, files: FileReader): CredentialsAccess {
  const caFile = path.join(dir, 'ca.crt');
  const namespaceFile = path.join(dir, 'namespace');
  return new CredentialsAccess(
    {
      clusterName: 'inCluster',
      server: `https://${isIPv6(host) ? `[${host}]` : host}:${port}`,
      namespace: exists(namespaceFile) ? readFileSync(namespaceFile, 'utf8').trim() || undefined : undefined,
      // client-go logs and carries on with the system roots when ca.crt is missing.
      ca: exists(caFile) ? { file: caFile } : undefined,
      insecureSkipTlsVerify: false,
      tokenFile: path.join(dir, 'token'),
    },
    files,
  );
}

type Fields = Record<string, unknown>;

/** A named entry of a kubeconfig list, with the directory its relative paths resolve against. */
interface Entry {
  fields: Fields;
  dir: string;
}

async function fromKubeconfig(kubeconfigFiles: string[], files: FileReader): Promise<LoadedClusterAccess> {
  // Why `yaml` is a production dependency: kubeconfig files are YAML. Imported here, only when one
  // is read (out of cluster), so an operator in a Pod never loads it.
  const { parse } = await import('yaml');
  const clusters = new Map<string, Entry>();
  const users = new Map<string, Entry>();
  const contexts = new Map<string, Entry>();
  let currentContext: string | undefined;
  for (const file of kubeconfigFiles) {
    let doc: unknown;
    try {
      doc = parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`cannot load kubeconfig ${file}: ${(err as Error).message}`, { cause: err });
    }
    if (doc === null || doc === undefined) continue;
    if (!isObject(doc)) throw new Error(`kubeconfig ${file} is not a mapping`);
    const dir = path.dirname(path.resolve(file));
    currentContext ??= text(doc['current-context']);
    collect(doc.clusters, 'cluster', dir, clusters);
    collect(doc.users, 'user', dir, users);
    collect(doc.contexts, 'context', dir, contexts);
  }

  const where = `kubeconfig ${kubeconfigFiles.join(path.delimiter)}`;
  if (!currentContext)
    throw new Error(`${where} has no current-context (set one: kubectl config use-context)`);
  const context = contexts.get(currentContext);
  if (!context) throw new Error(`${where}: current context "${currentContext}" is not defined`);
  const clusterName = text(context.fields.cluster);
  if (!clusterName) throw new Error(`${where}: context "${currentContext}" names no cluster`);
  const cluster = clusters.get(clusterName);
  if (!cluster)
    throw new Error(`${where}: cluster "${clusterName}" (of context "${currentContext}") is not defined`);
  const server = text(cluster.fields.server);
  if (!server) throw new Error(`${where}: cluster "${clusterName}" has no server`);
  const userName = text(context.fields.user);
  const user = userName ? users.get(userName) : { fields: {}, dir: cluster.dir };
  if (!user) throw new Error(`${where}: user "${userName}" (of context "${currentContext}") is not defined`);

  const abs = (entry: Entry, key: string) => {
    const value = text(entry.fields[key]);
    return value === undefined ? undefined : path.resolve(entry.dir, value);
  };

  if (user.fields.exec !== undefined || user.fields['auth-provider'] !== undefined) {
    return clientNodeKubeConfig({
      'current-context': currentContext,
      contexts: [{ name: currentContext, context: context.fields }],
      clusters: [
        {
          name: clusterName,
          cluster: { ...cluster.fields, 'certificate-authority': abs(cluster, 'certificate-authority') },
        },
      ],
      users: [
        {
          name: userName,
          user: {
            ...user.fields,
            'client-certificate': abs(user, 'client-certificate'),
            'client-key': abs(user, 'client-key'),
          },
        },
      ],
    });
  }

  return new CredentialsAccess(
    {
      clusterName,
      // As client-node: one trailing slash is dropped.
      server: server.replace(/\/$/, ''),
      namespace: text(context.fields.namespace),
      // As client-node: a file wins over inline data.
      ca: source(abs(cluster, 'certificate-authority'), text(cluster.fields['certificate-authority-data'])),
      cert: source(abs(user, 'client-certificate'), text(user.fields['client-certificate-data'])),
      key: source(abs(user, 'client-key'), text(user.fields['client-key-data'])),
      insecureSkipTlsVerify: cluster.fields['insecure-skip-tls-verify'] === true,
      tlsServerName: text(cluster.fields['tls-server-name']),
      token: text(user.fields.token),
      // `tokenFile` is kubectl's spelling; client-node reads `token-file`.
      tokenFile: abs(user, 'tokenFile') ?? abs(user, 'token-file'),
      username: text(user.fields.username),
      password: text(user.fields.password),
      impersonateUser: text(user.fields.as),
    },
    files,
  );
}

/** Credential plugins (exec, auth-provider) stay with client-node, loaded only for them. */
async function clientNodeKubeConfig(config: Fields): Promise<LoadedClusterAccess> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(JSON.stringify(config));
  return kubeConfig;
}

function collect(list: unknown, key: string, dir: string, into: Map<string, Entry>): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    if (!isObject(item)) continue;
    const name = text(item.name);
    if (name === undefined || into.has(name)) continue;
    into.set(name, { fields: isObject(item[key]) ? item[key] : {}, dir });
  }
}

function source(file: string | undefined, base64: string | undefined): Source | undefined {
  if (file) return { file };
  if (base64) return { data: Buffer.from(base64, 'base64') };
  return undefined;
}

function headerObject(headers: https.RequestOptions['headers']): OutgoingHttpHeaders {
  if (!isRawHeaders(headers)) return headers ?? {};
  const object: OutgoingHttpHeaders = {};
  for (let i = 0; i + 1 < headers.length; i += 2) object[headers[i] as string] = headers[i + 1];
  return object;
}

function isRawHeaders(headers: https.RequestOptions['headers']): headers is readonly string[] {
  return Array.isArray(headers);
}

/** A non-empty string, else undefined (kubeconfig treats empty fields as unset). */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function exists(file: string): boolean {
  try {
    accessSync(file);
    return true;
  } catch {
    return false;
  }
}
