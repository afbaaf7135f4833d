import { describe, expect, it } from '@jest/globals';
import { checkV2Spec, v2ContentOf, v2VersionOn } from '../../../src/dashboards/v2-content.js';
import {
  diffV2,
  type DesiredV2Dashboard,
  type ObservedV2Dashboard,
} from '../../../src/dashboards/v2-dashboard.js';
import { ObjectError } from '../../../src/lib/object-error.js';

const spec = {
  title: 'Service overview',
  elements: { 'panel-1': { kind: 'Panel', spec: { id: 1, title: 'Requests' } } },
  layout: { kind: 'GridLayout', spec: { items: [] } },
};

describe('v2 dashboards: told from classic JSON', () => {
  it('takes a whole v2 resource with its version and its name as the uid', () => {
    const resource = {
      apiVersion: 'dashboard.grafana.app/v2beta1',
      kind: 'Dashboard',
      metadata: { name: 'service-overview' },
      spec,
    };
    expect(v2ContentOf(JSON.stringify(resource), 'spec.json')).toEqual({
      spec,
      version: 'v2beta1',
      jsonUid: { value: 'service-overview', source: 'spec.json' },
    });
  });

  it('takes a bare spec with elements and layout, without a version', () => {
    expect(v2ContentOf(JSON.stringify(spec), 'spec.json')).toEqual({
      spec,
      version: undefined,
      jsonUid: undefined,
    });
  });

  it('leaves classic JSON, v0/v1 resources and broken JSON to the classic parse', () => {
    expect(v2ContentOf(JSON.stringify({ title: 'Classic', panels: [] }), 'spec.json')).toBeUndefined();
    expect(v2ContentOf(JSON.stringify({ ...spec, panels: [] }), 'spec.json')).toBeUndefined();
    const v1 = { apiVersion: 'dashboard.grafana.app/v1beta1', kind: 'Dashboard', spec: { title: 'x' } };
    expect(v2ContentOf(JSON.stringify(v1), 'spec.json')).toBeUndefined();
    expect(v2ContentOf('{"title": ', 'spec.json')).toBeUndefined();
  });

  it('needs a title, as Grafana does', () => {
    expect(() => v2ContentOf(JSON.stringify({ ...spec, title: '' }), 'spec.json')).toThrow(
      "spec.json: the v2 dashboard's title must be a non-empty string (got string)",
    );
    const { title: _title, ...untitled } = spec;
    expect(() => v2ContentOf(JSON.stringify(untitled), 'spec.json')).toThrow('without a "title"');
  });

  it('refuses the spec fields that work on classic JSON only', () => {
    expect(() =>
      checkV2Spec({ instanceSelector: {}, variables: [{ name: 'job', value: 'api' }] }, 'spec.json'),
    ).toThrow('spec.json is a v2 dashboard; spec.variables apply to classic dashboard JSON only');
  });
});

describe('v2 dashboards: the version written', () => {
  const served12 = ['v1beta1', 'v0alpha1', 'v2alpha1', 'v2beta1'];
  it('is the one the resource names, or the newest v2 served', () => {
    expect(v2VersionOn(served12, 'v2alpha1', '12.2.0')).toBe('v2alpha1');
    expect(v2VersionOn(served12, undefined, '12.2.0')).toBe('v2beta1');
    expect(v2VersionOn([...served12, 'v2', 'v1'], undefined, '13.0.0')).toBe('v2');
  });

  it('is Unsupported where Grafana serves no v2, or not the one named', () => {
    const none = () => v2VersionOn([], undefined, '11.2.0');
    expect(none).toThrow(ObjectError);
    expect(none).toThrow(
      'Grafana 11.2.0 does not serve v2 dashboards (dashboard.grafana.app v2alpha1, v2beta1, v2): they need Grafana 12 or later',
    );
    expect(() => v2VersionOn(served12, 'v2', '12.2.0')).toThrow(
      'Grafana 12.2.0 does not serve dashboard.grafana.app/v2 (it serves v2beta1, v2alpha1)',
    );
  });
});

describe('v2 dashboards: drift', () => {
  const desired = (editable = false): DesiredV2Dashboard => ({
    v2: true,
    place: { version: 'v2beta1', namespace: 'default' },
    spec: { ...spec, editable },
    jsonUid: undefined,
    folderUid: 'team',
    message: 'm',
    editable,
  });
  const observed = (change: Partial<ObservedV2Dashboard> = {}): ObservedV2Dashboard => ({
    v2: true,
    uid: 'svc',
    folderUid: 'team',
    generation: 4,
    resourceVersion: '9',
    // What Grafana filled in on our save is not drift while the generation is ours.
    spec: { ...spec, editable: false, links: [] },
    untouched: true,
    ...change,
  });

  it('judges the spec only once the generation moved; the folder always', () => {
    expect(diffV2(desired(), observed())).toEqual([]);
    expect(diffV2(desired(), observed({ folderUid: '' }))).toEqual(['folder']);
    const edited = observed({ untouched: false, spec: { ...spec, title: 'Edited', editable: false } });
    expect(diffV2(desired(), edited)).toEqual(['title']);
  });

  it('finds nothing with editableInGrafana', () => {
    expect(diffV2(desired(true), observed({ untouched: false, folderUid: '' }))).toEqual([]);
  });
});
