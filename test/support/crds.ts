import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ControlPlane, Log } from '../cluster/control-plane.js';

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(dir, entry.name))
    .sort();
}

async function crdNames(file: string): Promise<string[]> {
  const names: string[] = [];
  for (const doc of parseAllDocuments(await readFile(file, 'utf8'))) {
    const object = doc.toJS() as { kind?: string; metadata?: { name?: string } } | null;
    if (object?.kind === 'CustomResourceDefinition' && object.metadata?.name)
      names.push(object.metadata.name);
  }
  return names;
}

/**
 * Server-side applies every YAML file in `dir` (a missing or empty dir applies nothing) and waits
 * until each CustomResourceDefinition among them is Established. Returns the CRD names.
 */
export async function applyCrds(cluster: ControlPlane, dir: string, log: Log): Promise<string[]> {
  const files = await yamlFiles(dir);
  if (files.length === 0) {
    log(`no CRD manifests in ${dir}`);
    return [];
  }
  const names = (await Promise.all(files.map(crdNames))).flat();
  const applied = await cluster.kubectl([
    'apply',
    '--server-side',
    '--field-manager=gpo-e2e',
    ...files.flatMap((file) => ['-f', file]),
  ]);
  if (applied.code !== 0) {
    throw new Error(`kubectl apply of ${files.join(', ')} failed:\n${applied.stderr || applied.stdout}`);
  }
  if (names.length > 0) {
    const waited = await cluster.kubectl([
      'wait',
      '--for=condition=Established',
      '--timeout=60s',
      ...names.map((name) => `customresourcedefinition/${name}`),
    ]);
    if (waited.code !== 0) throw new Error(`CRDs not Established:\n${waited.stderr || waited.stdout}`);
  }
  log(`applied ${files.length} manifest file(s); ${names.length} CRD(s) Established`);
  return names;
}
