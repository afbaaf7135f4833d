import {
  GrafanaFolderResource,
  grafanaFolderSpecSchema,
  type GrafanaFolder,
  type GrafanaFolderSpec,
} from '../api/generated/index.js';
import { undefinedIfNotFound } from '../grafana/index.js';
import { folderDrift, observedFolder, type DesiredFolder, type ObservedFolder } from '../folders/folder.js';
import { GRANTEE_MAKERS, watchGranteeMakers } from '../access/grantee-references.js';
import { resolvePermissions } from '../access/grantees.js';
import { observedPermissions } from '../access/permissions.js';
import { deleteFolder, type FolderStorage } from '../folders/removal.js';
import { writeFolder } from '../folders/write.js';
import { ObjectError } from '../lib/object-error.js';
import { boundedList } from '../lib/messages.js';
import { kindList } from '../sync/kind-list.js';
import type { AnyObject, ObjectKind } from '../sync/object-kind.js';
import type { InstanceTarget } from '../sync/targets.js';
import { refuseParentCycle, resolveFolderRef } from '../folders/folder-ref.js';
import { dashboardsInFolder, foldersListedFromStorage, storedFolders } from '../folders/storage-lists.js';

/**
 * The org's folders from storage, by uid: on unified storage the search index lags behind writes
 * (§6.8), and a title read from it a moment after our own write would look like an edit in Grafana.
 */
const folderList = kindList<ObservedFolder>({
  name: 'folders',
  load: storedFolders,
  key: (folder) => folder.uid,
});

/**
 * GrafanaFolder. All folders of an instance, at every nesting level, come from one list call
 * per snapshot (storage, or search where Grafana serves no folder API); a folder missing from
 * search is read by uid before it is created, as search can lag behind writes (§6.8). Deleting a
 * folder in Grafana deletes everything in it, so deletion waits for the objects this operator
 * manages inside it and refuses while unmanaged content remains, read from storage rather than
 * search (folders/removal.ts); those are the objects of the kinds that declare a folderRef, this
 * one included (its parentFolderRef).
 * Permissions have no list endpoint: they cost one GET per folder that sets `spec.permissions`.
 */
export function grafanaFolderKind(): ObjectKind<
  GrafanaFolderSpec,
  GrafanaFolder,
  DesiredFolder,
  ObservedFolder,
  ObservedFolder
> {
  return {
    list: folderList,
    resource: GrafanaFolderResource,
    specSchema: grafanaFolderSpecSchema,
    folderRef: (spec) => spec.parentFolderRef,
    watches: GRANTEE_MAKERS,
    deletionWaitsForReferrers: true,

    async desired(context, target) {
      const { spec } = context.object;
      if (spec.parentFolderRef) await refuseParentCycle(context);
      const parentUid = spec.parentFolderRef
        ? await resolveFolderRef(context, target, spec.parentFolderRef)
        : (spec.parentFolderUID ?? '');
      return {
        title: spec.title,
        description: spec.description ?? '',
        parentUid,
        ...(spec.permissions
          ? { permissions: await resolvePermissions(target, spec.permissions, watchGranteeMakers(context)) }
          : {}),
      };
    },

    async observe({ target, uid, desired }) {
      const list = folderList.on(target);
      // A folder the storage list lacks is created without a read: one made since the list was
      // read refuses the create (409/412, §4.3), and the layer observes it on a fresh list. Search,
      // which stands in where Grafana serves no folder API, can lag behind writes (§6.8): a miss
      // there is read by uid first.
      const folder =
        (await list.get(uid)) ??
        ((await foldersListedFromStorage(target))
          ? undefined
          : await list.readPast(() => readFolder(target, uid)));
      if (!folder || !desired.permissions) return folder;
      return { ...folder, permissions: observedPermissions(await target.api.folderPermissions.get(uid)) };
    },

    diff: folderDrift,

    async write({ target, uid, desired, observed, driftOnly }) {
      const written = await writeFolder(target.api, uid, desired, observed, driftOnly);
      return {
        uid: written.uid,
        version: written.version,
        url: written.url,
        listed: observedFolder(written),
      };
    },

    async remove(target, uid) {
      await deleteFolder(target.api, storageOf(target), uid);
    },

    /** Objects managed here that live in this folder go first (their own finalizers remove them). */
    async beforeRemove(context) {
      const name = context.object.metadata?.name;
      const children: string[] = [];
      for (const content of context.kinds) {
        if (!content.folderRef) continue;
        const items = (await context.kube.list<AnyObject>(content.resource, context.namespace)).items;
        for (const item of items) {
          if (content.folderRef(item.spec) === name)
            children.push(`${content.resource.kind}/${item.metadata?.name}`);
        }
      }
      if (children.length > 0) {
        throw new ObjectError(
          'HasChildren',
          boundedList(children, {
            frame: (list) => `waiting for the objects in this folder to be deleted first: ${list}`,
          }),
        );
      }
    },

    describe: (observed) => ({ uid: observed.uid }),
  };
}

/** The folder as a GET shows it; undefined when it does not exist. */
async function readFolder(target: InstanceTarget, uid: string): Promise<ObservedFolder | undefined> {
  const folder = await undefinedIfNotFound(target.api.folders.get(uid));
  return folder && observedFolder(folder);
}

/** Read from storage, not search, which may not show a child created a moment ago (§6.8). */
function storageOf(target: InstanceTarget): FolderStorage {
  return { folders: () => storedFolders(target), dashboardsIn: (uid) => dashboardsInFolder(target, uid) };
}
