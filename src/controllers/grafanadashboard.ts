import {
  GrafanaDashboardResource,
  grafanaDashboardSpecSchema,
  type GrafanaDashboard,
  type GrafanaDashboardSpec,
} from '../api/generated/index.js';
import { GRANTEE_MAKERS, watchGranteeMakers } from '../access/grantee-references.js';
import { resolvePermissions } from '../access/grantees.js';
import { DashboardReads, type ListedDashboard } from '../dashboards/dashboard-reads.js';
import { withPermissions } from '../dashboards/dashboard-permissions.js';
import {
  dashboardTitle,
  describeAnyDashboard,
  diffAnyDashboard,
  hashableDashboard,
  writeAnyDashboard,
  type DesiredAnyDashboard,
  type ObservedAnyDashboard,
} from '../dashboards/dashboard-schemas.js';
import { withSharing } from '../dashboards/dashboard-sharing.js';
import { appliedMessage, prepareContent } from '../dashboards/desired.js';
import { DownloadCache } from '../dashboards/download-cache.js';
import { desiredSharing } from '../dashboards/public-dashboard.js';
import { dashboardContent } from '../dashboards/sources.js';
import { v2ContentOf } from '../dashboards/v2-content.js';
import { desiredV2, isV2Desired, observeV2 } from '../dashboards/v2-dashboard.js';
import { datasourceList } from '../datasources/datasource-list.js';
import { resolveFolderRef } from '../folders/folder-ref.js';
import { dashboardApiVersion } from '../folders/storage-lists.js';
import { resyncPeriodMs, type ObjectKind } from '../sync/object-kind.js';
import type { InstanceTarget } from '../sync/targets.js';

/**
 * GrafanaDashboard: the JSON from one content source (dashboards/sources.ts), its inputs mapped
 * to datasources (dashboards/desired.ts), saved under the object's uid (dashboards/dashboard-write.ts).
 * Reads cost two shared list calls per instance and a GET only for a dashboard someone else saved
 * (dashboards/dashboard-reads.ts); drift is judged only then (dashboards/drift.ts). `spec.permissions`
 * cost one GET per dashboard that sets them (dashboards/dashboard-permissions.ts), and so does
 * `spec.publicDashboard` (dashboards/public-dashboard.ts). A v2 dashboard (`elements` + `layout`)
 * goes through the app-platform API instead (dashboards/v2-dashboard.ts).
 */
export function grafanaDashboardKind(
  downloads = new DownloadCache(),
): ObjectKind<
  GrafanaDashboardSpec,
  GrafanaDashboard,
  DesiredAnyDashboard,
  ObservedAnyDashboard,
  ListedDashboard
> {
  const reads = new DashboardReads(dashboardApiVersion);
  return {
    resource: GrafanaDashboardResource,
    specSchema: grafanaDashboardSpecSchema,
    folderRef: (spec) => spec.folderRef,
    watches: GRANTEE_MAKERS,
    list: reads.list,
    // A write saves, then sets permissions and the public dashboard, and a save may land on
    // another dashboard (§6.5): a failed one leaves the lists in doubt.
    relistAfterFailedWrite: true,

    async desired(context, target) {
      const { spec, metadata } = context.object;
      const source = await dashboardContent(spec, context, downloads);
      const message = appliedMessage(context.namespace, metadata?.name ?? '');
      const v2 = v2ContentOf(source.text, source.source);
      if (v2) {
        const folderUid = await folderOf(context, target, spec);
        return desiredV2(target, { ...v2, source: source.source }, spec, { folderUid, message });
      }
      const content = await prepareContent(source, spec, {
        instance: target.name,
        uidsByName: () => datasourceUidsByName(target),
      });
      const folderUid = await folderOf(context, target, spec);
      const permissions = spec.permissions
        ? await resolvePermissions(target, spec.permissions, watchGranteeMakers(context))
        : undefined;
      const sharing = desiredSharing(spec.publicDashboard);
      return {
        ...content,
        folderUid,
        message,
        ...(permissions ? { permissions } : {}),
        ...(sharing ? { sharing } : {}),
      };
    },

    // The uid in the JSON, as it is sent: the hash of an unchanged object stays what it was.
    hashable: hashableDashboard,

    contentUid: (desired) => desired.jsonUid,

    observe: async ({ context, target, uid, desired, record }) => {
      if (isV2Desired(desired)) return observeV2(target, uid, desired, record);
      // A change (or a start's check) may be judged on lists up to a resync old (dashboard-reads.ts);
      // a resync reads them fresh. A change does not wait for an instance's first lists.
      const observed = await reads.observe(target, uid, desired.folderUid, record?.version, {
        listMaxAgeMs: context.trigger !== 'resync' ? resyncPeriodMs(context.object.spec) : undefined,
        aloneBeforeLists: context.trigger === 'event',
      });
      return withSharing(
        target,
        await withPermissions(target, observed, desired.permissions),
        desired,
        record,
      );
    },

    diff: diffAnyDashboard,

    write: ({ target, uid, desired, observed, driftOnly, record }) =>
      writeAnyDashboard(target, { uid, desired, observed, driftOnly, record }),

    async remove(target, uid) {
      await target.api.dashboards.delete(uid);
    },

    describe: describeAnyDashboard,

    shown: (_object, desired) => (desired ? { title: dashboardTitle(desired) } : {}),
  };
}

/** The folder the spec names ('' the root): by reference, or by uid. */
function folderOf(
  context: Parameters<typeof resolveFolderRef>[0],
  target: InstanceTarget,
  spec: GrafanaDashboardSpec,
): Promise<string> {
  return spec.folderRef
    ? resolveFolderRef(context, target, spec.folderRef)
    : Promise.resolve(spec.folderUID ?? '');
}

/** Datasource name → uid on the instance, for inputs mapped by datasourceName. */
async function datasourceUidsByName(target: InstanceTarget): Promise<Map<string, string>> {
  return new Map([...(await datasourceList.on(target).items()).values()].map((ds) => [ds.name, ds.uid]));
}
