import {
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
    await f.kube.instance(
      'team-org-instance',
      {
        url: f.grafana.url,
        auth: {
          basic: {
            username: n('org-operator'),
            passwordSecretKeyRef: { name: `${SERVER_ADMIN_INSTANCE}-credentials`, key: 'password' },
          },
        },
        org: { organizationRef: { name: 'team-org' } },
      },
      { grafana: 'team-org' },
    );
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
