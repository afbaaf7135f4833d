import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  GrafanaAlreadyExistsError,
  GrafanaNotFoundError,
  GrafanaValidationError,
  LastOrgAdminError,
  type GrafanaApi,
} from '../../../src/grafana/index.js';
import { startDoubleTarget, type DoubleTarget } from '../../support/double-target.js';

/** OrgMembersApi against the double, which follows docs/grafana-api.md §19. */
let t: DoubleTarget;
/** The server admin, as basic auth. */
let admin: GrafanaApi;
let orgId: number;

beforeEach(async () => {
  t = await startDoubleTarget();
  admin = t.target.api;
  orgId = (await admin.orgs.create({ name: 'platform' })).orgId;
  t.double.addUser('alice', 'x', { orgs: { 1: 'Viewer' }, email: 'alice@example.com' });
});

afterEach(async () => {
  await t.stop();
});

const roles = async () =>
  Object.fromEntries((await admin.orgMembers.users(orgId)).map((u) => [u.login, u.role]));

describe('OrgMembersApi', () => {
  it('the creating server admin is an Admin of the new org; users are added by login or e-mail, None included', async () => {
    expect(await roles()).toEqual({ admin: 'Admin' });
    await admin.orgMembers.add(orgId, 'alice@example.com', 'None');
    expect(await roles()).toEqual({ admin: 'Admin', alice: 'None' });
    await expect(admin.orgMembers.add(orgId, 'nobody', 'Viewer')).rejects.toBeInstanceOf(
      GrafanaNotFoundError,
    );
  });

  it('refuses to remove or demote the last Admin (LastOrgAdminError), and allows it once another is Admin', async () => {
    const adminId = (await admin.orgMembers.users(orgId)).find((u) => u.login === 'admin')!.userId;
    await expect(admin.orgMembers.setRole(orgId, adminId, 'Editor')).rejects.toBeInstanceOf(
      LastOrgAdminError,
    );
    await expect(admin.orgMembers.remove(orgId, adminId)).rejects.toBeInstanceOf(LastOrgAdminError);
    expect(await roles()).toEqual({ admin: 'Admin' });
    await admin.orgMembers.add(orgId, 'alice', 'Admin');
    await admin.orgMembers.remove(orgId, adminId);
    expect(await roles()).toEqual({ alice: 'Admin' });
  });

  it('renames, and a taken name is GrafanaAlreadyExistsError (Grafana: 400)', async () => {
    await admin.orgMembers.rename(orgId, 'platform-team');
    expect((await admin.orgs.getById(orgId)).name).toBe('platform-team');
    await expect(admin.orgMembers.rename(orgId, 'Main Org.')).rejects.toBeInstanceOf(
      GrafanaAlreadyExistsError,
    );
  });

  it("writes the org's preferences in the org (its header), replacing them whole; refuses a missing home dashboard", async () => {
    const inOrg = admin.withOrg(orgId);
    await inOrg.orgMembers.setPreferences({
      theme: 'dark',
      homeDashboardUID: '',
      timezone: 'utc',
      weekStart: '',
    });
    expect(await inOrg.orgMembers.preferences()).toEqual({ theme: 'dark', timezone: 'utc' });
    // Org 1's are its own.
    expect(await admin.orgMembers.preferences()).toEqual({});
    await expect(
      inOrg.orgMembers.setPreferences({ theme: '', homeDashboardUID: 'nope', timezone: '', weekStart: '' }),
    ).rejects.toBeInstanceOf(GrafanaNotFoundError);
  });

  it('deletes another org, not the one the request runs in', async () => {
    await expect(admin.withOrg(orgId).orgMembers.delete(orgId)).rejects.toBeInstanceOf(
      GrafanaValidationError,
    );
    await admin.orgMembers.delete(orgId);
    await expect(admin.orgs.getById(orgId)).rejects.toBeInstanceOf(GrafanaNotFoundError);
  });
});
