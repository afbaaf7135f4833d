/**
 * The operator's main job on an embedded default: a local control plane (real kube-apiserver +
 * etcd), Grafana (the API double, or a real one from GRAFANA_URL), the CRDs, the operator, and
 * every manifest in examples/ — then a table of what became Ready.
 *
 *   npm run demo                 # keeps running; explore with kubectl, Ctrl-C to stop
 *   npm run demo -- --once       # exits after the table
 *
 * Real Grafana: GRAFANA_URL plus GRAFANA_TOKEN, or GRAFANA_USER and GRAFANA_PASSWORD.
 */
import { mkdtempSync, createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { createOperator } from '../src/operator.js';
import { KubeClient } from '../src/runtime/kube/client.js';
import { CoreTypes, type KubeObject } from '../src/runtime/kube/types.js';
import type { Condition } from '../src/runtime/conditions.js';
import { ensureBinaries, startControlPlane } from '../test/cluster/control-plane.js';
import { removeOnExit } from '../test/cluster/process.js';
import { applyCrds } from '../test/support/crds.js';
import { profileFromEnv } from '../test/grafana-double/profiles.js';
import { addGitRemote } from '../test/grafana-double/repository-state.js';
import { GrafanaDouble } from '../test/grafana-double/server.js';
import { renderExamples } from './examples.js';
import { ROOT } from './generate-api.js';

const NAMESPACE = 'grafana-demo';
const once = process.argv.includes('--once');
const say = (line: string) => process.stdout.write(`${line}\n`);

interface Listed extends KubeObject {
  status?: { conditions?: Condition[] };
}

interface DemoEvent extends KubeObject {
  type: string;
  reason: string;
  message: string;
  involvedObject: { kind: string; name: string };
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'grafana-provisioning-demo-'));
  // It holds the control plane's data and tokens and the Grafana credentials (examples.yaml):
  // removed however the demo ends (normal exit, an error, SIGINT, SIGTERM or SIGHUP).
  removeOnExit(workDir);
  say('1/5 Kubernetes: building or finding kube-apiserver, etcd and kubectl …');
  const binaries = await ensureBinaries((line) => say(`    ${line}`));
  const controlPlane = await startControlPlane({
    dir: path.join(workDir, 'cluster'),
    binaries,
    log: () => undefined,
  });
  say(`    kube-apiserver ${controlPlane.server} is up`);

  say('2/5 Grafana …');
  const grafana = await startGrafana();
  say(`    ${grafana.description}`);

  const cleanup = async () => {
    await operator.stop().catch(() => undefined);
    await grafana.stop();
    await controlPlane.stop();
  };

  say('3/5 Applying the CRDs …');
  await applyCrds(controlPlane, path.join(ROOT, 'crds'), (line) => say(`    ${line}`));
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(controlPlane.adminKubeconfig);
  const kube = new KubeClient(kubeConfig);
  await kube.create(
    { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false },
    undefined,
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: NAMESPACE },
    },
  );

  say('4/5 Starting the operator …');
  const logFile = path.join(workDir, 'operator.log');
  const config = loadConfig({
    ...process.env,
    LEADER_ELECT: 'false',
    METRICS_PORT: '0',
    HEALTH_PROBE_PORT: '0',
    BIND_HOST: '127.0.0.1',
  });
  const operator = await createOperator(
    config,
    // LOG_LEVEL=debug npm run demo: each reconcile's decisions, in the log file.
    createLogger({
      level: config.logLevel,
      format: config.logFormat,
      destination: createWriteStream(logFile),
    }),
    { kubeConfig },
  );
  await operator.start();
  say(`    logs: ${logFile}; metrics: http://127.0.0.1:${operator.manager.ports.metrics}/metrics`);

  say('5/5 Applying examples/ …');
  const manifest = path.join(workDir, 'examples.yaml');
  const applied = await renderExamples(grafana);
  await writeFile(manifest, applied.yaml);
  const result = await controlPlane.kubectl(['apply', '-n', NAMESPACE, '-f', manifest]);
  if (result.code !== 0) throw new Error(`kubectl apply failed: ${result.stderr}`);
  for (const line of result.stdout.trim().split('\n')) say(`    ${line}`);

  const rows = await waitForReady(kube, applied.objects);
  say('');
  printTable(rows);
  // A normal start passes through waiting states only; a Warning here is worth a look.
  const warnings = (await kube.list<DemoEvent>(CoreTypes.event, NAMESPACE)).items.filter(
    (e) => e.type === 'Warning',
  );
  say(`\nWarning Events: ${warnings.length}`);
  for (const e of warnings)
    say(`    ${e.involvedObject.kind}/${e.involvedObject.name} ${e.reason}: ${e.message}`);
  if (once) {
    await cleanup();
    process.exit(rows.every((r) => r.ready === 'True') ? 0 : 1);
  }
  say('');
  say(`Explore: export KUBECONFIG=${controlPlane.adminKubeconfig}`);
  say(`         ${binaries.kubectl} get grafana -A`);
  say(`         ${binaries.kubectl} describe grafanainstance -n ${NAMESPACE} main`);
  say('\nRunning; Ctrl-C stops the operator, Grafana and the control plane.');
  const stop = () => void cleanup().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

interface DemoGrafana {
  url: string;
  credentials: Record<string, string>;
  /** A Grafana server admin, for the examples that make orgs; without one they are not Ready. */
  serverAdmin?: { username: string; password: string };
  description: string;
  stop(): Promise<void>;
}

async function startGrafana(): Promise<DemoGrafana> {
  const url = process.env.GRAFANA_URL;
  if (url) {
    const token = process.env.GRAFANA_TOKEN;
    const basic = {
      username: process.env.GRAFANA_USER ?? 'admin',
      password: process.env.GRAFANA_PASSWORD ?? 'admin',
    };
    const credentials: Record<string, string> = token ? { token } : basic;
    // Without GRAFANA_USER the token is all there is: the org examples then wait, not Ready.
    const serverAdmin = !token || process.env.GRAFANA_USER ? basic : undefined;
    return {
      url,
      credentials,
      ...(serverAdmin ? { serverAdmin } : {}),
      description: `using the Grafana at ${url}`,
      stop: async () => undefined,
    };
  }
  // Git Sync needs the toggle, and the double a remote it can reach for examples/repositories/.
  const double = new GrafanaDouble({ version: profileFromEnv(), featureToggles: { provisioning: true } });
  addGitRemote(double.state, 'https://github.com/example/grafana-dashboards', ['main']);
  const doubleUrl = await double.start();
  const token = 'glsa_demo_operator_token';
  double.addServiceAccountToken(token, { orgId: 1, role: 'Admin', name: 'grafana-provisioning-operator' });
  return {
    url: doubleUrl,
    credentials: { token },
    serverAdmin: { username: double.options.adminLogin, password: double.options.adminPassword },
    description: `Grafana API double at ${doubleUrl} (set GRAFANA_URL to use a real Grafana)`,
    stop: () => double.stop(),
  };
}

interface Row {
  kind: string;
  name: string;
  ready: string;
  reason: string;
  message: string;
}

async function waitForReady(kube: KubeClient, objects: KubeObject[]): Promise<Row[]> {
  const ours = objects.filter((o) => o.apiVersion?.startsWith('grafana.provisioning.dev/'));
  // A chain of dependants (an org, an instance acting in it, a service account made through that)
  // converges one link after another; on a loaded machine that can take a while.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const rows: Row[] = [];
    for (const object of ours) {
      const kind = object.kind ?? '';
      const [group = '', version = ''] = (object.apiVersion ?? '').split('/');
      // English plural, as the CRDs spell it (grafananotificationpolicy → grafananotificationpolicies).
      const plural = kind.toLowerCase().replace(/y$/, 'ie') + 's';
      const live = await kube.find<Listed>(
        { group, version, plural, kind, namespaced: true },
        NAMESPACE,
        object.metadata?.name ?? '',
      );
      const ready = live?.status?.conditions?.find((c) => c.type === 'Ready');
      rows.push({
        kind,
        name: object.metadata?.name ?? '',
        ready: ready?.status ?? 'Unknown',
        reason: ready?.reason ?? '',
        message: ready?.message ?? '',
      });
    }
    if (rows.every((r) => r.ready === 'True') || Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function printTable(rows: Row[]): void {
  const header: Row = { kind: 'KIND', name: 'NAME', ready: 'READY', reason: 'REASON', message: 'MESSAGE' };
  const all = [header, ...rows];
  const width = (key: keyof Row) => Math.max(...all.map((r) => r[key].length));
  const cols: Array<keyof Row> = ['kind', 'name', 'ready', 'reason'];
  for (const row of all) say(`${cols.map((c) => row[c].padEnd(width(c))).join('  ')}  ${row.message}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
