/**
 * Helpers for the tests of what users install: the Helm chart, the kustomize base in deploy/ and
 * the Argo CD snippets. helm and kubeconform come from scripts/tools.sh, like the apiserver.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { ROOT } from '../../scripts/generate-api.js';
import { imageNodeArgs } from '../../scripts/image.js';
import { writeKubeconfig } from '../cluster/kubeconfig.js';
import type { KubectlOptions, KubectlResult } from '../cluster/kubectl.js';
import type { KubeObject } from '../../src/runtime/kube/types.js';

export const CHART_DIR = path.join(ROOT, 'charts', 'grafana-provisioning-operator');
export const CRDS_DIR = path.join(ROOT, 'crds');
export const DEPLOY_DIR = path.join(ROOT, 'deploy');

/** The Kubernetes version of the pinned apiserver; helm renders for it (see scripts/tools.sh). */
export const KUBE_VERSION = (() => {
  const match = /^KUBERNETES_VERSION=v(\S+)$/m.exec(
    readFileSync(path.join(ROOT, 'scripts', 'tools.sh'), 'utf8'),
  );
  if (!match?.[1]) throw new Error('KUBERNETES_VERSION not found in scripts/tools.sh');
  return match[1];
})();

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface RunOptions {
  input?: string;
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
}

/** Runs a program to completion; a non-zero exit is a result, not an exception. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 120_000,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) =>
      resolve({ stdout, stderr: signal ? `${stderr}\n(killed by ${signal})` : stderr, code: code ?? 1 }),
    );
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

let binDir: Promise<string> | undefined;

/** The directory with the pinned helm, kubeconform, kubectl (built on first use, then cached). */
export function toolsBinDir(): Promise<string> {
  binDir ??= new Promise((resolve, reject) => {
    execFile(
      path.join(ROOT, 'scripts', 'tools.sh'),
      ['helm', 'kubeconform', 'kubectl'],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024, timeout: 30 * 60_000 },
      (error, stdout, stderr) => {
        const dir = stdout.trim().split('\n').pop()?.trim();
        if (error || !dir) reject(new Error(`scripts/tools.sh failed: ${stderr || String(error)}`));
        else resolve(dir);
      },
    );
  });
  return binDir;
}

export async function helm(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const dir = await toolsBinDir();
  return run(path.join(dir, 'helm'), args, {
    ...options,
    // Helm keeps caches and its repository config under these; keep them out of $HOME.
    env: {
      HELM_CACHE_HOME: path.join(tmpdir(), 'gpo-helm', 'cache'),
      HELM_CONFIG_HOME: path.join(tmpdir(), 'gpo-helm', 'config'),
      HELM_DATA_HOME: path.join(tmpdir(), 'gpo-helm', 'data'),
      ...options.env,
    },
  });
}

/** Helm's stderr without its note about the symlinked crds/ (expected: see charts/…/crds). */
export function helmErrors(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => line.trim() && !/found symbolic link in path/.test(line))
    .join('\n');
}

export interface TemplateOptions {
  release?: string;
  namespace?: string;
  values?: Record<string, unknown>;
  includeCrds?: boolean;
  chart?: string;
}

/** `helm template` of the chart; throws with helm's message when it fails. */
export async function helmTemplate(options: TemplateOptions = {}): Promise<string> {
  const result = await helmTemplateResult(options);
  if (result.code !== 0) throw new Error(`helm template failed:\n${helmErrors(result.stderr)}`);
  return result.stdout;
}

export async function helmTemplateResult(options: TemplateOptions = {}): Promise<RunResult> {
  const args = [
    'template',
    options.release ?? 'grafana-provisioning-operator',
    options.chart ?? CHART_DIR,
    '--namespace',
    options.namespace ?? 'grafana-provisioning-operator',
    '--kube-version',
    KUBE_VERSION,
  ];
  if (options.includeCrds) args.push('--include-crds');
  if (options.values) args.push('--values', await writeTemp('values.yaml', stringify(options.values)));
  return helm(args);
}

export async function writeTemp(name: string, content: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gpo-deploy-'));
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

export interface Manifest extends KubeObject {
  [key: string]: unknown;
}

export function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length) throw new Error(`invalid YAML: ${doc.errors.map((e) => e.message).join('; ')}`);
      return doc.toJS() as Manifest | null;
    })
    .filter((object): object is Manifest => object !== null && typeof object === 'object');
}

export function toYamlStream(objects: readonly unknown[]): string {
  return objects.map((object) => stringify(object, { lineWidth: 0 })).join('---\n');
}

export function kindsOf(objects: readonly Manifest[]): string[] {
  return objects.map((o) => `${o.kind}/${o.metadata?.name}`);
}

/** The CRDs in crds/: file name, kind, plural, group. */
export async function projectCrds(): Promise<
  Array<{ file: string; kind: string; plural: string; group: string; crd: Manifest }>
> {
  const files = (await readdir(CRDS_DIR)).filter((f) => f.endsWith('.yaml')).sort();
  return Promise.all(
    files.map(async (file) => {
      const [crd] = parseManifests(await readFile(path.join(CRDS_DIR, file), 'utf8'));
      const spec = crd?.spec as { group: string; names: { kind: string; plural: string } };
      return { file, kind: spec.names.kind, plural: spec.names.plural, group: spec.group, crd: crd! };
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// kubeconform with local schemas: ours from crds/, the built-in kinds from the apiserver's OpenAPI.

type Schema = Record<string, unknown>;

/**
 * JSON schema as kubeconform's -strict expects: objects that list their properties reject others
 * (the apiserver's strict field validation does the same), unless they preserve unknown fields.
 */
export function strictSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node as Schema)) {
    out[key] = key === 'enum' || key === 'example' || key === 'default' ? value : strictSchema(value);
  }
  if (out['x-kubernetes-int-or-string'] === true && !out.oneOf && !out.anyOf) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (out.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  if (
    out.properties &&
    out.additionalProperties === undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

/** Where kubeconform finds a schema: <dir>/<group or version>/<kind>_<version>.json. */
export const schemaLocation = (dir: string) =>
  `${dir}/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`;

async function writeSchema(dir: string, apiVersion: string, kind: string, schema: unknown): Promise<void> {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [apiVersion, apiVersion];
  await mkdir(path.join(dir, group!), { recursive: true });
  await writeFile(path.join(dir, group!, `${kind.toLowerCase()}_${version}.json`), JSON.stringify(schema));
}

/** Schemas of custom kinds, from their CRDs' openAPIV3Schema (ours from crds/ by default). */
export async function writeCrdSchemas(dir: string, crds?: Manifest[]): Promise<void> {
  for (const crd of crds ?? (await projectCrds()).map((c) => c.crd)) {
    const spec = crd.spec as {
      group: string;
      names: { kind: string };
      versions: Array<{ name: string; schema: { openAPIV3Schema: Schema } }>;
    };
    for (const version of spec.versions) {
      const schema = strictSchema(structuredClone(version.schema.openAPIV3Schema)) as Schema;
      await writeSchema(dir, `${spec.group}/${version.name}`, spec.names.kind, schema);
    }
  }
}

/**
 * Built-in kinds' schemas from the apiserver's own OpenAPI v3 documents, so kubeconform checks
 * Deployments and RBAC against exactly the Kubernetes version under test, offline.
 */
export async function writeBuiltinSchemas(
  dir: string,
  request: (path: string) => Promise<{ status: number; json: unknown }>,
  apiVersions: string[],
): Promise<void> {
  const index = await request('/openapi/v3');
  const paths = (index.json as { paths: Record<string, { serverRelativeURL: string }> }).paths;
  for (const apiVersion of new Set(apiVersions)) {
    const key = apiVersion.includes('/') ? `apis/${apiVersion}` : `api/${apiVersion}`;
    const entry = paths[key];
    if (!entry) continue;
    const doc = await request(entry.serverRelativeURL);
    const schemas = (doc.json as { components: { schemas: Record<string, Schema> } }).components.schemas;
    const strict = strictSchema(schemas) as Record<string, Schema>;
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    for (const [name, schema] of Object.entries(schemas)) {
      const gvks = (schema['x-kubernetes-group-version-kind'] ?? []) as Array<{
        group: string;
        version: string;
        kind: string;
      }>;
      const gvk = gvks.find((g) => g.group === group && g.version === version);
      if (!gvk || name.endsWith('List')) continue;
      await writeSchema(dir, apiVersion, gvk.kind, {
        $ref: `#/components/schemas/${name}`,
        components: { schemas: strict },
      });
    }
  }
}

export interface KubeconformResult {
  code: number;
  summary: { valid: number; invalid: number; errors: number; skipped: number };
  resources: Array<{ filename: string; kind: string; name: string; status: string; msg: string }>;
  stderr: string;
}

export async function kubeconform(manifests: string, schemaDir: string): Promise<KubeconformResult> {
  const dir = await toolsBinDir();
  const result = await run(
    path.join(dir, 'kubeconform'),
    [
      '-strict',
      '-summary',
      '-output',
      'json',
      '-schema-location',
      schemaLocation(schemaDir),
      '-kubernetes-version',
      KUBE_VERSION,
      '-',
    ],
    { input: manifests },
  );
  const parsed = JSON.parse(result.stdout || '{}') as Partial<KubeconformResult>;
  return {
    code: result.code,
    summary: parsed.summary ?? { valid: 0, invalid: 0, errors: 0, skipped: 0 },
    resources: parsed.resources ?? [],
    stderr: result.stderr,
  };
}

// ---------------------------------------------------------------------------------------------
// Running the operator as the chart's ServiceAccount.

export interface Kubectl {
  kubectl(args: string[], opts?: KubectlOptions): Promise<KubectlResult>;
}

export async function kubectlOk(cluster: Kubectl, args: string[], opts?: KubectlOptions): Promise<string> {
  const result = await cluster.kubectl(args, opts);
  if (result.code !== 0)
    throw new Error(`kubectl ${args.join(' ')} failed (${result.code}):\n${result.stderr || result.stdout}`);
  return result.stdout;
}

/**
 * A kubeconfig for a ServiceAccount, with a token from the TokenRequest API (`kubectl create
 * token`), as a Pod's projected token would be.
 */
export async function serviceAccountKubeconfig(
  cluster: Kubectl & { caFile: string },
  options: { namespace: string; serviceAccount: string; server: string; file: string },
): Promise<{ file: string; token: string }> {
  const token = (
    await kubectlOk(cluster, [
      'create',
      'token',
      options.serviceAccount,
      '--namespace',
      options.namespace,
      '--duration=1h',
    ])
  ).trim();
  await writeKubeconfig(options.file, {
    server: options.server,
    caPem: await readFile(cluster.caFile, 'utf8'),
    user: `system:serviceaccount:${options.namespace}:${options.serviceAccount}`,
    token,
  });
  return { file: options.file, token };
}

/**
 * The environment the Deployment's container gets, with the downward API resolved as the kubelet
 * would for a Pod named `podName` in `namespace`.
 */
export function containerEnv(
  deployment: Manifest,
  pod: { name: string; namespace: string },
): Record<string, string> {
  const spec = deployment.spec as {
    template: {
      spec: {
        containers: Array<{
          env?: Array<{ name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }>;
        }>;
      };
    };
  };
  const env: Record<string, string> = {};
  for (const variable of spec.template.spec.containers[0]?.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
    else if (variable.valueFrom?.fieldRef?.fieldPath === 'metadata.name') env[variable.name] = pod.name;
    else if (variable.valueFrom?.fieldRef?.fieldPath === 'metadata.namespace')
      env[variable.name] = pod.namespace;
    else throw new Error(`env ${variable.name}: unsupported source ${JSON.stringify(variable.valueFrom)}`);
  }
  return env;
}

/** Ports and retry pacing a test needs; everything else comes from the chart. */
export const PROCESS_OVERRIDES: Record<string, string> = {
  METRICS_PORT: '0',
  HEALTH_PROBE_PORT: '0',
  BIND_HOST: '127.0.0.1',
  RETRY_BASE_DELAY_MS: '200',
  RETRY_MAX_DELAY_MS: '2000',
  // A repeated Event's count is written back within a second, not a minute.
  EVENT_REWRITE_INTERVAL_MS: '900',
};

/** A TCP port free on 127.0.0.1 right now, for a process whose port a test must know. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface RunningOperator {
  output(): string;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `node dist/main.js` with the image's node flags, as the container runs it, with exactly `env` (plus PATH). */
export function startOperatorProcess(env: Record<string, string>): RunningOperator {
  const child = spawn(process.execPath, imageNodeArgs(), {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    output: () => output,
    exited,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await exited;
      process.removeListener('exit', killOnExit);
      return code;
    },
  };
}

/** The `controllers` the operator logged when it started leading. */
export function startedControllers(output: string): string[] | undefined {
  for (const line of output.split('\n')) {
    if (!line.includes('controllers started')) continue;
    try {
      return (JSON.parse(line) as { controllers?: string[] }).controllers;
    } catch {
      // not a JSON line
    }
  }
  return undefined;
}
