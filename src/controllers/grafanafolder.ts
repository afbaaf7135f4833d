import {
  GrafanaFolderResource,
  grafanaFolderSpecSchema,
  type GrafanaFolder,
  type GrafanaFolderSpec,
} from '../api/generated/index.js';
import { GrafanaAlreadyExistsError, type GrafanaFolder as GrafanaFolderDto } from '../grafana/index.js';
import { ObjectError, type ObjectKind } from './shared/grafana-object.js';
import { resolveFolderRef } from './shared/folder-ref.js';
import type { InstanceTarget } from './shared/targets.js';
import type { KubeObject, ResourceType } from '../runtime/kube/types.js';

/** A kind whose objects can live in a GrafanaFolder, and how its spec names the folder. */
export interface FolderContentKind {
  resource: ResourceType;
  folderRefOf(spec: unknown): string | undefined;
}

interface DesiredFolder {
  title: string;
  description: string;
  parentUid: string;
}

interface ObservedFolder {
  uid: string;
  title: string;
  /** '' at the root. */
  parentUid: string;
}

const SNAPSHOT = 'folders';
const SNAPSHOT_MAX_AGE_MS = 10_000;

/**
 * GrafanaFolder. All folders of an instance, at every nesting level, come from one search call
 * per snapshot. Deleting a folder in Grafana deletes everything in it, so deletion waits for the
 * objects this operator manages inside it and refuses while unmanaged content remains.
 */
export function grafanaFolderKind(
  contents: FolderContentKind[],
): ObjectKind<GrafanaFolderSpec, GrafanaFolder, DesiredFolder, ObservedFolder> {
  return {
    resource: GrafanaFolderResource,
    specSchema: grafanaFolderSpecSchema,

    async desired(context, target) {
      const { spec } = context.object;
      const parentUid = spec.parentFolderRef
        ? await resolveFolderRef(context, target, spec.parentFolderRef)
        : (spec.parentFolderUID ?? '');
      return { title: spec.title, description: spec.description ?? '', parentUid };
    },

    hashable: (desired) => desired,

    async observe(target, uid) {
      return (await snapshot(target)).get(uid);
    },

    diff(desired, observed) {
      const drift: string[] = [];
      if (observed.title !== desired.title) drift.push('title');
      if (observed.parentUid !== desired.parentUid) drift.push('parent folder');
      return drift;
    },

    async write(target, uid, desired, observed) {
      const folders = target.api.folders;
      let current: ObservedFolder | undefined = observed;
      if (!current) {
        try {
          const created = await folders.create({
            uid,
            title: desired.title,
            description: desired.description,
            ...(desired.parentUid ? { parentUid: desired.parentUid } : {}),
          });
          return record(target, created);
        } catch (err) {
          // 409/412: it exists after all (our snapshot was older than the folder).
          if (!(err instanceof GrafanaAlreadyExistsError)) throw err;
          current = toObserved(await folders.get(uid));
        }
      }
      let written = await folders.update(uid, { title: desired.title, description: desired.description });
      // PUT never moves a folder (contract §4.2); the move endpoint does.
      if (current.parentUid !== desired.parentUid)
        written = await folders.move(uid, { parentUid: desired.parentUid });
      return record(target, written);
    },

    async remove(target, uid) {
      const folders = await snapshot(target, 0);
      const subfolders = [...folders.values()].filter((f) => f.parentUid === uid);
      const dashboards = await target.api.search.dashboards({ folderUids: [uid] });
      // Grafana deletes the library panels in a folder with it (§4.3, §7).
      const libraryPanels = await target.api.libraryPanels.list({ folderUids: [uid] });
      if (subfolders.length > 0 || dashboards.length > 0 || libraryPanels.length > 0) {
        const contents = [
          ...subfolders.map((f) => `folder "${f.title}"`),
          ...dashboards.map((d) => `dashboard "${d.title}"`),
          ...libraryPanels.map((p) => `library panel "${p.name}"`),
        ];
        throw new ObjectError(
          'HasChildren',
          `folder ${uid} still contains ${contents.slice(0, 5).join(', ')}${contents.length > 5 ? ` and ${contents.length - 5} more` : ''}, which deleting it would delete too; remove them or set spec.deletionPolicy: Orphan`,
        );
      }
      await target.api.folders.delete(uid);
      target.snapshots.remove(SNAPSHOT, uid);
    },

    /** Objects managed here that live in this folder go first (their own finalizers remove them). */
    async beforeRemove(context) {
      const name = context.object.metadata?.name;
      const children: string[] = [];
      for (const content of contents) {
        const items = (
          await context.kube.list<KubeObject & { spec?: unknown }>(content.resource, context.namespace)
        ).items;
        for (const item of items) {
          if (content.folderRefOf(item.spec) === name)
            children.push(`${content.resource.kind}/${item.metadata?.name}`);
        }
      }
      if (children.length > 0) {
        throw new ObjectError(
          'HasChildren',
          `waiting for the objects in this folder to be deleted first: ${children.join(', ')}`,
        );
      }
    },

    describe: (observed) => ({ uid: observed.uid }),
  };
}

function record(target: InstanceTarget, folder: GrafanaFolderDto) {
  target.snapshots.put(SNAPSHOT, folder.uid, toObserved(folder));
  return { uid: folder.uid, version: folder.version, url: folder.url };
}

function toObserved(folder: GrafanaFolderDto): ObservedFolder {
  return { uid: folder.uid, title: folder.title, parentUid: folder.parentUid ?? '' };
}

async function snapshot(
  target: InstanceTarget,
  maxAgeMs = SNAPSHOT_MAX_AGE_MS,
): Promise<Map<string, ObservedFolder>> {
  return target.snapshots.get(
    SNAPSHOT,
    async () =>
      (await target.api.search.folders()).map(
        (hit) =>
          [hit.uid, { uid: hit.uid, title: hit.title, parentUid: hit.folderUid ?? '' }] as [
            string,
            ObservedFolder,
          ],
      ),
    maxAgeMs,
  );
}
