import { GrafanaAppResourceResource } from '../../../src/api/generated/index.js';
import { orgNamespace, type AppResourcePlace, type GrafanaApi } from '../../../src/grafana/index.js';
import { objectSpec, type Json, type KindScenario, type ScenarioContext } from './scenario.js';

/** The playlists of org 1, in the version the scenario writes. */
const PLAYLISTS = 'playlist.grafana.app/v0alpha1';

async function playlistPlace(api: GrafanaApi): Promise<AppResourcePlace | undefined> {
  const plural = (await api.appResources.kinds(PLAYLISTS))?.get('Playlist');
  return plural ? { groupVersion: PLAYLISTS, plural, namespace: orgNamespace(1) } : undefined;
}

const playlist = (c: ScenarioContext, interval: string) => ({
  title: c.n('Scenario playlist'),
  interval,
  items: [{ type: 'dashboard_by_tag', value: 'scenario' }],
});

/** Saves another spec through Grafana's API, as the playlist editor does. */
async function editPlaylist(c: ScenarioContext, uid: string, change: Json): Promise<void> {
  const api = c.f.grafana.api;
  const place = (await playlistPlace(api))!;
  const found = (await api.appResources.get(place, uid))!;
  await api.appResources.save(place, {
    kind: 'Playlist',
    name: uid,
    labels: found.labels,
    annotations: found.annotations,
    spec: { ...(found.spec as Json), ...change },
    resourceVersion: found.resourceVersion,
  });
}

/** GrafanaAppResource with a playlist (`playlist.grafana.app` Playlist), where Grafana serves it. */
export const appResources: KindScenario = {
  title: 'GrafanaAppResource',
  type: GrafanaAppResourceResource,
  name: 'app-resource',
  supported: async (c) => (await playlistPlace(c.f.grafana.api)) !== undefined,
  spec: (c) => ({ ...objectSpec(c), apiVersion: PLAYLISTS, kind: 'Playlist', spec: playlist(c, '5m') }),
  change: (c) => ({ spec: playlist(c, '10m') }),
  read: async (c, uid) => {
    const api = c.f.grafana.api;
    const found = await api.appResources.get((await playlistPlace(api))!, uid);
    return found?.spec;
  },
  expected: (c, stage) => playlist(c, stage === 'created' ? '5m' : '10m'),
  edit: (c, uid) => editPlaylist(c, uid, { interval: '1h' }),
  drift: ['spec.interval'],
  byHand: async (c) => {
    const api = c.f.grafana.api;
    const uid = c
      .n('hand')
      .slice(0, 40)
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-')
      .replace(/-+$/, '');
    await api.appResources.save((await playlistPlace(api))!, {
      kind: 'Playlist',
      name: uid,
      labels: {},
      annotations: {},
      spec: { ...playlist(c, '2m'), title: 'Made by hand' },
    });
    return { uid, spec: { uid } };
  },
};
