import { readdirSync } from 'node:fs';
import path from 'node:path';
import {
  GrafanaContactPointResource,
  GrafanaDashboardResource,
  GrafanaMuteTimingResource,
  GrafanaNotificationPolicyRouteResource,
  GrafanaServiceAccountResource,
  GrafanaRepositoryResource,
  GrafanaAppResourceResource,
  type GrafanaAppResource,
  GrafanaSilenceResource,
  GrafanaTeamResource,
  type GrafanaDashboard,
  type GrafanaRepository,
  type GrafanaSilence,
} from '../../src/api/generated/index.js';
import { repoRoot } from '../cluster/binaries.js';
import { e2eCluster } from '../support/cluster.js';
import { addGitRemote } from '../grafana-double/repository-state.js';
import { EXAMPLE_REMOTE } from './scenarios/repositories.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { eventually } from '../support/wait.js';

/** Rows of a `kubectl get` table, by column title; a title may hold a space (CONTACT POINT). */
function tables(stdout: string): Array<{ header: string[]; rows: Array<Record<string, string>> }> {
  return stdout
    .trim()
    .split(/\n\s*\n/)
    .map((block) => {
      const [headerLine = '', ...lines] = block.split('\n');
      const header = headerLine.trim().split(/\s{2,}/);
      let from = 0;
      const starts = header.map((title) => {
        const start = headerLine.indexOf(title, from);
        from = start + title.length;
        return start;
      });
      const rows = lines.map((line) =>
        Object.fromEntries(
          header.map((title, i) => [title, line.slice(starts[i], starts[i + 1] ?? line.length).trim()]),
        ),
      );
      return { header, rows };
    });
}

describe('printer columns (kubectl get), on the examples', () => {
  const cluster = e2eCluster();
  let f: ObjectFixture;

  beforeAll(async () => {
    // Git Sync is served with its toggle; the repository example's remote is one the double reaches.
    f = await objectFixture('columns', { featureToggles: { provisioning: true } });
    if (f.grafana.double) addGitRemote(f.grafana.double.state, EXAMPLE_REMOTE.url, [EXAMPLE_REMOTE.branch]);
    // examples/ as a user applies it, except its GrafanaInstance: the fixture's "main" stands in.
    const examples = path.join(repoRoot, 'examples');
    const dirs = readdirSync(examples, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) => ['-f', path.join(examples, entry.name)]);
    const applied = await cluster.kubectl(['apply', '-n', f.kube.namespace, ...dirs]);
    if (applied.code !== 0) throw new Error(`kubectl apply failed: ${applied.stderr}`);
    for (const [resource, name] of [
      [GrafanaContactPointResource, 'platform-oncall'],
      [GrafanaMuteTimingResource, 'off-hours'],
      [GrafanaDashboardResource, 'kubernetes-apiserver'],
      [GrafanaTeamResource, 'platform'],
      [GrafanaServiceAccountResource, 'ci'],
      [GrafanaSilenceResource, 'disk-maintenance'],
      [GrafanaRepositoryResource, 'dashboards'],
      [GrafanaAppResourceResource, 'noc-rotation'],
    ] as const) {
      await f.kube.waitReady(resource, name, { status: 'True', reason: 'Synced' }, 60_000);
    }
  });

  afterAll(async () => {
    await f?.stop();
  });

  const get = async (...args: string[]) => {
    const result = await cluster.kubectl(['get', '-n', f.kube.namespace, ...args]);
    if (result.code !== 0) throw new Error(`kubectl get failed: ${result.stderr}`);
    return tables(result.stdout);
  };
  const row = (table: { rows: Array<Record<string, string>> }, name: string) =>
    table.rows.find((r) => r.NAME === name || r.NAME?.endsWith(`/${name}`));

  it('name the contact point and the mute timing in Grafana when spec.name is left to default', async () => {
    const [contactPoints] = await get('grafanacontactpoints');
    expect(row(contactPoints!, 'platform-oncall')).toMatchObject({
      'CONTACT POINT': 'platform-oncall',
      READY: 'True',
    });
    const [timings] = await get('grafanamutetimings');
    expect(row(timings!, 'off-hours')).toMatchObject({ TIMING: 'off-hours', READY: 'True' });
  });

  it('name the team in Grafana when spec.name is left to default', async () => {
    const [teams] = await get('grafanateams');
    expect(row(teams!, 'platform')).toMatchObject({ TEAM: 'platform', READY: 'True' });
  });

  it("show a policy route's priority and the policies whose tree holds it", async () => {
    await f.kube.waitReady(GrafanaNotificationPolicyRouteResource, 'database', {
      status: 'True',
      reason: 'Synced',
    });
    const [routes] = await get('grafananotificationpolicyroutes');
    expect(row(routes!, 'database')).toMatchObject({ PRIORITY: '10', READY: 'True', POLICIES: 'main' });
  });

  it('name the service account in Grafana and show its role', async () => {
    const [accounts] = await get('grafanaserviceaccounts');
    expect(row(accounts!, 'ci')).toMatchObject({ ACCOUNT: 'ci', ROLE: 'Editor', READY: 'True' });
  });

  it("show a silence's state and the id Grafana gave it", async () => {
    const silence = await f.kube.get<GrafanaSilence>(GrafanaSilenceResource, 'disk-maintenance');
    const [silences] = await get('grafanasilences');
    expect(row(silences!, 'disk-maintenance')).toMatchObject({
      STATE: 'active',
      'SILENCE ID': silence.status?.silenceId,
      READY: 'True',
    });
  });

  it("show a repository's type, Grafana's health check and its last sync", async () => {
    const repository = await f.kube.get<GrafanaRepository>(GrafanaRepositoryResource, 'dashboards');
    const [repositories] = await get('grafanarepositories');
    expect(row(repositories!, 'dashboards')).toMatchObject({
      TYPE: 'github',
      HEALTHY: 'true',
      SYNC: repository.status?.sync?.state,
      READY: 'True',
    });
  });

  it("show an app resource's group version, kind and uid", async () => {
    const resource = await f.kube.get<GrafanaAppResource>(GrafanaAppResourceResource, 'noc-rotation');
    const [resources] = await get('grafanaappresources');
    expect(row(resources!, 'noc-rotation')).toMatchObject({
      'API VERSION': 'playlist.grafana.app/v0alpha1',
      KIND: 'Playlist',
      UID: resource.status?.uid,
      READY: 'True',
    });
  });

  it('name the org in Grafana when spec.name is left to default, with its id once it has one', async () => {
    // Its example instance points at a Grafana this test does not run: not ready, named anyway,
    // once the wait has lasted FIRST_WAIT_HELD_MS (a new object's first wait is not written before).
    await eventually(async () => {
      const [orgs] = await get('grafanaorganizations');
      expect(orgs!.header).toContain('ORG ID');
      expect(row(orgs!, 'platform')).toMatchObject({
        ORGANIZATION: 'platform',
        READY: 'False',
        'ORG ID': '',
      });
      return true;
    });
  });

  it("show a dashboard's title (from its JSON) and uid", async () => {
    const dashboard = await f.kube.get<GrafanaDashboard>(GrafanaDashboardResource, 'kubernetes-apiserver');
    const [dashboards] = await get('grafanadashboards');
    expect(dashboards!.header.slice(0, 4)).toEqual(['NAME', 'TITLE', 'UID', 'FOLDER']);
    expect(row(dashboards!, 'kubernetes-apiserver')).toMatchObject({
      TITLE: 'Kubernetes / API server',
      UID: dashboard.status?.uid,
    });
  });

  it("show every kind's Ready message with -o wide, and only then", async () => {
    const wide = await get('grafana', '-o', 'wide');
    // One table per kind in the category (examples/ has objects of every kind), each with MESSAGE.
    expect(wide).toHaveLength(18);
    for (const table of wide) expect(table.header).toContain('MESSAGE');
    const [instances] = await get('grafanainstances', '-o', 'wide');
    expect(row(instances!, 'main')?.MESSAGE).toMatch(/^Connected to Grafana /);
    const [contactPoints] = await get('grafanacontactpoints', '-o', 'wide');
    expect(row(contactPoints!, 'platform-oncall')?.MESSAGE).toBe('In sync on 1 instance');
    for (const table of await get('grafana')) expect(table.header).not.toContain('MESSAGE');
  });
});
