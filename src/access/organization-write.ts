/**
 * GrafanaOrganization's writes (contract §19): create an org, rename it, make its users and
 * preferences what the spec says, delete it. A create that fails half way deletes the new org
 * again, as only a write that succeeds is recorded as the object's: a half-made org would be found
 * by its name and taken for someone else's. A home dashboard the org does not hold yet is no
 * failure: the org's own dashboards can only be made once it exists (home-dashboard.ts).
 */
import {
  GrafanaNotFoundError,
  LastOrgAdminError,
  type GrafanaApi,
  type GrafanaOrgListItem,
  type GrafanaOrgUser,
} from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import { writeHomePreferences } from './home-dashboard.js';
import { memberChanges, type DesiredOrg, type ObservedOrg } from './organization.js';

/** The org as the org list has it, and why it still waits for its home dashboard. */
export interface WrittenOrg {
  org: GrafanaOrgListItem;
  unfinished?: ObjectError;
}

/** Creates or updates the org. */
export async function writeOrg(
  api: GrafanaApi,
  desired: DesiredOrg,
  observed: ObservedOrg | undefined,
): Promise<WrittenOrg> {
  if (observed) {
    const { id } = observed.org;
    if (observed.org.name !== desired.name) await api.orgMembers.rename(id, desired.name);
    return written({ id, name: desired.name }, await writeContent(api, id, desired, observed));
  }
  const { orgId } = await api.orgs.create({ name: desired.name });
  try {
    // Grafana made the creating user an Admin of the new org (§19.1): read what it holds.
    const users = await api.orgMembers.users(orgId);
    return written({ id: orgId, name: desired.name }, await writeContent(api, orgId, desired, { users }));
  } catch (err) {
    await api.orgMembers.delete(orgId).catch(() => undefined);
    throw err;
  }
}

function written(org: GrafanaOrgListItem, unfinished: ObjectError | undefined): WrittenOrg {
  return unfinished ? { org, unfinished } : { org };
}

/** The org's members, then its preferences; answers why the home dashboard still waits. */
async function writeContent(
  api: GrafanaApi,
  orgId: number,
  desired: DesiredOrg,
  observed: Pick<ObservedOrg, 'users' | 'preferences'>,
): Promise<ObjectError | undefined> {
  await writeMembers(api, orgId, desired, observed.users);
  const inOrg = api.withOrg(orgId);
  return writeHomePreferences(
    (preferences) => inOrg.orgMembers.setPreferences(preferences),
    desired,
    observed.preferences,
  );
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
