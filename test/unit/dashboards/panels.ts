/** Library panel models and elements as Grafana shows them, for the unit tests of both layers. */
import type { DesiredLibraryPanel } from '../../../src/dashboards/library-panel.js';
import { panelModels } from '../../../src/dashboards/library-panel-model.js';
import type { GrafanaLibraryElement, LibraryPanelModel } from '../../../src/grafana/index.js';

/** A timeseries panel as Grafana's panel JSON view shows it, without a description. */
export const timeseries = (): LibraryPanelModel => ({
  type: 'timeseries',
  title: 'Node CPU',
  datasource: { type: 'prometheus', uid: 'prometheus' },
  targets: [
    {
      refId: 'A',
      expr: 'sum by (instance) (rate(node_cpu_seconds_total{mode!="idle"}[$__rate_interval]))',
      legendFormat: '{{instance}}',
    },
  ],
  fieldConfig: {
    defaults: {
      unit: 'percentunit',
      min: 0,
      max: 1,
      color: { mode: 'palette-classic' },
      custom: { lineWidth: 1, fillOpacity: 10, spanNulls: false },
      thresholds: {
        mode: 'absolute',
        steps: [
          { color: 'green', value: null },
          { color: 'red', value: 0.9 },
        ],
      },
    },
    overrides: [
      {
        matcher: { id: 'byName', options: 'total' },
        properties: [{ id: 'custom.lineWidth', value: 2 }],
      },
    ],
  },
  options: {
    legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
    tooltip: { mode: 'multi', sort: 'desc' },
  },
});

/** A stat panel with a description, so Grafana adds nothing to it. */
export const stat = (): LibraryPanelModel => ({
  type: 'stat',
  title: 'Pod restarts (1h)',
  description: 'Container restarts in the last hour, all namespaces',
  targets: [{ refId: 'A', expr: 'sum(increase(kube_pod_container_status_restarts_total[1h]))' }],
  fieldConfig: { defaults: { unit: 'short', decimals: 0 }, overrides: [] },
  options: { colorMode: 'value', graphMode: 'area', reduceOptions: { calcs: ['lastNotNull'] } },
});

/** `LibraryElementDTO` as Grafana's GET answers for an element stored from `model`. */
export function asGrafanaReturns(
  uid: string,
  name: string,
  model: LibraryPanelModel,
  overrides: Partial<GrafanaLibraryElement> = {},
): GrafanaLibraryElement {
  const stored: LibraryPanelModel = {
    ...(JSON.parse(JSON.stringify(model)) as LibraryPanelModel),
    description: model.description ?? '',
  };
  const admin = { id: 1, name: 'admin', avatarUrl: '/avatar/46d229b033af06a191ff2267bca9ae56' };
  return {
    id: 7,
    orgId: 1,
    folderId: 12,
    folderUid: 'kubernetes',
    uid,
    name,
    kind: 1,
    type: String(stored.type),
    description: String(stored.description),
    model: stored,
    version: 4,
    meta: {
      folderName: 'Kubernetes',
      folderUid: 'kubernetes',
      connectedDashboards: 2,
      created: '2026-11-20T09:12:44Z',
      updated: '2026-11-23T17:02:10Z',
      createdBy: admin,
      updatedBy: admin,
    },
    ...overrides,
  };
}

/** The panel "Node CPU" (uid node-cpu) in folder kubernetes, with `model`. */
export function desiredOf(
  model: LibraryPanelModel,
  extra: Partial<DesiredLibraryPanel> = {},
): DesiredLibraryPanel {
  return { name: 'Node CPU', folderUid: 'kubernetes', ...panelModels(model, 'node-cpu'), ...extra };
}
