/**
 * What the mappings of one import share: names (unique per kind), the report, the Secrets secure
 * values go to, the folders several files name, and the entries made so far.
 */
import type { InstanceSelector } from '../../api/generated/index.js';
import { NameAllocator, OUR_API_VERSION, type Manifest, type ManifestEntry } from '../manifests.js';
import { FolderBook } from './folders.js';
import { ImportReport } from './report.js';
import { SecretBook } from './secrets.js';

export class ImportContext {
  readonly names = new NameAllocator();
  readonly report = new ImportReport();
  readonly secrets: SecretBook;
  readonly folders: FolderBook;
  readonly entries: ManifestEntry[] = [];
  /** Object names of the imported datasources by uid: alert queries refer to them by name. */
  readonly datasourcesByUid = new Map<string, string>();
  /** The default datasource's name by org: Grafana refuses a second one, in any file. */
  readonly defaultDatasources = new Map<string, string>();

  constructor(readonly options: { namespace?: string; instanceSelector: InstanceSelector }) {
    this.secrets = new SecretBook(this.names, (name) => this.metadata(name));
    this.folders = new FolderBook(this);
  }

  metadata(name: string): Manifest['metadata'] {
    return this.options.namespace === undefined ? { name } : { name, namespace: this.options.namespace };
  }

  /** Adds one of our objects under `name` (from `names.allocate`), selecting the import's instances. */
  push(kind: string, name: string, spec: Record<string, unknown>, source: string): void {
    this.entries.push({
      manifest: {
        apiVersion: OUR_API_VERSION,
        kind,
        metadata: this.metadata(name),
        spec: { instanceSelector: this.options.instanceSelector, ...spec },
      },
      source,
    });
  }

  /** Every manifest: our objects, the folders, then the Secrets. */
  manifests(): ManifestEntry[] {
    return [...this.folders.manifests(), ...this.entries, ...this.secrets.manifests()];
  }
}

/** `orgId` other than 1 (or absent): which GrafanaInstance applies the object decides the org. */
export function noteOrg(context: ImportContext, where: string, orgId: unknown, orgName?: unknown): void {
  if (orgId !== undefined && orgId !== null && Number(orgId) > 1)
    context.report.note(
      where,
      `orgId ${String(orgId)}: the org is the selected GrafanaInstance's (spec.org); select an instance of that org with --instance-selector`,
    );
  if (typeof orgName === 'string' && orgName !== '')
    context.report.note(where, `orgName "${orgName}": the org is the selected GrafanaInstance's (spec.org)`);
}

/** A plain object, or an empty one. */
export function objectOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** A list, or an empty one. */
export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A non-empty string, or undefined. */
export function stringOf(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
