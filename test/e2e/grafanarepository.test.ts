import { readFile } from 'node:fs/promises';

import { GrafanaRepositoryResource, type GrafanaRepository } from '../../src/api/generated/index.js';
import type { GrafanaApi, RepositoryPlace } from '../../src/grafana/index.js';
import { addGitRemote, repositoriesOf } from '../grafana-double/repository-state.js';
import { driftEvent } from '../support/events.js';
import { connectInstance, objectFixture, type ObjectFixture } from '../support/fixture.js';
import { adminApiIn, itWithDouble, startGrafana, type GrafanaUnderTest } from '../support/grafana.js';
import { editsIn } from '../support/grafana-edits.js';
import { reconcileOnFreshLists } from '../support/operator.js';
import { eventually } from '../support/wait.js';
import { repositoryPlace } from './scenarios/repositories.js';

/**
 * GrafanaRepository's own paths, against a Grafana that serves Git Sync (the scenario suite has the
 * common ones): the token as a secure value, sync jobs, Grafana's health mirrored, and an instance
 * without the feature. The remotes are the double's (repository-state.ts), so these run with it only.
 */
describe('GrafanaRepository', () => {
  let f: ObjectFixture;
  let place: RepositoryPlace;
  /** A Grafana without the feature toggle, as an instance of its own. */
  let plain: GrafanaUnderTest | undefined;
  const remote = 'https://git.example.com/platform/dashboards.git';
  const TOKEN = 'glpat-first-token-value';
  const ROTATED = 'glpat-second-token-value';

  beforeAll(async () => {
    f = await objectFixture('repository', { featureToggles: { provisioning: true } });
    place = await repositoryPlace(f.grafana.api);
    if (f.grafana.double) addGitRemote(f.grafana.double.state, remote, ['main']);
    await f.kube.secret('git-token', { token: TOKEN });
  });

  afterAll(async () => {
    await plain?.stop();
    await f?.stop();
  });

  const git = (extra: Record<string, unknown> = {}) => ({
    instanceSelector: f.selector,
    resyncPeriod: '10s',
    title: 'Platform dashboards',
    type: 'git',
    url: remote,
    branch: 'main',
    path: 'grafana',
    tokenUser: 'ci',
    token: { secretKeyRef: { name: 'git-token', key: 'token' } },
    ...extra,
  });

  const synced = async (name: string) =>
    (await f.kube.waitReady(GrafanaRepositoryResource, name, {
      status: 'True',
      reason: 'Synced',
    })) as GrafanaRepository;

  const api = (): GrafanaApi => f.grafana.api;
  const inGrafana = async (name: string) => (await synced(name)).status?.uid ?? '';
  /** The repository's record in the double's org 1: the token it holds, its jobs. */
  const record = (uid: string) => repositoriesOf(f.grafana.double!.state.findOrg(1)!).get(uid);

  itWithDouble(
    'writes the token as a secure value, starts a sync, and shows Grafana’s health and sync',
    async () => {
      await f.kube.create(GrafanaRepositoryResource, 'platform', git());
      const object = await synced('platform');
      const uid = object.status?.uid ?? '';
      const found = await api().repositories.get(place, uid);
      expect(found?.spec.git).toEqual({ url: remote, branch: 'main', tokenUser: 'ci', path: 'grafana' });
      // Grafana shows a reference, never the value.
      expect(found?.secure?.token?.name).toBeTruthy();
      expect(JSON.stringify(found)).not.toContain(TOKEN);
      expect(record(uid)?.token?.value).toBe(TOKEN);
      // The first sync, which Grafana itself never starts.
      expect(record(uid)?.jobs).toHaveLength(1);
      expect(object.status?.health?.healthy).toBe(true);
      expect(object.status?.sync).toMatchObject({ state: 'success', job: record(uid)?.jobs[0]?.name });
      // Nowhere in the object, its Events or the operator's log.
      expect(JSON.stringify(object)).not.toContain(TOKEN);
      expect(JSON.stringify(await f.kube.events('platform'))).not.toContain(TOKEN);
      expect(await readFile(f.operator.logFile, 'utf8')).not.toContain(TOKEN);
    },
  );

  itWithDouble('a spec change starts a sync job; a resync with nothing to change starts none', async () => {
    const uid = await inGrafana('platform');
    await reconcileOnFreshLists(f, GrafanaRepositoryResource, ['platform']);
    expect(record(uid)?.jobs).toHaveLength(1);
    await f.kube.patchSpec(GrafanaRepositoryResource, 'platform', {
      path: 'dashboards',
      workflows: ['write'],
    });
    await eventually(async () => record(uid)?.jobs.length === 2, { what: 'a second sync job' });
    expect((await api().repositories.get(place, uid))?.spec.git?.path).toBe('dashboards');
    const object = await eventually(
      async () => {
        const current = await f.kube.get<GrafanaRepository>(GrafanaRepositoryResource, 'platform');
        return current.status?.sync?.job === record(uid)?.jobs[1]?.name && current;
      },
      { what: "the second job in the object's status" },
    );
    expect(object.status?.sync?.state).toBe('success');
  });

  itWithDouble('a new token in the Secret is sent again; one removed in Grafana is reverted', async () => {
    const uid = await inGrafana('platform');
    await f.kube.secret('git-token', { token: ROTATED });
    await eventually(async () => record(uid)?.token?.value === ROTATED, {
      what: 'the rotated token in Grafana',
    });
    const found = (await api().repositories.get(place, uid))!;
    await api().repositories.update(place, {
      metadata: { name: uid },
      spec: found.spec,
      secure: { token: { remove: true } },
    });
    await reconcileOnFreshLists(f, GrafanaRepositoryResource, ['platform']);
    await driftEvent(f.kube, 'platform', 'secure.token');
    await eventually(async () => record(uid)?.token?.value === ROTATED, { what: 'the token written back' });
  });

  itWithDouble(
    'an unhealthy repository is written, Ready=False until Grafana finds it healthy, then synced',
    async () => {
      const other = 'https://git.example.com/platform/other.git';
      await f.kube.create(GrafanaRepositoryResource, 'other', git({ url: other }));
      const waiting = await f.kube.waitReady(GrafanaRepositoryResource, 'other', {
        status: 'False',
        reason: 'RepositoryUnhealthy',
      });
      expect(waiting.status?.conditions?.find((c) => c.type === 'Ready')?.message).toMatch(
        /Grafana has not found it healthy, so no sync job was started \(The repository configuration is not healthy\)/,
      );
      const uid = waiting.status?.uid ?? '';
      expect((await api().repositories.get(place, uid))?.status?.health?.message).toEqual([
        'repository not found',
      ]);
      addGitRemote(f.grafana.double!.state, other, ['main']);
      await reconcileOnFreshLists(f, GrafanaRepositoryResource, ['other']);
      await synced('other');
      expect(record(uid)?.jobs).toHaveLength(1);
    },
  );

  itWithDouble('without sync, no job; deleted, gone from Grafana', async () => {
    await f.kube.create(
      GrafanaRepositoryResource,
      'manual',
      git({ type: 'github', tokenUser: undefined, sync: { enabled: false } }),
    );
    const uid = await inGrafana('manual');
    expect(record(uid)?.jobs).toEqual([]);
    await f.kube.delete(GrafanaRepositoryResource, 'manual');
    await f.kube.waitGone(GrafanaRepositoryResource, 'manual');
    expect(await api().repositories.get(place, uid)).toBeUndefined();
  });

  itWithDouble('an instance acting in org N writes to the namespace org-N', async () => {
    const edits = editsIn(f.grafana);
    const orgId = await edits.createOrg(`repositories-${f.kube.namespace}`);
    const { token } = await edits.inOrg(orgId).createServiceAccountToken(`repositories-${f.kube.namespace}`);
    await connectInstance(
      f.kube,
      { ...f.grafana, credentials: { token } },
      'second',
      { grafana: 'second' },
      orgId,
    );
    await f.kube.create(GrafanaRepositoryResource, 'in-org', {
      ...git(),
      instanceSelector: { matchLabels: { grafana: 'second' } },
    });
    const uid = await inGrafana('in-org');
    const inOrgN = { version: place.version, namespace: `org-${orgId}` };
    expect((await adminApiIn(f.grafana, orgId).repositories.get(inOrgN, uid))?.spec.title).toBe(
      'Platform dashboards',
    );
    expect(await api().repositories.get(place, uid)).toBeUndefined();
    await f.kube.delete(GrafanaRepositoryResource, 'in-org');
    await f.kube.waitGone(GrafanaRepositoryResource, 'in-org');
  });

  itWithDouble('an instance without the feature toggle is Unsupported, naming it', async () => {
    plain = await startGrafana({ version: '12.2' });
    await connectInstance(f.kube, plain, 'plain', { grafana: 'plain' });
    await f.kube.create(GrafanaRepositoryResource, 'elsewhere', {
      ...git(),
      instanceSelector: { matchLabels: { grafana: 'plain' } },
    });
    const object = await f.kube.waitReady(GrafanaRepositoryResource, 'elsewhere', {
      status: 'False',
      reason: 'Unsupported',
    });
    expect(object.status?.conditions?.find((c) => c.type === 'Ready')?.message).toBe(
      'plain: Grafana 12.2.0 does not serve provisioning.grafana.app (Git Sync): it needs Grafana 12 or later with the feature toggle provisioning enabled',
    );
  });
});
