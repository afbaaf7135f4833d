import { readFileSync } from 'node:fs';
import { GrafanaDashboardResource, type GrafanaDashboard } from '../../src/api/generated/index.js';
import { driftEvent } from '../support/events.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { editsIn } from '../support/grafana-edits.js';
import { itWithDouble, pageOf } from '../support/grafana.js';
import { reconcileOnFreshLists } from '../support/operator.js';
import { eventually } from '../support/wait.js';

type Json = Record<string, unknown>;

/** A dashboard with a variable of each kind that has a value, as Grafana saves them. */
const withVariables = (title: string): Json => ({
  ...(JSON.parse(
    readFileSync(new URL('../fixtures/dashboards/variables.json', import.meta.url), 'utf8'),
  ) as Json),
  title,
});

describe('GrafanaDashboard extras: spec.variables', () => {
  let f: ObjectFixture;
  /** Names unique per run, so a shared real Grafana does not see clashes between runs. */
  let n: (name: string) => string;

  beforeAll(async () => {
    f = await objectFixture('dash-extras');
    n = (name) => `${name}-${f.kube.namespace}`;
  });

  afterAll(async () => {
    await f?.stop();
  });

  const spec = (title: string, extra: Json = {}) => ({
    instanceSelector: f.selector,
    resyncPeriod: '10s',
    json: JSON.stringify(withVariables(title)),
    ...extra,
  });
  const synced = async (name: string) =>
    (await f.kube.waitReady(GrafanaDashboardResource, name, {
      status: 'True',
      reason: 'Synced',
    })) as GrafanaDashboard;
  const uidOf = async (name: string) => (await synced(name)).status?.uid ?? '';
  const variablesIn = async (uid: string) =>
    ((await f.grafana.api.dashboards.get(uid)).dashboard.templating as { list: Json[] }).list;

  it('writes the defaults into templating.list, and saves again when they change', async () => {
    await f.kube.create(
      GrafanaDashboardResource,
      'vars',
      spec(n('vars'), {
        variables: [
          { name: 'env', value: 'prod' },
          { name: 'cluster', value: 'eu-1' },
        ],
      }),
    );
    const uid = await uidOf('vars');
    const [env, , , cluster] = await variablesIn(uid);
    expect(env).toMatchObject({
      current: { text: 'prod', value: 'prod' },
      options: [
        { value: 'dev', selected: false },
        { value: 'prod', selected: true },
      ],
    });
    expect(cluster).toMatchObject({ query: 'eu-1', current: { text: 'eu-1', value: 'eu-1' } });

    await f.kube.patchSpec(GrafanaDashboardResource, 'vars', {
      variables: [
        { name: 'env', value: 'dev', text: 'Development' },
        { name: 'cluster', value: 'eu-1' },
      ],
    });
    await eventually(
      async () =>
        JSON.stringify((await variablesIn(uid))[0]?.current) === '{"text":"Development","value":"dev"}',
      { what: 'env defaulting to dev' },
    );
  });

  it('a default changed in Grafana is reverted with a DriftReverted Event', async () => {
    const uid = await uidOf('vars');
    await editsIn(f.grafana).editDashboard(uid, (dashboard) => {
      const env = (dashboard.templating as { list: Json[] }).list[0]!;
      env.current = { text: 'prod', value: 'prod' };
    });
    await reconcileOnFreshLists(f, GrafanaDashboardResource, ['vars']);
    await driftEvent(f.kube, 'vars', 'templating.list[0].current');
    expect((await variablesIn(uid))[0]?.current).toEqual({ text: 'Development', value: 'dev' });
  });

  it('a name that is not a variable of the dashboard is InvalidSpec naming it, and nothing is written', async () => {
    const before = f.grafana.recorder.writes().length;
    await f.kube.create(
      GrafanaDashboardResource,
      'typo',
      spec(n('typo'), { variables: [{ name: 'enviroment', value: 'prod' }] }),
    );
    const object = await f.kube.waitReady(GrafanaDashboardResource, 'typo', {
      status: 'False',
      reason: 'InvalidSpec',
    });
    expect(object.status?.conditions?.find((c) => c.type === 'Ready')?.message).toContain(
      'spec.variables names enviroment, which is not a variable of the dashboard in spec.json (its variables: env, job, ds, cluster, filter, filters)',
    );
    expect(
      f.grafana.recorder
        .writes()
        .slice(before)
        .filter((w) => JSON.stringify(w.body).includes(n('typo'))),
    ).toEqual([]);
  });

  describe('spec.publicDashboard', () => {
    const shared = (name: string) =>
      f.kube
        .get<GrafanaDashboard>(GrafanaDashboardResource, name)
        .then((o) => o.status?.instances?.[0]?.publicDashboard);
    /** The operator's calls to the public dashboard routes of `uid`. */
    const publicCalls = (uid: string) =>
      f.grafana.recorder.requests.filter((r) =>
        r.path.startsWith(`/api/dashboards/uid/${uid}/public-dashboards`),
      );

    it('shares the dashboard and records uid, token and public URL; a change updates it in place', async () => {
      await f.kube.create(GrafanaDashboardResource, 'shared', spec(n('shared'), { publicDashboard: {} }));
      const uid = await uidOf('shared');
      const made = await f.grafana.api.publicDashboards.get(uid);
      expect(made).toMatchObject({ isEnabled: true, timeSelectionEnabled: false, share: 'public' });
      const record = await shared('shared');
      expect(record).toEqual({
        uid: made!.uid,
        accessToken: made!.accessToken,
        url: pageOf(f.grafana, `/public-dashboards/${made!.accessToken}`),
        enabled: true,
      });

      await f.kube.patchSpec(GrafanaDashboardResource, 'shared', {
        publicDashboard: { timeSelectionEnabled: true, annotationsEnabled: true },
      });
      await eventually(async () => (await f.grafana.api.publicDashboards.get(uid))?.timeSelectionEnabled, {
        what: 'time selection turned on',
      });
      const updated = await f.grafana.api.publicDashboards.get(uid);
      expect(updated).toMatchObject({
        uid: made!.uid,
        accessToken: made!.accessToken,
        annotationsEnabled: true,
      });
      expect(publicCalls(uid).filter((r) => r.method === 'POST')).toHaveLength(1);
    });

    it('an unchanged resync writes nothing; disabled in Grafana, it is enabled again with a DriftReverted Event', async () => {
      const uid = await uidOf('shared');
      const before = (await f.grafana.api.publicDashboards.get(uid))!;
      await reconcileOnFreshLists(f, GrafanaDashboardResource, ['shared']);
      f.grafana.recorder.clearRequests();
      await reconcileOnFreshLists(f, GrafanaDashboardResource, ['shared']);
      expect(f.grafana.recorder.writes()).toEqual([]);

      await f.grafana.api.publicDashboards.update(uid, before.uid, { isEnabled: false });
      await reconcileOnFreshLists(f, GrafanaDashboardResource, ['shared']);
      await driftEvent(f.kube, 'shared', 'publicDashboard.isEnabled');
      const after = await f.grafana.api.publicDashboards.get(uid);
      expect(after).toMatchObject({ isEnabled: true, uid: before.uid, accessToken: before.accessToken });
      // Only the public dashboard was written: the dashboard kept its version.
      expect(f.grafana.recorder.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
        `PATCH /api/dashboards/uid/${uid}/public-dashboards/${before.uid}`,
      ]);
    });

    it('enabled: false pauses it under the same token; removing the block deletes it', async () => {
      const uid = await uidOf('shared');
      const token = (await shared('shared'))?.accessToken;
      await f.kube.patchSpec(GrafanaDashboardResource, 'shared', { publicDashboard: { enabled: false } });
      await eventually(async () => (await shared('shared'))?.enabled === false, { what: 'paused in status' });
      expect(await f.grafana.api.publicDashboards.get(uid)).toMatchObject({
        isEnabled: false,
        accessToken: token,
      });

      await f.kube.patchSpec(GrafanaDashboardResource, 'shared', { publicDashboard: null });
      await eventually(async () => (await f.grafana.api.publicDashboards.get(uid)) === undefined, {
        what: 'the public dashboard deleted',
      });
      await eventually(async () => (await shared('shared')) === undefined, { what: 'the record gone' });
    });

    it('a dashboard deleted in Grafana comes back with its public dashboard under the same token', async () => {
      await f.kube.create(GrafanaDashboardResource, 'reborn', spec(n('reborn'), { publicDashboard: {} }));
      const uid = await uidOf('reborn');
      const before = await eventually(() => shared('reborn'), { what: 'the public dashboard recorded' });
      await f.grafana.api.dashboards.delete(uid);
      await reconcileOnFreshLists(f, GrafanaDashboardResource, ['reborn']);
      await eventually(async () => (await f.grafana.api.publicDashboards.get(uid))?.accessToken, {
        what: 'the public dashboard made again',
      });
      expect(await f.grafana.api.publicDashboards.get(uid)).toMatchObject({
        uid: before.uid,
        accessToken: before.accessToken,
      });
    });

    it('without the block, a public dashboard made in Grafana is left alone and not read', async () => {
      const uid = await uidOf('vars');
      const own = await f.grafana.api.publicDashboards.create(uid, { isEnabled: true });
      f.grafana.recorder.clearRequests();
      await reconcileOnFreshLists(f, GrafanaDashboardResource, ['vars']);
      expect(publicCalls(uid)).toEqual([]);
      expect(await f.grafana.api.publicDashboards.get(uid)).toMatchObject({ uid: own.uid, isEnabled: true });
      expect(await shared('vars')).toBeUndefined();
    });

    itWithDouble(
      'a Grafana that does not serve public dashboards is Unsupported, with nothing written',
      async () => {
        const double = f.grafana.double!;
        double.options.publicDashboards = false;
        try {
          await f.kube.create(GrafanaDashboardResource, 'off', spec(n('off')));
          await synced('off');
          f.grafana.recorder.clearRequests();
          await f.kube.patchSpec(GrafanaDashboardResource, 'off', { publicDashboard: {} });
          const object = await f.kube.waitReady(GrafanaDashboardResource, 'off', {
            status: 'False',
            reason: 'Unsupported',
          });
          expect(object.status?.conditions?.find((c) => c.type === 'Ready')?.message).toContain(
            'does not serve public dashboards (/api/dashboards/uid/:uid/public-dashboards answered 404 Not found): they are turned off in its configuration ([public_dashboards] enabled = false)',
          );
          expect(f.grafana.recorder.writes()).toEqual([]);
        } finally {
          double.options.publicDashboards = true;
        }
      },
    );
  });
});
