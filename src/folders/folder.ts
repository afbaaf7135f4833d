/**
 * A GrafanaFolder as wanted on one instance and as Grafana has it, and where the two differ.
 */
import type { GrafanaFolder } from '../grafana/index.js';
import { samePermissions, type FolderPermission } from '../access/permissions.js';

export interface DesiredFolder {
  title: string;
  description: string;
  parentUid: string;
  /** Undefined: the folder's permissions are not ours to manage. */
  permissions?: FolderPermission[];
}

export interface ObservedFolder {
  uid: string;
  title: string;
  /** '' at the root. */
  parentUid: string;
  /** Read only when the spec manages permissions. */
  permissions?: FolderPermission[];
}

/** A folder as a GET or a write answers it, without its permissions. */
export function observedFolder(folder: GrafanaFolder): ObservedFolder {
  return { uid: folder.uid, title: folder.title, parentUid: folder.parentUid ?? '' };
}

/** The fields where Grafana differs; the description is not compared. */
export function folderDrift(desired: DesiredFolder, observed: ObservedFolder): string[] {
  const drift: string[] = [];
  if (observed.title !== desired.title) drift.push('title');
  if (observed.parentUid !== desired.parentUid) drift.push('parent folder');
  if (desired.permissions && !samePermissions(desired.permissions, observed.permissions ?? []))
    drift.push('permissions');
  return drift;
}
