/**
 * The multi-org bootstrap of examples/multi-org/ (docs/multi-org.md), applied in one go in reverse
 * order, then deleted in one go: a server-admin instance makes an org, a second one acts in it to make
 * an Admin service account, whose token Secret a third instance uses for a folder (with a team's
 * permission), a datasource and a dashboard. Grafana is read only over HTTP, as the server admin,
 * so the test holds against a real Grafana (GRAFANA_URL) too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { authorizationHeader } from '../../src/grafana/connection.js';
import type { KubeObject } from '../../src/runtime/kube/types.js';
import { repoRoot } from '../cluster/binaries.js';
import { createTestNamespace, e2eCluster } from '../support/cluster.js';
import { kubectlOk, toYamlStream } from '../support/deploy.js';
import { startGrafana, type GrafanaUnderTest } from '../support/grafana.js';
import { TestKube } from '../support/kube.js';
import { resourceOf } from '../support/resource-of.js';
import { startOperator, type InProcessOperator } from '../support/operator.js';
import { eventually } from '../support/wait.js';

type Manifest = KubeObject & {
  spec?: Record<string, unknown> & { url?: string; auth?: { basic?: { username?: string } } };
  stringData?: Record<string, string>;
};

const DIR = path.join(repoRoot, 'examples', 'multi-org');

/** examples/multi-org/ as written, pointed at the Grafana under test and its server admin. */
function bootstrapManifests(grafana: GrafanaUnderTest, orgName: string): Manifest[] {
  const objects = readdirSync(DIR)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(path.join(DIR, file), 'utf8')).map((d) => d.toJS() as Manifest),
    )
    .filter(Boolean);
  for (const object of objects) {
    if (object.kind === 'GrafanaInstance' && object.spec) {
      object.spec.url = grafana.url;
      if (object.spec.auth?.basic) object.spec.auth.basic.username = grafana.direct.admin.username;
    }
    if (object.kind === 'Secret' && object.metadata?.name === 'acme-server-admin')
      object.stringData = { password: grafana.direct.admin.password };
    // Unique per run: a real Grafana may keep orgs of other runs.
    if (object.kind === 'GrafanaOrganization' && object.spec) object.spec.name = orgName;
  }
  return objects;
}

/** GET as the server admin in `orgId`, straight to Grafana; undefined on 404. */
async function read<T>(grafana: GrafanaUnderTest, orgId: number, apiPath: string): Promise<T | undefined> {
  const response = await fetch(`${grafana.direct.url}${apiPath}`, {
    headers: {
      authorization: authorizationHeader({ kind: 'basic', ...grafana.direct.admin }),
      accept: 'application/json',
      'x-grafana-org-id': String(orgId),
    },
  });
  if (response.status === 404) return undefined;
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${apiPath}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

describe('multi-org bootstrap (examples/multi-org/)', () => {
  let kube: TestKube;
  let grafana: GrafanaUnderTest;
  let operator: InProcessOperator;
  let objects: Manifest[];
  let orgName: string;

  beforeAll(async () => {
    kube = new TestKube(await createTestNamespace('multi-org'));
    grafana = await startGrafana();
    operator = await startOperator({ namespace: kube.namespace, kubeConfig: e2eCluster().kubeConfig() });
    orgName = `Acme ${kube.namespace}`;
    objects = bootstrapManifests(grafana, orgName);
  });

  afterAll(async () => {
    await operator?.stop();
    await grafana?.stop();
  });

  const ours = () => objects.filter((o) => o.apiVersion?.startsWith('grafana.provisioning.dev/'));
  const orgId = async () =>
    (
      await read<Array<{ id: number; name: string }>>(
        grafana,
        1,
        `/api/orgs?name=${encodeURIComponent(orgName)}`,
      )
    )?.[0]?.id;

  it('applied in one go, in reverse order, every object becomes Ready', async () => {
    await kubectlOk(e2eCluster(), ['apply', '-n', kube.namespace, '-f', '-'], {
      input: toYamlStream([...objects].reverse()),
    });
    expect(
      ours()
        .map((o) => `${o.kind}/${o.metadata?.name}`)
        .sort(),
    ).toEqual([
      'GrafanaDashboard/acme-overview',
      'GrafanaDatasource/acme-prometheus',
      'GrafanaFolder/acme',
      'GrafanaInstance/acme',
      'GrafanaInstance/acme-org-admin',
      'GrafanaInstance/acme-server-admin',
      'GrafanaOrganization/acme',
      'GrafanaServiceAccount/acme-operator',
      'GrafanaTeam/acme-platform',
    ]);
    for (const object of ours())
      await kube.waitReady(resourceOf(object), object.metadata?.name ?? '', { status: 'True' }, 90_000);
    // The instance waited for the token Secret the service account writes (DependencyNotReady,
    // quiet): nothing was wrong, so nothing was a Warning.
    const warnings = (await kube.events('acme')).filter((event) => event.type === 'Warning');
    expect(warnings.map((event) => `${event.reason}: ${event.message}`)).toEqual([]);
  });

  it('puts the service account, folder, team permission, datasource and dashboard in the new org', async () => {
    const id = await orgId();
    expect(id).toBeGreaterThan(1);
    const accounts = await read<{ serviceAccounts: Array<{ name: string; role: string }> }>(
      grafana,
      id!,
      '/api/serviceaccounts/search?query=acme-operator',
    );
    expect(accounts?.serviceAccounts).toEqual([
      expect.objectContaining({ name: 'acme-operator', role: 'Admin' }),
    ]);
    const folders = await read<Array<{ uid: string; title: string }>>(grafana, id!, '/api/folders');
    const folder = folders?.find((f) => f.title === 'Acme');
    expect(folder).toBeDefined();
    const teams = await read<{ teams: Array<{ id: number; name: string }> }>(
      grafana,
      id!,
      '/api/teams/search?name=Acme%20Platform',
    );
    const team = teams?.teams[0];
    expect(team?.name).toBe('Acme Platform');
    const permissions = await read<Array<{ teamId?: number; permission: number }>>(
      grafana,
      id!,
      `/api/folders/${folder!.uid}/permissions`,
    );
    // 2 is Edit (docs/grafana-api.md, folder permissions).
    expect(permissions).toContainEqual(expect.objectContaining({ teamId: team!.id, permission: 2 }));
    const datasource = await read<{ name: string; type: string }>(
      grafana,
      id!,
      `/api/datasources/name/${encodeURIComponent('Acme Prometheus')}`,
    );
    expect(datasource).toMatchObject({ name: 'Acme Prometheus', type: 'prometheus' });
    const dashboard = await read<{ dashboard: { title: string }; meta: { folderUid: string } }>(
      grafana,
      id!,
      '/api/dashboards/uid/acme-overview',
    );
    expect(dashboard).toMatchObject({
      dashboard: { title: 'Acme / Overview' },
      meta: { folderUid: folder!.uid },
    });
    // Nothing of it landed in org 1.
    expect(await read(grafana, 1, '/api/dashboards/uid/acme-overview')).toBeUndefined();
  });

  // Deleted in one go, it comes down in the order it was built, backwards: the org waits for the
  // instance acting in it, the service account for the instance signing in with its token
  // (DeletionWaiting), each instance for the objects selecting it, the folder for its contents.
  it('deleted in one go, every object goes in order (content, instance, service account, org) and the org leaves Grafana', async () => {
    expect(await orgId()).toBeDefined();
    const all = ours();
    await kubectlOk(e2eCluster(), ['delete', '-n', kube.namespace, '--wait=false', '-f', '-'], {
      input: toYamlStream(all),
    });
    for (const object of all) await kube.waitGone(resourceOf(object), object.metadata?.name ?? '', 90_000);
    // Had the org gone first, the content's and the account's removals would have failed
    // (401, 403) and their finalizers would hold them: all gone means it came down in order.
    await eventually(async () => (await orgId()) === undefined, { what: `org ${orgName} gone from Grafana` });
  });
});
