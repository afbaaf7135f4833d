/**
 * RBAC proven, not guessed: the chart's ServiceAccount, (Cluster)Roles and bindings are applied to
 * a real apiserver, the operator (`node dist/main.js`, with the chart's environment) runs with a
 * TokenRequest token for that ServiceAccount, and every kind reconciles. A recording TLS proxy in
 * front of the apiserver shows every permission granted was used, and none was denied; then each
 * verb of each rule is removed in turn and the operator is shown to be denied it. Every Secret the
 * operator writes (creates, replaces, patches, deletes) is one that one of our objects owns. The provisioning
 * API is on in every run and called (exerciseProvisioningApi), so its rules are proven the same way.
 */
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../../scripts/generate-api.js';
import type { ControlPlane } from '../cluster/control-plane.js';
import { GrafanaDouble } from '../grafana-double/server.js';
import { RecordingProxy, grantedPermissions, permissionKey, type ApiCall } from '../support/api-proxy.js';
import { createTestNamespace, e2eCluster, startPrivateControlPlane } from '../support/cluster.js';
import { applyCrds } from '../support/crds.js';
import {
  PROCESS_OVERRIDES,
  containerEnv,
  freePort,
  helmTemplate,
  kubectlOk,
  parseManifests,
  projectCrds,
  serviceAccountKubeconfig,
  startOperatorProcess,
  startedControllers,
  toYamlStream,
  type Kubectl,
  type Manifest,
  type RunningOperator,
} from '../support/deploy.js';
import { API_PREFIX, callApi } from '../support/provisioning-api.js';
import { eventually, sleep } from '../support/wait.js';
import { IDEMPOTENCY_LABEL } from '../../src/provisioning-api/idempotency-store.js';
import { typeNameOf } from '../../src/provisioning-api/type-table.js';

const TOKEN = 'glsa_rbac';
const GROUP = 'grafana.provisioning.dev';
const RBAC_KINDS = ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'];
/** The operator rewrites a repeated Event at most this often (EVENT_REWRITE_INTERVAL_MS), plus a margin. */
const EVENT_REWRITE_MS = Number(PROCESS_OVERRIDES.EVENT_REWRITE_INTERVAL_MS) + 100;

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}
type Role = Manifest & { rules: Rule[] };

interface ClusterHandle extends Kubectl {
  server: string;
  caFile: string;
  dir: string;
  /** A token of the cluster's admin, as a caller of the provisioning API. */
  adminToken: string;
}

/** The chart's values in every run here: the provisioning API's rules are proven with the rest. */
const WITH_API = { provisioningApi: { enabled: true } };

const selector = { matchLabels: { grafana: 'main' } };

/**
 * A spec that reconciles for real, per kind; kinds without one get a suspended object. Names carry
 * the namespace: every run shares one Grafana org.
 */
const sampleSpecs = (namespace: string): Record<string, Record<string, unknown>> => ({
  GrafanaFolder: { instanceSelector: selector, title: `RBAC ${namespace}` },
  GrafanaDatasource: {
    instanceSelector: selector,
    name: `RBAC Prometheus ${namespace}`,
    type: 'prometheus',
    url: 'http://prometheus.monitoring.svc:9090',
    basicAuth: true,
    basicAuthUser: 'grafana',
    secureJsonData: { basicAuthPassword: { secretKeyRef: { name: 'datasource', key: 'password' } } },
  },
  GrafanaLibraryPanel: { instanceSelector: selector, configMapRef: { name: 'content', key: 'panel.json' } },
  GrafanaDashboard: { instanceSelector: selector, configMapRef: { name: 'content', key: 'dashboard.json' } },
  GrafanaContactPoint: {
    instanceSelector: selector,
    name: `rbac-oncall-${namespace}`,
    receivers: [{ type: 'email', settings: { addresses: 'oncall@example.com' } }],
  },
  GrafanaMuteTiming: {
    instanceSelector: selector,
    name: `rbac-weekends-${namespace}`,
    time_intervals: [{ weekdays: ['saturday', 'sunday'] }],
  },
  GrafanaNotificationTemplate: {
    instanceSelector: selector,
    name: `rbac-${namespace}`,
    template: `{{ define "rbac-${namespace}" }}RBAC{{ end }}`,
  },
  GrafanaAlertRuleGroup: {
    instanceSelector: selector,
    folderRef: 'rbac-grafanafolder',
    name: `rbac-${namespace}`,
    interval: '1m',
    rules: [ALWAYS_FIRING_RULE],
  },
  // Two tokens, until exerciseTokenSecrets drops one and changes the other: create, update and
  // delete of Secrets.
  GrafanaServiceAccount: {
    instanceSelector: selector,
    name: `rbac-${namespace}`,
    tokens: [
      { name: 'kept', secretName: 'rbac-token-kept' },
      { name: 'dropped', secretName: 'rbac-token-dropped' },
    ],
  },
  GrafanaAlertRule: {
    instanceSelector: selector,
    folderRef: 'rbac-grafanafolder',
    ruleGroup: `rbac-single-${namespace}`,
    ...ALWAYS_FIRING_RULE,
  },
  GrafanaSilence: {
    instanceSelector: selector,
    matchers: [{ name: 'namespace', value: namespace }],
    duration: '1h',
    comment: `RBAC ${namespace}`,
  },
  // Its token is read from a Secret where the instance serves Git Sync (Unsupported otherwise).
  GrafanaRepository: {
    instanceSelector: selector,
    title: `RBAC ${namespace}`,
    type: 'git',
    url: 'https://git.example.com/rbac.git',
    branch: 'main',
    token: { secretKeyRef: { name: 'datasource', key: 'password' } },
  },
  GrafanaAppResource: {
    instanceSelector: selector,
    apiVersion: 'playlist.grafana.app/v0alpha1',
    kind: 'Playlist',
    spec: { title: `RBAC ${namespace}`, interval: '5m', items: [] },
  },
});

/** A rule with an expression-only query, so it needs no datasource. */
const ALWAYS_FIRING_RULE = {
  title: 'RBAC check',
  condition: 'A',
  for: '0s',
  data: [{ refId: 'A', datasourceUid: '__expr__', model: { type: 'math', expression: '1 > 0', refId: 'A' } }],
};
/** Kinds whose sample must become Ready=True (the others must only be reconciled). */
const MUST_BE_READY = ['GrafanaInstance', 'GrafanaFolder', 'GrafanaDatasource'];

async function sampleObjects(namespace: string, grafanaUrl: string): Promise<Manifest[]> {
  const meta = (name: string, labels?: Record<string, string>) => ({
    name,
    namespace,
    ...(labels ? { labels } : {}),
  });
  const objects: Manifest[] = [
    { apiVersion: 'v1', kind: 'Secret', metadata: meta('grafana-token'), stringData: { token: TOKEN } },
    { apiVersion: 'v1', kind: 'Secret', metadata: meta('datasource'), stringData: { password: 'secret' } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('content'),
      data: {
        'panel.json': JSON.stringify({ type: 'timeseries', title: `RBAC panel ${namespace}` }),
        'dashboard.json': JSON.stringify({
          title: `RBAC dashboard ${namespace}`,
          panels: [],
          schemaVersion: 39,
        }),
      },
    },
    {
      apiVersion: `${GROUP}/v1beta1`,
      kind: 'GrafanaInstance',
      metadata: meta('main', { grafana: 'main' }),
      spec: { url: grafanaUrl, auth: { token: { secretKeyRef: { name: 'grafana-token', key: 'token' } } } },
    },
    {
      apiVersion: `${GROUP}/v1beta1`,
      kind: 'GrafanaFolder',
      metadata: meta('paused'),
      spec: { instanceSelector: selector, title: `Paused ${namespace}`, suspend: true },
    },
  ];
  for (const { kind, crd } of await projectCrds()) {
    if (kind === 'GrafanaInstance') continue;
    objects.push({
      apiVersion: `${GROUP}/v1beta1`,
      kind,
      metadata: meta(`rbac-${kind.toLowerCase()}`),
      spec: sampleSpecs(namespace)[kind] ?? suspendedSpec(crd),
    });
  }
  return objects;
}

/** The smallest spec the CRD accepts, suspended, for a kind this test has no sample of yet. */
function suspendedSpec(crd: Manifest): Record<string, unknown> {
  const schema = (
    crd.spec as { versions: Array<{ schema: { openAPIV3Schema: { properties: Record<string, unknown> } } }> }
  ).versions[0]!.schema.openAPIV3Schema.properties.spec as {
    required?: string[];
    properties: Record<string, { type?: string; enum?: unknown[] }>;
  };
  const spec: Record<string, unknown> = { suspend: true };
  for (const field of schema.required ?? []) {
    const property = schema.properties[field]!;
    spec[field] =
      field === 'instanceSelector'
        ? selector
        : property.enum
          ? property.enum[0]
          : property.type === 'object'
            ? {}
            : property.type === 'array'
              ? []
              : property.type === 'integer' || property.type === 'number'
                ? 1
                : property.type === 'boolean'
                  ? false
                  : 'rbac';
  }
  return spec;
}

interface Run {
  namespace: string;
  proxy: RecordingProxy;
  operator: RunningOperator;
  /** The provisioning API's base URL. */
  apiUrl: string;
  roles: Role[];
  objects: Manifest[];
  stop(): Promise<void>;
}

/**
 * Renders the chart, applies its RBAC objects (after `editRoles`), and runs the operator as its
 * ServiceAccount through a recording proxy, with the Deployment's environment; then creates the
 * sample objects in `objectsNamespace`.
 */
async function runAsChartIdentity(options: {
  cluster: ClusterHandle;
  release: string;
  releaseNamespace: string;
  objectsNamespace: string;
  values?: Record<string, unknown>;
  grafanaUrl: string;
  editRoles?: (roles: Role[]) => void;
}): Promise<Run> {
  const { cluster } = options;
  const rendered = parseManifests(
    await helmTemplate({
      release: options.release,
      namespace: options.releaseNamespace,
      values: options.values,
    }),
  );
  const rbac = rendered.filter((o) => RBAC_KINDS.includes(String(o.kind)));
  const roles = rbac.filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole') as Role[];
  options.editRoles?.(roles);
  await kubectlOk(cluster, ['apply', '-f', '-'], { input: toYamlStream(rbac) });
  const deployment = rendered.find((o) => o.kind === 'Deployment')!;
  const serviceAccount = (deployment.spec as { template: { spec: { serviceAccountName: string } } }).template
    .spec.serviceAccountName;
  const proxy = await RecordingProxy.start(cluster.server, cluster.dir, { bodiesOf: ['secrets'] });
  const { file } = await serviceAccountKubeconfig(cluster, {
    namespace: options.releaseNamespace,
    serviceAccount,
    server: proxy.url,
    file: path.join(await mkdtemp(path.join(tmpdir(), 'gpo-rbac-')), 'kubeconfig'),
  });
  const podName = `${options.release}-7d9f8c6b5-x2x4z`;
  const apiPort = await freePort();
  const operator = startOperatorProcess({
    ...containerEnv(deployment, { name: podName, namespace: options.releaseNamespace }),
    ...PROCESS_OVERRIDES,
    PROVISIONING_API_PORT: String(apiPort),
    KUBECONFIG: file,
  });
  const objects = await sampleObjects(options.objectsNamespace, options.grafanaUrl);
  await kubectlOk(cluster, ['apply', '-f', '-'], { input: toYamlStream(objects) });
  return {
    namespace: options.objectsNamespace,
    proxy,
    operator,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    roles,
    objects,
    stop: async () => {
      await operator.kill('SIGKILL');
      await proxy.close();
    },
  };
}

/** An instance whose Secret comes and goes: Ready flips, and the same Event repeats after a minute. */
/**
 * Once the service account's token Secrets are there, drops one token and gives the other a
 * lifetime: the operator replaces the kept token's Secret (update) and deletes the dropped one's.
 * Resolves quietly when they never appear within `timeoutMs` (a run denied creating Secrets).
 */
async function exerciseTokenSecrets(cluster: Kubectl, namespace: string, timeoutMs = 20_000): Promise<void> {
  const made = await eventually(
    async () => {
      await kubectlOk(cluster, ['get', 'secret', 'rbac-token-kept', 'rbac-token-dropped', '-n', namespace]);
      return true;
    },
    { timeoutMs, what: 'the token Secrets' },
  ).catch(() => false);
  if (!made) return;
  const tokens = [{ name: 'kept', secretName: 'rbac-token-kept', expiresIn: '720h' }];
  await kubectlOk(cluster, [
    'patch',
    'grafanaserviceaccount',
    'rbac-grafanaserviceaccount',
    '-n',
    namespace,
    '--type',
    'merge',
    '-p',
    JSON.stringify({ spec: { tokens } }),
  ]);
}

async function flap(cluster: Kubectl, namespace: string, grafanaUrl: string): Promise<void> {
  const secret = toYamlStream([
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'flapper-token', namespace },
      stringData: { token: TOKEN },
    },
  ]);
  await kubectlOk(cluster, ['apply', '-f', '-'], {
    input: toYamlStream([
      {
        apiVersion: `${GROUP}/v1beta1`,
        kind: 'GrafanaInstance',
        metadata: { name: 'flapper', namespace },
        spec: { url: grafanaUrl, auth: { token: { secretKeyRef: { name: 'flapper-token', key: 'token' } } } },
      },
    ]),
  });
  // SecretNotFound, recorded as a Warning Event (if the operator may create Events at all).
  const firstEvent = await eventually(
    async () => {
      const found = await cluster.kubectl([
        'get',
        'events',
        '-n',
        namespace,
        '--field-selector',
        'involvedObject.name=flapper,reason=SecretNotFound',
        '-o',
        'name',
      ]);
      return found.stdout.trim() ? Date.now() : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 250, what: 'the first SecretNotFound Event of flapper' },
  );
  await kubectlOk(cluster, ['apply', '-f', '-'], { input: secret });
  // Connected before the Secret goes again, or Ready never flips and no Event repeats.
  await eventually(
    async () =>
      (
        await kubectlOk(cluster, [
          'get',
          'grafanainstance',
          'flapper',
          '-n',
          namespace,
          '-o',
          'jsonpath={.status.conditions[?(@.type=="Ready")].reason}',
        ])
      ).trim() === 'Connected',
    { timeoutMs: 30_000, intervalMs: 250, what: 'flapper Connected' },
  );
  await sleep(Math.max(0, firstEvent + EVENT_REWRITE_MS - Date.now()));
  await kubectlOk(cluster, ['delete', 'secret', 'flapper-token', '-n', namespace]); // SecretNotFound again
}

/**
 * Uses every permission the provisioning API needs: a POST with an Idempotency-Key and a secure
 * value (TokenReview, SubjectAccessReview, the object's apply, the record's ConfigMap created and
 * patched, the Secret applied), whose record sweep deletes an expired record seeded here, then a
 * DELETE. The answers, in order.
 */
async function exerciseProvisioningApi(
  cluster: ClusterHandle,
  run: Run,
): Promise<Array<{ status: number; message: unknown }>> {
  await kubectlOk(cluster, ['apply', '-f', '-'], {
    input: toYamlStream([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'provisioning-idempotency-expired',
          namespace: run.namespace,
          labels: { [IDEMPOTENCY_LABEL]: 'true' },
        },
        data: { expiresAt: '2000-01-01T00:00:00.000Z' },
      },
    ]),
  });
  const collection = `${API_PREFIX}/namespaces/${run.namespace}/provisioning`;
  const api = (method: string, apiPath: string, options: Parameters<typeof callApi>[3] = {}) =>
    eventually(() => callApi(run.apiUrl, method, apiPath, { token: cluster.adminToken, ...options }), {
      what: 'the provisioning API to answer',
    });
  const posted = await api('POST', collection, {
    headers: { 'Idempotency-Key': 'rbac', Prefer: 'respond-async' },
    body: {
      type: 'datasource',
      name: 'rbac-api',
      config: {
        instanceSelector: selector,
        name: `RBAC API ${run.namespace}`,
        type: 'prometheus',
        url: 'http://prometheus:9090',
        secureJsonData: { httpHeaderValue1: 'Bearer rbac' },
      },
    },
  });
  const deleted = await api('DELETE', `${collection}/datasource.rbac-api`, {
    headers: { Prefer: 'respond-async' },
  });
  return [posted, deleted].map((answer) => ({ status: answer.status, message: answer.body.message }));
}

/**
 * The verbs RBAC checks for a call: a server-side apply (PATCH) that creates the object is
 * authorised for create as well as patch, so one that created (201), or was refused while patch
 * is granted (every run here grants it), used or needed create.
 */
function verbsOf(call: ApiCall): string[] {
  return call.method === 'PATCH' && (call.status === 201 || call.status === 403)
    ? ['patch', 'create']
    : [call.verb];
}

interface OwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
}

const kindsOfOurs = async () => new Set((await projectCrds()).map((crd) => crd.kind));

/**
 * The operator's writes of Secrets (through the recording proxy, bodies kept) that are not of a
 * Secret one of our objects owns: a create, update or patch must carry a controller
 * ownerReference to an object of one of `kinds`; a delete must be of a Secret the operator wrote
 * so before. Also the verbs seen, so a run that wrote no Secret proves nothing.
 */
function secretWritesNotOwned(
  calls: readonly ApiCall[],
  kinds: ReadonlySet<string>,
): { verbs: string[]; notOwned: string[] } {
  const writes = calls.filter(
    (c) => c.resource === 'secrets' && ['create', 'update', 'patch', 'delete'].includes(c.verb),
  );
  const owned = new Set<string>();
  const notOwned: string[] = [];
  for (const call of writes) {
    const metadata = (call.body as { metadata?: { name?: string; ownerReferences?: OwnerReference[] } })
      ?.metadata;
    const key = `${call.namespace}/${call.name ?? metadata?.name}`;
    if (call.verb === 'delete') {
      if (!owned.has(key)) notOwned.push(`delete ${key}`);
      continue;
    }
    const ours = (metadata?.ownerReferences ?? []).some(
      (ref) =>
        ref.controller === true &&
        ref.apiVersion?.startsWith(`${GROUP}/`) &&
        kinds.has(ref.kind ?? '') &&
        Boolean(ref.name) &&
        Boolean(ref.uid),
    );
    if (ours) owned.add(key);
    else notOwned.push(`${call.verb} ${key}`);
  }
  return { verbs: [...new Set(writes.map((c) => c.verb))].sort(), notOwned };
}

const readyOf = (object: Manifest) =>
  (
    object.status as
      | { conditions?: Array<{ type: string; status: string; reason: string; observedGeneration?: number }> }
      | undefined
  )?.conditions?.find((c) => c.type === 'Ready');

describe("the chart's RBAC, as the identity the operator runs with", () => {
  let controlPlane: ControlPlane;
  let grafana: GrafanaDouble;
  const runs: Run[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, 'dist', 'main.js')))
      throw new Error('dist/main.js is missing: run `npm run build` first');
    grafana = new GrafanaDouble();
    await grafana.start();
    grafana.addServiceAccountToken(TOKEN, { orgId: 1, role: 'Admin', name: 'operator' });
    controlPlane = await startPrivateControlPlane();
    await applyCrds(controlPlane, path.join(ROOT, 'crds'), () => undefined);
  });

  afterAll(async () => {
    // Scenarios still waiting must not outlive the control plane.
    await Promise.allSettled([clusterWide, minusOneVerb]);
    await Promise.all(runs.map((run) => run.stop()));
    await controlPlane?.stop();
    await grafana?.stop();
  });

  // Both run at once: each waits a minute for an Event to be rewritten.
  let clusterWide: Promise<void>;
  let minusOneVerb: Promise<void>;
  beforeAll(() => {
    clusterWide = clusterWideScenario();
    minusOneVerb = minusOneVerbScenario();
    // Awaited by the tests below; until then a failure must not count as unhandled.
    clusterWide.catch(() => undefined);
    minusOneVerb.catch(() => undefined);
  });

  it('cluster-wide (default values, provisioning API on): every kind reconciles, nothing is denied, and every permission granted is used', async () => {
    await clusterWide;
  }, 170_000);

  it('removing any one verb of any rule is noticed: the operator is denied it (so the rules are the minimum)', async () => {
    await minusOneVerb;
  }, 170_000);

  async function clusterWideScenario(): Promise<void> {
    const cluster: ClusterHandle = {
      server: controlPlane.server,
      caFile: controlPlane.caFile,
      dir: controlPlane.dir,
      adminToken: controlPlane.adminToken,
      kubectl: (args, opts) => controlPlane.kubectl(args, opts),
    };
    for (const namespace of ['gpo-system', 'team-a'])
      await kubectlOk(cluster, ['create', 'namespace', namespace]);
    const run = await runAsChartIdentity({
      cluster,
      release: 'gpo',
      releaseNamespace: 'gpo-system',
      objectsNamespace: 'team-a',
      values: WITH_API,
      grafanaUrl: grafana.url,
    });
    runs.push(run);
    const flapping = flap(cluster, 'team-a', grafana.url);
    flapping.catch(() => undefined); // awaited below; a failure before then must not be unhandled
    // Allowed every verb, the operator makes them: given as long as it takes to start and connect.
    const tokenSecrets = exerciseTokenSecrets(cluster, 'team-a', 60_000);
    tokenSecrets.catch(() => undefined);

    // Every kind in crds/ has a running controller...
    const controllers = await eventually(() => startedControllers(run.operator.output()), {
      timeoutMs: 30_000,
      what: 'the operator to start its controllers',
    });
    expect([...controllers].sort()).toEqual((await projectCrds()).map((c) => c.kind.toLowerCase()).sort());

    // ...and every object is reconciled for its current generation.
    const expected = run.objects.filter((o) => String(o.apiVersion).startsWith(GROUP));
    await eventually(
      async () => {
        const pending: string[] = [];
        for (const object of expected) {
          const live = JSON.parse(
            await kubectlOk(cluster, [
              'get',
              String(object.kind),
              String(object.metadata?.name),
              '-n',
              'team-a',
              '-o',
              'json',
            ]),
          ) as Manifest;
          const ready = readyOf(live);
          const reconciled = ready && ready.observedGeneration === live.metadata?.generation;
          const mustBeTrue =
            MUST_BE_READY.includes(String(object.kind)) && object.metadata?.name !== 'paused';
          if (!reconciled || (mustBeTrue && ready.status !== 'True'))
            pending.push(`${object.kind}/${object.metadata?.name}: ${JSON.stringify(ready)}`);
        }
        if (pending.length) throw new Error(`not reconciled yet:\n${pending.join('\n')}`);
        return true;
      },
      { timeoutMs: 45_000, what: 'every kind reconciled as the chart ServiceAccount' },
    );
    const paused = JSON.parse(
      await kubectlOk(cluster, ['get', 'grafanafolder', 'paused', '-n', 'team-a', '-o', 'json']),
    );
    expect(readyOf(paused)?.reason).toBe('Suspended');

    const [posted, deleted] = await exerciseProvisioningApi(cluster, run);
    // The DELETE is 202 while the finalizer waits for Grafana, 200 if it went at once.
    expect({
      posted: posted?.status,
      deleted: [200, 202].includes(deleted?.status ?? 0),
      denied: run.proxy.denied(),
    }).toEqual({
      posted: 202,
      deleted: true,
      denied: [],
    });
    await eventually(() => run.proxy.calls.some((c) => c.verb === 'delete' && c.resource === 'configmaps'), {
      what: 'the expired idempotency record swept',
    });

    // The token Secrets replaced and deleted.
    await tokenSecrets;
    await eventually(() => run.proxy.calls.some((c) => c.verb === 'delete' && c.resource === 'secrets'), {
      timeoutMs: 20_000,
      what: 'a token Secret deleted',
    });

    expect(secretWritesNotOwned(run.proxy.calls, await kindsOfOurs())).toEqual({
      // Token Secrets made, replaced and deleted; the provisioning API's secure values applied.
      verbs: ['create', 'delete', 'patch', 'update'],
      notOwned: [],
    });

    // The repeated Event is rewritten (events patch), once a minute has passed.
    await flapping;
    await eventually(() => run.proxy.calls.some((c) => c.verb === 'patch' && c.resource === 'events'), {
      timeoutMs: 20_000,
      what: 'a repeated Event rewritten',
    });

    // A copy of every kind's sample (suspended: Grafana is not touched) created and deleted
    // through the API: its create and delete on each kind.
    for (const object of expected.filter(
      (o) => o.kind !== 'GrafanaInstance' && o.metadata?.name !== 'paused',
    )) {
      const type = typeNameOf(String(object.kind));
      const name = `api-${object.metadata?.name}`;
      const collection = `${API_PREFIX}/namespaces/team-a/provisioning`;
      const options = { token: cluster.adminToken, headers: { Prefer: 'respond-async' } };
      const created = await callApi(run.apiUrl, 'POST', collection, {
        ...options,
        body: { type, name, config: { ...(object.spec as object), suspend: true } },
      });
      const deleted = await callApi(run.apiUrl, 'DELETE', `${collection}/${type}.${name}`, options);
      // A refusal shows its status and body, so a failure says what went wrong.
      const outcome = (answer: { status: number; text: string }, ok: number[]) =>
        ok.includes(answer.status) ? 'ok' : `${answer.status} ${answer.text}`;
      expect({ type, created: outcome(created, [202]), deleted: outcome(deleted, [200, 202]) }).toEqual({
        type,
        created: 'ok',
        deleted: 'ok',
      });
    }

    expect(run.proxy.denied()).toEqual([]);
    const used = new Set(
      run.proxy.calls.flatMap((c) => verbsOf(c).map((verb) => permissionKey(verb, c.group, c.resource))),
    );
    const unused = [...grantedPermissions(run.roles)].filter((permission) => !used.has(permission));
    expect(unused).toEqual([]);
    expect(run.operator.output()).not.toMatch(/forbidden/i);
  }

  async function minusOneVerbScenario(): Promise<void> {
    const shared = e2eCluster();
    const cluster: ClusterHandle = {
      server: shared.server,
      caFile: shared.caFile,
      dir: shared.state.dir,
      adminToken: shared.adminToken,
      kubectl: (args, opts) => shared.kubectl(args, opts),
    };
    // One namespace per removed verb, with the chart's namespaced variant (Roles only), so the
    // runs cannot see each other's objects.
    // With watchNamespaces the only ClusterRole is the provisioning API's (TokenReview and
    // SubjectAccessReview are cluster-scoped); each run has a release of its own, so their
    // cluster-wide objects do not collide. Roles are named by what follows the release's fullname.
    const probeFullname = 'probe-grafana-provisioning-operator';
    const template = parseManifests(
      await helmTemplate({
        release: 'probe',
        namespace: 'probe',
        values: { watchNamespaces: ['probe'], ...WITH_API },
      }),
    ).filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole') as Role[];
    const removals = template.flatMap((role) =>
      role.rules.flatMap((rule, ruleIndex) =>
        rule.verbs.map((verb) => ({
          role: String(role.metadata?.name).slice(probeFullname.length),
          ruleIndex,
          verb,
          rule,
        })),
      ),
    );
    // The slow one (an Event rewritten after a minute) first.
    removals.sort(
      (a, b) =>
        Number(b.verb === 'patch' && b.rule.resources.includes('events')) -
        Number(a.verb === 'patch' && a.rule.resources.includes('events')),
    );

    const results: string[] = [];
    const unnoticed: string[] = [];
    const removal = async (item: (typeof removals)[number]) => {
      const describe = `${item.verb} on ${item.rule.resources.join(',')}${item.rule.resourceNames ? ` (${item.rule.resourceNames.join(',')})` : ''}`;
      const namespace = await createTestNamespace('rbac-minus');
      const run = await runAsChartIdentity({
        cluster,
        release: namespace,
        releaseNamespace: namespace,
        objectsNamespace: namespace,
        values: { watchNamespaces: [namespace], ...WITH_API },
        grafanaUrl: grafana.url,
        editRoles: (roles) => {
          const role = roles.find(
            (r) => r.metadata?.name === `${namespace}-grafana-provisioning-operator${item.role}`,
          )!;
          const rule = role.rules[item.ruleIndex]!;
          rule.verbs = rule.verbs.filter((v) => v !== item.verb);
          if (rule.verbs.length === 0) role.rules.splice(item.ruleIndex, 1);
        },
      });
      runs.push(run);
      const slow = item.verb === 'patch' && item.rule.resources.includes('events');
      const flapping = slow ? flap(cluster, namespace, grafana.url) : Promise.resolve();
      // Whatever the removal breaks, the attempt uses what the API needs.
      const calling = exerciseProvisioningApi(cluster, run).catch(() => undefined);
      const tokenSecrets = exerciseTokenSecrets(cluster, namespace).catch(() => undefined);
      const matches = () =>
        run.proxy
          .denied()
          .some(
            (c) =>
              verbsOf(c).includes(item.verb) &&
              item.rule.apiGroups.includes(c.group) &&
              item.rule.resources.includes(c.resource),
          );
      try {
        // Patience, not a timing: five operators start side by side here, on a machine the rest of
        // the suite keeps busy; a run has taken more than 30 s to make its first watches.
        await eventually(matches, { timeoutMs: (slow ? EVENT_REWRITE_MS : 0) + 60_000, what: describe });
        results.push(`without ${describe}: denied`);
      } catch {
        unnoticed.push(describe);
      } finally {
        await flapping.catch(() => undefined);
        await calling;
        await tokenSecrets;
        await run.stop();
      }
    };
    // A few at a time: each is an operator process of its own.
    const queue = [...removals];
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        for (let item = queue.shift(); item; item = queue.shift()) await removal(item);
      }),
    );
    console.log(results.join('\n'));
    expect(unnoticed).toEqual([]);
    expect(results).toHaveLength(removals.length);
  }
});
