import {
  GrafanaDashboardResource,
  GrafanaDatasourceResource,
  type GrafanaDatasource,
} from '../../src/api/generated/index.js';
import { createTestNamespace, e2eCluster } from '../support/cluster.js';
import { connectInstance } from '../support/fixture.js';
import { startGrafana, type GrafanaUnderTest } from '../support/grafana.js';
import { TestKube } from '../support/kube.js';
import { startOperator, type InProcessOperator } from '../support/operator.js';
import { eventually } from '../support/wait.js';

/**
 * Two namespaces, each with its own GrafanaInstance pointing at the same Grafana org: one org is
 * one target, so an object there has one manager whichever namespace asks for it.
 */
describe('one Grafana org shared by instances in two namespaces', () => {
  let grafana: GrafanaUnderTest;
  let operator: InProcessOperator;
  let teamA: TestKube;
  let teamB: TestKube;
  const selector = { matchLabels: { grafana: 'main' } };

  beforeAll(async () => {
    teamA = new TestKube(await createTestNamespace('org-a'));
    teamB = new TestKube(await createTestNamespace('org-b'));
    grafana = await startGrafana();
    operator = await startOperator({
      namespace: teamA.namespace,
      kubeConfig: e2eCluster().kubeConfig(),
      env: { WATCH_NAMESPACES: `${teamA.namespace},${teamB.namespace}` },
    });
    await connectInstance(teamA, grafana, 'main', { grafana: 'main' });
    await connectInstance(teamB, grafana, 'main', { grafana: 'main' });
  });

  afterAll(async () => {
    await operator?.stop();
    await grafana?.stop();
  });

  const datasource = (name: string, url: string, extra: Record<string, unknown> = {}) => ({
    instanceSelector: selector,
    name,
    type: 'prometheus',
    url,
    resyncPeriod: '10s',
    ...extra,
  });

  it('adopt does not take over a datasource another namespace manages; the Conflict names the holder', async () => {
    const name = `shared-${teamA.namespace}`;
    await teamA.create(GrafanaDatasourceResource, 'prom', datasource(name, 'http://a.example:9090'));
    const held = (await teamA.waitReady(GrafanaDatasourceResource, 'prom', {
      status: 'True',
      reason: 'Synced',
    })) as GrafanaDatasource;
    const uid = held.status?.uid ?? '';

    await teamB.create(
      GrafanaDatasourceResource,
      'prom',
      datasource(name, 'http://b.example:9090', { adopt: true }),
    );
    const refused = await teamB.waitReady(GrafanaDatasourceResource, 'prom', {
      status: 'False',
      reason: 'Conflict',
    });
    const message = refused.status?.conditions?.find((c) => c.type === 'Ready')?.message ?? '';
    expect(message).toContain(`GrafanaDatasource ${teamA.namespace}/prom`);
    expect(message).toContain(`name ${name}`);

    // The holder is untouched and keeps saying so after another reconcile.
    await teamA.touch(GrafanaDatasourceResource, 'prom');
    await teamA.waitReady(GrafanaDatasourceResource, 'prom', { status: 'True', reason: 'Synced' });
    expect(await grafana.api.datasources.getByUid(uid)).toMatchObject({ name, url: 'http://a.example:9090' });

    // Deleting the refused object removes nothing from Grafana: it never managed the datasource.
    await teamB.delete(GrafanaDatasourceResource, 'prom');
    await teamB.waitGone(GrafanaDatasourceResource, 'prom');
    expect(await grafana.api.datasources.getByUid(uid)).toMatchObject({ name, url: 'http://a.example:9090' });
  });

  it('a dashboard uid taken in another namespace is a Conflict naming the holder, released when it goes', async () => {
    const uid = `shared-${teamA.namespace}`.slice(0, 40);
    const dashboard = (title: string) => ({
      instanceSelector: selector,
      uid,
      json: JSON.stringify({ title, panels: [] }),
      resyncPeriod: '10s',
    });
    await teamA.create(GrafanaDashboardResource, 'board', dashboard('From A'));
    await teamA.waitReady(GrafanaDashboardResource, 'board', { status: 'True', reason: 'Synced' });
    await teamB.create(GrafanaDashboardResource, 'board', dashboard('From B'));
    const refused = await teamB.waitReady(GrafanaDashboardResource, 'board', {
      status: 'False',
      reason: 'Conflict',
    });
    expect(refused.status?.conditions?.find((c) => c.type === 'Ready')?.message).toContain(
      `uid ${uid} in this Grafana org is already managed by GrafanaDashboard ${teamA.namespace}/board`,
    );
    expect((await grafana.api.dashboards.get(uid)).dashboard.title).toBe('From A');

    // Once the holder is gone (and with it the dashboard), the waiting object takes the uid.
    await teamA.delete(GrafanaDashboardResource, 'board');
    await teamA.waitGone(GrafanaDashboardResource, 'board');
    await teamB.waitReady(GrafanaDashboardResource, 'board', { status: 'True', reason: 'Synced' });
    await eventually(async () => (await grafana.api.dashboards.get(uid)).dashboard.title === 'From B', {
      what: 'the dashboard written by the object in the second namespace',
    });
  });
});
