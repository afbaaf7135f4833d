/**
 * Secure values out of provisioning files into Secret manifests. A value is never copied: each
 * becomes a key with an empty value and a comment saying what to fill in. A value that is one
 * environment variable (`$DB_PASSWORD`) becomes that variable's key in one shared Secret, so each
 * variable is filled once (`kubectl create secret generic … --from-literal=DB_PASSWORD=…`).
 */
import type { SecretKeyRef } from '../../api/generated/index.js';
import type { Manifest, ManifestEntry, NameAllocator } from '../manifests.js';
import { describeReferences, referencesIn, wholeVariable } from './interpolation.js';

/** The Secret holding the environment variables secure values were read from. */
export const VARIABLES_SECRET = 'grafana-provisioning-env';

interface SecretDraft {
  name: string;
  keys: Map<string, string>;
}

export class SecretBook {
  private readonly perObject = new Map<string, SecretDraft>();
  private variablesSecret: SecretDraft | undefined;
  /** Variable → the fields that read it. */
  readonly variables = new Map<string, string[]>();

  constructor(
    private readonly names: NameAllocator,
    private readonly metadata: (name: string) => Manifest['metadata'],
  ) {}

  /**
   * The reference for the secure `field` of `owner` (an object name) whose file value is `value`;
   * `describe` names it for the Secret's comment.
   */
  ref(owner: string, key: string, value: string, describe: string): { secretKeyRef: SecretKeyRef } {
    const variable = wholeVariable(value);
    if (variable !== undefined) {
      this.variablesSecret ??= { name: this.names.allocate('Secret', VARIABLES_SECRET), keys: new Map() };
      const uses = this.variables.get(variable) ?? [];
      this.variables.set(variable, [...uses, describe]);
      this.variablesSecret.keys.set(
        variable,
        `Grafana read $${variable} from its environment for ${[...uses, describe].join(', ')}`,
      );
      return { secretKeyRef: { name: this.variablesSecret.name, key: variable } };
    }
    let draft = this.perObject.get(owner);
    if (!draft)
      this.perObject.set(
        owner,
        (draft = { name: this.names.allocate('Secret', `${owner}-secure`), keys: new Map() }),
      );
    const secretKey = key.replace(/[^-._a-zA-Z0-9]/g, '_');
    const found = referencesIn(value);
    const from = describeReferences(found);
    if (found.variables.length > 0) {
      for (const name of found.variables)
        this.variables.set(name, [...(this.variables.get(name) ?? []), describe]);
    }
    draft.keys.set(secretKey, from ? `${describe} (the file builds it from ${from})` : describe);
    return { secretKeyRef: { name: draft.name, key: secretKey } };
  }

  manifests(): ManifestEntry[] {
    const drafts = [...(this.variablesSecret ? [this.variablesSecret] : []), ...this.perObject.values()];
    return drafts.map((draft) => ({
      manifest: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: this.metadata(draft.name),
        type: 'Opaque',
        stringData: Object.fromEntries([...draft.keys.keys()].map((key) => [key, ''])),
      },
      comment: [
        'Fill in every value before applying; the provisioning files held them in clear text or read them from the environment:',
        ...[...draft.keys.entries()].map(([key, what]) => `  ${key}: ${what}`),
      ].join('\n'),
    }));
  }
}
