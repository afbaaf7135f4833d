/**
 * docs/install.md, followed step by step against a real kube-apiserver: every ```sh block runs in
 * order, as written, with the pinned helm and kubectl on PATH. `<!-- test: … -->` comments in the
 * page stand in for what this cluster lacks:
 *   skip: <reason>   the next block is not run (only for what needs a kubelet: a running Pod)
 *   env              the next block only sets GRAFANA_URL/GRAFANA_TOKEN; the test sets them itself
 *   pod              the installed Deployment's Pod starts: `node dist/main.js` with its
 *                    ServiceAccount's token and its environment, as the kubelet would run the image
 *   pod-gone         that Pod is gone (the release was uninstalled)
 *   given argo-cd    Argo CD is installed: namespace argocd, argocd-cm, the Application CRD
 *   given old-crds   the installed CRDs are an older version's (the next block must upgrade them)
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../../scripts/generate-api.js';
import type { ControlPlane } from '../cluster/control-plane.js';
import { GrafanaDouble } from '../grafana-double/server.js';
import { startPrivateControlPlane } from '../support/cluster.js';
import {
  PROCESS_OVERRIDES,
  containerEnv,
  kubectlOk,
  projectCrds,
  run,
  serviceAccountKubeconfig,
  startOperatorProcess,
  toolsBinDir,
  type Manifest,
  type RunningOperator,
} from '../support/deploy.js';

const TOKEN = 'glsa_install_docs';

type Step =
  | { kind: 'block'; code: string; line: number; skip?: string; env?: boolean }
  | { kind: 'directive'; directive: string; line: number };

/** The page's sh blocks and test directives, in order. */
export function installSteps(markdown: string): Step[] {
  const steps: Step[] = [];
  const lines = markdown.split('\n');
  let pending: { skip?: string; env?: boolean } = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const directive = /^<!-- test: (.+?) -->$/.exec(line.trim());
    if (directive) {
      const text = directive[1]!;
      if (text.startsWith('skip:')) pending = { skip: text.slice('skip:'.length).trim() };
      else if (text === 'env') pending = { env: true };
      else steps.push({ kind: 'directive', directive: text, line: i + 1 });
      continue;
    }
    if (/^```(sh|bash|shell)\s*$/.test(line)) {
      const start = i + 1;
      const body: string[] = [];
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
      steps.push({ kind: 'block', code: body.join('\n'), line: start, ...pending });
      pending = {};
    }
  }
  return steps;
}

/** A stand-in for Argo CD's Application CRD: the kind exists, its content is Argo CD's business. */
const APPLICATION_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'applications.argoproj.io' },
  spec: {
    group: 'argoproj.io',
    names: {
      kind: 'Application',
      listKind: 'ApplicationList',
      plural: 'applications',
      singular: 'application',
    },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          },
        },
      },
    ],
  },
};

describe('docs/install.md, step by step', () => {
  const markdown = readFileSync(path.join(ROOT, 'docs', 'install.md'), 'utf8');
  const steps = installSteps(markdown);
  let controlPlane: ControlPlane;
  let grafana: GrafanaDouble;
  let pod: RunningOperator | undefined;

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, 'dist', 'main.js')))
      throw new Error('dist/main.js is missing: run `npm run build` first');
    grafana = new GrafanaDouble();
    await grafana.start();
    grafana.addServiceAccountToken(TOKEN, { orgId: 1, role: 'Admin', name: 'operator' });
    controlPlane = await startPrivateControlPlane();
  });

  afterAll(async () => {
    await pod?.kill('SIGKILL');
    await controlPlane?.stop();
    await grafana?.stop();
  });

  it('runs every command except those that need a running Pod, and each succeeds', async () => {
    expect(steps.filter((s) => s.kind === 'block').length).toBeGreaterThan(5);
    const binDir = await toolsBinDir();
    const home = await mkdtemp(path.join(tmpdir(), 'gpo-docs-'));
    const env = {
      PATH: `${binDir}:${process.env.PATH ?? ''}`,
      HOME: home,
      KUBECONFIG: controlPlane.adminKubeconfig,
      KUBECACHEDIR: path.join(home, 'kube-cache'),
      HELM_CACHE_HOME: path.join(home, 'helm-cache'),
      HELM_CONFIG_HOME: path.join(home, 'helm-config'),
      HELM_DATA_HOME: path.join(home, 'helm-data'),
      GRAFANA_URL: grafana.url,
      GRAFANA_TOKEN: TOKEN,
    };
    const cluster = { kubectl: controlPlane.kubectl.bind(controlPlane), caFile: controlPlane.caFile };
    const ran: string[] = [];
    let checkCrdsUpgraded = false;

    for (const step of steps) {
      const where = `docs/install.md:${step.line}`;
      if (step.kind === 'directive') {
        switch (step.directive) {
          case 'pod': {
            const listed = JSON.parse(
              await kubectlOk(cluster, [
                'get',
                'deployments',
                '--all-namespaces',
                '-l',
                'app.kubernetes.io/part-of=grafana-provisioning-operator',
                '-o',
                'json',
              ]),
            ) as { items: Manifest[] };
            expect({ where, deployments: listed.items.length }).toEqual({ where, deployments: 1 });
            const deployment = listed.items[0]!;
            const namespace = String(deployment.metadata?.namespace);
            const spec = (deployment.spec as { template: { spec: { serviceAccountName: string } } }).template
              .spec;
            const { file } = await serviceAccountKubeconfig(cluster, {
              namespace,
              serviceAccount: spec.serviceAccountName,
              server: controlPlane.server,
              file: path.join(home, `pod-${step.line}.kubeconfig`),
            });
            await pod?.kill('SIGKILL');
            pod = startOperatorProcess({
              ...containerEnv(deployment, {
                name: `${deployment.metadata?.name}-5d8f7c9b4-abcde`,
                namespace,
              }),
              ...PROCESS_OVERRIDES,
              KUBECONFIG: file,
            });
            break;
          }
          case 'pod-gone':
            await pod?.kill('SIGTERM');
            pod = undefined;
            break;
          case 'given argo-cd':
            await kubectlOk(cluster, ['create', 'namespace', 'argocd']);
            await kubectlOk(cluster, [
              '-n',
              'argocd',
              'create',
              'configmap',
              'argocd-cm',
              '--from-literal=url=https://argocd.example.com',
            ]);
            await kubectlOk(cluster, ['apply', '--server-side', '-f', '-'], {
              input: JSON.stringify(APPLICATION_CRD),
            });
            await kubectlOk(cluster, ['wait', '--for=condition=Established', 'crd/applications.argoproj.io']);
            break;
          case 'given old-crds':
            // An older release's CRDs: without the short names (and so different from crds/).
            for (const { plural, group } of await projectCrds())
              await kubectlOk(cluster, [
                'patch',
                'crd',
                `${plural}.${group}`,
                '--type=json',
                '-p',
                '[{"op":"remove","path":"/spec/names/shortNames"}]',
              ]);
            checkCrdsUpgraded = true;
            break;
          default:
            throw new Error(`${where}: unknown test directive "${step.directive}"`);
        }
        continue;
      }
      if (step.skip) {
        expect({ where, reason: step.skip }).toEqual({
          where,
          reason: expect.stringMatching(/running Pod|image/),
        });
        continue;
      }
      if (step.env) {
        expect({ where, code: step.code }).toEqual({
          where,
          code: expect.stringMatching(/^(export \w+=\S+\s*)+$/),
        });
        continue;
      }
      const result = await run('bash', ['-euo', 'pipefail', '-c', step.code], { env, timeoutMs: 180_000 });
      if (result.code !== 0) {
        throw new Error(
          `${where} failed (exit ${result.code}):\n${step.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}` +
            (pod ? `\n--- operator\n${pod.output().slice(-4000)}` : ''),
        );
      }
      ran.push(where);
      if (checkCrdsUpgraded) {
        for (const { plural, group, crd } of await projectCrds()) {
          const live = JSON.parse(
            await kubectlOk(cluster, ['get', 'crd', `${plural}.${group}`, '-o', 'json']),
          ) as Manifest;
          expect((live.spec as { names: unknown }).names).toEqual({
            ...(crd.spec as { names: object }).names,
            listKind: expect.any(String),
            singular: expect.any(String),
          });
        }
        checkCrdsUpgraded = false;
      }
    }

    // What the Argo CD steps did: our health checks merged into argocd-cm, Applications created.
    const argocdCm = JSON.parse(
      await kubectlOk(cluster, ['-n', 'argocd', 'get', 'configmap', 'argocd-cm', '-o', 'json']),
    ) as {
      data: Record<string, string>;
    };
    expect(argocdCm.data.url).toBe('https://argocd.example.com');
    expect(
      Object.keys(argocdCm.data)
        .filter((k) => k.startsWith('resource.customizations.health.'))
        .sort(),
    ).toEqual((await projectCrds()).map((c) => `resource.customizations.health.${c.group}_${c.kind}`).sort());
    const apps = await kubectlOk(cluster, ['-n', 'argocd', 'get', 'applications.argoproj.io', '-o', 'name']);
    expect(apps.trim().split('\n').sort()).toEqual([
      'application.argoproj.io/grafana-objects',
      'application.argoproj.io/grafana-provisioning-operator',
    ]);
    console.log(`ran ${ran.length} blocks of docs/install.md`);
  }, 170_000);
});
