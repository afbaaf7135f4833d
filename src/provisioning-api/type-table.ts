import type { AnyObjectKind } from '../sync/object-kind.js';
import type { ResourceType } from '../runtime/kube/types.js';

/** One `type` of the provisioning API: a kind of kinds.ts, under the name the API gives it. */
export interface ProvisioningType {
  /** e.g. datasource, library-panel, alert-rule-group */
  name: string;
  resource: ResourceType;
  /** The kind's generated spec schema: what `config` must be. */
  specSchema: object;
}

/** GrafanaLibraryPanel → library-panel: the kind without its prefix, in kebab case. */
export function typeNameOf(kind: string): string {
  return kind
    .replace(/^Grafana/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
}

/**
 * The API's types, made from the operator's kinds (kinds.ts), so a kind added there is a type
 * here with nothing else to change.
 */
export class TypeTable {
  private readonly byName: Map<string, ProvisioningType>;

  /** `others`: kinds that are no Grafana object but are provisioned as one (kinds.ts PLAIN_KINDS). */
  constructor(
    kinds: readonly AnyObjectKind[],
    others: ReadonlyArray<Pick<AnyObjectKind, 'resource' | 'specSchema'>> = [],
  ) {
    this.byName = new Map(
      [...kinds, ...others].map((kind) => {
        const name = typeNameOf(kind.resource.kind);
        return [name, { name, resource: kind.resource, specSchema: kind.specSchema }];
      }),
    );
  }

  get(name: string): ProvisioningType | undefined {
    return this.byName.get(name);
  }

  /** In the order of kinds.ts. */
  all(): ProvisioningType[] {
    return [...this.byName.values()];
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}
