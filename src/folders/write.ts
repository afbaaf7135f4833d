/**
 * How a GrafanaFolder is written: a create, or an update and a move (a PUT never moves a folder,
 * contract §4.2), then its permissions where the spec manages them and they differ.
 */
import type { GrafanaApi, GrafanaFolder } from '../grafana/index.js';
import type { DesiredFolder, ObservedFolder } from './folder.js';
import { samePermissions, setPermissions } from '../access/permissions.js';

/**
 * Makes Grafana's folder match and answers it as Grafana now has it. `driftOnly`: the spec is the
 * one applied last, so only what drifted needs writing.
 */
export async function writeFolder(
  api: GrafanaApi,
  uid: string,
  desired: DesiredFolder,
  observed: ObservedFolder | undefined,
  driftOnly: boolean,
): Promise<GrafanaFolder> {
  // Only the permissions drifted: the folder needs no PUT (which would bump its version).
  const folderInSync =
    driftOnly && observed?.title === desired.title && observed.parentUid === desired.parentUid;
  // A read, not a PUT, keeps the version and url the status reports.
  const written = folderInSync ? await api.folders.get(uid) : await putFolder(api, uid, desired, observed);
  // Also right after a create: Grafana gave the new folder default permissions.
  const permissions = desired.permissions;
  if (permissions && !(observed?.permissions && samePermissions(permissions, observed.permissions)))
    await setPermissions(api.folderPermissions, uid, permissions);
  return written;
}

async function putFolder(
  api: GrafanaApi,
  uid: string,
  desired: DesiredFolder,
  observed: ObservedFolder | undefined,
): Promise<GrafanaFolder> {
  const folders = api.folders;
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
