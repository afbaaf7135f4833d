import {
  GrafanaDashboardResource,
  GrafanaInstanceResource,
  GrafanaOrganizationResource,
  type GrafanaInstance,
  type GrafanaOrganization,
} from '../../src/api/generated/index.js';
import { placesASecretMustNotReach } from '../support/leaks.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { editsIn } from '../support/grafana-edits.js';
import { reconcileOnFreshLists } from '../support/operator.js';
import { eventually } from '../support/wait.js';
import {
  connectServerAdmin,
  SERVER_ADMIN_INSTANCE,
  SERVER_ADMIN_PASSWORD,
} from './scenarios/organizations.js';

describe('GrafanaOrganization', () => {
  let f: ObjectFixture;
  /** Names unique per run, so a shared real Grafana does not see clashes between runs. */
  let n: (name: string) => string;
  let admin: string;
  const userIds: number[] = [];

  beforeAll(async () => {
    f = await objectFixture('org');
    n = (name) => `${name}-${f.kube.namespace}`;
    admin = f.grafana.direct.admin.username;
    userIds.push(await connectServerAdmin(f, n('org-operator')));
  });

  afterAll(async () => {
    if (f) await Promise.allSettled(userIds.map((id) => editsIn(f.grafana).deleteUser(id)));
    await f?.stop();
  });

  const org = (name: string, extra: Record<string, unknown> = {}) => ({
    instanceSelector: { matchLabels: { grafana: SERVER_ADMIN_INSTANCE } },
    name: n(name),
    resyncPeriod: '10s',
    ...extra,
  });

  /** An instance acting in the org of GrafanaOrganization `organization`, as the operator's server admin. */
  const orgInstance = (name: string, organization: string) =>
    f.kube.instance(
      name,
      {
        url: f.grafana.url,
        auth: {
          basic: {
            username: n('org-operator'),
            passwordSecretKeyRef: { name: `${SERVER_ADMIN_INSTANCE}-credentials`, key: 'password' },
          },
        },
        org: { organizationRef: { name: organization } },
      },
      { grafana: organization },
    );

  const ready = (name: string, reason = 'Synced', status: 'True' | 'False' = 'True') =>
    f.kube.waitReady(GrafanaOrganizationResource, name, { status, reason }) as Promise<GrafanaOrganization>;

  const message = (object: GrafanaOrganization) =>
    object.status?.conditions?.find((c) => c.type === 'Ready')?.message ?? '';

  it('makes the org with its preferences, and records its id per instance and as status.orgId', async () => {
    await f.kube.create(
      GrafanaOrganizationResource,
      'platform',
      org('platform', {
        // The test's admin, a member, so that it can read the org's preferences.
        members: [{ login: admin, role: 'Admin' }],
        preferences: { theme: 'dark', timezone: 'utc', weekStart: 'monday' },
      }),
    );
    const synced = await ready('platform');
    const id = await editsIn(f.grafana).findOrg(n('platform'));
    expect(synced.status?.orgId).toBe(id);
    expect(synced.status?.instances?.[0]?.uid).toBe(String(id));
    expect(await editsIn(f.grafana).inOrg(id!).orgPreferences()).toEqual({
      theme: 'dark',
      timezone: 'utc',
      weekStart: 'monday',
    });
  });

  it('reverts preferences changed in Grafana, with a DriftReverted Event naming them', async () => {
    const id = (await editsIn(f.grafana).findOrg(n('platform')))!;
    await editsIn(f.grafana)
      .inOrg(id)
      .setOrgPreferences({ theme: 'light', timezone: 'utc', weekStart: 'monday' });
    // What the next resync does, without waiting the 10 s resyncPeriod for it.
    await reconcileOnFreshLists(f, GrafanaOrganizationResource, ['platform']);
    await eventually(
      async () =>
        (await f.kube.events('platform')).find(
          (e) => e.reason === 'DriftReverted' && e.message.includes('preferences.theme'),
        ),
      { what: 'a DriftReverted Event naming preferences.theme' },
    );
    await eventually(async () => (await editsIn(f.grafana).inOrg(id).orgPreferences()).theme === 'dark', {
      what: 'the theme written back',
    });
  });

  it('renames the org in place: same id, new name', async () => {
    const id = await editsIn(f.grafana).findOrg(n('platform'));
    await f.kube.patchSpec(GrafanaOrganizationResource, 'platform', { name: n('platform-renamed') });
    await eventually(async () => (await editsIn(f.grafana).findOrg(n('platform-renamed'))) === id, {
      what: 'the org renamed under its id',
    });
    expect(await editsIn(f.grafana).findOrg(n('platform'))).toBeUndefined();
    const synced = await ready('platform');
    expect(synced.status?.name).toBe(n('platform-renamed'));
  });

  it('a member no Grafana user has is DependencyNotReady naming it, and no half-made org is left', async () => {
    await f.kube.create(
      GrafanaOrganizationResource,
      'missing-member',
      org('missing-member', { members: [{ login: n('nobody'), role: 'Viewer' }] }),
    );
    const waiting = await ready('missing-member', 'DependencyNotReady', 'False');
    expect(message(waiting)).toContain(`member login "${n('nobody')}" is not a user of this Grafana`);
    expect(await editsIn(f.grafana).findOrg(n('missing-member'))).toBeUndefined();
    await f.kube.delete(GrafanaOrganizationResource, 'missing-member');
    await f.kube.waitGone(GrafanaOrganizationResource, 'missing-member');
  });

  it('org 1 is never deleted: with deletionPolicy Delete it is refused, with Orphan managed and left', async () => {
    await f.kube.create(GrafanaOrganizationResource, 'main-org', {
      ...org('main-org'),
      name: 'Main Org.',
      adopt: true,
    });
    const refused = await ready('main-org', 'MainOrgNotDeletable', 'False');
    expect(message(refused)).toMatch(/org 1 is Grafana's main org.*spec\.deletionPolicy: Orphan/);
    await f.kube.patchSpec(GrafanaOrganizationResource, 'main-org', { deletionPolicy: 'Orphan' });
    expect((await ready('main-org')).status?.orgId).toBe(1);
    await f.kube.delete(GrafanaOrganizationResource, 'main-org');
    await f.kube.waitGone(GrafanaOrganizationResource, 'main-org');
    expect(await editsIn(f.grafana).findOrg('Main Org.')).toBe(1);
  });

  it('an instance that does not act as a server admin is refused, naming it', async () => {
    await f.kube.create(GrafanaOrganizationResource, 'token-org', {
      ...org('token-org'),
      instanceSelector: f.selector,
    });
    const refused = await ready('token-org', 'InvalidSpec', 'False');
    expect(message(refused)).toMatch(/^main: GrafanaInstance main does not act as a Grafana server admin/);
    expect(await editsIn(f.grafana).findOrg(n('token-org'))).toBeUndefined();
  });

  it('a GrafanaInstance with spec.org.organizationRef waits for the org, then acts in it', async () => {
    await orgInstance('team-org-instance', 'team-org');
    const waiting = await f.kube.waitReady(GrafanaInstanceResource, 'team-org-instance', {
      status: 'False',
      reason: 'DependencyNotReady',
    });
    expect(waiting.status?.conditions?.find((c) => c.type === 'Ready')?.message).toBe(
      'spec.org.organizationRef: GrafanaOrganization team-org does not exist',
    );
    await f.kube.create(GrafanaOrganizationResource, 'team-org', org('team-org'));
    const orgId = (await ready('team-org')).status?.orgId;
    expect(orgId).toBeGreaterThan(1);
    // The organization's change requeues the instance: no wait for its resync.
    const connected = (await f.kube.waitReady(GrafanaInstanceResource, 'team-org-instance', {
      status: 'True',
      reason: 'Connected',
    })) as GrafanaInstance;
    expect(connected.status?.orgId).toBe(orgId);
    await f.kube.delete(GrafanaInstanceResource, 'team-org-instance');
    await f.kube.waitGone(GrafanaInstanceResource, 'team-org-instance');
    await f.kube.delete(GrafanaOrganizationResource, 'team-org');
    await f.kube.waitGone(GrafanaOrganizationResource, 'team-org');
  });

  it('an org whose home dashboard is made in it: kept, waiting for that dashboard, then Ready with it as home', async () => {
    await f.kube.create(
      GrafanaOrganizationResource,
      'home-org',
      org('home-org', {
        members: [{ login: admin, role: 'Admin' }],
        preferences: { theme: 'dark', homeDashboardRef: 'home-org-overview' },
      }),
    );
    // The dashboard can only be made once the org exists, through an instance acting in it.
    await orgInstance('home-org-instance', 'home-org');
    const waiting = await ready('home-org', 'DependencyNotReady', 'False');
    expect(message(waiting)).toBe(
      `${SERVER_ADMIN_INSTANCE}: preferences.homeDashboardRef: waiting for GrafanaDashboard "home-org-overview", which does not exist`,
    );
    const id = (await editsIn(f.grafana).findOrg(n('home-org')))!;
    expect(waiting.status?.orgId).toBe(id);
    // The rest of the preferences is written meanwhile.
    expect(await editsIn(f.grafana).inOrg(id).orgPreferences()).toEqual({ theme: 'dark' });
    const connected = (await f.kube.waitReady(GrafanaInstanceResource, 'home-org-instance', {
      status: 'True',
      reason: 'Connected',
    })) as GrafanaInstance;
    expect(connected.status?.orgId).toBe(id);

    await f.kube.create(GrafanaDashboardResource, 'home-org-overview', {
      instanceSelector: { matchLabels: { grafana: 'home-org' } },
      json: JSON.stringify({ uid: 'home-org-overview', title: 'Home', panels: [], schemaVersion: 39 }),
    });
    await f.kube.waitReady(GrafanaDashboardResource, 'home-org-overview', {
      status: 'True',
      reason: 'Synced',
    });
    // The dashboard's change requeues the org: no wait for its resync or its backoff.
    const synced = await ready('home-org');
    expect(synced.status?.orgId).toBe(id);
    expect(await editsIn(f.grafana).inOrg(id).orgPreferences()).toEqual({
      theme: 'dark',
      homeDashboardUID: 'home-org-overview',
    });

    await f.kube.delete(GrafanaDashboardResource, 'home-org-overview');
    await f.kube.waitGone(GrafanaDashboardResource, 'home-org-overview');
    await f.kube.delete(GrafanaInstanceResource, 'home-org-instance');
    await f.kube.waitGone(GrafanaInstanceResource, 'home-org-instance');
    await f.kube.delete(GrafanaOrganizationResource, 'home-org');
    await f.kube.waitGone(GrafanaOrganizationResource, 'home-org');
    expect(await editsIn(f.grafana).findOrg(n('home-org'))).toBeUndefined();
  });

  it('deletionPolicy Delete deletes the org', async () => {
    await f.kube.delete(GrafanaOrganizationResource, 'platform');
    await f.kube.waitGone(GrafanaOrganizationResource, 'platform');
    expect(await editsIn(f.grafana).findOrg(n('platform-renamed'))).toBeUndefined();
  });

  it("the server admin's password appears in no status, Event, log line or metric", async () => {
    const places = await placesASecretMustNotReach(f, [GrafanaOrganizationResource, GrafanaInstanceResource]);
    // The scan reads what the tests above produced: orgs made, refused and deleted.
    expect(places.logs).toContain('GrafanaOrganization');
    for (const [place, text] of Object.entries(places))
      expect({ place, leaked: text.includes(SERVER_ADMIN_PASSWORD) }).toEqual({ place, leaked: false });
  });
});
