import { gunzipSync } from 'node:zlib';
import * as generated from '../../../src/api/generated/index.js';
import { CliError } from '../../../src/cli/exit.js';
import { exportManifests, parseKinds, EXPORT_KINDS } from '../../../src/cli/export/manifests.js';
import { intervalText, legacyMatchers, splitRedacted } from '../../../src/cli/export/map-alerting.js';
import { GZIP_FROM_BYTES } from '../../../src/cli/export/map-content.js';
import { emptySnapshot, type OrgSnapshot } from '../../../src/cli/export/snapshot.js';
import type { InstanceSource } from '../../../src/cli/export/map-instance.js';
import type { Manifest, ManifestEntry } from '../../../src/cli/manifests.js';
import { validateSpec } from '../../../src/runtime/validation.js';
import type {
  GrafanaDashboardWithMeta,
  GrafanaDataSource,
  GrafanaFolder,
  GrafanaLibraryElement,
  ProvisionedAlertRule,
} from '../../../src/grafana/index.js';

const folder = (uid: string, title: string, parentUid?: string): GrafanaFolder =>
  ({ uid, title, ...(parentUid ? { parentUid } : {}), description: '' }) as GrafanaFolder;

const dashboard = (uid: string, title: string, folderUid = '', extra: Record<string, unknown> = {}) =>
  ({
    dashboard: { id: 7, uid, title, version: 3, editable: true, panels: [], ...extra },
    meta: { folderUid, provisioned: false },
  }) as unknown as GrafanaDashboardWithMeta;

const rule = (uid: string, provenance?: ProvisionedAlertRule['provenance']): ProvisionedAlertRule =>
  ({
    id: 1,
    uid,
    orgID: 1,
    folderUID: 'c-kube',
    ruleGroup: 'kube',
    title: `Rule ${uid}`,
    condition: 'B',
    data: [
      {
        refId: 'A',
        queryType: '',
        relativeTimeRange: { from: 600, to: 0 },
        datasourceUid: 'prom',
        model: { expr: 'up' },
      },
      { refId: 'B', datasourceUid: '__expr__', model: { type: 'threshold', expression: 'A' } },
    ],
    noDataState: 'NoData',
    execErrState: 'Error',
    for: '5m',
    keep_firing_for: '',
    annotations: { summary: 'down' },
    labels: {},
    isPaused: false,
    notification_settings: null,
    record: null,
    updated: '2026-01-01T00:00:00Z',
    ...(provenance === undefined ? {} : { provenance }),
  }) as ProvisionedAlertRule;

/** An org with one of everything, some names clashing, one big dashboard and some secrets. */
function snapshot(): OrgSnapshot {
  const s = emptySnapshot({ id: 1, name: 'Main Org.' });
  s.folders = [
    folder('c-kube', 'Kubernetes', 'b-obs'),
    folder('a-platform', 'Platform'),
    folder('b-obs', 'Observability', 'a-platform'),
  ];
  s.datasources = [
    {
      uid: 'prom',
      name: 'Prometheus',
      type: 'prometheus',
      access: 'proxy',
      url: 'http://prometheus:9090',
      basicAuth: true,
      basicAuthUser: 'grafana',
      isDefault: true,
      jsonData: { httpMethod: 'POST' },
      secureJsonFields: { basicAuthPassword: true, unused: false },
      readOnly: false,
    } as unknown as GrafanaDataSource,
    {
      uid: 'files',
      name: 'From files',
      type: 'loki',
      access: 'proxy',
      url: '',
      basicAuth: false,
      isDefault: false,
      readOnly: true,
    } as unknown as GrafanaDataSource,
  ];
  s.dashboards = [
    dashboard('z-overview', 'Overview', 'c-kube'),
    dashboard('a-overview', 'Overview'),
    dashboard('big', 'Big', 'a-platform', { description: 'x'.repeat(GZIP_FROM_BYTES) }),
    dashboard('locked', 'Locked', '', { editable: false }),
    dashboard('unsaid', 'Unsaid', '', { editable: undefined }),
  ];
  s.libraryPanels = [
    {
      uid: 'lp-cpu',
      name: 'CPU usage',
      folderUid: 'b-obs',
      model: {
        id: 3,
        libraryPanel: { uid: 'lp-cpu', name: 'CPU usage' },
        type: 'timeseries',
        title: 'CPU',
        description: '',
      },
    } as unknown as GrafanaLibraryElement,
  ];
  s.ruleGroups = [
    { title: 'kube', folderUid: 'c-kube', interval: 90, rules: [rule('r1', 'api'), rule('r2', 'api')] },
    { title: 'by-hand', folderUid: 'a-platform', interval: 3600, rules: [rule('r3')] },
    { title: 'from-files', folderUid: 'a-platform', interval: 60, rules: [rule('r4', 'file')] },
  ];
  s.contactPoints = [
    {
      orgId: 1,
      name: 'ops-webhook',
      receivers: [
        {
          uid: 'wh1',
          type: 'webhook',
          settings: {
            url: 'https://hooks.example.com',
            password: '[REDACTED]',
            tlsConfig: { clientKey: '[REDACTED]', insecureSkipVerify: false },
          },
          disableResolveMessage: false,
        },
      ],
    },
  ];
  s.integrations = [
    {
      uid: 'wh1',
      name: 'ops-webhook',
      type: 'webhook',
      settings: {},
      disableResolveMessage: false,
      provenance: 'api',
    },
  ];
  s.policy = {
    tree: {
      orgId: 1,
      receiver: 'ops-webhook',
      group_by: ['alertname'],
      routes: [
        {
          receiver: 'ops-webhook',
          object_matchers: [['team', '=', 'ops']],
          mute_time_intervals: ['nights'],
          continue: false,
        },
      ],
    },
    provenance: 'api',
  };
  s.templates = [{ name: 'ops', template: '{{ define "ops" }}x{{ end }}', version: 'v', provenance: 'file' }];
  s.muteTimings = [
    { orgId: 1, name: 'nights', time_intervals: [{ times: [{ start_time: '22:00', end_time: '24:00' }] }] },
  ];
  s.muteTimingList = [{ name: 'nights', time_intervals: [], version: 'v' }];
  return s;
}

const TOKEN: InstanceSource = { url: 'https://grafana.example.com', auth: { kind: 'token' } };
const all = (options: Partial<Parameters<typeof exportManifests>[2]> = {}) =>
  exportManifests(snapshot(), TOKEN, { adopt: false, kinds: parseKinds(undefined), ...options });

const find = (entries: ManifestEntry[], kind: string, name: string): ManifestEntry => {
  const entry = entries.find((e) => e.manifest.kind === kind && e.manifest.metadata.name === name);
  if (!entry)
    throw new Error(
      `no ${kind} ${name} in ${entries.map((e) => `${e.manifest.kind}/${e.manifest.metadata.name}`).join(', ')}`,
    );
  return entry;
};
const spec = (manifest: Manifest) => manifest.spec as Record<string, unknown>;

/** The generated spec schema of a kind, e.g. grafanaFolderSpecSchema. */
function schemaOf(kind: string): object {
  const key = `${kind.charAt(0).toLowerCase()}${kind.slice(1)}SpecSchema`;
  const schema = (generated as unknown as Record<string, object>)[key];
  if (!schema) throw new Error(`no schema ${key}`);
  return schema;
}

describe('exportManifests', () => {
  it('gives manifests whose specs validate against our CRD schemas', () => {
    const entries = all({ adopt: true, namespace: 'grafana' });
    const kinds = new Set(entries.map((e) => e.manifest.kind));
    expect([...kinds].sort()).toEqual([...EXPORT_KINDS, 'GrafanaInstance', 'Secret'].sort());
    for (const { manifest } of entries) {
      expect(manifest.metadata.namespace).toBe('grafana');
      if (manifest.kind === 'Secret') continue;
      expect({
        [`${manifest.kind}/${manifest.metadata.name}`]: validateSpec(schemaOf(manifest.kind), manifest.spec)
          .errors,
      }).toEqual({
        [`${manifest.kind}/${manifest.metadata.name}`]: [],
      });
    }
  });

  it('keeps uids, names by title in uid order with suffixes, and nests folders by name', () => {
    const entries = all();
    expect(spec(find(entries, 'GrafanaDashboard', 'overview').manifest).uid).toBe('a-overview');
    expect(spec(find(entries, 'GrafanaDashboard', 'overview-2').manifest)).toMatchObject({
      uid: 'z-overview',
      folderRef: 'kubernetes',
      editableInGrafana: true,
    });
    expect(spec(find(entries, 'GrafanaFolder', 'kubernetes').manifest)).toMatchObject({
      uid: 'c-kube',
      parentFolderRef: 'observability',
    });
    expect(spec(find(entries, 'GrafanaFolder', 'platform').manifest)).not.toHaveProperty('parentFolderRef');
    const instance = find(entries, 'GrafanaInstance', 'main-org').manifest;
    expect(instance.metadata.labels).toEqual({ 'grafana.provisioning.dev/instance': 'main-org' });
    expect(spec(find(entries, 'GrafanaFolder', 'platform').manifest).instanceSelector).toEqual({
      matchLabels: { 'grafana.provisioning.dev/instance': 'main-org' },
    });
  });

  it('leaves out what Grafana sets itself, and gzips a dashboard of 256 KiB or more', () => {
    const entries = all();
    const small = JSON.parse(spec(find(entries, 'GrafanaDashboard', 'overview').manifest).json as string);
    expect(small).toEqual({ uid: 'a-overview', title: 'Overview', editable: true, panels: [] });
    // Keys sorted: Grafana's order depends on how the dashboard was written.
    expect(Object.keys(small)).toEqual(['editable', 'panels', 'title', 'uid']);
    // A missing `editable` is editable, as Grafana's UI reads it.
    for (const [name, editable] of [
      ['locked', false],
      ['unsaid', true],
    ] as const) {
      const locked = spec(find(entries, 'GrafanaDashboard', name).manifest);
      expect(JSON.parse(locked.json as string)).toMatchObject({ editable });
      expect(locked.editableInGrafana).toBe(editable ? true : undefined);
    }
    const big = spec(find(entries, 'GrafanaDashboard', 'big').manifest);
    expect(big).not.toHaveProperty('json');
    const unzipped = JSON.parse(gunzipSync(Buffer.from(big.gzipJson as string, 'base64')).toString('utf8'));
    expect(unzipped).toMatchObject({ uid: 'big', title: 'Big' });
    expect(unzipped).not.toHaveProperty('version');
    expect(spec(find(entries, 'GrafanaLibraryPanel', 'cpu-usage').manifest)).toEqual(
      expect.objectContaining({
        uid: 'lp-cpu',
        folderRef: 'observability',
        model: { type: 'timeseries', title: 'CPU', description: '' },
      }),
    );
  });

  it('turns secure fields into secretKeyRefs to Secrets with empty values and a comment', () => {
    const entries = all();
    expect(spec(find(entries, 'GrafanaDatasource', 'prometheus').manifest).secureJsonData).toEqual({
      basicAuthPassword: { secretKeyRef: { name: 'prometheus-datasource', key: 'basicAuthPassword' } },
    });
    const dsSecret = find(entries, 'Secret', 'prometheus-datasource');
    expect(dsSecret.manifest.stringData).toEqual({ basicAuthPassword: '' });
    expect(dsSecret.comment).toBe(
      'Secure fields of the datasource "Prometheus": Grafana never returns these values; fill it in before applying.',
    );
    const receiver = (
      spec(find(entries, 'GrafanaContactPoint', 'ops-webhook').manifest).receivers as Array<
        Record<string, unknown>
      >
    )[0]!;
    expect(receiver.settings).toEqual({
      url: 'https://hooks.example.com',
      tlsConfig: { insecureSkipVerify: false },
    });
    expect(receiver.secureSettings).toEqual({
      password: { secretKeyRef: { name: 'ops-webhook-contactpoint', key: 'wh1.password' } },
      'tlsConfig.clientKey': {
        secretKeyRef: { name: 'ops-webhook-contactpoint', key: 'wh1.tlsConfig.clientKey' },
      },
    });
    expect(find(entries, 'Secret', 'ops-webhook-contactpoint').manifest.stringData).toEqual({
      'wh1.password': '',
      'wh1.tlsConfig.clientKey': '',
    });
    const credentials = find(entries, 'Secret', 'main-org-credentials');
    expect(credentials.manifest.stringData).toEqual({ token: '' });
    expect(credentials.comment).toMatch(/never writes credentials out; fill it in/);
    expect(spec(find(entries, 'GrafanaInstance', 'main-org').manifest).auth).toEqual({
      token: { secretKeyRef: { name: 'main-org-credentials', key: 'token' } },
    });
  });

  it('says which objects files provision, and keeps what is editable in Grafana editable', () => {
    const entries = all();
    expect(find(entries, 'GrafanaDatasource', 'from-files').comment).toMatch(/Provisioned from files/);
    expect(find(entries, 'GrafanaAlertRuleGroup', 'from-files').comment).toMatch(/Provisioned from files/);
    expect(find(entries, 'GrafanaNotificationTemplate', 'ops').comment).toMatch(/Provisioned from files/);
    expect(find(entries, 'GrafanaAlertRuleGroup', 'kube').comment).toBeUndefined();
    expect(spec(find(entries, 'GrafanaAlertRuleGroup', 'kube').manifest)).not.toHaveProperty(
      'editableInGrafana',
    );
    expect(spec(find(entries, 'GrafanaAlertRuleGroup', 'by-hand').manifest)).toMatchObject({
      editableInGrafana: true,
      interval: '1h',
    });
    expect(spec(find(entries, 'GrafanaMuteTiming', 'nights').manifest)).toMatchObject({
      editableInGrafana: true,
    });
  });

  it('maps rules to the provisioning form and policy routes to the spec fields', () => {
    const entries = all();
    const group = spec(find(entries, 'GrafanaAlertRuleGroup', 'kube').manifest);
    expect(group).toMatchObject({ name: 'kube', folderRef: 'kubernetes', interval: '1m30s' });
    expect((group.rules as unknown[])[0]).toEqual({
      uid: 'r1',
      title: 'Rule r1',
      condition: 'B',
      data: [
        { refId: 'A', relativeTimeRange: { from: 600, to: 0 }, datasourceUid: 'prom', model: { expr: 'up' } },
        { refId: 'B', datasourceUid: '__expr__', model: { type: 'threshold', expression: 'A' } },
      ],
      noDataState: 'NoData',
      execErrState: 'Error',
      for: '5m',
      annotations: { summary: 'down' },
    });
    expect(spec(find(entries, 'GrafanaNotificationPolicy', 'notification-policy').manifest)).toMatchObject({
      receiver: 'ops-webhook',
      group_by: ['alertname'],
      routes: [
        { receiver: 'ops-webhook', object_matchers: [['team', '=', 'ops']], mute_time_intervals: ['nights'] },
      ],
    });
  });

  it('sets spec.adopt on every Grafana object with --adopt, and nowhere without', () => {
    const grafanaObjects = (entries: ManifestEntry[]) =>
      entries.filter((e) => e.manifest.kind !== 'Secret' && e.manifest.kind !== 'GrafanaInstance');
    expect(grafanaObjects(all({ adopt: true })).every((e) => spec(e.manifest).adopt === true)).toBe(true);
    expect(grafanaObjects(all()).some((e) => 'adopt' in spec(e.manifest))).toBe(false);
  });

  it('places objects by folder uid when folders are not exported', () => {
    const entries = all({ kinds: parseKinds('dashboards') });
    expect(entries.map((e) => e.manifest.kind).filter((k) => k.startsWith('Grafana'))).toEqual([
      'GrafanaInstance',
      ...Array<string>(5).fill('GrafanaDashboard'),
    ]);
    expect(spec(find(entries, 'GrafanaDashboard', 'overview-2').manifest)).toMatchObject({
      folderUID: 'c-kube',
    });
  });

  it('gives the same manifests for the same org however Grafana ordered its lists', () => {
    const reversed = snapshot();
    for (const list of [reversed.folders, reversed.dashboards, reversed.ruleGroups, reversed.datasources])
      list.reverse();
    expect(exportManifests(reversed, TOKEN, { adopt: false, kinds: parseKinds(undefined) })).toEqual(all());
  });
});

describe('parseKinds', () => {
  it('takes kinds in any spelling', () => {
    expect([...parseKinds('Dashboards, folder,GrafanaMuteTiming,notificationPolicies')]).toEqual([
      'GrafanaDashboard',
      'GrafanaFolder',
      'GrafanaMuteTiming',
      'GrafanaNotificationPolicy',
    ]);
  });

  it('names an unknown kind', () => {
    expect(() => parseKinds('dashboards,teams')).toThrow(CliError);
    expect(() => parseKinds('dashboards,teams')).toThrow(/unknown kind "teams"/);
  });
});

describe('helpers', () => {
  it.each([
    [10, '10s'],
    [60, '1m'],
    [90, '1m30s'],
    [5400, '1h30m'],
    [86400, '24h'],
  ])('intervalText(%d) = %s', (seconds, text) => {
    expect(intervalText(seconds)).toBe(text);
  });

  it('turns legacy route matchers into object matchers', () => {
    expect(
      legacyMatchers({
        matchers: [
          'team="ops"',
          'severity =~ "critical|page"',
          'env!=dev',
          '"odd label"!~"a\\"b"',
          'nonsense',
        ],
        match: { cluster: 'eu-1' },
        match_re: { service: 'api-.*' },
      }),
    ).toEqual([
      ['team', '=', 'ops'],
      ['severity', '=~', 'critical|page'],
      ['env', '!=', 'dev'],
      ['odd label', '!~', 'a"b'],
      ['cluster', '=', 'eu-1'],
      ['service', '=~', 'api-.*'],
    ]);
  });

  it('splits redacted settings by dotted path', () => {
    expect(splitRedacted({ a: '[REDACTED]', b: { c: '[REDACTED]' }, d: 1 })).toEqual({
      settings: { d: 1 },
      secure: ['a', 'b.c'],
    });
  });
});
