/**
 * What every export mapping shares: the namespace, the instance selector, adopt, the names given
 * so far (one NameAllocator for the whole export) and the manifests' common form.
 */
import { NameAllocator, type Manifest, type ManifestEntry, OUR_API_VERSION } from '../manifests.js';
import { compareCodeUnits } from '../../lib/compare.js';

/** The label on the exported GrafanaInstance that every exported object selects it by. */
export const INSTANCE_LABEL = 'grafana.provisioning.dev/instance';

export interface ExportOptions {
  namespace?: string;
  /** Sets spec.adopt on every Grafana object, so applying takes over what exists. */
  adopt: boolean;
}

export class ExportContext {
  readonly names = new NameAllocator();
  /** Folder uid → the exported GrafanaFolder's name, for folderRef and parentFolderRef. */
  readonly folderNames = new Map<string, string>();

  constructor(
    readonly options: ExportOptions,
    /** The exported GrafanaInstance's name. */
    readonly instanceName: string,
  ) {}

  /** A Kubernetes object with the export's namespace. */
  object(kind: string, name: string, body: Record<string, unknown>, apiVersion = OUR_API_VERSION): Manifest {
    const metadata: Manifest['metadata'] = { name };
    if (this.options.namespace !== undefined) metadata.namespace = this.options.namespace;
    return { apiVersion, kind, metadata, ...body };
  }

  /** A Grafana object: its spec selects the exported instance, and adopts when asked to. */
  grafanaObject(kind: string, name: string, spec: Record<string, unknown>, comment?: string): ManifestEntry {
    const full = {
      instanceSelector: { matchLabels: { [INSTANCE_LABEL]: this.instanceName } },
      ...spec,
      ...(this.options.adopt ? { adopt: true } : {}),
    };
    return withComment({ manifest: this.object(kind, name, { spec: full }) }, comment);
  }

  /**
   * Where an object sits: folderRef to the exported folder, folderUID for a folder not exported
   * (--kinds), nothing for the root (`""` or `general`).
   */
  folderPlacement(folderUid: string | undefined, keys: { ref: string; uid: string }): Record<string, string> {
    if (!folderUid || folderUid === 'general') return {};
    const name = this.folderNames.get(folderUid);
    return name === undefined ? { [keys.uid]: folderUid } : { [keys.ref]: name };
  }
}

/** A Secret whose values are left empty for the user to fill, with the comment saying so. */
export function emptySecret(
  context: ExportContext,
  name: string,
  keys: string[],
  what: string,
  why = 'Grafana never returns these values',
): ManifestEntry {
  return {
    manifest: context.object(
      'Secret',
      name,
      { type: 'Opaque', stringData: Object.fromEntries(keys.map((key) => [key, ''])) },
      'v1',
    ),
    comment: `${what}: ${why}; fill ${keys.length > 1 ? 'them' : 'it'} in before applying.`,
  };
}

export function withComment(entry: ManifestEntry, comment: string | undefined): ManifestEntry {
  return comment === undefined ? entry : { ...entry, comment };
}

/** The comment for an object another manager owns (file provisioning), or none. */
export function provenanceComment(provenance: string | undefined): string | undefined {
  if (provenance === 'file') {
    return "Provisioned from files in Grafana: the operator cannot take it over (not even with adopt) while Grafana's provisioning files hold it.";
  }
  if (provenance && provenance !== 'api') {
    return `Managed elsewhere in Grafana (provenance ${provenance}): the operator cannot take it over.`;
  }
  return undefined;
}

/** Sorted by uid (then name), the order names are handed out in, so they are stable across runs. */
export function byUid<T>(items: readonly T[], uidOf: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareCodeUnits(uidOf(a), uidOf(b)));
}
