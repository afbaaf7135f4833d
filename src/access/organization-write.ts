/**
 * GrafanaOrganization's writes (contract §19): create an org, rename it, make its users and
 * preferences what the spec says, delete it. A create that fails half way deletes the new org
 * again, as only a write that succeeds is recorded as the object's: a half-made org would be found
 * by its name and taken for someone else's.
 */
import {
  GrafanaNotFoundError,
  LastOrgAdminError,
  type GrafanaApi,
  type GrafanaOrgListItem,
  type GrafanaOrgUser,
} from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import { memberChanges, type DesiredOrg, type ObservedOrg } from './organization.js';
import { preferencesDrift } from './team-members.js';

/** Creates or updates the org; answers it as the org list has it. */
export async function writeOrg(
  api: GrafanaApi,
  desired: DesiredOrg,
  observed: ObservedOrg | undefined,
): Promise<GrafanaOrgListItem> {
  if (observed) {
    const { id } = observed.org;
    if (observed.org.name !== desired.name) await api.orgMembers.rename(id, desired.name);
    await writeContent(api, id, desired, observed);
    return { id, name: desired.name };
  }
  const { orgId } = await api.orgs.create({ name: desired.name });
  try {
    // Grafana made the creating user an Admin of the new org (§19.1): read what it holds.
    await writeContent(api, orgId, desired, { users: await api.orgMembers.users(orgId) });
  } catch (err) {
    await api.orgMembers.delete(orgId).catch(() => undefined);
    throw err;
  }
  return { id: orgId, name: desired.name };
}

async function writeContent(
  api: GrafanaApi,
  orgId: number,
  desired: DesiredOrg,
  observed: Pick<ObservedOrg, 'users' | 'preferences'>,
): Promise<void> {
  await writeMembers(api, orgId, desired, observed.users);
  const { preferences } = desired;
  if (
    preferences &&
    (!observed.preferences || preferencesDrift(preferences, observed.preferences).length > 0)
  )
    await api.withOrg(orgId).orgMembers.setPreferences(preferences);
}

/** Adds, changes and removes users in the order {@link memberChanges} gives. */
async function writeMembers(
  api: GrafanaApi,
  orgId: number,
  desired: DesiredOrg,
  users: readonly GrafanaOrgUser[],
): Promise<void> {
  const { add, role, remove } = memberChanges(desired, users);
  for (const member of add) {
    try {
      await api.orgMembers.add(orgId, member.loginOrEmail, member.role);
    } catch (err) {
      // `AddOrgUser` answers 404 "User not found" for a login or e-mail no user has (§19.2).
      if (err instanceof GrafanaNotFoundError)
        throw new ObjectError('DependencyNotReady', `member ${member.name} is not a user of this Grafana`);
      throw err;
    }
  }
  await lastAdminGuard(desired, async () => {
    for (const member of role) await api.orgMembers.setRole(orgId, member.userId, member.role);
    for (const member of remove) await api.orgMembers.remove(orgId, member.userId);
  });
}

async function lastAdminGuard(desired: DesiredOrg, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (err instanceof LastOrgAdminError)
      throw new ObjectError(
        'LastOrgAdmin',
        `Grafana refused to leave org "${desired.name}" without an Admin (${err.grafanaMessage}): keep at least one member with role Admin`,
      );
    throw err;
  }
}
