import { describe, expect, it } from '@jest/globals';
import {
  droppedKeys,
  modelDrift,
  panelModels,
  parsePanelModel,
  resourceModel,
  servedThroughResource,
  storedModel,
} from '../../../src/dashboards/library-panel-model.js';
import { ObjectError } from '../../../src/lib/object-error.js';
import type { GrafanaLibraryElement, LibraryPanelModel } from '../../../src/grafana/index.js';
import { asGrafanaReturns, stat, timeseries } from './panels.js';

describe('storedModel: the model as Grafana will store it', () => {
  it('adds description "" when absent or null, and changes nothing else', () => {
    const model = timeseries();
    const stored = storedModel(model, 'node-cpu');
    expect(stored).toEqual({ ...timeseries(), description: '' });
    expect(model).toEqual(timeseries()); // the spec's model is not changed
    expect(storedModel({ ...stat(), description: null }, 'x').description).toBe('');
    expect(storedModel(stat(), 'x')).toEqual(stat());
  });

  it("fills an empty libraryPanel.uid with the element's uid, as Grafana does on create", () => {
    expect(
      storedModel({ ...stat(), libraryPanel: { uid: '', name: 'Restarts' } }, 'restarts').libraryPanel,
    ).toEqual({ uid: 'restarts', name: 'Restarts' });
    expect(storedModel({ ...stat(), libraryPanel: { uid: 'other' } }, 'restarts').libraryPanel).toEqual({
      uid: 'other',
    });
  });
});

describe('under kubernetesLibraryPanels (contract §7.1)', () => {
  /** The element as main's k8s handler serves it: the rebuilt model plus id and libraryPanel. */
  const served = (model: LibraryPanelModel, overrides: Partial<GrafanaLibraryElement> = {}) => {
    const element = asGrafanaReturns('node-cpu', 'Node CPU', model, overrides);
    element.model = { ...model, id: element.id, libraryPanel: { name: element.name, uid: element.uid } };
    return element;
  };

  it('resourceModel keeps untyped keys, defaults options, fieldConfig and title, drops empty typed values', () => {
    expect(
      resourceModel({
        type: 'stat',
        description: '',
        pluginVersion: '',
        links: [],
        targets: [],
        transparent: false,
        datasource: null,
        gridPos: { h: 0, w: 0, x: 0, y: 0 },
        interval: '1m',
        id: 3,
        libraryPanel: { uid: 'x', name: 'X' },
      }),
    ).toEqual({ type: 'stat', title: '', options: {}, fieldConfig: {}, interval: '1m' });
    expect(resourceModel(timeseries())).toEqual(timeseries());
  });

  it('a model rebuilt by Grafana is in sync; an edit in Grafana is still drift', () => {
    const model = { ...stat(), description: '', interval: '1m' };
    const rebuilt = served(resourceModel(model));
    expect(servedThroughResource(rebuilt)).toBe(true);
    // Compared the legacy way this would be drift on description (and on id, libraryPanel) forever.
    expect(modelDrift(panelModels(model, 'node-cpu'), rebuilt)).toEqual([]);
    const edited = served({ ...resourceModel(model), interval: '5m' });
    expect(modelDrift(panelModels(model, 'node-cpu'), edited)).toEqual(['model.interval']);
  });

  it('a model stored as sent (toggle off) is not taken for a rebuilt one', () => {
    const legacy = asGrafanaReturns('node-cpu', 'Node CPU', { ...stat(), libraryPanel: { uid: 'node-cpu' } });
    expect(servedThroughResource(legacy)).toBe(false);
    expect(modelDrift(panelModels(stat(), 'node-cpu'), legacy)).toEqual(['model.libraryPanel']);
  });

  it('droppedKeys names what the rebuild replaces or loses, not values that only said "empty"', () => {
    expect(
      droppedKeys({ ...stat(), id: 4, libraryPanel: { uid: 'a' }, transparent: false, links: [] }),
    ).toEqual(['id', 'libraryPanel']);
    expect(droppedKeys(stat())).toEqual([]);
  });
});

describe('parsePanelModel', () => {
  it('takes an object or a JSON string holding one', () => {
    expect(parsePanelModel(JSON.stringify(stat()), 'spec.json')).toEqual(stat());
    expect(parsePanelModel(timeseries(), 'spec.model')).toEqual(timeseries());
  });

  it.each([
    ['{"type": "stat",', /spec\.json is not valid JSON/],
    ['[{"type": "stat"}]', /spec\.json must be a JSON object/],
    ['null', /spec\.json must be a JSON object/],
    ['{"title": "no type"}', /spec\.json needs a "type"/],
    ['{"type": ""}', /spec\.json needs a "type"/],
    ['{"type": 5}', /spec\.json: "type" must be a string, the panel plugin id \(got number\)/],
    ['{"type": "stat", "description": 3}', /"description" must be a string \(got number\)/],
    ['{"type": "stat", "title": {"text": "x"}}', /"title" must be a string/],
  ])('refuses %s as InvalidSpec', (json, message) => {
    let error: unknown;
    try {
      parsePanelModel(json, 'spec.json');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ObjectError);
    expect(error).toMatchObject({ reason: 'InvalidSpec', message: expect.stringMatching(message) });
  });
});
