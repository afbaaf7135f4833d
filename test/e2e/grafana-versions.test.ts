import { GrafanaDashboardResource, type GrafanaDashboard } from '../../src/api/generated/index.js';
import type { VersionProfile } from '../grafana-double/profiles.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { itWithDouble } from '../support/grafana.js';
import { reconcileOnFreshLists } from '../support/operator.js';
import { eventually } from '../support/wait.js';

/**
 * Behaviours that differ between Grafana releases (docs/grafana-api.md), each run against the
 * double's profile of the release that has it. Hand-made changes go through Grafana's HTTP API.
 */
type Json = Record<string, unknown>;

function releaseFixture(version: VersionProfile) {
  const state: { f?: ObjectFixture } = {};
  beforeAll(async () => {
    state.f = await objectFixture(`grafana-${version.replace('.', '-')}`, { grafanaVersion: version });
  });
  afterAll(async () => {
    await state.f?.stop();
  });
  const f = () => state.f!;
  const dashboardSpec = (dashboard: Json) => ({
    instanceSelector: f().selector,
    resyncPeriod: '10s',
    json: JSON.stringify(dashboard),
  });
  const reconciles = async () =>
    Number(
      /controller_runtime_reconcile_total\{controller="grafanadashboard",result="requeue_after"\} (\d+)/.exec(
        await (await fetch(f().operator.metricsUrl)).text(),
      )?.[1] ?? 0,
    );
  /** Touches the object and waits for the reconcile it causes; returns the writes Grafana saw meanwhile. */
  const idleReconcile = async (name: string) => {
    const double = f().grafana.double!;
    double.clearRequests();
    const before = await reconciles();
    await f().kube.touch(GrafanaDashboardResource, name);
    await eventually(async () => (await reconciles()) > before, { what: 'a reconcile after the touch' });
    return double.writes();
  };
  return { f, dashboardSpec, idleReconcile };
}

describe('Grafana 11.2', () => {
  const { f, dashboardSpec, idleReconcile } = releaseFixture('11.2');

  itWithDouble(
    'a new dashboard whose title is taken in its folder is a Conflict, and the other dashboard is left as it was (§6.5)',
    async () => {
      const title = `Team board ${f().kube.namespace}`;
      const handMade = await f().grafana.api.dashboards.save({
        dashboard: { uid: 'hand-made', title, panels: [], tags: ['by-hand'] },
        overwrite: false,
      });
      await f().kube.create(GrafanaDashboardResource, 'clash', dashboardSpec({ title, panels: [] }));
      const refused = await f().kube.waitReady(GrafanaDashboardResource, 'clash', {
        status: 'False',
        reason: 'Conflict',
      });
      expect(refused.status?.conditions?.find((c) => c.type === 'Ready')?.message).toContain(
        `dashboard hand-made already has the title "${title}" in this folder`,
      );
      // Never recorded as ours (we would delete it later).
      expect(refused.status?.instances?.map((entry) => entry.uid)).not.toContain('hand-made');
      const other = await f().grafana.api.dashboards.get('hand-made');
      expect(other.dashboard).toMatchObject({ title, tags: ['by-hand'], version: handMade.version });
    },
  );

  itWithDouble(
    'a refresh below min_refresh_interval, which Grafana stores as the minimum, is not taken for drift (§6.6)',
    async () => {
      await f().kube.create(
        GrafanaDashboardResource,
        'fast-refresh',
        dashboardSpec({ title: `Fast ${f().kube.namespace}`, refresh: '1s', panels: [] }),
      );
      const synced = (await f().kube.waitReady(GrafanaDashboardResource, 'fast-refresh', {
        status: 'True',
        reason: 'Synced',
      })) as GrafanaDashboard;
      const uid = synced.status?.uid ?? '';
      const stored = (await f().grafana.api.dashboards.get(uid)).dashboard;
      expect(stored.refresh).toBe('5s');
      // Someone saves it unchanged: the version moves, so the next reconcile compares the JSON.
      await f().grafana.api.dashboards.save({ dashboard: stored, overwrite: true });
      expect(await idleReconcile('fast-refresh')).toEqual([]);
      expect(await idleReconcile('fast-refresh')).toEqual([]);
    },
  );

  itWithDouble(
    'an edit in Grafana that only adds fields is reverted: a moved version with any difference is drift',
    async () => {
      const dashboard = {
        title: `Added fields ${f().kube.namespace}`,
        panels: [{ id: 1, type: 'timeseries', title: 'CPU', gridPos: { x: 0, y: 0, w: 12, h: 8 } }],
      };
      await f().kube.create(GrafanaDashboardResource, 'added', dashboardSpec(dashboard));
      const synced = (await f().kube.waitReady(GrafanaDashboardResource, 'added', {
        status: 'True',
        reason: 'Synced',
      })) as GrafanaDashboard;
      const uid = synced.status?.uid ?? '';
      const stored = (await f().grafana.api.dashboards.get(uid)).dashboard as Json & { panels: Json[] };
      // A "UI save" that adds a panel description and a unit, through the HTTP API.
      stored.panels[0]!.description = 'added by hand';
      stored.panels[0]!.fieldConfig = { defaults: { unit: 'percent' }, overrides: [] };
      await f().grafana.api.dashboards.save({ dashboard: stored, overwrite: true });
      // What the next resync does, without waiting the 10 s resyncPeriod for it.
      await reconcileOnFreshLists(f(), GrafanaDashboardResource, ['added']);
      await eventually(
        async () => {
          const panel = ((await f().grafana.api.dashboards.get(uid)).dashboard as Json & { panels: Json[] })
            .panels[0]!;
          return panel.description === undefined && panel.fieldConfig === undefined;
        },
        { timeoutMs: 30_000, what: 'the added fields reverted' },
      );
    },
  );
});

describe('Grafana 12.2', () => {
  const { f, dashboardSpec } = releaseFixture('12.2');

  itWithDouble('a title used by another dashboard in the folder is allowed: both exist (§6.5)', async () => {
    const title = `Shared title ${f().kube.namespace}`;
    await f().grafana.api.dashboards.save({
      dashboard: { uid: 'other-12', title, panels: [] },
      overwrite: false,
    });
    await f().kube.create(GrafanaDashboardResource, 'same-title', dashboardSpec({ title, panels: [] }));
    const synced = (await f().kube.waitReady(GrafanaDashboardResource, 'same-title', {
      status: 'True',
      reason: 'Synced',
    })) as GrafanaDashboard;
    expect(synced.status?.uid).not.toBe('other-12');
    expect((await f().grafana.api.dashboards.get('other-12')).dashboard.title).toBe(title);
    expect((await f().grafana.api.dashboards.get(synced.status?.uid ?? '')).dashboard.title).toBe(title);
  });
});

describe('Grafana 13.0', () => {
  const { f, dashboardSpec } = releaseFixture('13.0');

  itWithDouble(
    'a refresh below min_refresh_interval is refused by Grafana: InvalidSpec saying why (§6.6)',
    async () => {
      await f().kube.create(
        GrafanaDashboardResource,
        'too-fast',
        dashboardSpec({ title: `Too fast ${f().kube.namespace}`, refresh: '1s', panels: [] }),
      );
      const refused = await f().kube.waitReady(GrafanaDashboardResource, 'too-fast', {
        status: 'False',
        reason: 'InvalidSpec',
      });
      const message = refused.status?.conditions?.find((c) => c.type === 'Ready')?.message ?? '';
      expect(message).toContain('refresh "1s"');
      expect(message).toContain('min_refresh_interval');
    },
  );
});
