/**
 * The custom resources a bench run creates, in an order that lets each find what it refers to:
 * folders (parents first), datasources, contact points, dashboards, alert-rule groups.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  GrafanaAlertRuleGroupResource,
  GrafanaContactPointResource,
  GrafanaDashboardResource,
  GrafanaDatasourceResource,
  GrafanaFolderResource,
} from '../../src/api/generated/index.js';
import type { KubeObject, ResourceType } from '../../src/runtime/kube/types.js';
import { ROOT } from '../generate-api.js';
import type { Workload } from './options.js';

/** The label every GrafanaInstance of the run carries, and every object selects. */
export const INSTANCE_LABELS = { bench: 'grafana' };

/** The kinds a run creates, for counting Ready objects per kind. */
export const BENCH_KINDS: readonly ResourceType[] = [
  GrafanaFolderResource,
  GrafanaDatasourceResource,
  GrafanaContactPointResource,
  GrafanaDashboardResource,
  GrafanaAlertRuleGroupResource,
];

export interface Manifest {
  type: ResourceType;
  body: KubeObject;
}

/** Children per folder; a folder deeper than FOLDER_DEPTH levels starts a new tree instead. */
const FOLDER_FANOUT = 10;
const FOLDER_DEPTH = 3;

/** The uids the dashboards' datasource inputs map to (datasources 0 and 1 carry them). */
const PROMETHEUS_UID = 'bench-prometheus';
const LOKI_UID = 'bench-loki';

export function manifests(w: Workload, namespace: string, resyncSeconds: number): Manifest[] {
  const common = { instanceSelector: { matchLabels: INSTANCE_LABELS }, resyncPeriod: `${resyncSeconds}s` };
  const object = (type: ResourceType, name: string, spec: object): Manifest => ({
    type,
    body: {
      apiVersion: `${type.group}/${type.version}`,
      kind: type.kind,
      metadata: { name, namespace },
      spec: { ...common, ...spec },
    } as KubeObject,
  });
  const folderName = (i: number) => `folder-${i}`;
  const folderOf = (i: number) => (w.folders > 0 ? { folderRef: folderName(i % w.folders) } : {});
  const out: Manifest[] = [];

  const depth: number[] = [];
  for (let i = 0; i < w.folders; i++) {
    const parent = i === 0 ? undefined : Math.floor((i - 1) / FOLDER_FANOUT);
    const nested = parent !== undefined && depth[parent]! < FOLDER_DEPTH;
    depth.push(nested ? depth[parent]! + 1 : 1);
    out.push(
      object(GrafanaFolderResource, folderName(i), {
        title: `Folder ${i}`,
        ...(nested ? { parentFolderRef: folderName(parent) } : {}),
      }),
    );
  }
  for (let i = 0; i < w.datasources; i++) {
    const loki = i === 1;
    out.push(
      object(GrafanaDatasourceResource, `datasource-${i}`, {
        ...(i === 0 ? { uid: PROMETHEUS_UID } : loki ? { uid: LOKI_UID } : {}),
        name: loki ? 'Loki' : `Prometheus ${i}`,
        type: loki ? 'loki' : 'prometheus',
        access: 'proxy',
        url: loki ? `http://loki-${i}:3100` : `http://prometheus-${i}:9090`,
      }),
    );
  }
  for (let i = 0; i < w.contactPoints; i++) {
    out.push(
      object(GrafanaContactPointResource, `contact-point-${i}`, {
        name: `oncall-${i}`,
        receivers: [{ type: 'email', settings: { addresses: `oncall-${i}@example.com`, singleEmail: true } }],
      }),
    );
  }
  const fixtures = dashboardFixtures();
  for (let i = 0; i < w.dashboards; i++) {
    const { json, inputs } = fixtures[i % fixtures.length]!;
    // Each its own title; the uid comes from the object's name, as most users leave it.
    const { uid: _uid, id: _id, ...content } = json;
    out.push(
      object(GrafanaDashboardResource, `dashboard-${i}`, {
        ...folderOf(i),
        json: JSON.stringify({ ...content, title: `${String(json.title)} ${i}` }),
        ...(inputs.length > 0 ? { datasources: inputs } : {}),
      }),
    );
  }
  for (let i = 0; i < w.ruleGroups; i++) {
    const rules = Array.from({ length: w.rulesPerGroup }, (_, r) => rule(`Rule ${i}.${r}`, r));
    out.push(
      object(GrafanaAlertRuleGroupResource, `rule-group-${i}`, {
        ...folderOf(i),
        name: `group-${i}`,
        interval: '1m',
        rules,
      }),
    );
  }
  return out;
}

/** A rule over the first datasource (a GrafanaDatasource, so it waits until that is synced). */
function rule(title: string, n: number) {
  return {
    title,
    condition: 'B',
    for: '5m',
    labels: { severity: n % 2 === 0 ? 'warning' : 'critical' },
    data: [
      {
        refId: 'A',
        datasourceRef: 'datasource-0',
        relativeTimeRange: { from: 600, to: 0 },
        model: { expr: `count(up{job="job-${n}"} == 0)`, instant: true, refId: 'A' },
      },
      { refId: 'B', datasourceUid: '__expr__', model: { type: 'math', expression: '$A > 0', refId: 'B' } },
    ],
  };
}

interface DashboardFixture {
  json: Record<string, unknown>;
  /** The fixture's datasource inputs, mapped to the bench's Prometheus and Loki. */
  inputs: Array<{ inputName: string; datasourceUid: string }>;
}

/** The realistic dashboards of test/fixtures/dashboards (exported ones declare `__inputs`). */
function dashboardFixtures(): DashboardFixture[] {
  const dir = path.join(ROOT, 'test', 'fixtures', 'dashboards');
  const names = ['kubernetes-apiserver', 'node-exporter', 'service-logs', 'variables'];
  return names.map((name) => {
    const json = withoutLibraryPanels(
      JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as Record<string, unknown>,
    );
    const declared = (json.__inputs ?? []) as Array<{ name: string; type: string; pluginId?: string }>;
    const inputs = declared
      .filter((input) => input.type === 'datasource')
      .map((input) => ({
        inputName: input.name,
        datasourceUid: input.pluginId === 'loki' ? LOKI_UID : PROMETHEUS_UID,
      }));
    return { json, inputs };
  });
}

/**
 * The dashboard without its library-panel references: Grafana refuses to save a dashboard whose
 * library panel does not exist in the org, and the bench makes none.
 */
function withoutLibraryPanels(json: Record<string, unknown>): Record<string, unknown> {
  const panels = (json.panels ?? []) as Array<Record<string, unknown>>;
  return { ...json, panels: panels.filter((panel) => panel.libraryPanel === undefined) };
}
