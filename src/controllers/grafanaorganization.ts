import {
  GrafanaDashboardResource,
  GrafanaOrganizationResource,
  grafanaOrganizationSpecSchema,
  type GrafanaOrganization,
  type GrafanaOrganizationSpec,
} from '../api/generated/index.js';
import {
  checkSelf,
  diffOrg,
  findOrg,
  MAIN_ORG_ID,
  mainOrgRefused,
  type DesiredOrg,
  type ObservedOrg,
} from '../access/organization.js';
import { writeOrg } from '../access/organization-write.js';
import { actingUser } from '../access/server-admin.js';
import { desiredHomePreferences } from '../access/home-dashboard.js';
import { preferencesOf } from '../access/team-members.js';
import type { GrafanaOrgListItem } from '../grafana/index.js';
import { waitForInstancesUsing } from '../instances/in-use.js';
import { kindList } from '../sync/kind-list.js';
import { grafanaName, takenMeanwhile, type ObjectKind, showName, writtenUid } from '../sync/object-kind.js';

/** The server's orgs (`GET /api/orgs`, server admin), by id. */
const orgList = kindList<GrafanaOrgListItem>({
  name: 'orgs',
  load: (target) => target.api.orgs.list(),
  key: (org) => String(org.id),
});

/**
 * GrafanaOrganization: an org of the Grafana server, its name, optionally its exact members and
 * its preferences (contract §19), written with a server admin's credentials. Grafana gives an org
 * its id: `status.instances[].uid` records it per instance (`status.orgId` when they agree). Names
 * are unique per server, so the name is claimed per server, not per org as other kinds claim
 * theirs: two instances in different orgs of one server still manage one set of orgs. An org with
 * the spec's name the object did not write is a Conflict until spec.adopt. Org 1 is never deleted.
 */
export const grafanaOrganizationKind: ObjectKind<
  GrafanaOrganizationSpec,
  GrafanaOrganization,
  DesiredOrg,
  ObservedOrg,
  GrafanaOrgListItem
> = {
  resource: GrafanaOrganizationResource,
  specSchema: grafanaOrganizationSpecSchema,
  list: orgList,
  claimsPer: 'server',
  watches: [GrafanaDashboardResource],
  namedByInstance: (instance) => instance.spec.org?.organizationRef?.name,

  async desired(context, target) {
    const { spec } = context.object;
    const self = await actingUser(target);
    const desired: DesiredOrg = {
      name: grafanaName(context.object),
      self: self.login,
      ...(spec.members ? { members: spec.members } : {}),
      // The home dashboard is made in the org, through another instance than this one.
      ...(await desiredHomePreferences(context, spec.preferences)),
    };
    checkSelf(desired, self.email ?? '', target.name);
    return desired;
  },

  claims: ({ name }) => [`name:${name}`],

  async observe({ target, desired, record, context }) {
    const orgs = [...(await orgList.on(target).items()).values()];
    const found = findOrg(orgs, writtenUid(record), desired.name);
    if (!found) return undefined;
    const { id } = found.org;
    const policy = context.object.spec.deletionPolicy;
    if (id === MAIN_ORG_ID && policy !== 'Orphan') throw mainOrgRefused(policy);
    const users = await target.api.orgMembers.users(id);
    const preferences =
      desired.preferences && preferencesOf(await target.api.withOrg(id).orgMembers.preferences());
    return { ...found, users, ...(preferences ? { preferences } : {}) };
  },

  owns: ({ recorded, org }) =>
    recorded
      ? { ours: true }
      : {
          ours: false,
          message: `org "${org.name}" (id ${org.id}) already exists on this Grafana server and was not created by this object; set spec.adopt: true to take it over`,
        },

  diff: diffOrg,

  async write({ target, desired, observed }) {
    try {
      const { org, unfinished } = await writeOrg(target.api, desired, observed);
      return { uid: String(org.id), listed: org, ...(unfinished ? { unfinished } : {}) };
    } catch (err) {
      // A rename onto a name another org took since the list was read.
      throw takenMeanwhile(
        err,
        observed !== undefined,
        `org name "${desired.name}" is taken on this Grafana server by another org`,
      );
    }
  },

  async remove(target, uid) {
    if (uid === String(MAIN_ORG_ID)) throw mainOrgRefused('Delete');
    // Not in a list read now: already gone (the layer takes it off the list either way).
    const org = await orgList.on(target).getListedNow(uid);
    if (org) await target.api.orgMembers.delete(org.id);
  },

  beforeRemove: ({ kube, namespace, object }) =>
    waitForInstancesUsing(
      kube,
      namespace,
      'act in this org (spec.org.organizationRef)',
      (spec) => spec.org?.organizationRef?.name === object.metadata?.name,
    ),

  describe: (observed) => ({ uid: String(observed.org.id) }),
  shown: showName,
  statusOf: (instances) => {
    const ids = new Set(instances.flatMap((entry) => (entry.uid ? [Number(entry.uid)] : [])));
    return ids.size === 1 ? { orgId: [...ids][0]! } : {};
  },
};
