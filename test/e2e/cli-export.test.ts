/**
 * `export` end to end: a realistic org is exported, the manifests are applied to a fresh namespace
 * whose operator provisions a second Grafana, and that Grafana, exported in turn, gives the same
 * manifests (but for the instance's URL) and the same objects through the API.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as generated from '../../src/api/generated/index.js';
import { readManifests, type Manifest } from '../../src/cli/manifests.js';
import { cliExitCode } from '../../src/cli/program.js';
import { libraryElementFolderUid, type GrafanaApi } from '../../src/grafana/index.js';
import { CoreTypes, type ResourceType } from '../../src/runtime/kube/types.js';
import { createTestNamespace, e2eCluster } from '../support/cluster.js';
import { FROM_FILES } from '../support/files-org.js';
import { editsIn } from '../support/grafana-edits.js';
import { adminApiIn, startGrafana, usingRealGrafana, type GrafanaUnderTest } from '../support/grafana.js';
import { TestKube } from '../support/kube.js';
import { startOperator, type InProcessOperator } from '../support/operator.js';
import { SEEDED_DASHBOARDS, SEEDED_FOLDERS, seedOrg } from '../support/seed-org.js';
import { eventually } from '../support/wait.js';
import { capturedStreams as streams } from '../support/cli-streams.js';

/**
 * One org of the round trip: how `export` signs in to it, the test's own client there, and what the
 * applied credentials Secret holds. On the double, each side is a double of its own; against a real
 * Grafana (GRAFANA_URL), one server holding other tests' objects, each side is an org made for
 * this run (and deleted after it), read and written as the server admin.
 */
interface RoundTripOrg {
  url: string;
  signIn: string[];
  api: GrafanaApi;
  /** The value of each key of the instance's credentials Secret. */
  credentials: Record<string, string>;
  /** The org, when the instance must name one. */
  orgId?: number;
  close(): Promise<void>;
}

describe('export', () => {
  let grafanas: GrafanaUnderTest[] = [];
  let source: RoundTripOrg;
  let target: RoundTripOrg;
  let kube: TestKube;
  let operator: InProcessOperator;
  let dir: string;

  /** A secret into a file of its own, for the --…-file options. */
  async function secretFile(name: string, value: string): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, `${value}\n`);
    return file;
  }

  async function doubleOrg(grafana: GrafanaUnderTest, side: string): Promise<RoundTripOrg> {
    const { token } = grafana.credentials as { token: string };
    return {
      url: grafana.url,
      signIn: ['--token-file', await secretFile(`${side}-token`, token)],
      api: grafana.api,
      credentials: { token },
      close: async () => undefined,
    };
  }

  async function realOrg(grafana: GrafanaUnderTest, side: string): Promise<RoundTripOrg> {
    const edits = editsIn(grafana);
    const orgId = await edits.createOrg(`cli-export-${side}-${kube.namespace}`);
    const { username, password } = grafana.direct.admin;
    const api = adminApiIn(grafana, orgId);
    return {
      url: grafana.url,
      signIn: [
        '--user',
        username,
        '--password-file',
        await secretFile(`${side}-password`, password),
        '--org',
        String(orgId),
      ],
      api,
      credentials: { password },
      orgId,
      close: async () => {
        api.http.close();
        await edits.deleteOrg(orgId);
      },
    };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gpo-cli-export-'));
    kube = new TestKube(await createTestNamespace('cli-export'));
    if (usingRealGrafana) {
      grafanas = [await startGrafana()];
      source = await realOrg(grafanas[0]!, 'source');
      target = await realOrg(grafanas[0]!, 'target');
    } else {
      grafanas = [await startGrafana(), await startGrafana()];
      source = await doubleOrg(grafanas[0]!, 'source');
      target = await doubleOrg(grafanas[1]!, 'target');
    }
    operator = await startOperator({ namespace: kube.namespace, kubeConfig: e2eCluster().kubeConfig() });
  });

  afterAll(async () => {
    await operator?.stop();
    await source?.close();
    await target?.close();
    for (const grafana of grafanas) await grafana.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * Runs `export` against one side of the round trip into `out`, once Grafana's search lists every
   * dashboard and folder: export lists them by search, which lags writes on unified storage
   * (docs/grafana-api.md §6.8; the double's 13.0 profile too).
   */
  async function exportOrg(org: RoundTripOrg, out: string, extra: string[] = []) {
    await eventually(
      async () =>
        (await org.api.search.dashboards()).length === SEEDED_DASHBOARDS &&
        (await org.api.search.folders()).length === SEEDED_FOLDERS,
      { what: `search lists ${SEEDED_DASHBOARDS} dashboards and ${SEEDED_FOLDERS} folders` },
    );
    const { out: printed, stdout, stderr } = streams();
    const args = ['export', '--url', org.url, ...org.signIn, '--out', out, ...extra];
    const code = await cliExitCode(args, { stdout, stderr });
    expect({ code, stderr: printed.stderr }).toEqual({
      code: 0,
      stderr: expect.stringMatching(/^export: \d+ /m),
    });
    return printed;
  }

  /** Every file under `root`, relative path → text. */
  async function filesUnder(root: string): Promise<Map<string, string>> {
    const files = new Map<string, string>();
    for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      files.set(relative(root, path), await readFile(path, 'utf8'));
    }
    return files;
  }

  const typeOf = (kind: string): ResourceType =>
    kind === 'Secret'
      ? CoreTypes.secret
      : ((generated as unknown as Record<string, ResourceType>)[`${kind}Resource`] as ResourceType);

  it('an exported org, applied and exported again, gives the same manifests and the same Grafana', async () => {
    await seedOrg(source.api);
    const first = join(dir, 'first');
    const printed = await exportOrg(source, first, ['--namespace', kube.namespace, '--adopt']);
    expect(printed.stdout).toBe('');
    const files = await filesUnder(first);
    const count = (kind: string) => [...files.keys()].filter((f) => f.startsWith(`${kind}/`)).length;
    expect({
      folders: count('grafanafolder'),
      dashboards: count('grafanadashboard'),
      datasources: count('grafanadatasource'),
      libraryPanels: count('grafanalibrarypanel'),
      ruleGroups: count('grafanaalertrulegroup'),
      // Ops, Payments and Grafana's own default e-mail contact point.
      contactPoints: count('grafanacontactpoint'),
      policies: count('grafananotificationpolicy'),
      templates: count('grafananotificationtemplate'),
      muteTimings: count('grafanamutetiming'),
    }).toEqual({
      folders: 6,
      dashboards: SEEDED_DASHBOARDS,
      datasources: 3,
      libraryPanels: 3,
      ruleGroups: 2,
      contactPoints: 3,
      policies: 1,
      templates: 2,
      muteTimings: 2,
    });
    // Clashing titles named in uid order; the big dashboard gzipped; no secret value anywhere.
    expect(files.get('grafanadashboard/overview.yaml')).toContain('uid: payments-overview');
    expect(files.get('grafanadashboard/overview-3.yaml')).toContain('uid: search-overview');
    expect(files.get('grafanadashboard/capacity-planning.yaml')).toMatch(/\n {2}gzipJson: \S+/);
    expect(files.get('grafanafolder/kubernetes.yaml')).toContain('parentFolderRef: observability');
    const everything = [...files.values()].join('\n');
    for (const secret of ['prom-password', 'tenant-1', 'db-password', 'hook-password', 'hooks.slack.com']) {
      expect(everything).not.toContain(secret);
    }
    expect(files.get('secret/prometheus-datasource.yaml')).toMatch(/fill it in[\s\S]*basicAuthPassword: ""/);

    // Apply to the fresh namespace, the Secrets filled in and the instance pointed at the target.
    const manifests = (await readManifests(first)).map((entry) => entry.manifest);
    const filled = (manifest: Manifest): Manifest => {
      if (manifest.kind === 'Secret') {
        const keys = Object.keys(manifest.stringData as Record<string, string>);
        const value = (key: string) => target.credentials[key] ?? `filled-${key}`;
        return { ...manifest, stringData: Object.fromEntries(keys.map((key) => [key, value(key)])) };
      }
      if (manifest.kind === 'GrafanaInstance') {
        const org = target.orgId === undefined ? {} : { org: { id: target.orgId } };
        return { ...manifest, spec: { ...(manifest.spec as object), url: target.url, ...org } };
      }
      return manifest;
    };
    for (const manifest of manifests) {
      await kube.client.create(typeOf(manifest.kind), kube.namespace, filled(manifest) as never);
    }
    for (const { kind, metadata } of manifests.filter((m) => m.kind !== 'Secret')) {
      await kube.waitReady(typeOf(kind), metadata.name, { status: 'True' });
    }

    const second = join(dir, 'second');
    await exportOrg(target, second, ['--namespace', kube.namespace, '--adopt']);
    const again = await filesUnder(second);
    // The instance is named after the org: the same on two doubles, two names on one Grafana.
    const instanceOf = (files: Map<string, string>) =>
      [...files.keys()].find((f) => f.startsWith('grafanainstance/'))!.replace(/^.*\/|\.yaml$/g, '');
    const [was, is] = [instanceOf(files), instanceOf(again)];
    const renamed = new Map(
      [...files].map(([file, text]) => [file.replaceAll(was, is), text.replaceAll(was, is)]),
    );
    const instance = `grafanainstance/${is}.yaml`;
    const expectedInstance = renamed
      .get(instance)!
      .replace(source.url, target.url)
      .replace(`id: ${source.orgId}\n`, `id: ${target.orgId}\n`);
    expect(again.get(instance)).toBe(expectedInstance);
    files.clear();
    for (const [file, text] of renamed) files.set(file, text);
    files.set(instance, again.get(instance)!);
    const differing = [...new Set([...files.keys(), ...again.keys()])].filter(
      (f) => files.get(f) !== again.get(f),
    );
    expect(differing).toEqual([]);
    expect(again).toEqual(files);

    expect(await orgState(target.api)).toEqual(await orgState(source.api));
  });

  it('a token Grafana refuses, or an org name without a server admin, is one line naming the option', async () => {
    const run = async (args: string[]) => {
      const { out, stdout, stderr } = streams();
      const code = await cliExitCode(['export', '--url', grafanas[0]!.url, ...args], { stdout, stderr });
      return { code, stdout: out.stdout, stderr: out.stderr };
    };
    expect(await run(['--token', 'glsa_not_a_token'])).toEqual({
      code: 1,
      stdout: '',
      stderr: expect.stringMatching(
        /^error: Grafana GET \/api\/org returned 401 Unauthorized .*set --org ID: .*\n$/,
      ),
    });
    expect(await run(['--token', 'glsa_not_a_token', '--org', 'Ops'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: Grafana org "Ops" not found: resolving an org by name needs a Grafana server-admin user (--user); use --org ID with a service-account token\n',
    });
  });

  it("exports the org --org names, saying which objects Grafana's provisioning files hold", async () => {
    // The org the provisioning fixtures fill (test/support/files-org.ts), made as filesOrg makes it.
    const edits = editsIn(grafanas[0]!);
    const orgId = (await edits.findOrg(FROM_FILES.orgName)) ?? (await edits.createOrg(FROM_FILES.orgName));
    expect(orgId).toBe(FROM_FILES.orgId);
    await edits.reloadAlertingProvisioning();

    const passwordFile = join(dir, 'admin-password');
    await writeFile(passwordFile, grafanas[0]!.direct.admin.password);
    const { out, stdout, stderr } = streams();
    const kinds = 'alertrulegroups,contactpoints,mutetimings,notificationtemplates,notificationpolicies';
    const args = [
      'export',
      '--url',
      grafanas[0]!.url,
      '--user',
      grafanas[0]!.direct.admin.username,
      '--password-file',
      passwordFile,
    ];
    const code = await cliExitCode([...args, '--org', FROM_FILES.orgName, '--kinds', kinds], {
      stdout,
      stderr,
    });
    expect({ code, stderr: out.stderr }).toEqual({
      code: 0,
      stderr: expect.stringMatching(
        new RegExp(`^export: \\d+ read from org ${orgId} \\(${FROM_FILES.orgName}\\)`, 'm'),
      ),
    });

    const documents = out.stdout.split(/^---\n/m);
    const document = (kind: string, name: string) =>
      documents.find((d) => d.includes(`kind: ${kind}\n`) && d.includes(`\n  name: ${name}\n`)) ?? '';
    for (const [kind, name] of [
      ['GrafanaAlertRuleGroup', FROM_FILES.ruleGroup],
      ['GrafanaContactPoint', FROM_FILES.name],
      ['GrafanaMuteTiming', FROM_FILES.name],
      ['GrafanaNotificationTemplate', FROM_FILES.name],
      ['GrafanaNotificationPolicy', 'notification-policy'],
    ] as const) {
      expect({ [kind]: document(kind, name) }).toEqual({
        [kind]: expect.stringMatching(/^# Provisioned from files in Grafana/),
      });
    }
    const instance = document('GrafanaInstance', 'provisioned-from-files');
    expect(instance).toContain(`org:\n    name: ${FROM_FILES.orgName}\n`);
    expect(instance).toContain(`username: ${grafanas[0]!.direct.admin.username}\n`);
    expect(out.stdout).toMatch(/^\s*password: ""$/m);
  });
});

/**
 * What an org holds through Grafana's API, without what each Grafana assigns itself (ids, org
 * ids, versions, timestamps): equal for two Grafanas holding the same objects.
 */
async function orgState(api: GrafanaApi) {
  const byKey = <T>(items: T[], key: (item: T) => string) =>
    [...items].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  const folders = await Promise.all((await api.search.folders()).map((hit) => api.folders.get(hit.uid)));
  const datasources = await Promise.all(
    (await api.datasources.list()).map((d) => api.datasources.getByUid(d.uid)),
  );
  const dashboards = await Promise.all((await api.search.dashboards()).map((d) => api.dashboards.get(d.uid)));
  const drop = <T extends object>(object: T, keys: string[]) =>
    Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
  return {
    folders: byKey(folders, (f) => f.uid).map((f) => ({
      uid: f.uid,
      title: f.title,
      description: f.description,
      parentUid: f.parentUid,
    })),
    datasources: byKey(datasources, (d) => d.uid).map((d) =>
      drop(d, ['id', 'orgId', 'version', 'accessControl']),
    ),
    dashboards: byKey(dashboards, (d) => d.dashboard.uid).map((d) => ({
      // `editable` as the UI reads it: missing is editable (docs/grafana-api.md §6.2).
      dashboard: { ...drop(d.dashboard, ['id', 'version']), editable: d.dashboard.editable !== false },
      folderUid: d.meta.folderUid,
    })),
    libraryPanels: byKey(await api.libraryPanels.list(), (p) => p.uid).map((p) => ({
      uid: p.uid,
      name: p.name,
      folderUid: libraryElementFolderUid(p),
      model: drop(p.model, ['id']),
    })),
    rules: byKey(await api.alertRules.list(), (r) => r.uid).map((r) => drop(r, ['id', 'orgID', 'updated'])),
    contactPoints: byKey(await api.contactPoints.list(), (c) => c.uid),
    policy: await api.notificationPolicies.get(),
    templates: (await api.notificationTemplates.list()).map((t) => drop(t, ['version'])),
    muteTimings: (await api.muteTimings.list()).map((t) => drop(t, ['version'])),
  };
}
