/**
 * The state one `convert` run shares across objects: the input (for ConfigMap values and folder
 * titles), the manifests made besides the converted objects (Secrets to fill, folders a dashboard
 * named by title) and their names.
 */
import { isObject } from '../../lib/json.js';
import { NameAllocator, OUR_API_VERSION, type Manifest, type ManifestEntry } from '../manifests.js';
import type { ObjectReport } from './report.js';

/** A grafana-operator object as read. */
export interface SourceObject extends Manifest {
  metadata: Manifest['metadata'] & {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    uid?: string;
  };
  spec?: unknown;
}

export interface ConvertOptions {
  /** Set spec.adopt, so the operator takes over what grafana-operator made in Grafana. */
  adopt: boolean;
}

export const GRAFANA_OPERATOR_GROUP = 'grafana.integreatly.org';

export class Conversion {
  readonly extras: ManifestEntry[] = [];
  private readonly names = new NameAllocator();
  private readonly folderTitles = new Map<string, string>();

  constructor(
    private readonly inputs: readonly Manifest[],
    readonly options: ConvertOptions,
  ) {
    // Converted objects keep their names; what convert makes gets the names left over.
    const named = inputs.filter((input) => typeof input.metadata?.name === 'string');
    for (const input of named) this.names.allocate(nameKey(input), input.metadata.name);
    for (const input of named) {
      if (input.apiVersion === `${GRAFANA_OPERATOR_GROUP}/v1beta1` && input.kind === 'GrafanaFolder') {
        const spec = isObject(input.spec) ? input.spec : {};
        const title = typeof spec.title === 'string' && spec.title ? spec.title : input.metadata.name;
        this.folderTitles.set(folderKey(input.metadata.namespace, title), input.metadata.name);
      }
    }
  }

  /** The value of a ConfigMap key, when that ConfigMap is in the input (ConfigMaps hold no secrets). */
  configMapValue(namespace: string | undefined, name: string, key: string): string | undefined {
    const found = this.inputs.find(
      (m) =>
        m.apiVersion === 'v1' &&
        m.kind === 'ConfigMap' &&
        m.metadata?.name === name &&
        m.metadata?.namespace === namespace,
    );
    const data = found && isObject(found.data) ? found.data : {};
    return typeof data[key] === 'string' ? data[key] : undefined;
  }

  /**
   * The GrafanaFolder for a dashboard's folder title: one of the input with that title, else one
   * made here, once per namespace and title.
   */
  folderNamed(source: SourceObject, title: string, instanceSelector: unknown, report: ObjectReport): string {
    const key = folderKey(source.metadata.namespace, title);
    const known = this.folderTitles.get(key);
    if (known) return known;
    const name = this.allocate(source, 'GrafanaFolder', title);
    this.folderTitles.set(key, name);
    this.extras.push({
      manifest: ourManifest(
        source,
        'GrafanaFolder',
        name,
        { instanceSelector, title, ...(this.options.adopt ? { adopt: true } : {}) },
        false,
      ),
      comment:
        `Made by convert for the folder title "${title}" of ${report.subject} (grafana-operator ` +
        `creates folders by title). If Grafana already has this folder, set spec.uid to its uid.`,
    });
    return name;
  }

  /**
   * A Secret, in the object's namespace, whose keys are left empty for the user to fill, with a
   * comment saying what goes in each; returns its name.
   */
  secretToFill(source: SourceObject, suffix: string, keys: Record<string, string>): string {
    const name = this.allocate(source, 'Secret', `${source.metadata.name}-${suffix}`);
    const lines = Object.entries(keys).map(([key, what]) => `  ${key}: ${what}`);
    this.extras.push({
      manifest: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name, ...(source.metadata.namespace ? { namespace: source.metadata.namespace } : {}) },
        type: 'Opaque',
        stringData: Object.fromEntries(Object.keys(keys).map((key) => [key, ''])),
      },
      comment: [`Fill in before applying (convert never copies secret values):`, ...lines].join('\n'),
    });
    return name;
  }

  private allocate(source: SourceObject, kind: string, preferred: string): string {
    return this.names.allocate(`${source.metadata.namespace ?? ''}/${kind}`, preferred);
  }
}

function nameKey(manifest: Manifest): string {
  return `${manifest.metadata.namespace ?? ''}/${ourKind(manifest.kind)}`;
}

/** Our kind for a grafana-operator kind (the same name, except Grafana). */
function ourKind(kind: string): string {
  return kind === 'Grafana' ? 'GrafanaInstance' : kind;
}

function folderKey(namespace: string | undefined, title: string): string {
  return `${namespace ?? ''}\u0000${title}`;
}

/** kubectl's copy of the grafana-operator object: on ours it would describe the wrong object. */
const DROPPED_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

/** One of our objects, with the source's namespace, and labels and annotations when `keepMeta`. */
export function ourManifest(
  source: SourceObject,
  kind: string,
  name: string,
  spec: Record<string, unknown>,
  keepMeta = true,
): Manifest {
  const { namespace, labels, annotations } = source.metadata;
  const kept = Object.entries(annotations ?? {}).filter(([key]) => !DROPPED_ANNOTATIONS.includes(key));
  return {
    apiVersion: OUR_API_VERSION,
    kind,
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      ...(keepMeta && labels && Object.keys(labels).length > 0 ? { labels } : {}),
      ...(keepMeta && kept.length > 0 ? { annotations: Object.fromEntries(kept) } : {}),
    },
    spec,
  };
}
