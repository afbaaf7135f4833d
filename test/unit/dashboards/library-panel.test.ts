import { describe, expect, it } from '@jest/globals';
import {
  describePanel,
  diffLibraryPanel,
  droppedKeysWarning,
  sameNameElsewhere,
} from '../../../src/dashboards/library-panel.js';
import { panelModels } from '../../../src/dashboards/library-panel-model.js';
import type { LibraryPanelModel } from '../../../src/grafana/index.js';
import { asGrafanaReturns, desiredOf, stat, timeseries } from './panels.js';

describe('diffLibraryPanel', () => {
  it('is in sync with what Grafana returns (type, description, meta, version and ids are not compared)', () => {
    expect(
      diffLibraryPanel(desiredOf(timeseries()), asGrafanaReturns('node-cpu', 'Node CPU', timeseries())),
    ).toEqual([]);
    expect(
      diffLibraryPanel(
        {
          name: 'Pod restarts',
          folderUid: '',
          ...panelModels(stat(), 'restarts'),
        },
        asGrafanaReturns('restarts', 'Pod restarts', stat(), { folderUid: '', folderId: 0 }),
      ),
    ).toEqual([]);
  });

  it('treats the General folder the same whether Grafana says "" (list, write) or "general" (GET)', () => {
    const desired = {
      name: 'Pod restarts',
      folderUid: '',
      ...panelModels(stat(), 'restarts'),
    };
    expect(
      diffLibraryPanel(
        desired,
        asGrafanaReturns('restarts', 'Pod restarts', stat(), { folderUid: 'general' }),
      ),
    ).toEqual([]);
  });

  it('names the top-level model keys changed in Grafana', () => {
    const edited = timeseries();
    (edited.options as { legend: { placement: string } }).legend.placement = 'right';
    (edited.fieldConfig as { defaults: { unit: string } }).defaults.unit = 'percent';
    expect(
      diffLibraryPanel(desiredOf(timeseries()), asGrafanaReturns('node-cpu', 'Node CPU', edited)),
    ).toEqual(['model.fieldConfig', 'model.options']);
  });

  it('counts keys added or removed in Grafana as drift, key order and number spelling not', () => {
    const added = { ...timeseries(), pluginVersion: '12.2.0' };
    expect(
      diffLibraryPanel(desiredOf(timeseries()), asGrafanaReturns('node-cpu', 'Node CPU', added)),
    ).toEqual(['model.pluginVersion']);
    const { targets: _dropped, ...removed } = timeseries();
    expect(
      diffLibraryPanel(
        desiredOf(timeseries()),
        asGrafanaReturns('node-cpu', 'Node CPU', removed as LibraryPanelModel),
      ),
    ).toEqual(['model.targets']);
    const reordered = JSON.parse(
      JSON.stringify(Object.fromEntries(Object.entries(timeseries()).reverse())).replace(
        '"max":1',
        '"max":1.0',
      ),
    ) as LibraryPanelModel;
    expect(
      diffLibraryPanel(desiredOf(timeseries()), asGrafanaReturns('node-cpu', 'Node CPU', reordered)),
    ).toEqual([]);
  });

  it('reports a changed description, name and folder', () => {
    const observed = asGrafanaReturns(
      'node-cpu',
      'CPU (renamed)',
      { ...timeseries(), description: 'edited' },
      {
        folderUid: 'elsewhere',
      },
    );
    expect(diffLibraryPanel(desiredOf(timeseries()), observed)).toEqual([
      'name',
      'folder',
      'model.description',
    ]);
  });
});

describe('a library panel by name', () => {
  const panels = new Map(
    [
      asGrafanaReturns('node-cpu', 'Node CPU', timeseries()),
      asGrafanaReturns('general-cpu', 'Node CPU', timeseries(), { folderUid: 'general' }),
      asGrafanaReturns('hand-made', 'Node CPU', stat()),
    ].map((p) => [p.uid, p]),
  );

  it('finds another panel holding the name in the same folder, not the panel itself', () => {
    expect(sameNameElsewhere(panels, desiredOf(stat()), 'node-cpu')?.uid).toBe('hand-made');
    expect(sameNameElsewhere(panels, desiredOf(stat(), { folderUid: '' }), 'x')?.uid).toBe('general-cpu');
    expect(sameNameElsewhere(panels, desiredOf(stat(), { name: 'Other' }), 'x')).toBeUndefined();
  });

  it('names the panel, its folder and the uid that holds the name', () => {
    expect(describePanel(desiredOf(stat()), 'hand-made')).toBe(
      'a library panel named "Node CPU" in folder kubernetes (uid hand-made)',
    );
    expect(describePanel(desiredOf(stat(), { folderUid: '' }), undefined)).toBe(
      'a library panel named "Node CPU" in the General folder',
    );
  });
});

describe('droppedKeysWarning', () => {
  const model = { ...timeseries(), id: 3, links: [{ title: 'Runbook', url: 'https://runbooks' }] };
  /** The element as a Grafana serving the librarypanels resource shows it (contract §7.1). */
  const rebuilt = asGrafanaReturns('node-cpu', 'Node CPU', timeseries());
  rebuilt.model = { ...rebuilt.model, id: rebuilt.id, libraryPanel: { name: 'Node CPU', uid: 'node-cpu' } };

  it('names the keys only where Grafana serves panels through the resource', () => {
    expect(droppedKeysWarning(model, rebuilt, 'main')).toBe(
      'main: Grafana keeps library panel models without id (kubernetesLibraryPanels); remove them from the spec',
    );
    expect(
      droppedKeysWarning(model, asGrafanaReturns('node-cpu', 'Node CPU', timeseries()), 'main'),
    ).toBeUndefined();
    expect(droppedKeysWarning(model, undefined, 'main')).toBeUndefined();
    expect(droppedKeysWarning(timeseries(), rebuilt, 'main')).toBeUndefined();
  });
});
