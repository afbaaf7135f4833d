/**
 * A periodic resync of Grafana objects nothing changed, through the sync layer of real kinds
 * (GrafanaDatasource: one list; GrafanaDashboard: a pair of lists; GrafanaAlertRuleGroup and
 * GrafanaContactPoint: their own items of a list of many objects' parts) against the real apiserver and
 * the Grafana double: after the reconcile that wrote an object, its resyncs read neither the object
 * from the apiserver nor the object from Grafana, only the kind's shared lists; a change made in
 * Grafana shows in those lists and is reverted by a full reconcile; a change of the object itself is
 * never taken for unchanged. Requests are counted at the apiserver's client and in the double's
 * request log, and Grafana is changed through its HTTP API only.
 */
import pino from 'pino';
import {
  GrafanaAlertRuleGroupResource,
  GrafanaContactPointResource,
  GrafanaDashboardResource,
  GrafanaDatasourceResource,
  GrafanaInstanceResource,
  type GrafanaDashboard,
  type GrafanaDatasource,
  type GrafanaInstance,
} from '../../src/api/generated/index.js';
import { RuleGroupOwners } from '../../src/alerting/rule-group-owners.js';
import { grafanaAlertRuleGroupKind } from '../../src/controllers/grafanaalertrulegroup.js';
import { grafanaContactPointKind } from '../../src/controllers/grafanacontactpoint.js';
import { grafanaDashboardKind } from '../../src/controllers/grafanadashboard.js';
import { grafanaDatasourceKind } from '../../src/controllers/grafanadatasource.js';
import { GrafanaApi, GrafanaHttpClient, type RuleGroupRuleInput } from '../../src/grafana/index.js';
import { Informer } from '../../src/runtime/informer.js';
import { KubeClient } from '../../src/runtime/kube/client.js';
import type { ResourceType } from '../../src/runtime/kube/types.js';
import { GrafanaDouble } from '../grafana-double/server.js';
import { e2eCluster } from '../support/cluster.js';
import { syncHarness, type SyncHarness } from '../support/sync-harness.js';

/** Longer than any list cache keeps a Grafana list (they are read again after this). */
const LIST_CACHE_AGED_MS = 60_000;

interface Case {
  kind: string;
  resource: ResourceType;
  harness(): Promise<SyncHarness>;
  spec: Record<string, unknown>;
  /** The list calls a resync may make. */
  lists: RegExp;
  /** Changes the object in Grafana as a person would. */
  editInGrafana(ui: GrafanaApi, uid: string): Promise<void>;
  /** Makes another object of the kind in Grafana, which shows in the same list. */
  makeAnother(ui: GrafanaApi): Promise<void>;
  /** Whether Grafana holds the object as the spec says (`changed`: after the spec change below). */
  holds(ui: GrafanaApi, uid: string, changed?: boolean): Promise<boolean>;
  /** A spec change. */
  change: Record<string, unknown>;
  /** A second spec change, with the title or URL `holdsLast` looks for. */
  lastChange: Record<string, unknown>;
  holdsLast(ui: GrafanaApi, uid: string): Promise<boolean>;
  /**
   * A run for a change (not a resync) may judge the object on lists up to its resync period old,
   * not only SNAPSHOT_MAX_AGE_MS: the dashboard's lists are tens of paged calls at scale.
   */
  changeReadsHeldLists: boolean;
  /** What Grafana must hold before the object is made (the group's folder). */
  setUp?(ui: GrafanaApi): Promise<void>;
  stop?(): Promise<void>;
}

/** The rule group's kind, with the registry of rule-group owners the operator gives it. */
function ruleGroupCase(): Case {
  const kube = new KubeClient(e2eCluster().kubeConfig());
  const instances = new Informer<GrafanaInstance>(kube, {
    type: GrafanaInstanceResource,
    logger: pino({ level: 'silent' }),
  });
  const group = (ui: GrafanaApi) => ui.ruleGroups.get('quiet-alerts', 'quiet');
  const interval = (seconds: number) => async (ui: GrafanaApi) => (await group(ui)).interval === seconds;
  return {
    kind: 'GrafanaAlertRuleGroup',
    resource: GrafanaAlertRuleGroupResource,
    harness: () =>
      syncHarness(
        'resync-rulegroup',
        grafanaAlertRuleGroupKind({ owners: new RuleGroupOwners(kube, instances) }),
      ),
    spec: {
      folderUID: 'quiet-alerts',
      name: 'quiet',
      interval: '1m',
      rules: [
        {
          title: 'Always',
          condition: 'A',
          data: [
            {
              refId: 'A',
              datasourceUid: '__expr__',
              model: { type: 'math', expression: '1 == 1', refId: 'A' },
            },
          ],
        },
      ],
    },
    // The list of every rule; the group's own GET only where the list cannot vouch for it.
    lists: /^GET \/api\/v1\/provisioning\/alert-rules$/,
    async editInGrafana(ui) {
      // As the UI's rule editor does: the group as stored, with another evaluation interval.
      const { rules } = await group(ui);
      await ui.ruleGroups.put(
        'quiet-alerts',
        'quiet',
        { interval: 300, rules: rules as unknown as RuleGroupRuleInput[] },
        { disableProvenance: false },
      );
    },
    async makeAnother(ui) {
      const { rules } = await group(ui);
      const [rule] = rules as unknown as RuleGroupRuleInput[];
      await ui.ruleGroups.put(
        'quiet-alerts',
        'another',
        { interval: 60, rules: [{ ...rule!, uid: 'another-rule', title: 'Another' }] },
        { disableProvenance: false },
      );
    },
    holds: async (ui, _uid, changed) => interval(changed ? 120 : 60)(ui),
    change: { interval: '2m' },
    lastChange: { interval: '3m' },
    holdsLast: async (ui) => interval(180)(ui),
    changeReadsHeldLists: false,
    async setUp(ui) {
      await ui.folders.create({ uid: 'quiet-alerts', title: 'Quiet alerts' });
    },
    async stop() {
      kube.close();
    },
  };
}

/** A receiver of one webhook integration, which its writes replace in the list of every integration. */
function contactPointCase(): Case {
  const hook = (ui: GrafanaApi) =>
    ui.contactPoints
      .list({ name: 'quiet' })
      .then((integrations) => integrations.find((i) => i.name === 'quiet'));
  const url = (expected: string) => async (ui: GrafanaApi) => (await hook(ui))?.settings?.url === expected;
  const receiver = (target: string) => ({ receivers: [{ type: 'webhook', settings: { url: target } }] });
  return {
    kind: 'GrafanaContactPoint',
    resource: GrafanaContactPointResource,
    harness: () => syncHarness('resync-contactpoint', grafanaContactPointKind),
    spec: { name: 'quiet', ...receiver('http://hook:8080/a') },
    lists: /^GET \/api\/v1\/provisioning\/contact-points$/,
    async editInGrafana(ui) {
      const integration = await hook(ui);
      await ui.contactPoints.update(integration!.uid, {
        name: 'quiet',
        type: 'webhook',
        settings: { url: 'http://elsewhere:8080/a' },
      });
    },
    async makeAnother(ui) {
      await ui.contactPoints.create({
        name: 'another',
        type: 'webhook',
        settings: { url: 'http://other:8080/' },
      });
    },
    holds: (ui, _uid, changed) => url(changed ? 'http://hook:8080/b' : 'http://hook:8080/a')(ui),
    change: receiver('http://hook:8080/b'),
    lastChange: receiver('http://hook:8080/c'),
    holdsLast: (ui) => url('http://hook:8080/c')(ui),
    changeReadsHeldLists: false,
  };
}

const CASES: Case[] = [
  {
    kind: 'GrafanaDatasource',
    resource: GrafanaDatasourceResource,
    harness: () => syncHarness('resync-datasource', grafanaDatasourceKind),
    spec: { type: 'prometheus', url: 'http://prometheus:9090' },
    lists: /^GET \/api\/datasources$/,
    async editInGrafana(ui, uid) {
      const current = await ui.datasources.getByUid(uid);
      await ui.datasources.update(uid, { ...current, url: 'http://elsewhere:9090' });
    },
    async makeAnother(ui) {
      await ui.datasources.create({
        name: 'Another',
        type: 'loki',
        access: 'proxy',
        url: 'http://loki:3100',
      });
    },
    holds: async (ui, uid, changed) =>
      (await ui.datasources.getByUid(uid)).url ===
      (changed ? 'http://prometheus-2:9090' : 'http://prometheus:9090'),
    change: { url: 'http://prometheus-2:9090' },
    lastChange: { url: 'http://prometheus-3:9090' },
    holdsLast: async (ui, uid) => (await ui.datasources.getByUid(uid)).url === 'http://prometheus-3:9090',
    changeReadsHeldLists: false,
  },
  {
    kind: 'GrafanaDashboard',
    resource: GrafanaDashboardResource,
    harness: () => syncHarness('resync-dashboard', grafanaDashboardKind()),
    spec: { json: JSON.stringify({ title: 'Quiet', panels: [], schemaVersion: 39 }) },
    lists: /^GET \/(api\/search|apis\/dashboard\.grafana\.app(\/.*\/dashboards)?)(\?.*)?$/,
    async editInGrafana(ui, uid) {
      const { dashboard } = await ui.dashboards.get(uid);
      await ui.dashboards.save({ dashboard: { ...dashboard, title: 'Renamed in Grafana' }, overwrite: true });
    },
    async makeAnother(ui) {
      await ui.dashboards.save({
        dashboard: { title: 'Another', panels: [], schemaVersion: 39 },
        overwrite: false,
      });
    },
    holds: async (ui, uid, changed) =>
      (await ui.dashboards.get(uid)).dashboard.title === (changed ? 'Quiet, changed' : 'Quiet'),
    change: { json: JSON.stringify({ title: 'Quiet, changed', panels: [], schemaVersion: 39 }) },
    lastChange: { json: JSON.stringify({ title: 'Quiet, last', panels: [], schemaVersion: 39 }) },
    holdsLast: async (ui, uid) => (await ui.dashboards.get(uid)).dashboard.title === 'Quiet, last',
    changeReadsHeldLists: true,
  },
  ruleGroupCase(),
  contactPointCase(),
];

describe.each(CASES)('a resync of an unchanged $kind', (c) => {
  let h: SyncHarness;
  const double = new GrafanaDouble();
  let ui: GrafanaApi;
  let uid: string;

  beforeAll(async () => {
    h = await c.harness();
    const url = await double.start();
    ui = new GrafanaApi(
      new GrafanaHttpClient({
        url,
        auth: { kind: 'basic', username: 'admin', password: 'admin' },
        retry: { limit: 0 },
      }),
    );
    await h.connect('g', double, { grafana: 'g' });
    await c.setUp?.(ui);
  });

  afterAll(async () => {
    await c.stop?.();
    await h?.stop();
    ui?.http.close();
    await double.stop();
  });

  const get = () => h.kube.get<GrafanaDatasource | GrafanaDashboard>(c.resource, 'quiet');
  /** One resync after the lists aged out: what it asked the apiserver and Grafana. */
  const resync = async () => {
    h.advanceClock(LIST_CACHE_AGED_MS);
    h.apiserverRequests.length = 0;
    double.clearRequests();
    const result = await h.reconcile('quiet', 'resync');
    return {
      result,
      apiserver: [...h.apiserverRequests],
      grafana: double.requests.map((r) => `${r.method} ${r.path}`),
    };
  };

  it('after the write, reads only the shared lists: no apiserver request, no per-object Grafana read', async () => {
    await h.kube.create(c.resource, 'quiet', {
      instanceSelector: { matchLabels: { grafana: 'g' } },
      ...c.spec,
    });
    await h.reconcile('quiet');
    uid = (await get()).status?.uid ?? '';
    expect(await c.holds(ui, uid)).toBe(true);
    for (let i = 0; i < 2; i++) {
      const quiet = await resync();
      expect(quiet.result.requeueAfterMs).toBeGreaterThan(0);
      expect(quiet.apiserver).toEqual([]);
      expect(quiet.grafana.length).toBeGreaterThan(0);
      for (const request of quiet.grafana) expect(request).toMatch(c.lists);
    }
  });

  it('another object of the kind made in Grafana leaves the resync quiet: it checks its own items, not the whole list', async () => {
    await c.makeAnother(ui);
    const quiet = await resync();
    expect(quiet.apiserver).toEqual([]);
    for (const request of quiet.grafana) expect(request).toMatch(c.lists);
  });

  it('a change made in Grafana shows in the lists: the resync runs in full and reverts it, then is quiet again', async () => {
    await c.editInGrafana(ui, uid);
    expect(await c.holds(ui, uid)).toBe(false);
    const full = await resync();
    expect(full.apiserver).toContain(`GET ${c.resource.plural}`);
    expect(await c.holds(ui, uid)).toBe(true);
    expect((await h.kube.events('quiet')).map((e) => e.reason)).toContain('DriftReverted');
    expect((await resync()).apiserver).toEqual([]);
  });

  it('a change of the object is never taken for unchanged, even on a resync', async () => {
    await h.kube.patchSpec(c.resource, 'quiet', c.change);
    const full = await resync();
    expect(full.apiserver).toContain(`GET ${c.resource.plural}`);
    expect(await c.holds(ui, uid, true)).toBe(true);
    expect((await resync()).apiserver).toEqual([]);
  });

  it('a change between resyncs is written; it reads the lists again only where they are kept for SNAPSHOT_MAX_AGE_MS alone', async () => {
    await resync(); // lists read now, the object in sync
    // Past SNAPSHOT_MAX_AGE_MS, well within the resync period (10 minutes by default).
    h.advanceClock(LIST_CACHE_AGED_MS);
    await h.kube.patchSpec(c.resource, 'quiet', c.lastChange);
    double.clearRequests();
    await h.reconcile('quiet', 'event');
    const requests = double.requests.map((r) => `${r.method} ${r.path}`);
    expect(await c.holdsLast(ui, uid)).toBe(true);
    const lists = requests.filter((request) => c.lists.test(request));
    if (c.changeReadsHeldLists) {
      // Nothing read: the lists as held, and the write.
      expect(lists).toEqual([]);
      expect(requests.filter((request) => request.startsWith('GET '))).toEqual([]);
    } else expect(lists.length).toBeGreaterThan(0);
    // Past the resync period, a change reads the lists again.
    h.advanceClock(11 * 60_000);
    await h.kube.patchSpec(c.resource, 'quiet', c.change);
    double.clearRequests();
    await h.reconcile('quiet', 'event');
    expect(
      double.requests.map((r) => `${r.method} ${r.path}`).filter((request) => c.lists.test(request)).length,
    ).toBeGreaterThan(0);
    expect(await c.holds(ui, uid, true)).toBe(true);
  });
});
