import { describe, expect, it } from '@jest/globals';
import type { ObservedDashboard } from '../../../src/dashboards/dashboard-reads.js';
import type { DesiredDashboard } from '../../../src/dashboards/desired.js';
import { dashboardDrift, diffDashboard } from '../../../src/dashboards/drift.js';
import type { JsonObject } from '../../../src/lib/json.js';
import { nodeExporter, prepared } from './dashboards.js';

type Stored = JsonObject & { panels: JsonObject[]; templating: { list: JsonObject[] } };

describe('dashboard drift (the stored JSON equals the desired JSON, server keys aside)', () => {
  const desired = () => prepared(nodeExporter(), { DS_PROMETHEUS: 'prom-uid' });
  /** What GET answers after a save: the JSON with id, uid and version injected. */
  const stored = (json: JsonObject, version = 3): Stored =>
    ({ ...structuredClone(json), id: 17, version }) as unknown as Stored;

  it('nothing when Grafana holds what was sent, whatever id/version/uid it injected or nulls it added', () => {
    const sent = desired();
    expect(dashboardDrift(sent, stored(sent))).toEqual([]);
    const enriched = stored(sent);
    enriched.panels[1]!.libraryPanel = null;
    enriched.uid = 'whatever-grafana-says';
    expect(dashboardDrift(sent, enriched)).toEqual([]);
  });

  it('fields added in Grafana are drift too (a UI edit that only adds a description or a unit)', () => {
    const sent = desired();
    const edited = stored(sent);
    (edited.panels[2] as JsonObject).description = 'added by hand';
    ((edited.panels[3] as JsonObject).fieldConfig as { defaults: JsonObject }).defaults.unit = 'bytes';
    expect(dashboardDrift(sent, edited).sort()).toEqual([
      'panels[2].description',
      'panels[3].fieldConfig.defaults.unit',
    ]);
  });

  it('a refresh Grafana raised to its minimum is not drift; a shorter one is', () => {
    const sent = { ...desired(), refresh: '1s' };
    expect(dashboardDrift(sent, stored({ ...sent, refresh: '5s' }))).toEqual([]);
    expect(dashboardDrift({ ...sent, refresh: '1m' }, stored({ ...sent, refresh: '30s' }))).toEqual([
      'refresh',
    ]);
  });

  it('names the paths of a UI edit', () => {
    const sent = desired();
    const edited = stored(sent);
    edited.panels[9]!.title = 'CPU (edited)';
    (edited.panels[9]!.targets as JsonObject[])[0]!.expr = 'up';
    edited.templating.list[0]!.sort = 3;
    edited.refresh = '5s';
    expect(dashboardDrift(sent, edited)).toEqual([
      'panels[9].targets[0].expr',
      'panels[9].title',
      'refresh',
      'templating.list[0].sort',
    ]);
    const removed = stored(sent);
    removed.panels.pop();
    expect(dashboardDrift(sent, removed)).toEqual(['panels']);
    const dropped = stored(sent);
    delete dropped.tags;
    expect(dashboardDrift(sent, dropped)).toEqual(['tags']);
  });

  it('lists at most five paths and counts the rest', () => {
    const sent = desired();
    const edited = stored(sent);
    for (const panel of edited.panels) panel.title = 'renamed';
    const drift = dashboardDrift(sent, edited);
    expect(drift).toHaveLength(6);
    expect(drift.at(-1)).toBe(`${(sent.panels as unknown[]).length - 5} more`);
  });

  it('a null that was sent may be missing in Grafana', () => {
    expect(dashboardDrift({ title: 't', gnetId: null }, { title: 't' })).toEqual([]);
    expect(dashboardDrift({ title: 't', gnetId: 1860 }, { title: 't' })).toEqual(['gnetId']);
  });
});

describe('diffDashboard (what the layer compares)', () => {
  const desired = (patch: Partial<DesiredDashboard> = {}): DesiredDashboard => ({
    dashboard: prepared(nodeExporter(), { DS_PROMETHEUS: 'prom-uid' }),
    jsonUid: undefined,
    folderUid: 'ops',
    message: 'm',
    editable: false,
    ...patch,
  });
  const listed = (patch: Partial<ObservedDashboard> = {}): ObservedDashboard => ({
    uid: 'hosts',
    title: 'Node Exporter / Host Overview',
    folderUid: 'ops',
    url: '/d/hosts',
    version: 3,
    ...patch,
  });

  it('an untouched dashboard (version as recorded) is judged by its folder only', () => {
    expect(diffDashboard(desired(), listed({ untouched: true, title: 'Renamed' }))).toEqual([]);
    expect(diffDashboard(desired(), listed({ untouched: true, folderUid: '' }))).toEqual(['folder']);
  });

  it('a moved version without the JSON compares the title; with the JSON, the JSON', () => {
    expect(diffDashboard(desired(), listed({ title: 'Renamed', folderUid: '' }))).toEqual([
      'folder',
      'title',
    ]);
    const stored = { ...desired().dashboard, description: 'added in the UI' };
    expect(diffDashboard(desired(), listed({ dashboard: stored }))).toEqual(['description']);
  });

  it('with editableInGrafana nothing is drift', () => {
    expect(diffDashboard(desired({ editable: true }), listed({ title: 'Renamed', folderUid: '' }))).toEqual(
      [],
    );
  });
});
