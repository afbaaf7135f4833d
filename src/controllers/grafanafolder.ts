import {
  GrafanaFolderResource,
  grafanaFolderSpecSchema,
  type GrafanaFolder,
  type GrafanaFolderSpec,
} from '../api/generated/index.js';
import {
  GrafanaApiError,
  undefinedIfNotFound,
  type GrafanaFolder as GrafanaFolderDto,
} from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import { kindList } from '../sync/kind-list.js';
import type { AnyObject, ObjectKind } from '../sync/object-kind.js';
import {
  observedPermissions,
  permissionItems,
  resolvePermissions,
  samePermissions,
  type FolderPermission,
} from './folder-permissions.js';
import { folderContents, explainRefusal } from './folder-contents.js';
import { refuseParentCycle, resolveFolderRef } from './folder-ref.js';
import { storedFolders } from './storage-lists.js';
import type { InstanceTarget } from '../sync/targets.js';
import { boundedList } from '../lib/messages.js';

interface DesiredFolder {
  title: string;
  description: string;
  parentUid: string;
  /** Undefined: the folder's permissions are not ours to manage. */
  permissions?: FolderPermission[];
}

interface ObservedFolder {
  uid: string;
  title: string;
  /** '' at the root. */
  parentUid: string;
  /** Read only when the spec manages permissions. */
  permissions?: FolderPermission[];
}

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
 * GrafanaFolder. All folders of an instance, at every nesting level, come from one search call
 * per snapshot; a folder missing there is read by uid before it is created, as search can lag
 * behind writes (§6.8). Deleting a folder in Grafana deletes everything in it, so deletion waits
 * for the objects this operator manages inside it and refuses while unmanaged content remains,
 * read from storage rather than search (folder-contents.ts); those are the objects of the kinds
 * that declare a folderRef, this one included (its parentFolderRef).
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
        ...(spec.permissions ? { permissions: await resolvePermissions(target, spec.permissions) } : {}),
      };
    },

    async observe({ target, uid, desired }) {
      // Search can lag behind writes (§6.8): a miss is confirmed by a read before creating.
      const folder = (await folderList.on(target).get(uid)) ?? (await readFolder(target, uid));
      if (!folder || !desired.permissions) return folder;
      return { ...folder, permissions: observedPermissions(await target.api.folderPermissions.get(uid)) };
    },

    diff(desired, observed) {
      const drift: string[] = [];
      if (observed.title !== desired.title) drift.push('title');
      if (observed.parentUid !== desired.parentUid) drift.push('parent folder');
      if (desired.permissions && !samePermissions(desired.permissions, observed.permissions ?? []))
        drift.push('permissions');
      return drift;
    },

    async write({ target, uid, desired, observed, driftOnly }) {
      // Only the permissions drifted: the folder needs no PUT (which would bump its version).
      const folderInSync =
        driftOnly && observed?.title === desired.title && observed.parentUid === desired.parentUid;
      // A read, not a PUT, keeps the version and url the status reports.
      const written = folderInSync
        ? await target.api.folders.get(uid)
        : await writeFolder(target, uid, desired, observed);
      // Also right after a create: Grafana gave the new folder default permissions.
      const permissions = desired.permissions;
      if (permissions && !(observed?.permissions && samePermissions(permissions, observed.permissions)))
        await setPermissions(target, uid, permissions);
      return { uid: written.uid, version: written.version, url: written.url, listed: toObserved(written) };
    },

    async remove(target, uid) {
      // Read from storage, not search, which may not show a child created a moment ago (§6.8).
      const blocking = await folderContents(target, uid);
      if (blocking) throw new ObjectError('HasChildren', blocking);
      try {
        await target.api.folders.delete(uid);
      } catch (err) {
        throw await explainRefusal(target, uid, err);
      }
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

/**
 * Grafana reports an unknown user or team id only as a 500 "Failed to create permission". Names are
 * checked before this, so with numeric ids in the list that 500 most likely means one of them.
 */
async function setPermissions(target: InstanceTarget, uid: string, permissions: FolderPermission[]) {
  try {
    await target.api.folderPermissions.set(uid, permissionItems(permissions));
  } catch (err) {
    const numericIds = permissions.some((p) => !p.grantee.startsWith('role:'));
    if (err instanceof GrafanaApiError && err.status === 500 && numericIds) {
      throw new ObjectError(
        'InvalidSpec',
        `Grafana refused spec.permissions (${err.grafanaMessage || 'status 500'}); the usual cause is a userId or teamId that does not exist in this Grafana`,
      );
    }
    throw err;
  }
}

async function writeFolder(
  target: InstanceTarget,
  uid: string,
  desired: DesiredFolder,
  observed: ObservedFolder | undefined,
): Promise<GrafanaFolderDto> {
  const folders = target.api.folders;
  if (!observed) {
    // Refused as a duplicate (409/412): made in Grafana since we looked. The sync layer observes
    // again, on a fresh list, and judges it as any folder found there (a Conflict unless it is
    // ours or adopted), never overwritten unasked.
    return folders.create({
      uid,
      title: desired.title,
      description: desired.description,
      ...(desired.parentUid ? { parentUid: desired.parentUid } : {}),
    });
  }
  const written = await folders.update(uid, { title: desired.title, description: desired.description });
  // PUT never moves a folder (contract §4.2); the move endpoint does.
  return observed.parentUid === desired.parentUid
    ? written
    : folders.move(uid, { parentUid: desired.parentUid });
}

/** The folder as a GET shows it, put into the snapshot; undefined when it does not exist. */
async function readFolder(target: InstanceTarget, uid: string): Promise<ObservedFolder | undefined> {
  const folder = await undefinedIfNotFound(target.api.folders.get(uid));
  if (!folder) return undefined;
  const observed = toObserved(folder);
  folderList.on(target).put(observed);
  return observed;
}

function toObserved(folder: GrafanaFolderDto): ObservedFolder {
  return { uid: folder.uid, title: folder.title, parentUid: folder.parentUid ?? '' };
}
