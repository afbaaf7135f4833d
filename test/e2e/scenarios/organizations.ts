import { GrafanaInstanceResource, GrafanaOrganizationResource } from '../../../src/api/generated/index.js';
import { editsIn } from '../../support/grafana-edits.js';
import type { ObjectFixture } from '../../support/fixture.js';
import type { KindScenario, ScenarioContext } from './scenario.js';

/**
 * Orgs are written by a Grafana server admin (docs/grafana-api.md §19.1): the scenario makes one
 * of its own over HTTP, so its requests are the operator's in the request log (the test's own
 * admin is left out of it), and a GrafanaInstance "server-admin" that acts as it.
 */
export const SERVER_ADMIN_INSTANCE = 'server-admin';
/** The server admin's password, which must appear only in its Secret (grafanaorganization.test.ts). */
export const SERVER_ADMIN_PASSWORD = 'e2e-org-operator-not-secret';
const PASSWORD = SERVER_ADMIN_PASSWORD;

const operatorLogin = (c: ScenarioContext) => c.shared('org-operator');
const alice = (c: ScenarioContext) => c.shared('org-alice');
const bob = (c: ScenarioContext) => c.shared('org-bob');
const bobEmail = (c: ScenarioContext) => `${bob(c)}@example.com`;
const userIds: number[] = [];

/** A Ready GrafanaInstance "server-admin" acting as a new server admin; answers its login. */
export async function connectServerAdmin(f: ObjectFixture, login: string): Promise<number> {
  const edits = editsIn(f.grafana);
  const id = await edits.createUser(login, `${login}@example.com`, PASSWORD);
  await edits.makeServerAdmin(id);
  await f.kube.secret(`${SERVER_ADMIN_INSTANCE}-credentials`, { password: PASSWORD });
  await f.kube.instance(
    SERVER_ADMIN_INSTANCE,
    {
      url: f.grafana.url,
      auth: {
        basic: {
          username: login,
          passwordSecretKeyRef: { name: `${SERVER_ADMIN_INSTANCE}-credentials`, key: 'password' },
        },
      },
    },
    { grafana: SERVER_ADMIN_INSTANCE },
  );
  await f.kube.waitReady(GrafanaInstanceResource, SERVER_ADMIN_INSTANCE, {
    status: 'True',
    reason: 'Connected',
  });
  return id;
}

/** The org named `name` as Grafana holds it: its users by login with their roles, sorted. */
export async function readOrg(
  f: ObjectFixture,
  name: string,
): Promise<{ users: Array<{ login: string; role: string }> } | undefined> {
  const edits = editsIn(f.grafana);
  const id = await edits.findOrg(name);
  if (id === undefined) return undefined;
  const users = (await edits.orgUsers(id))
    .map((u) => ({ login: u.login, role: u.role }))
    .sort((a, b) => a.login.localeCompare(b.login));
  return { users };
}

const sorted = (users: Array<{ login: string; role: string }>) =>
  [...users].sort((a, b) => a.login.localeCompare(b.login));

export const organizations: KindScenario = {
  title: 'GrafanaOrganization',
  type: GrafanaOrganizationResource,
  name: 'organization',
  instance: SERVER_ADMIN_INSTANCE,
  prepare: async (c) => {
    const edits = editsIn(c.f.grafana);
    userIds.push(await edits.createUser(alice(c), `${alice(c)}@example.com`));
    userIds.push(await edits.createUser(bob(c), bobEmail(c)));
    userIds.push(await connectServerAdmin(c.f, operatorLogin(c)));
  },
  spec: (c) => ({
    instanceSelector: { matchLabels: { grafana: SERVER_ADMIN_INSTANCE } },
    resyncPeriod: '10s',
    name: c.n('scenario-org'),
    // One by login, one by e-mail; the instance's own user stays Admin unlisted.
    members: [
      { login: alice(c), role: 'Editor' },
      { email: bobEmail(c), role: 'Viewer' },
    ],
  }),
  change: (c) => ({ members: [{ login: alice(c), role: 'Admin' }] }),
  read: (c) => readOrg(c.f, c.n('scenario-org')),
  expected: (c, stage) => ({
    users: sorted(
      stage === 'created'
        ? [
            { login: operatorLogin(c), role: 'Admin' },
            { login: alice(c), role: 'Editor' },
            { login: bob(c), role: 'Viewer' },
          ]
        : [
            { login: operatorLogin(c), role: 'Admin' },
            { login: alice(c), role: 'Admin' },
          ],
    ),
  }),
  // Server admin → Organizations → the org's users: one removed, one's role changed.
  edit: async (c) => {
    const edits = editsIn(c.f.grafana);
    const id = (await edits.findOrg(c.n('scenario-org')))!;
    await edits.removeOrgUser(id, alice(c));
    await edits.setOrgRole(id, bob(c), 'Editor');
  },
  drift: ['members (login "org-alice-', '" removed', 'email "org-bob-', 'made Editor'],
  // Made on the Organizations page by the test's server admin, who becomes its Admin.
  byHand: async (c) => {
    await editsIn(c.f.grafana).createOrg(c.n('scenario-org'));
    return {};
  },
  cleanup: async (c) => {
    const edits = editsIn(c.f.grafana);
    for (const name of [c.shared('scenario-org'), c.shared('scenario-org-adopted')]) {
      const id = await edits.findOrg(name).catch(() => undefined);
      if (id !== undefined) await edits.deleteOrg(id).catch(() => undefined);
    }
    await Promise.all(userIds.splice(0).map((id) => edits.deleteUser(id).catch(() => undefined)));
  },
};
