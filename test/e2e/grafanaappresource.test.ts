import { GrafanaAppResourceResource, type GrafanaAppResource } from '../../src/api/generated/index.js';
import { orgNamespace, type AppResourcePlace } from '../../src/grafana/index.js';
import { driftEvent } from '../support/events.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { reconcileOnFreshLists } from '../support/operator.js';

/**
 * GrafanaAppResource's own paths (the scenario suite has the common ones, app-resources.ts): what
 * Grafana does not serve, and the labels that do not move Grafana's generation.
 */
describe('GrafanaAppResource', () => {
  let f: ObjectFixture;
  let place: AppResourcePlace | undefined;
  const PLAYLISTS = 'playlist.grafana.app/v0alpha1';

  beforeAll(async () => {
    f = await objectFixture('app-resource');
    const plural = (await f.grafana.api.appResources.kinds(PLAYLISTS))?.get('Playlist');
    place = plural ? { groupVersion: PLAYLISTS, plural, namespace: orgNamespace(1) } : undefined;
  });

  afterAll(() => f?.stop());

  const spec = (extra: Record<string, unknown>) => ({
    instanceSelector: f.selector,
    resyncPeriod: '10s',
    apiVersion: PLAYLISTS,
    kind: 'Playlist',
    spec: { title: `Rotation ${f.kube.namespace}`, interval: '5m', items: [] },
    ...extra,
  });
  const readyMessage = async (name: string, reason: string) =>
    (
      await f.kube.waitReady(GrafanaAppResourceResource, name, { status: 'False', reason })
    ).status?.conditions?.find((c) => c.type === 'Ready')?.message;

  it('a group version Grafana does not serve, or a kind it does not have there, is Unsupported', async () => {
    await f.kube.create(
      GrafanaAppResourceResource,
      'unknown-group',
      spec({ apiVersion: 'example.grafana.app/v1' }),
    );
    await f.kube.create(GrafanaAppResourceResource, 'unknown-kind', spec({ kind: 'Slideshow' }));
    expect(await readyMessage('unknown-group', 'Unsupported')).toMatch(
      /^main: Grafana \S+ does not serve example\.grafana\.app\/v1$/,
    );
    if (!place) return; // A Grafana without playlists says so for both.
    expect(await readyMessage('unknown-kind', 'Unsupported')).toMatch(
      /^main: Grafana \S+ has no kind Slideshow in playlist\.grafana\.app\/v0alpha1 \(it has Playlist\)$/,
    );
  });

  it('labels changed in Grafana, which leave its generation as it was, are put back', async () => {
    if (!place) return;
    await f.kube.create(GrafanaAppResourceResource, 'labelled', spec({ labels: { team: 'platform' } }));
    const object = (await f.kube.waitReady(GrafanaAppResourceResource, 'labelled', {
      status: 'True',
      reason: 'Synced',
    })) as GrafanaAppResource;
    const uid = object.status?.uid ?? '';
    const api = f.grafana.api.appResources;
    const stored = (await api.get(place, uid))!;
    expect(stored.labels).toMatchObject({ team: 'platform' });
    expect(object.status?.instances?.[0]?.version).toBe(stored.generation);
    const edited = await api.save(place, {
      kind: 'Playlist',
      name: uid,
      labels: { team: 'someone-else' },
      annotations: stored.annotations,
      spec: stored.spec,
      resourceVersion: stored.resourceVersion,
    });
    expect(edited.generation).toBe(stored.generation);
    await reconcileOnFreshLists(f, GrafanaAppResourceResource, ['labelled']);
    await driftEvent(f.kube, 'labelled', 'labels.team');
    expect((await api.get(place, uid))?.labels).toMatchObject({ team: 'platform' });
  });
});
