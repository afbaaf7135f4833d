/**
 * `import` end to end: the test provisioning directory (test/fixtures/file-provisioning) is
 * imported, the Secrets filled, the manifests applied to a namespace the operator watches, and
 * every object becomes Ready; then Grafana, read through its HTTP API, holds what the provisioning
 * files describe — read from the files here, not from the manifests.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { cliExitCode } from '../../src/cli/program.js';
import { readManifests, type Manifest } from '../../src/cli/manifests.js';
import { provisionedDatasourceUid } from '../../src/cli/import/datasources.js';
import { CoreTypes } from '../../src/runtime/kube/types.js';
import { REDACTED_VALUE, secureSettingKeys } from '../../src/grafana/index.js';
import { capturedStreams } from '../support/cli-streams.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { usingRealGrafana } from '../support/grafana.js';
import { resourceOf } from '../support/resource-of.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/file-provisioning', import.meta.url));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The values the Secrets are filled with, as a user would before applying. */
const FILLED: Record<string, string> = {
  LOKI_PASSWORD: 'loki-password',
  SLACK_WEBHOOK_URL: 'https://hooks.slack.example.com/services/T0/B0/X',
};

function yamlFile(...path: string[]): Json {
  return parse(readFileSync(join(FIXTURE, ...path), 'utf8')) as Json;
}

function jsonFiles(dir: string): Json[] {
  return readdirSync(join(FIXTURE, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ ...(JSON.parse(readFileSync(join(FIXTURE, dir, name), 'utf8')) as Json), file: name }));
}

describe('import of a Grafana provisioning directory', () => {
  let f: ObjectFixture;
  let manifests: Manifest[];
  let stderr: string;

  beforeAll(async () => {
    f = await objectFixture('cli-import');
    const out = mkdtempSync(join(tmpdir(), 'cli-import-'));
    try {
      const { out: printed, stdout, stderr: err } = capturedStreams();
      const code = await cliExitCode(
        [
          'import',
          '--from',
          FIXTURE,
          '--namespace',
          f.kube.namespace,
          '--instance-selector',
          'grafana=main',
          '--out',
          out,
        ],
        { stdout, stderr: err },
      );
      stderr = printed.stderr;
      expect({ code, stderr }).toEqual({ code: 0, stderr });
      manifests = (await readManifests(out)).map((entry) => entry.manifest);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    for (const manifest of manifests) {
      if (manifest.kind === 'Secret') {
        const data = manifest.stringData as Record<string, string>;
        for (const key of Object.keys(data)) data[key] = FILLED[key] ?? `filled-${key}`;
        await f.kube.client.create(CoreTypes.secret, f.kube.namespace, manifest);
      } else await f.kube.client.create(resourceOf(manifest), f.kube.namespace, manifest);
    }
  }, 30_000);

  afterAll(async () => {
    // A real Grafana outlives the test: its objects go, the operator deleting what it wrote, the
    // dashboards it orphans (disableDeletion became deletionPolicy: Orphan) deleted here.
    if (usingRealGrafana && f) {
      const ours = manifests.filter((m) => m.kind !== 'Secret');
      await Promise.all(ours.map((m) => f.kube.delete(resourceOf(m), m.metadata.name)));
      await Promise.all(ours.map((m) => f.kube.waitGone(resourceOf(m), m.metadata.name)));
      for (const { uid } of jsonFiles('dashboards'))
        await f.grafana.api.dashboards.delete(uid).catch(() => undefined);
      await f.grafana.api.folders.delete('platform').catch(() => undefined);
    }
    await f?.stop();
  });

  it('every object applied becomes Ready', async () => {
    const ours = manifests.filter((m) => m.kind !== 'Secret');
    expect(ours.length).toBe(20);
    await Promise.all(ours.map((m) => f.kube.waitReady(resourceOf(m), m.metadata.name, { status: 'True' })));
  });

  it('reports the delete lists and the environment variables it turned into Secret keys', () => {
    expect(stderr).toMatch(/deleteDatasources "Graphite \(retired\)": a delete cannot be expressed/);
    expect(stderr).toMatch(/deleteRules alert rule legacy-disk-alert/);
    expect(stderr).toMatch(/\$LOKI_PASSWORD, \$TEMPO_TOKEN, \$SLACK_WEBHOOK_URL/);
  });

  it('Grafana holds the datasources of the files, secure values set', async () => {
    const files = [
      ...yamlFile('datasources', 'monitoring.yaml').datasources,
      ...yamlFile('datasources', 'services.yaml').datasources,
    ] as Json[];
    for (const file of files) {
      const stored = await f.grafana.api.datasources.getByUid(
        file.uid ?? provisionedDatasourceUid(file.name),
      );
      expect(stored).toMatchObject({
        name: file.name,
        type: file.type,
        url: file.url,
        ...(file.user ? { user: file.user } : {}),
        basicAuth: file.basicAuth ?? false,
        isDefault: file.isDefault ?? false,
        jsonData: expect.objectContaining(file.jsonData ?? {}),
      });
      for (const key of Object.keys(file.secureJsonData ?? {}))
        expect(stored.secureJsonFields?.[key]).toBe(true);
    }
  });

  it('Grafana holds the dashboards of the JSON files, in the folders their providers give', async () => {
    const expectedFolder = (file: string) =>
      file.startsWith('platform/')
        ? 'Platform'
        : file.split('/').length > 2
          ? file.split('/').at(-2)!
          : 'General';
    const dashboards = jsonFiles('dashboards');
    expect(dashboards.length).toBe(5);
    for (const file of dashboards) {
      const stored = await f.grafana.api.dashboards.get(file.uid);
      expect({
        title: stored.dashboard.title,
        panels: stored.dashboard.panels,
        folder: stored.meta.folderTitle,
      }).toEqual({
        title: file.title,
        panels: file.panels,
        folder: expectedFolder(file.file),
      });
    }
    expect((await f.grafana.api.folders.get('platform')).title).toBe('Platform');
  });

  it('Grafana holds the rule groups of the alerting files', async () => {
    const folders = await f.grafana.api.folders.list();
    for (const group of yamlFile('alerting', 'rules.yaml').groups as Json[]) {
      const folderUid = folders.find((folder) => folder.title === group.folder)!.uid;
      const stored = await f.grafana.api.ruleGroups.get(folderUid, group.name);
      expect(stored.rules.map((rule) => rule.uid)).toEqual(group.rules.map((rule: Json) => rule.uid));
      for (const [i, rule] of (group.rules as Json[]).entries()) {
        expect(stored.rules[i]).toMatchObject({
          title: rule.title,
          condition: rule.condition,
          labels: rule.labels,
          isPaused: rule.isPaused ?? false,
          noDataState: rule.noDataState ?? 'NoData',
          // File provisioning's default, which the import writes out.
          execErrState: rule.execErrState ?? 'Alerting',
        });
        const annotations = {
          ...rule.annotations,
          ...(rule.dashboardUid
            ? { __dashboardUid__: rule.dashboardUid, __panelId__: String(rule.panelId) }
            : {}),
        };
        // Grafana leaves out an empty map.
        expect(stored.rules[i]!.annotations ?? {}).toEqual(annotations);
        expect(stored.rules[i]!.data.map((query) => [query.refId, query.datasourceUid])).toEqual(
          rule.data.map((query: Json) => [query.refId, query.datasourceUid]),
        );
      }
    }
  });

  it('Grafana holds the contact points, templates, mute timings and policy tree of the alerting files', async () => {
    const file = yamlFile('alerting', 'notifications.yaml');
    const points = await f.grafana.api.contactPoints.list();
    for (const point of file.contactPoints as Json[])
      for (const receiver of point.receivers as Json[]) {
        const stored = points.find((p) => p.uid === receiver.uid)!;
        expect({ name: stored.name, type: stored.type }).toEqual({ name: point.name, type: receiver.type });
        // Secure settings are stored and shown masked (§8.11).
        const secure = secureSettingKeys(receiver.type) ?? [];
        for (const [key, value] of Object.entries(receiver.settings as Json))
          expect([key, stored.settings[key]]).toEqual([key, secure.includes(key) ? REDACTED_VALUE : value]);
      }
    const templates = await f.grafana.api.notificationTemplates.list();
    for (const template of file.templates as Json[])
      expect(templates.find((t) => t.name === template.name)?.template.trim()).toBe(template.template.trim());
    const timings = await f.grafana.api.muteTimings.list();
    for (const timing of file.muteTimes as Json[])
      expect(timings.find((t) => t.name === timing.name)?.time_intervals).toEqual(timing.time_intervals);
    const tree = await f.grafana.api.notificationPolicies.get();
    const policy = (yamlFile('alerting', 'policies.yaml').policies as Json[])[0]!;
    expect(tree).toMatchObject({
      receiver: policy.receiver,
      group_by: policy.group_by,
      group_wait: policy.group_wait,
      repeat_interval: policy.repeat_interval,
    });
    expect(
      tree.routes?.map((route) => [
        route.receiver,
        route.object_matchers,
        route.routes?.map((r) => r.object_matchers),
      ]),
    ).toEqual([
      ['Payments team', [['team', '=', 'payments']], undefined],
      ['Platform on-call', [['severity', '=~', 'critical|page']], [[['team', '=', 'payments']]]],
    ]);
  });
});
