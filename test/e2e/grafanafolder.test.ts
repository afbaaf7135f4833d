import { GrafanaFolderResource, type GrafanaFolder } from '../../src/api/generated/index.js';
import { GrafanaNotFoundError } from '../../src/grafana/index.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { itWithDouble } from '../support/grafana.js';
import { eventually } from '../support/wait.js';

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

  itWithDouble('reverts a rename made in Grafana', async () => {
    await f.kube.create(GrafanaFolderResource, 'renamed', folder('Original'));
    const uid = (await synced('renamed')).status?.uid ?? '';
    f.grafana.double!.state.org(1).uiEditFolder(uid, { title: 'Renamed by hand' });
    await eventually(async () => (await f.grafana.api.folders.get(uid)).title === 'Original', {
      timeoutMs: 30_000,
      what: 'the rename reverted',
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
});
