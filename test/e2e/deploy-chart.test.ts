/**
 * The Helm chart and the kustomize base: lint, schema, strict validation (kubeconform with our CRD
 * schemas and the apiserver's own OpenAPI for built-in kinds), server-side dry runs against the
 * real apiserver, and the image's runtime contents.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../../scripts/generate-api.js';
import { imageNodeFlags } from '../../scripts/image.js';
import {
  DEPLOY_RELEASE,
  DEPLOY_NAMESPACE,
  staleDeployFiles,
  withoutHelmLabels,
} from '../../scripts/generate-deploy.js';
import { createTestNamespace, e2eCluster } from '../support/cluster.js';
import {
  CHART_DIR,
  DEPLOY_DIR,
  helm,
  helmErrors,
  helmTemplate,
  kubeconform,
  kubectlOk,
  parseManifests,
  projectCrds,
  run,
  toYamlStream,
  writeBuiltinSchemas,
  writeCrdSchemas,
  type Manifest,
} from '../support/deploy.js';
import { SERVICE_MONITOR_CRD } from '../support/servicemonitor-crd.js';

const cluster = e2eCluster();

/** Every option of values.yaml set away from its default. */
function nonDefaultValues(watchNamespaces: string[]): Record<string, unknown> {
  return {
    fullnameOverride: 'gpo',
    replicaCount: 3,
    image: {
      repository: 'registry.example.com/platform/grafana-provisioning-operator',
      tag: '0.1.0',
      digest: `sha256:${'a'.repeat(64)}`,
      pullPolicy: 'Always',
    },
    imagePullSecrets: [{ name: 'regcred' }],
    serviceAccount: { create: true, name: 'gpo-operator', annotations: { 'example.com/role': 'grafana' } },
    watchNamespaces,
    leaderElection: { enabled: true, leaseName: 'gpo-leader' },
    maxConcurrentReconciles: 8,
    grafanaMaxConcurrentRequests: 0,
    maxHeapMiB: 200,
    log: { level: 'debug', format: 'text' },
    metrics: {
      port: 9090,
      service: { enabled: true, port: 9090, annotations: { 'example.com/scrape': 'true' } },
      serviceMonitor: {
        enabled: true,
        labels: { release: 'kube-prometheus-stack' },
        interval: '15s',
        scrapeTimeout: '5s',
        honorLabels: true,
        relabelings: [{ action: 'replace', targetLabel: 'team', replacement: 'platform' }],
        metricRelabelings: [{ action: 'drop', sourceLabels: ['__name__'], regex: 'go_.*' }],
      },
    },
    health: { port: 9091 },
    provisioningApi: {
      enabled: true,
      port: 9443,
      service: { port: 443, annotations: { 'example.com/exposed': 'internal' } },
      tls: { secretName: 'gpo-api-tls' },
      bodyLimitBytes: 2097152,
      rateLimitPerMinute: 600,
    },
    livenessProbe: { initialDelaySeconds: 10, periodSeconds: 20, timeoutSeconds: 3, failureThreshold: 5 },
    readinessProbe: { initialDelaySeconds: 1, periodSeconds: 3, timeoutSeconds: 1, failureThreshold: 2 },
    podDisruptionBudget: { enabled: true, minAvailable: 2, maxUnavailable: null },
    resources: { requests: { cpu: '100m', memory: '192Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    terminationGracePeriodSeconds: 40,
    podAnnotations: { 'example.com/owner': 'platform' },
    podLabels: { team: 'platform' },
    priorityClassName: 'system-cluster-critical',
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'platform', effect: 'NoSchedule' }],
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              topologyKey: 'kubernetes.io/hostname',
              labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'grafana-provisioning-operator' } },
            },
          },
        ],
      },
    },
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'grafana-provisioning-operator' } },
      },
    ],
    extraEnv: [
      { name: 'RETRY_MAX_DELAY_MS', value: '60000' },
      { name: 'NODE_OPTIONS', value: '--max-old-space-size=256' },
    ],
  };
}

const byKind = (objects: Manifest[], kind: string) => objects.filter((o) => o.kind === kind);
const one = (objects: Manifest[], kind: string) => {
  const found = byKind(objects, kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0]!;
};

describe('the Helm chart', () => {
  let releaseNamespace: string;
  let watchedNamespaces: string[];
  let schemaDir: string;

  beforeAll(async () => {
    [releaseNamespace, ...watchedNamespaces] = await Promise.all([
      createTestNamespace('chart-release'),
      createTestNamespace('chart-watched'),
      createTestNamespace('chart-watched'),
    ]);
    // The restricted Pod Security Standard: the apiserver warns about any Pod template that breaks it.
    await kubectlOk(cluster, [
      'label',
      'namespace',
      releaseNamespace,
      'pod-security.kubernetes.io/warn=restricted',
      'pod-security.kubernetes.io/enforce=restricted',
    ]);
    await kubectlOk(cluster, ['apply', '--server-side', '--field-manager=gpo-e2e', '-f', '-'], {
      input: JSON.stringify(SERVICE_MONITOR_CRD),
    });
    await kubectlOk(cluster, [
      'wait',
      '--for=condition=Established',
      '--timeout=60s',
      `customresourcedefinition/${SERVICE_MONITOR_CRD.metadata.name}`,
    ]);
    schemaDir = await mkdtemp(path.join(tmpdir(), 'gpo-schemas-'));
    await writeCrdSchemas(schemaDir);
    await writeCrdSchemas(schemaDir, [SERVICE_MONITOR_CRD as unknown as Manifest]);
    await writeBuiltinSchemas(schemaDir, (p) => cluster.request(p), [
      'v1',
      'apps/v1',
      'rbac.authorization.k8s.io/v1',
      'policy/v1',
      'apiextensions.k8s.io/v1',
    ]);
  });

  it('passes helm lint, with default and with non-default values', async () => {
    const valuesFile = path.join(await mkdtemp(path.join(tmpdir(), 'gpo-values-')), 'values.yaml');
    await writeFile(valuesFile, JSON.stringify(nonDefaultValues(['team-a', 'team-b'])));
    for (const extra of [[], ['--values', valuesFile]]) {
      const result = await helm(['lint', '--strict', CHART_DIR, ...extra]);
      expect({ code: result.code, errors: helmErrors(result.stderr) }).toEqual({ code: 0, errors: '' });
      expect(result.stdout).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    }
  });

  it.each([
    ['a misspelt top-level key', ['--set', 'replicas=2'], /additional properties 'replicas' not allowed/],
    [
      'a misspelt nested key',
      ['--set', 'metrics.serviceMonitor.enable=true'],
      /additional properties 'enable' not allowed/,
    ],
    ['a value of the wrong type', ['--set', 'replicaCount=two'], /replicaCount/],
    ['an unknown log level', ['--set', 'log.level=verbose'], /log\/level|log\.level|level/],
    ['an unknown log format', ['--set', 'log.format=pretty'], /log\/format|log\.format|format/],
    ['a namespace name that is not one', ['--set', 'watchNamespaces={team_a}'], /watchNamespaces/],
    ['a bad digest', ['--set', 'image.digest=latest'], /digest/],
    [
      'more than one replica without leader election',
      ['--set', 'replicaCount=2', '--set', 'leaderElection.enabled=false'],
      /needs leaderElection\.enabled=true/,
    ],
  ])('refuses %s: helm install fails with a message', async (_what, args, message) => {
    const result = await helm(
      ['install', 'typo', CHART_DIR, '--namespace', releaseNamespace, '--dry-run=server', ...args],
      { env: { KUBECONFIG: cluster.adminKubeconfig } },
    );
    expect(result.code).not.toBe(0);
    expect(helmErrors(result.stderr)).toMatch(message);
  });

  it('says in its notes which namespaces it watches', async () => {
    const notes = async (...args: string[]) => {
      const result = await helm(
        ['install', 'notes', CHART_DIR, '--namespace', releaseNamespace, '--dry-run=server', ...args],
        { env: { KUBECONFIG: cluster.adminKubeconfig } },
      );
      expect({ code: result.code, errors: helmErrors(result.stderr) }).toEqual({ code: 0, errors: '' });
      return result.stdout.slice(result.stdout.indexOf('NOTES:'));
    };
    const [first] = watchedNamespaces;
    expect(await notes()).toContain('It watches every namespace.');
    expect(await notes('--set', `watchNamespaces={${first}}`)).toContain(
      `It watches namespace ${first} only.`,
    );
    expect(await notes('--set', `watchNamespaces={${watchedNamespaces.join(',')}}`)).toContain(
      `It watches namespaces ${watchedNamespaces.join(', ')} only.`,
    );
  });

  it('renders, for default and non-default values, objects that kubeconform (strict) and the apiserver (strict dry run) accept', async () => {
    const renders = {
      default: await helmTemplate({ release: 'gpo-default', namespace: releaseNamespace, includeCrds: true }),
      nonDefault: await helmTemplate({
        release: 'gpo-custom',
        namespace: releaseNamespace,
        values: nonDefaultValues(watchedNamespaces),
        includeCrds: true,
      }),
    };
    for (const [name, manifests] of Object.entries(renders)) {
      const validated = await kubeconform(manifests, schemaDir);
      expect({
        render: name,
        code: validated.code,
        failed: validated.resources.filter((r) => r.status !== 'statusValid'),
      }).toEqual({
        render: name,
        code: 0,
        failed: [],
      });
      // Nothing skipped for want of a schema: every kind was really checked.
      expect(validated.summary).toMatchObject({ invalid: 0, errors: 0, skipped: 0 });
      expect(validated.summary.valid).toBe(parseManifests(manifests).length);

      const dryRun = await cluster.kubectl(
        [
          'apply',
          '--server-side',
          '--force-conflicts',
          '--dry-run=server',
          '--validate=strict',
          '--field-manager=gpo-chart-test',
          '-f',
          '-',
        ],
        { input: manifests },
      );
      expect({ render: name, code: dryRun.code, stderr: dryRun.stderr }).toEqual({
        render: name,
        code: 0,
        stderr: '',
      });
    }

    const custom = parseManifests(renders.nonDefault);
    // Cluster-wide only what the provisioning API cannot have in a namespace: TokenReviews and
    // SubjectAccessReviews.
    expect(byKind(custom, 'ClusterRole').map((r) => r.metadata?.name)).toEqual(['gpo-provisioning-api']);
    expect(byKind(custom, 'ClusterRoleBinding').map((r) => r.metadata?.name)).toEqual([
      'gpo-provisioning-api',
    ]);
    expect(
      custom
        .filter((o) => o.kind === 'Service')
        .map((o) => [o.metadata?.name, (o.spec as { ports: Array<{ name: string; port: number }> }).ports]),
    ).toContainEqual([
      'gpo-api',
      [expect.objectContaining({ name: 'https', port: 443, targetPort: 'prov-api' })],
    ]);
    expect(
      byKind(custom, 'Role')
        .map((r) => r.metadata?.namespace)
        .sort(),
    ).toEqual([releaseNamespace, ...watchedNamespaces].sort());
    expect(
      byKind(custom, 'RoleBinding')
        .map((r) => r.metadata?.namespace)
        .sort(),
    ).toEqual([releaseNamespace, ...watchedNamespaces].sort());
    expect(byKind(custom, 'PodDisruptionBudget')).toHaveLength(1);
    expect(byKind(custom, 'ServiceMonitor')).toHaveLength(1);
    const deployment = one(custom, 'Deployment') as {
      spec: {
        template: {
          spec: { containers: Array<{ image: string; env: Array<{ name: string; value?: string }> }> };
        };
      };
    };
    const container = deployment.spec.template.spec.containers[0]!;
    expect(container.image).toBe(
      `registry.example.com/platform/grafana-provisioning-operator:0.1.0@sha256:${'a'.repeat(64)}`,
    );
    expect(Object.fromEntries(container.env.map((e) => [e.name, e.value]))).toMatchObject({
      WATCH_NAMESPACES: watchedNamespaces.join(','),
      LEADER_ELECT: 'true',
      LEASE_NAME: 'gpo-leader',
      MAX_CONCURRENT_RECONCILES: '8',
      GRAFANA_MAX_CONCURRENT_REQUESTS: '0',
      METRICS_PORT: '9090',
      HEALTH_PROBE_PORT: '9091',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'text',
      // extraEnv's NODE_OPTIONS wins over maxHeapMiB (an env name may appear once).
      NODE_OPTIONS: '--max-old-space-size=256',
      RETRY_MAX_DELAY_MS: '60000',
      PROVISIONING_API_PORT: '9443',
      PROVISIONING_API_BODY_LIMIT_BYTES: '2097152',
      PROVISIONING_API_RATE_LIMIT_PER_MINUTE: '600',
      PROVISIONING_API_TLS_CERT_FILE: '/etc/grafana-provisioning-operator/provisioning-api-tls/tls.crt',
      PROVISIONING_API_TLS_KEY_FILE: '/etc/grafana-provisioning-operator/provisioning-api-tls/tls.key',
    });
    const pod = (
      deployment.spec.template.spec as unknown as { volumes: Array<{ name: string; secret?: unknown }> }
    ).volumes;
    expect(pod).toContainEqual({ name: 'provisioning-api-tls', secret: { secretName: 'gpo-api-tls' } });
  });

  it('has a restricted security context, probes on /healthz and /readyz, and leader election by default', async () => {
    const objects = parseManifests(await helmTemplate());
    const pod = (one(objects, 'Deployment').spec as { template: { spec: Record<string, unknown> } }).template
      .spec as {
      securityContext: Record<string, unknown>;
      containers: Array<Record<string, unknown> & { env: Array<{ name: string; value?: string }> }>;
    };
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    const container = pod.containers[0]!;
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.livenessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 'health' } });
    expect(container.readinessProbe).toMatchObject({ httpGet: { path: '/readyz', port: 'health' } });
    expect(container.env.find((e) => e.name === 'LEADER_ELECT')?.value).toBe('true');
    expect(container.env.find((e) => e.name === 'WATCH_NAMESPACES')).toBeUndefined();
    expect(container.env.find((e) => e.name === 'WATCH_NAMESPACE')).toBeUndefined();
    expect(container.env.find((e) => e.name === 'LOG_FORMAT')?.value).toBe('json');
    expect(container.env.find((e) => e.name === 'GRAFANA_MAX_CONCURRENT_REQUESTS')?.value).toBe('10');
    expect(container.env.find((e) => e.name === 'NODE_OPTIONS')?.value).toBe('--max-old-space-size=96');
    const nodeOptions = async (values: Record<string, unknown>) =>
      (
        one(parseManifests(await helmTemplate({ values })), 'Deployment').spec as {
          template: { spec: { containers: Array<{ env: Array<{ name: string; value?: string }> }> } };
        }
      ).template.spec.containers[0]!.env.filter((e) => e.name === 'NODE_OPTIONS').map((e) => e.value);
    expect(await nodeOptions({ maxHeapMiB: 200 })).toEqual(['--max-old-space-size=200']);
    expect(await nodeOptions({ maxHeapMiB: 200, maxSemiSpaceMiB: 2 })).toEqual([
      '--max-old-space-size=200 --max-semi-space-size=2',
    ]);
    expect(await nodeOptions({ maxHeapMiB: null, maxSemiSpaceMiB: 2 })).toEqual(['--max-semi-space-size=2']);
    expect(await nodeOptions({ maxHeapMiB: null })).toEqual([]);
    // Without leader election two Pods must never overlap, not even during a rollout.
    const single = parseManifests(await helmTemplate({ values: { leaderElection: { enabled: false } } }));
    expect((one(single, 'Deployment').spec as { strategy?: unknown }).strategy).toEqual({ type: 'Recreate' });
    expect(byKind(single, 'Role')).toHaveLength(0);
    // The apiserver found nothing to warn about in the restricted namespace (see the dry run above).
  });

  it('grants its rules on exactly the kinds in crds/, so a new kind needs no chart change', async () => {
    const plurals = (await projectCrds()).map((c) => c.plural).sort();
    const role = one(parseManifests(await helmTemplate()), 'ClusterRole') as {
      rules: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
    };
    const ours = role.rules.filter((r) => r.apiGroups.includes('grafana.provisioning.dev'));
    expect(ours.map((r) => [[...r.verbs].sort(), [...r.resources].sort()])).toEqual([
      [['get', 'list', 'watch'], plurals],
      [['patch'], plurals],
      [['patch'], plurals.map((p) => `${p}/status`)],
    ]);
  });

  it("ships the project's crds/ (helm template --include-crds, helm package), unchanged", async () => {
    const expected = await Promise.all(
      (await projectCrds()).map(
        async ({ file }) => parseManifests(await readFile(path.join(ROOT, 'crds', file), 'utf8'))[0],
      ),
    );
    const rendered = parseManifests(await helmTemplate({ includeCrds: true })).filter(
      (o) => o.kind === 'CustomResourceDefinition',
    );
    const sortByName = (list: Array<Manifest | undefined>) =>
      [...list].sort((a, b) => String(a?.metadata?.name).localeCompare(String(b?.metadata?.name)));
    expect(JSON.parse(JSON.stringify(sortByName(rendered)))).toEqual(
      JSON.parse(JSON.stringify(sortByName(expected))),
    );

    const out = await mkdtemp(path.join(tmpdir(), 'gpo-package-'));
    const packaged = await helm(['package', CHART_DIR, '--destination', out]);
    expect(packaged.code).toBe(0);
    const [tarball] = await readdir(out);
    const listing = await run('tar', ['tzf', path.join(out, tarball!)]);
    const crdsInPackage = listing.stdout
      .split('\n')
      .filter((f) => f.startsWith('grafana-provisioning-operator/crds/'))
      .map((f) => path.basename(f))
      .sort();
    expect(crdsInPackage).toEqual((await projectCrds()).map((c) => c.file).sort());
  });

  it('every kind has a description, short names, the grafana category and a Ready printer column', async () => {
    for (const { kind, crd } of await projectCrds()) {
      const spec = crd.spec as {
        names: { shortNames?: string[]; categories?: string[] };
        versions: Array<{
          additionalPrinterColumns?: Array<{ name: string; jsonPath: string }>;
          schema: { openAPIV3Schema: { description?: string } };
        }>;
      };
      expect({ kind, shortNames: (spec.names.shortNames ?? []).length > 0 }).toEqual({
        kind,
        shortNames: true,
      });
      expect({ kind, categories: spec.names.categories }).toEqual({ kind, categories: ['grafana'] });
      for (const version of spec.versions) {
        expect({ kind, description: Boolean(version.schema.openAPIV3Schema.description) }).toEqual({
          kind,
          description: true,
        });
        expect({ kind, columns: version.additionalPrinterColumns?.map((c) => c.name) }).toEqual({
          kind,
          columns: expect.arrayContaining(['Ready', 'Reason', 'Age']),
        });
      }
    }
    const resources = await kubectlOk(cluster, ['api-resources', '--categories=grafana', '-o', 'name']);
    expect(resources.trim().split('\n').sort()).toEqual(
      (await projectCrds()).map((c) => `${c.plural}.${c.group}`).sort(),
    );
  });
});

describe('the kustomize base (deploy/)', () => {
  it('is up to date with the chart and crds/ (`npm run generate:deploy`)', async () => {
    expect(await staleDeployFiles()).toEqual([]);
  });

  it('renders the same objects as the chart with default values, plus the Namespace', async () => {
    const kustomized = parseManifests(await kubectlOk(cluster, ['kustomize', DEPLOY_DIR]));
    const charted = parseManifests(
      await helmTemplate({ release: DEPLOY_RELEASE, namespace: DEPLOY_NAMESPACE, includeCrds: true }),
    ).map(withoutHelmLabels);
    const key = (o: Manifest) =>
      `${o.apiVersion}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
    const sorted = (list: Manifest[]) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
    const namespace = kustomized.filter((o) => o.kind === 'Namespace');
    expect(namespace.map((o) => o.metadata?.name)).toEqual([DEPLOY_NAMESPACE]);
    const rest = kustomized.filter((o) => o.kind !== 'Namespace');
    expect(sorted(rest).map(key)).toEqual(sorted(charted).map(key));
    // JSON round trip: the same plain objects whichever realm parsed them.
    expect(JSON.parse(JSON.stringify(sorted(rest)))).toEqual(JSON.parse(JSON.stringify(sorted(charted))));
  });

  it('works as a base: an overlay in another namespace passes kubeconform and a strict server-side dry run', async () => {
    const namespace = await createTestNamespace('kustomize');
    const overlay = await mkdtemp(path.join(tmpdir(), 'gpo-overlay-'));
    await writeFile(
      path.join(overlay, 'kustomization.yaml'),
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        `namespace: ${namespace}`,
        'resources:',
        `  - ${path.relative(overlay, DEPLOY_DIR)}`,
        'images:',
        '  - name: ghcr.io/grafana-provisioning-operator/grafana-provisioning-operator',
        `    digest: sha256:${'b'.repeat(64)}`,
        '',
      ].join('\n'),
    );
    const rendered = await kubectlOk(cluster, ['kustomize', overlay]);
    const objects = parseManifests(rendered);
    const binding = one(objects, 'ClusterRoleBinding') as { subjects: Array<{ namespace: string }> };
    expect(binding.subjects[0]?.namespace).toBe(namespace);
    const schemaDir = await mkdtemp(path.join(tmpdir(), 'gpo-schemas-'));
    await writeCrdSchemas(schemaDir);
    await writeBuiltinSchemas(schemaDir, (p) => cluster.request(p), [
      'v1',
      'apps/v1',
      'rbac.authorization.k8s.io/v1',
      'apiextensions.k8s.io/v1',
    ]);
    const validated = await kubeconform(rendered, schemaDir);
    expect(validated.resources.filter((r) => r.status !== 'statusValid')).toEqual([]);
    expect(validated.summary).toMatchObject({ invalid: 0, errors: 0, skipped: 0 });
    // The Namespace exists already; everything else is checked without being created.
    const dryRun = await cluster.kubectl(
      [
        'apply',
        '--server-side',
        '--force-conflicts',
        '--dry-run=server',
        '--validate=strict',
        '--field-manager=gpo-kustomize-test',
        '-f',
        '-',
      ],
      { input: toYamlStream(objects) },
    );
    expect({ code: dryRun.code, stderr: dryRun.stderr }).toEqual({ code: 0, stderr: '' });
  });
});

describe('the image', () => {
  it('runs dist/ with production dependencies only: everything dist/ imports is in "dependencies"', async () => {
    if (!existsSync(path.join(ROOT, 'dist', 'main.js')))
      throw new Error('dist/main.js is missing: run `npm run build` first');
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const imported = new Set<string>();
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(file);
        else if (entry.name.endsWith('.js')) {
          const source = await readFile(file, 'utf8');
          const imports =
            /^(?:import|export)\s[^'";]*?\sfrom\s*['"]([^'"]+)['"]|^import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;
          for (const match of source.matchAll(imports)) {
            const specifier = (match[1] ?? match[2] ?? match[3])!;
            if (specifier.startsWith('node:') || specifier.startsWith('.')) continue;
            imported.add(
              specifier.startsWith('@')
                ? specifier.split('/').slice(0, 2).join('/')
                : specifier.split('/')[0]!,
            );
          }
        }
      }
    };
    await walk(path.join(ROOT, 'dist'));
    expect([...imported].filter((name) => !(name in pkg.dependencies))).toEqual([]);
  });

  it('is built in stages, runs as a non-root user, and its context leaves out what it does not need', async () => {
    const dockerfile = await readFile(path.join(ROOT, 'Dockerfile'), 'utf8');
    const stages = dockerfile.match(/^FROM\s+\S+/gm) ?? [];
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER\s+[1-9][0-9]*(:[0-9]+)?\s*$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "--optimize-for-size", "dist\/main\.js"\]$/m);
    // What the bench and the tests that run dist/main.js as a Pod take from it.
    expect(imageNodeFlags()).toEqual(['--optimize-for-size']);
    // Large freed buffers go back to the system (the bench, which runs with the image's ENV, measured it).
    expect(dockerfile).toMatch(/^ENV MALLOC_MMAP_THRESHOLD_=131072$/m);
    const ignored = (await readFile(path.join(ROOT, '.dockerignore'), 'utf8'))
      .split('\n')
      .map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', 'test', '.git']));
    // The chart's default user is the image's.
    const values = await readFile(path.join(CHART_DIR, 'values.yaml'), 'utf8');
    const user = /^USER\s+([0-9]+)/m.exec(dockerfile)?.[1];
    expect(values).toMatch(new RegExp(`runAsUser: ${user}\\b`));
  });
});
