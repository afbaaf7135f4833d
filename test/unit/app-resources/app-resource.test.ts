import { describe, expect, it } from '@jest/globals';
import {
  appResourceDrift,
  appResourceInput,
  desiredAppResource,
  observedAgainst,
  type ObservedAppResource,
} from '../../../src/app-resources/app-resource.js';

const place = { groupVersion: 'playlist.grafana.app/v0alpha1', plural: 'playlists', namespace: 'default' };
const desired = desiredAppResource(
  {
    instanceSelector: {},
    apiVersion: 'playlist.grafana.app/v0alpha1',
    kind: 'Playlist',
    spec: { title: 'Rotation', interval: '5m', items: [] },
    labels: { team: 'platform' },
    annotations: { 'example.com/owner': 'sre' },
  },
  place,
  'ops',
);

const observed = (change: Partial<ObservedAppResource> = {}): ObservedAppResource => ({
  name: 'rotation',
  generation: 3,
  resourceVersion: '41',
  labels: { team: 'platform', 'grafana.app/other': 'x' },
  annotations: {
    'example.com/owner': 'sre',
    'grafana.app/folder': 'ops',
    'grafana.app/createdBy': 'user:admin',
  },
  // Grafana filled in a field the spec leaves out: not drift while the generation is ours.
  spec: { title: 'Rotation', interval: '5m', items: [], uid: 'filled-in' },
  untouched: true,
  ...change,
});

describe('GrafanaAppResource drift (by generation; labels, annotations and folder always)', () => {
  it('finds nothing while the generation is the one recorded', () => {
    expect(appResourceDrift(desired, observed())).toEqual([]);
  });

  it('names the top-level spec fields once the generation moved', () => {
    const edited = observed({ untouched: false, spec: { title: 'Rotation', interval: '1h', items: [] } });
    expect(appResourceDrift(desired, edited)).toEqual(['spec.interval']);
  });

  it('compares the labels, annotations and folder the spec sets on every check', () => {
    const moved = observed({
      labels: { team: 'other' },
      annotations: { 'grafana.app/createdBy': 'user:admin' },
    });
    expect(appResourceDrift(desired, moved)).toEqual([
      'folder',
      'labels.team',
      'annotations.example.com/owner',
    ]);
  });
});

describe('GrafanaAppResource drift on legacy storage (no generation, no labels kept)', () => {
  it('compares the spec on every check, and nothing else', () => {
    const legacy = observedAgainst(
      {
        ...observed(),
        generation: 0,
        labels: {},
        annotations: {},
        spec: { title: 'Rotation', interval: '5m', items: [] },
      },
      0,
    );
    expect(legacy.untouched).toBe(false);
    expect(appResourceDrift(desired, legacy)).toEqual([]);
    expect(
      appResourceDrift(desired, { ...legacy, spec: { title: 'Other', interval: '5m', items: [] } }),
    ).toEqual(['spec.title']);
  });
});

describe('GrafanaAppResource writes', () => {
  it("keep Grafana's own labels and annotations, set the spec's and the folder, and name the resourceVersion read", () => {
    expect(appResourceInput('rotation', desired, observed({ labels: { team: 'other', keep: 'y' } }))).toEqual(
      {
        kind: 'Playlist',
        name: 'rotation',
        labels: { team: 'platform', keep: 'y' },
        annotations: {
          'example.com/owner': 'sre',
          'grafana.app/folder': 'ops',
          'grafana.app/createdBy': 'user:admin',
        },
        spec: { title: 'Rotation', interval: '5m', items: [] },
        resourceVersion: '41',
      },
    );
  });

  it('leave the folder annotation out at the root; a create names no resourceVersion', () => {
    const atRoot = { ...desired, folderUid: '' };
    const input = appResourceInput('rotation', atRoot, undefined);
    expect(input.annotations).toEqual({ 'example.com/owner': 'sre' });
    expect(input).not.toHaveProperty('resourceVersion');
    expect(appResourceInput('rotation', atRoot, observed()).annotations).not.toHaveProperty(
      'grafana.app/folder',
    );
  });
});
