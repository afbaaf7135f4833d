/**
 * The GrafanaFolders an import makes: dashboard providers and alert rule groups name folders by
 * title (and a provider also by uid), and Grafana finds an existing one by title, so each title
 * under the same parent is one folder here too.
 */
import { OUR_API_VERSION, type ManifestEntry, type Manifest, type NameAllocator } from '../manifests.js';
import type { InstanceSelector } from '../../api/generated/index.js';

/** What the folders read of the import they belong to (an ImportContext). */
export interface FolderHost {
  names: NameAllocator;
  report: { note(where: string, message: string): void };
  options: { instanceSelector: InstanceSelector };
  metadata(name: string): Manifest['metadata'];
}

interface FolderDraft {
  name: string;
  title: string;
  parent?: string;
  uid?: string;
  source: string;
}

export class FolderBook {
  private readonly byKey = new Map<string, FolderDraft>();

  constructor(private readonly context: FolderHost) {}

  /**
   * The object name of the folder at `path` (titles from the root), made when new; `uid` is the
   * last folder's, when the file gives one.
   */
  folder(path: readonly string[], source: string, uid?: string): string | undefined {
    let parent: string | undefined;
    for (const [i, title] of path.entries()) {
      const key = `${parent ?? ''}\u0000${title}`;
      let draft = this.byKey.get(key);
      if (!draft) {
        draft = { name: this.context.names.allocate('GrafanaFolder', title), title, source };
        if (parent !== undefined) draft.parent = parent;
        this.byKey.set(key, draft);
      }
      const last = i === path.length - 1;
      if (last && uid !== undefined) {
        if (draft.uid === undefined) draft.uid = uid;
        else if (draft.uid !== uid)
          this.context.report.note(
            source,
            `folder "${title}" has uid ${draft.uid} in ${draft.source} and ${uid} here: Grafana finds folders by title, kept ${draft.uid}`,
          );
      }
      parent = draft.name;
    }
    return parent;
  }

  manifests(): ManifestEntry[] {
    return [...this.byKey.values()].map((draft) => ({
      manifest: {
        apiVersion: OUR_API_VERSION,
        kind: 'GrafanaFolder',
        metadata: this.context.metadata(draft.name),
        spec: {
          instanceSelector: this.context.options.instanceSelector,
          title: draft.title,
          ...(draft.uid !== undefined ? { uid: draft.uid } : {}),
          ...(draft.parent !== undefined ? { parentFolderRef: draft.parent } : {}),
        },
      },
      source: draft.source,
    }));
  }
}
