import { GrafanaFolderResource, type GrafanaFolder } from '../../src/api/generated/index.js';
import { GrafanaNotFoundError } from '../../src/grafana/index.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { hotRetries as hotRetriesOf, waitIdle } from '../support/metrics.js';
import { eventually } from '../support/wait.js';
import { describePermissionScenarios } from './scenarios/permissions.js';

describe('GrafanaFolder', () => {
  let f: ObjectFixture;

  beforeAll(async () => {
    f = await objectFixture('folder');
  });

  afterAll(async () => {
    await f?.stop();
  });

  const folder = (title: string, extra: Record<string, unknown> = {}) => ({
    instanceSelector: f.selector,
    title,
    resyncPeriod: '10s',
    ...extra,
  });
  const synced = async (name: string) =>
    (await f.kube.waitReady(GrafanaFolderResource, name, {
      status: 'True',
      reason: 'Synced',
    })) as GrafanaFolder;

  it('the CRD rejects a folder that is its own parent, or names two parents', async () => {
    const create = (name: string, spec: unknown) =>
      f.kube.client.create(GrafanaFolderResource, f.kube.namespace, {
        apiVersion: 'grafana.provisioning.dev/v1beta1',
        kind: 'GrafanaFolder',
        metadata: { name },
        spec,
      } as never);
    await expect(create('loop', folder('Loop', { parentFolderRef: 'loop' }))).rejects.toThrow(
      /a folder cannot be its own parent/,
    );
    await expect(
      create('two-parents', folder('Two', { parentFolderRef: 'a', parentFolderUID: 'b' })),
    ).rejects.toThrow(/set parentFolderRef or parentFolderUID, not both/);
  });

  /** Reconciles of the folder controller that asked for a retry with backoff. */
  const hotRetries = () => hotRetriesOf(f.operator.metricsUrl, 'grafanafolder');
  const cycleMessage = async (name: string) =>
    (await f.kube.waitReady(GrafanaFolderResource, name, { status: 'False', reason: 'Cycle' })).status
      ?.conditions?.[0]?.message;

  it('parents that lead back to the folder are a Cycle naming it, written nowhere and not retried hot', async () => {
    await f.kube.create(GrafanaFolderResource, 'cycle-a', folder('Cycle A', { parentFolderRef: 'cycle-b' }));
    await f.kube.create(GrafanaFolderResource, 'cycle-b', folder('Cycle B', { parentFolderRef: 'cycle-a' }));
    expect(await cycleMessage('cycle-a')).toContain('GrafanaFolder cycle-a → cycle-b → cycle-a');
    expect(await cycleMessage('cycle-b')).toContain('GrafanaFolder cycle-b → cycle-a → cycle-b');

    // A resync an hour away: only the references to the folders of the cycle can wake them.
    const slowResync = { resyncPeriod: '1h' };
    await f.kube.create(
      GrafanaFolderResource,
      'ring-a',
      folder('Ring A', { parentFolderRef: 'ring-b', ...slowResync }),
    );
    await f.kube.create(
      GrafanaFolderResource,
      'ring-b',
      folder('Ring B', { parentFolderRef: 'ring-c', ...slowResync }),
    );
    await f.kube.create(
      GrafanaFolderResource,
      'ring-c',
      folder('Ring C', { parentFolderRef: 'ring-a', ...slowResync }),
    );
    expect(await cycleMessage('ring-a')).toContain('GrafanaFolder ring-a → ring-b → ring-c → ring-a');
    expect(await cycleMessage('ring-c')).toContain('GrafanaFolder ring-c → ring-a → ring-b → ring-c');
    // Counted from here: while the folders of a ring are still being created, one may wait
    // (with backoff) for a parent whose own parent the operator's cache does not show yet.
    const retriesBefore = await hotRetries();

    // Like InvalidSpec: back at the resync pace, not with backoff (which starts at 200 ms here).
    await waitIdle(f.operator.metricsUrl);
    expect(await hotRetries()).toBe(retriesBefore);
    for (const name of ['cycle-a', 'cycle-b', 'ring-a']) {
      const uid = (await f.kube.get<GrafanaFolder>(GrafanaFolderResource, name)).status?.uid ?? '';
      await expect(f.grafana.api.folders.get(uid)).rejects.toBeInstanceOf(GrafanaNotFoundError);
    }

    // Breaking the cycle anywhere requeues every folder of it: they sync, nested as the refs say.
    await f.kube.patchSpec(GrafanaFolderResource, 'ring-b', { parentFolderRef: null });
    const ringB = await synced('ring-b');
    const ringA = await synced('ring-a');
    await synced('ring-c');
    expect((await f.grafana.api.folders.get(ringA.status?.uid ?? '')).parentUid).toBe(ringB.status?.uid);
  });

  it('nests folders: a child waits for its parent (DependencyNotReady), then lands under it', async () => {
    await f.kube.create(GrafanaFolderResource, 'team-child', folder('Services', { parentFolderRef: 'team' }));
    const waiting = await f.kube.waitReady(GrafanaFolderResource, 'team-child', {
      status: 'False',
      reason: 'DependencyNotReady',
    });
    expect(waiting.status?.conditions?.[0]?.message).toContain('GrafanaFolder "team"');
    await f.kube.create(GrafanaFolderResource, 'team', folder('Team Platform'));
    const parent = await synced('team');
    const child = await synced('team-child');
    const stored = await f.grafana.api.folders.get(child.status?.uid ?? '');
    expect(stored).toMatchObject({ title: 'Services', parentUid: parent.status?.uid });
  });

  it('applies a title change with an update and a parent change with a move', async () => {
    await f.kube.create(GrafanaFolderResource, 'left', folder('Left'));
    await f.kube.create(GrafanaFolderResource, 'right', folder('Right'));
    await f.kube.create(GrafanaFolderResource, 'mover', folder('Mover', { parentFolderRef: 'left' }));
    const right = await synced('right');
    const uid = (await synced('mover')).status?.uid ?? '';
    await f.kube.patchSpec(GrafanaFolderResource, 'mover', { title: 'Moved', parentFolderRef: 'right' });
    await eventually(async () => {
      const stored = await f.grafana.api.folders.get(uid);
      return stored.title === 'Moved' && stored.parentUid === right.status?.uid;
    });
  });

  it('deleting a folder waits for the objects managed inside it (HasChildren), then goes', async () => {
    await f.kube.create(GrafanaFolderResource, 'outer', folder('Outer'));
    await f.kube.create(GrafanaFolderResource, 'inner', folder('Inner', { parentFolderRef: 'outer' }));
    const outerUid = (await synced('outer')).status?.uid ?? '';
    const innerUid = (await synced('inner')).status?.uid ?? '';
    await f.kube.delete(GrafanaFolderResource, 'outer');
    const blocked = await eventually(async () => {
      const o = await f.kube.get<GrafanaFolder>(GrafanaFolderResource, 'outer');
      return o.status?.conditions?.find((c) => c.reason === 'HasChildren') ? o : undefined;
    });
    expect(blocked.status?.conditions?.[0]?.message).toContain('GrafanaFolder/inner');
    expect((await f.grafana.api.folders.get(outerUid)).title).toBe('Outer');
    await f.kube.delete(GrafanaFolderResource, 'inner');
    await f.kube.waitGone(GrafanaFolderResource, 'inner');
    await f.kube.waitGone(GrafanaFolderResource, 'outer');
    await expect(f.grafana.api.folders.get(outerUid)).rejects.toBeInstanceOf(GrafanaNotFoundError);
    await expect(f.grafana.api.folders.get(innerUid)).rejects.toBeInstanceOf(GrafanaNotFoundError);
  });

  it('a folder made in Grafana while our create was on its way is a Conflict, not taken over', async () => {
    const uid = `raced-${f.kube.namespace}`.slice(0, 40);
    const recorder = f.grafana.recorder;
    // Only the create itself (not a permissions POST of another folder's resync) is held back.
    recorder.injectFault({ method: 'POST', path: /^\/api\/folders$/, delayMs: 1000, times: 1 });
    recorder.clearRequests();
    await f.kube.create(GrafanaFolderResource, 'raced', folder('Raced', { uid }));
    await eventually(
      () =>
        recorder.requests.some(
          (r) =>
            r.method === 'POST' && r.path === '/api/folders' && (r.body as { uid?: string })?.uid === uid,
        ),
      { what: 'our folder create sent' },
    );
    // Someone else's folder with the uid lands first: our create is refused as a duplicate.
    await f.grafana.api.folders.create({ uid, title: 'Made by hand meanwhile' });
    const conflict = await f.kube.waitReady(GrafanaFolderResource, 'raced', {
      status: 'False',
      reason: 'Conflict',
    });
    expect(conflict.status?.conditions?.[0]?.message).toBe(
      `main: uid ${uid} already exists in Grafana and was not created by this object; set spec.adopt: true to take it over`,
    );
    expect((await f.grafana.api.folders.get(uid)).title).toBe('Made by hand meanwhile');
    await f.kube.delete(GrafanaFolderResource, 'raced');
    await f.kube.waitGone(GrafanaFolderResource, 'raced');
    await f.grafana.api.folders.delete(uid);
  });

  it('refuses to delete a folder holding content it does not manage, until told to orphan it', async () => {
    await f.kube.create(GrafanaFolderResource, 'holder', folder('Holder'));
    const uid = (await synced('holder')).status?.uid ?? '';
    await f.grafana.api.folders.create({
      uid: `hand-${uid}`.slice(0, 40),
      title: 'Made by hand',
      parentUid: uid,
    });
    await f.kube.delete(GrafanaFolderResource, 'holder');
    const blocked = await eventually(async () => {
      const o = await f.kube.get<GrafanaFolder>(GrafanaFolderResource, 'holder');
      return o.status?.conditions?.find((c) => c.reason === 'DeletionBlocked') ? o : undefined;
    });
    expect(blocked.status?.conditions?.[0]?.message).toContain('folder "Made by hand"');
    expect((await f.grafana.api.folders.get(uid)).title).toBe('Holder');
    await f.kube.patchSpec(GrafanaFolderResource, 'holder', { deletionPolicy: 'Orphan' });
    await f.kube.waitGone(GrafanaFolderResource, 'holder');
    expect((await f.grafana.api.folders.get(uid)).title).toBe('Holder');
  });

  describe('a library panel in use stops Grafana from deleting the folder (§4.5)', () => {
    /**
     * The content appears while the operator's DELETE is on its way (held back by a fault), so
     * Grafana's own refusal is what the operator meets: 403 for the folder's own panel, 400
     * folder.not-empty for a subfolder's.
     */
    const refusedDelete = async (name: string, addContent: (uid: string) => Promise<void>) => {
      const recorder = f.grafana.recorder;
      await f.kube.create(GrafanaFolderResource, name, folder(`Holds panels ${name}`));
      const uid = (await synced(name)).status?.uid ?? '';
      const path = `/api/folders/${uid}`;
      recorder.injectFault({ method: 'DELETE', path, delayMs: 1000, times: 1 });
      await f.kube.delete(GrafanaFolderResource, name);
      await eventually(() => recorder.requests.some((r) => r.method === 'DELETE' && r.path === path), {
        what: 'the folder DELETE sent',
      });
      await addContent(uid);
      const refusal = await eventually(
        () => recorder.requests.find((r) => r.method === 'DELETE' && r.path === path && r.status !== null),
        { what: 'the folder DELETE answered' },
      );
      const blocked = await eventually(async () => {
        const o = await f.kube.get<GrafanaFolder>(GrafanaFolderResource, name);
        return o.status?.conditions?.find((c) => c.reason === 'DeletionBlocked');
      });
      expect((await f.grafana.api.folders.get(uid)).uid).toBe(uid);
      await f.kube.patchSpec(GrafanaFolderResource, name, { deletionPolicy: 'Orphan' });
      await f.kube.waitGone(GrafanaFolderResource, name);
      return { status: refusal.status, message: blocked.message ?? '' };
    };
    const panelUsedBy = async (panelUid: string, folderUid: string, dashboardUid: string) => {
      await f.grafana.api.libraryPanels.create({
        uid: panelUid,
        name: `Panel ${panelUid}`,
        folderUid,
        model: { type: 'text', title: 'Notes' },
      });
      await f.grafana.api.dashboards.save({
        dashboard: {
          uid: dashboardUid,
          title: `Uses ${panelUid}`,
          panels: [
            {
              id: 1,
              gridPos: { h: 4, w: 6, x: 0, y: 0 },
              libraryPanel: { uid: panelUid, name: `Panel ${panelUid}` },
            },
          ],
        },
        overwrite: true,
      });
    };

    // Panel and dashboard uids carry the namespace's folder uid: unique on a shared Grafana.
    it("the folder's own panel: names the panel and the dashboard using it", async () => {
      let ids = { panel: '', dashboard: '' };
      const { status, message } = await refusedDelete('own-panel', (uid) => {
        ids = { panel: `lp-${uid}`.slice(0, 40), dashboard: `uses-${uid}`.slice(0, 40) };
        return panelUsedBy(ids.panel, uid, ids.dashboard);
      });
      expect(status).toBe(403);
      expect(message).toContain(
        `library panel "Panel ${ids.panel}" in it is used by dashboard ${ids.dashboard}`,
      );
    });

    it("a subfolder's panel: names the subfolder, the panel and the dashboard using it", async () => {
      let ids = { panel: '', dashboard: '' };
      const { status, message } = await refusedDelete('sub-panel', async (uid) => {
        const sub = `${uid}-sub`.slice(0, 40);
        ids = { panel: `lp-${sub}`.slice(0, 40), dashboard: `uses-${sub}`.slice(0, 40) };
        await f.grafana.api.folders.create({ uid: sub, title: 'Sub', parentUid: uid });
        await panelUsedBy(ids.panel, sub, ids.dashboard);
      });
      expect(status).toBe(400);
      expect(message).toContain(
        `library panel "Panel ${ids.panel}" in its subfolder "Sub" is used by dashboard ${ids.dashboard}`,
      );
      expect(message).not.toContain('Folder API error');
    });
  });

  describe('spec.permissions', () => {
    describePermissionScenarios({
      fixture: () => f,
      resource: GrafanaFolderResource,
      spec: folder,
      api: (fixture) => fixture.grafana.api.folderPermissions,
      route: (uid) => `/api/folders/${uid}/permissions`,
      objectWrites: (uid, writes) => writes.filter((r) => r.path === `/api/folders/${uid}`),
      // Only the role defaults, and Admin for the creator when the operator signs in as a user (a
      // real Grafana's admin); never for a service account (§4.4).
      defaults: (fixture) => [
        'role:Editor=Edit',
        'role:Viewer=View',
        ...('token' in fixture.grafana.credentials ? [] : [expect.stringMatching(/^user:\d+=Admin$/)]),
      ],
    });
  });
});
