/**
 * A realistic Grafana org, made through Grafana's HTTP API only (so it works on the double and on a
 * real Grafana): folders three deep, datasources with secrets, dashboards (the fixtures imported as
 * Grafana's import does, services, clashing titles, a library panel in use, one over 256 KiB),
 * library panels, and every alerting kind, some made "in the UI" (provenance none) and some
 * through the API.
 */
import { readFileSync } from 'node:fs';
import { inputsOf, inputValues, substituteInputs } from '../../src/dashboards/inputs.js';
import type { CreateDataSourceRequest, GrafanaApi } from '../../src/grafana/index.js';
import type { JsonObject } from '../../src/lib/json.js';

/** How many dashboards the org holds: the 20 (the round trip stays well under 30 s). */
export const SEEDED_DASHBOARDS = 20;

/** Folders, three deep: Platform › Observability › Kubernetes, and Teams › Payments, Search. */
export const SEEDED_FOLDERS = 6;

const fixture = (name: string): JsonObject =>
  JSON.parse(readFileSync(new URL(`../fixtures/dashboards/${name}`, import.meta.url), 'utf8')) as JsonObject;

/**
 * The fixture as Grafana's import stores it: inputs resolved, the export's own keys gone, and its
 * library panels (`__elements`) created in the dashboard's folder first.
 */
async function importFixture(api: GrafanaApi, name: string, folderUid: string): Promise<JsonObject> {
  const dashboard = fixture(name);
  const inputs = inputsOf(dashboard, name);
  const values = inputValues(
    inputs,
    new Map(
      inputs.flatMap((i) => (FIXTURE_DATASOURCES[i.name] ? [[i.name, FIXTURE_DATASOURCES[i.name]!]] : [])),
    ),
    name,
  );
  const {
    __inputs: _i,
    __elements: elements,
    __requires: _r,
    id: _id,
    version: _v,
    ...rest
  } = substituteInputs(dashboard, values);
  for (const element of Object.values((elements ?? {}) as Record<string, JsonObject>)) {
    await api.libraryPanels.create({
      uid: element.uid as string,
      name: element.name as string,
      model: element.model as JsonObject,
      folderUid,
    });
  }
  return rest;
}

const FIXTURE_DATASOURCES: Record<string, string> = { DS_PROMETHEUS: 'prometheus', DS_LOKI: 'loki' };

const panel = (id: number, title: string, expr: string, y: number) => ({
  id,
  type: 'timeseries',
  title,
  gridPos: { h: 8, w: 12, x: (id % 2) * 12, y },
  datasource: { type: 'prometheus', uid: 'prometheus' },
  targets: [{ refId: 'A', expr, datasource: { type: 'prometheus', uid: 'prometheus' } }],
  fieldConfig: { defaults: { unit: 'short' }, overrides: [] },
  options: { legend: { displayMode: 'list', placement: 'bottom' } },
});

function serviceDashboard(uid: string, title: string, panels = 4): JsonObject {
  return {
    uid,
    title,
    editable: true,
    tags: ['service', uid.split('-')[0]!],
    time: { from: 'now-6h', to: 'now' },
    schemaVersion: 39,
    panels: Array.from({ length: panels }, (_, i) =>
      panel(
        i + 1,
        `${title} ${['requests', 'errors', 'latency p99', 'saturation'][i % 4]}`,
        `rate(http_requests_total{service="${uid}"}[5m])`,
        Math.floor(i / 2) * 8,
      ),
    ),
  };
}

function withoutEditable({ editable: _editable, ...dashboard }: JsonObject): JsonObject {
  return dashboard;
}

export async function seedOrg(api: GrafanaApi): Promise<void> {
  // Folders, three deep, and a sibling tree.
  const folders: Array<[string, string, string?]> = [
    ['platform', 'Platform'],
    ['platform-observability', 'Observability', 'platform'],
    ['platform-obs-kubernetes', 'Kubernetes', 'platform-observability'],
    ['teams', 'Teams'],
    ['teams-payments', 'Payments', 'teams'],
    ['teams-search', 'Search', 'teams'],
  ];
  for (const [uid, title, parentUid] of folders) {
    await api.folders.create({
      uid,
      title,
      ...(parentUid ? { parentUid } : {}),
      description: `${title} dashboards`,
    });
  }

  const datasources: CreateDataSourceRequest[] = [
    {
      uid: 'prometheus',
      name: 'Prometheus',
      type: 'prometheus',
      access: 'proxy',
      url: 'http://prometheus.monitoring:9090',
      basicAuth: true,
      basicAuthUser: 'grafana',
      isDefault: true,
      jsonData: { httpMethod: 'POST', timeInterval: '30s' },
      secureJsonData: { basicAuthPassword: 'prom-password' },
    },
    {
      uid: 'loki',
      name: 'Loki',
      type: 'loki',
      access: 'proxy',
      url: 'http://loki.monitoring:3100',
      jsonData: { maxLines: 1000, httpHeaderName1: 'X-Scope-OrgID' },
      secureJsonData: { httpHeaderValue1: 'tenant-1' },
    },
    {
      uid: 'payments-db',
      name: 'Payments DB',
      type: 'grafana-postgresql-datasource',
      access: 'proxy',
      url: 'payments-db.payments:5432',
      user: 'grafana_reader',
      jsonData: { database: 'payments', sslmode: 'require' },
      secureJsonData: { password: 'db-password' },
    },
  ];
  for (const datasource of datasources) await api.datasources.create(datasource);

  await api.libraryPanels.create({
    uid: 'lp-cpu',
    name: 'CPU usage',
    folderUid: 'platform-observability',
    model: {
      ...panel(1, 'CPU usage', 'sum(rate(node_cpu_seconds_total{mode!="idle"}[5m]))', 0),
      description: 'Busy CPU',
    },
  });
  await api.libraryPanels.create({
    uid: 'lp-errors',
    name: 'Error rate',
    model: {
      ...panel(1, 'Error rate', 'sum(rate(http_requests_total{code=~"5.."}[5m]))', 0),
      description: '',
    },
  });

  const dashboards: Array<[JsonObject, string]> = [
    [await importFixture(api, 'node-exporter.json', 'platform-obs-kubernetes'), 'platform-obs-kubernetes'],
    [
      await importFixture(api, 'kubernetes-apiserver.json', 'platform-obs-kubernetes'),
      'platform-obs-kubernetes',
    ],
    [await importFixture(api, 'service-logs.json', 'platform-observability'), 'platform-observability'],
    // Same titles in other folders: names get -2, -3 in uid order.
    [serviceDashboard('payments-overview', 'Overview'), 'teams-payments'],
    [serviceDashboard('search-overview', 'Overview'), 'teams-search'],
    // Locked in the UI.
    [{ ...serviceDashboard('platform-overview', 'Overview'), editable: false }, 'platform'],
    [
      {
        ...serviceDashboard('platform-nodes', 'Nodes', 1),
        panels: [
          { id: 2, gridPos: { h: 8, w: 12, x: 0, y: 0 }, libraryPanel: { uid: 'lp-cpu', name: 'CPU usage' } },
        ],
      },
      'platform-obs-kubernetes',
    ],
    // Saved without `editable`, which the UI reads as editable.
    [withoutEditable(serviceDashboard('home', 'Home', 2)), ''],
    // Over 256 KiB of JSON: exported gzipped.
    [serviceDashboard('platform-capacity', 'Capacity planning', 420), 'platform'],
  ];
  const services = [
    'checkout',
    'cart',
    'ledger',
    'refunds',
    'indexer',
    'query',
    'ranking',
    'crawler',
    'billing',
    'auth',
    'gateway',
  ];
  for (const [i, service] of services.entries()) {
    if (dashboards.length >= SEEDED_DASHBOARDS) break;
    const folder = i < 4 ? 'teams-payments' : i < 8 ? 'teams-search' : 'platform';
    dashboards.push([serviceDashboard(`svc-${service}`, `Service ${service}`), folder]);
  }
  for (const [dashboard, folderUid] of dashboards) {
    await api.dashboards.save({ dashboard, ...(folderUid ? { folderUid } : {}), overwrite: true });
  }

  await seedAlerting(api);
}

async function seedAlerting(api: GrafanaApi): Promise<void> {
  const ui = { disableProvenance: true };
  await api.muteTimings.create(
    {
      name: 'nights',
      time_intervals: [{ times: [{ start_time: '22:00', end_time: '24:00' }], location: 'Europe/Berlin' }],
    },
    ui,
  );
  await api.muteTimings.create({ name: 'weekends', time_intervals: [{ weekdays: ['saturday', 'sunday'] }] });
  await api.notificationTemplates.put('ops', {
    template: '{{ define "ops.title" }}[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}{{ end }}',
  });
  await api.notificationTemplates.put(
    'links',
    { template: '{{ define "links" }}{{ .ExternalURL }}{{ end }}' },
    ui,
  );
  await api.contactPoints.create({
    uid: 'ops-webhook',
    name: 'Ops',
    type: 'webhook',
    settings: {
      url: 'https://hooks.example.com/alerts',
      httpMethod: 'POST',
      password: 'hook-password',
      username: 'grafana',
    },
  });
  await api.contactPoints.create({
    uid: 'ops-email',
    name: 'Ops',
    type: 'email',
    settings: { addresses: 'ops@example.com', singleEmail: true },
    disableResolveMessage: true,
  });
  await api.contactPoints.create(
    {
      uid: 'payments-slack',
      name: 'Payments',
      type: 'slack',
      settings: { url: 'https://hooks.slack.com/services/T/B/X', recipient: '#payments' },
    },
    ui,
  );
  await api.notificationPolicies.put({
    receiver: 'Ops',
    group_by: ['grafana_folder', 'alertname'],
    group_wait: '30s',
    group_interval: '5m',
    repeat_interval: '4h',
    routes: [
      {
        receiver: 'Payments',
        object_matchers: [['team', '=', 'payments']],
        mute_time_intervals: ['nights'],
        routes: [{ object_matchers: [['severity', '=', 'critical']], repeat_interval: '1h', continue: true }],
      },
      {
        receiver: 'Ops',
        object_matchers: [['team', '=~', 'platform|search']],
        mute_time_intervals: ['weekends'],
      },
    ],
  });

  const query = (expr: string) => ({
    refId: 'A',
    relativeTimeRange: { from: 600, to: 0 },
    datasourceUid: 'prometheus',
    model: { refId: 'A', expr, intervalMs: 1000, maxDataPoints: 43200 },
  });
  const threshold = (value: number) => ({
    refId: 'B',
    datasourceUid: '__expr__',
    model: {
      refId: 'B',
      type: 'threshold',
      expression: 'A',
      conditions: [{ evaluator: { type: 'gt', params: [value] } }],
    },
  });
  await api.ruleGroups.put('platform-obs-kubernetes', 'kubernetes', {
    interval: 60,
    rules: [
      {
        uid: 'apiserver-errors',
        title: 'API server errors',
        condition: 'B',
        data: [query('sum(rate(apiserver_request_total{code=~"5.."}[5m]))'), threshold(1)],
        noDataState: 'NoData',
        execErrState: 'Error',
        for: '5m',
        annotations: {
          summary: 'The API server answers with errors',
          __dashboardUid__: 'k8s-apiserver',
          __panelId__: '1',
        },
        labels: { team: 'platform', severity: 'critical' },
      },
      {
        uid: 'node-down',
        title: 'Node down',
        condition: 'B',
        data: [query('up{job="node"} == 0'), threshold(0)],
        noDataState: 'OK',
        execErrState: 'Alerting',
        for: '2m',
        keep_firing_for: '5m',
        labels: { team: 'platform' },
      },
    ],
  });
  await api.ruleGroups.put(
    'teams-payments',
    'payments',
    {
      interval: 30,
      rules: [
        {
          uid: 'checkout-latency',
          title: 'Checkout latency',
          condition: 'B',
          data: [query('histogram_quantile(0.99, rate(checkout_seconds_bucket[5m]))'), threshold(2)],
          noDataState: 'NoData',
          execErrState: 'Error',
          for: '10m',
          labels: { team: 'payments' },
          notification_settings: { receiver: 'Payments', group_by: ['alertname'] },
        },
      ],
    },
    ui,
  );
}
