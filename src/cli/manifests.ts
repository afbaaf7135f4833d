/**
 * Manifests in and out of the command line: reading YAML/JSON files or directories, naming
 * objects validly and stably, and writing one file per object or one stream to stdout.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseAllDocuments, Document } from 'yaml';
import { CliError } from './exit.js';

/** The apiVersion of this operator's custom resources, as every command writes them. */
export const OUR_API_VERSION = 'grafana.provisioning.dev/v1beta1';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** A manifest with where it came from (file:document) and a comment written above it. */
export interface ManifestEntry {
  manifest: Manifest;
  /** Written as a YAML comment above the object: why a value is empty, who manages it, … */
  comment?: string;
  source?: string;
}

const MAX_NAME = 253;

/**
 * A valid Kubernetes object name (DNS-1123 subdomain) from any text: lowercased, every run of
 * other characters a `-`, trimmed to alphanumerics at both ends; `fallback` when nothing is left.
 */
export function kubernetesName(text: string, fallback = 'object'): string {
  const name = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/\.{2,}/g, '.')
    .slice(0, MAX_NAME)
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return name || fallback;
}

/**
 * Names unique per kind. Callers feed objects in a stable order (by uid), so the same input
 * gets the same names on every run; a name already taken gets `-2`, `-3`, ….
 */
export class NameAllocator {
  private readonly taken = new Map<string, Set<string>>();

  allocate(kind: string, preferred: string): string {
    let names = this.taken.get(kind);
    if (!names) this.taken.set(kind, (names = new Set()));
    const base = kubernetesName(preferred);
    let name = base;
    for (let n = 2; names.has(name); n++) {
      const suffix = `-${n}`;
      name = `${base.slice(0, MAX_NAME - suffix.length).replace(/[^a-z0-9]+$/, '')}${suffix}`;
    }
    names.add(name);
    return name;
  }
}

/** Every manifest in a file or, recursively, in the .yaml/.yml/.json files of a directory. */
export async function readManifests(path: string): Promise<ManifestEntry[]> {
  const info = await stat(path).catch(() => {
    throw new CliError(`${path}: no such file or directory`);
  });
  const files = info.isDirectory() ? await manifestFiles(path) : [path];
  const entries: ManifestEntry[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    const name = info.isDirectory() ? relative(path, file) : file;
    parseAllDocuments(text).forEach((document, index) => {
      if ('errors' in document && document.errors.length > 0) {
        throw new CliError(`${name}: document ${index + 1}: ${document.errors[0]!.message.split('\n')[0]}`);
      }
      const value: unknown = document.toJS();
      if (value === null || value === undefined) return;
      for (const manifest of flattenLists(value)) entries.push({ manifest, source: `${name}#${index + 1}` });
    });
  }
  return entries;
}

async function manifestFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await manifestFiles(path)));
    else if (/\.(ya?ml|json)$/i.test(entry.name)) found.push(path);
  }
  return found;
}

/** `kind: List` (kubectl's) holds objects in `items`. */
function flattenLists(value: unknown): Manifest[] {
  const object = value as Manifest & { items?: unknown[] };
  if (object.kind === 'List' && Array.isArray(object.items)) return object.items.flatMap(flattenLists);
  return [object];
}

/** Kind order on output: what others reference first, so `kubectl apply` of the stream reads well. */
function byKindThenName(a: ManifestEntry, b: ManifestEntry): number {
  return (
    a.manifest.kind.localeCompare(b.manifest.kind) ||
    a.manifest.metadata.name.localeCompare(b.manifest.metadata.name)
  );
}

function toYaml(entry: ManifestEntry): string {
  // YAML 1.1 quoting: kubectl's reader takes an unquoted on, yes, y or 00:00 for a boolean or a
  // number, so every string that 1.1 would read otherwise is quoted.
  const document = new Document(entry.manifest, { version: '1.1' });
  // On the top map rather than the document, so no blank line parts comment and object.
  if (entry.comment && document.contents)
    document.contents.commentBefore = entry.comment
      .split('\n')
      .map((line) => ` ${line}`)
      .join('\n');
  return document.toString({ lineWidth: 0 });
}

/**
 * Writes manifests: to stdout as one YAML stream (`out` undefined or `-`), or under `out` one
 * file per object, `<kind in lower case>/<name>.yaml`. Returns the files written.
 */
export async function writeManifests(
  entries: ManifestEntry[],
  out: string | undefined,
  stdout: NodeJS.WritableStream = process.stdout,
): Promise<string[]> {
  const sorted = [...entries].sort(byKindThenName);
  if (out === undefined || out === '-') {
    stdout.write(sorted.map(toYaml).join('---\n'));
    return [];
  }
  const written: string[] = [];
  for (const entry of sorted) {
    const dir = join(out, entry.manifest.kind.toLowerCase());
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${entry.manifest.metadata.name}.yaml`);
    await writeFile(file, toYaml(entry));
    written.push(file);
  }
  return written;
}
