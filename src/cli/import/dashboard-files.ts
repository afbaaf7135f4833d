/**
 * The files behind dashboard providers: where a provider's path is on this machine, and its
 * `.json` files (recursively, skipping hidden directories, as Grafana's walk does).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { DashboardFile } from './dashboards.js';

export interface ResolvedPath {
  dir: string;
  /** Set when the path was not found as written and was found under --from instead. */
  note?: string;
}

/**
 * Where `path` (a provider's options.path) is: as written (relative to `cwd`), or else — the files
 * were copied from a Grafana host, where it was e.g. /etc/grafana/provisioning/dashboards/json —
 * the longest tail of it that exists under `from`.
 */
export function resolveProviderPath(
  path: string,
  from: string,
  cwd: string,
  exists: (path: string) => boolean = isDirectory,
): ResolvedPath | undefined {
  const asWritten = resolve(cwd, path);
  if (exists(asWritten)) return { dir: asWritten };
  const segments = path.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
  for (let start = 0; start < segments.length; start++) {
    const candidate = join(from, ...segments.slice(start));
    if (exists(candidate))
      return {
        dir: candidate,
        note: `${isAbsolute(path) ? 'absolute ' : ''}path ${path} does not exist here; read ${candidate} instead (its tail under --from)`,
      };
  }
  return undefined;
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** Every `.json` file under `dir`, relative paths with `/`. */
export function dashboardFiles(dir: string): DashboardFile[] {
  const found: DashboardFile[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(at, entry.name);
      // Symbolic links are followed, as Grafana's walk resolves them.
      const info = statSync(path);
      if (info.isDirectory()) {
        if (!entry.name.startsWith('.')) walk(path);
      } else if (entry.name.endsWith('.json')) {
        found.push({ path: relative(dir, path).split(sep).join('/'), text: readFileSync(path, 'utf8') });
      }
    }
  };
  walk(dir);
  return found;
}
