/**
 * `import`: reads Grafana's provisioning directory (datasources/, dashboards/, alerting/), maps it
 * to manifests, checks each against our schemas and writes them; what could not be carried over
 * goes to stderr (docs/cli.md#import).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import type { InstanceSelector } from '../../api/generated/index.js';
import { CliError, ExitCode } from '../exit.js';
import { writeManifests, type ManifestEntry } from '../manifests.js';
import { importAlertingFile } from './alerting.js';
import { ImportContext } from './context.js';
import { dashboardFiles, resolveProviderPath } from './dashboard-files.js';
import { importDashboardProvider, providerPath, providersOf } from './dashboards.js';
import { importDatasourceFile } from './datasources.js';
import { manifestErrors, undeclaredFields } from './validate.js';

export interface ImportOptions {
  from: string;
  namespace?: string;
  instanceSelector: InstanceSelector;
  out?: string;
}

export interface ImportResult {
  entries: ManifestEntry[];
  /** The report, as printed on stderr. */
  report: string;
  exitCode: number;
}

/** The manifests of a provisioning directory and what was reported, without writing them. */
export function importProvisioning(options: ImportOptions, cwd = process.cwd()): ImportResult {
  if (!existsSync(options.from) || !statSync(options.from).isDirectory())
    throw new CliError(`--from ${options.from}: no such directory`);
  const sections = ['datasources', 'dashboards', 'alerting'].filter((dir) =>
    existsSync(join(options.from, dir)),
  );
  if (sections.length === 0)
    throw new CliError(
      `--from ${options.from}: no datasources/, dashboards/ or alerting/ directory (Grafana's provisioning layout)`,
    );
  const context = new ImportContext({
    instanceSelector: options.instanceSelector,
    ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
  });
  // Datasources first: alert queries refer to the imported ones by name.
  for (const file of configFiles(options.from, 'datasources', /\.ya?ml$/))
    importDatasourceFile(context, file.name, file.content);
  for (const file of configFiles(options.from, 'dashboards', /\.ya?ml$/))
    for (const [i, provider] of providersOf(file.content).entries()) {
      const where = `${file.name} provider "${String(provider.name ?? `#${i + 1}`)}"`;
      const path = providerPath(provider);
      const resolved = path === undefined ? undefined : resolveProviderPath(path, options.from, cwd);
      if (!resolved) {
        context.report.note(
          where,
          path === undefined
            ? 'no options.path: not imported'
            : `path ${path} not found, nor under --from: not imported`,
        );
        continue;
      }
      if (resolved.note) context.report.note(where, resolved.note);
      importDashboardProvider(context, where, provider, dashboardFiles(resolved.dir));
    }
  for (const file of configFiles(options.from, 'alerting', /\.(ya?ml|json)$/))
    importAlertingFile(context, file.name, file.content);
  const entries: ManifestEntry[] = [];
  let exitCode: number = ExitCode.ok;
  for (const entry of context.manifests()) {
    const errors = manifestErrors(entry.manifest);
    for (const field of undeclaredFields(entry.manifest))
      context.report.note(
        `${entry.source ?? ''} ${entry.manifest.kind}/${entry.manifest.metadata.name}`.trim(),
        `${field}: not a field of ${entry.manifest.kind}, the apiserver drops it`,
      );
    if (errors.length === 0) entries.push(entry);
    else {
      exitCode = ExitCode.error;
      context.report.note(
        `${entry.source ?? ''} ${entry.manifest.kind}/${entry.manifest.metadata.name}`.trim(),
        `does not fit the schema, not written: ${errors.join('; ')}`,
      );
    }
  }
  const variables = [...context.secrets.variables.keys()];
  if (variables.length > 0)
    context.report.warn(
      `secure values read from environment variables, now keys of Secrets to fill before applying: ${variables.map((name) => `$${name}`).join(', ')}`,
    );
  return { entries, report: context.report.text(), exitCode };
}

interface ConfigFile {
  /** Relative to --from, for the report. */
  name: string;
  content: unknown;
}

/** The config files directly in `from/dir` (Grafana does not descend), parsed. */
function configFiles(from: string, dir: string, pattern: RegExp): ConfigFile[] {
  const path = join(from, dir);
  if (!existsSync(path)) return [];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => !entry.isDirectory() && pattern.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = join(path, name);
      try {
        return { name: relative(from, file), content: parse(readFileSync(file, 'utf8')) as unknown };
      } catch (err) {
        throw new CliError(`${relative(from, file)}: ${(err as Error).message.split('\n')[0]}`);
      }
    });
}

/** Runs `import`: manifests to stdout or --out, the report and a summary on stderr. */
export async function runImport(
  options: ImportOptions,
  streams: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  const result = importProvisioning(options);
  const written = await writeManifests(result.entries, options.out, streams.stdout);
  streams.stderr.write(result.report);
  const kinds = new Map<string, number>();
  for (const { manifest } of result.entries) kinds.set(manifest.kind, (kinds.get(manifest.kind) ?? 0) + 1);
  const counts = [...kinds.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `${n} ${kind}`);
  streams.stderr.write(
    `imported ${result.entries.length} objects (${counts.join(', ')})` +
      `${written.length > 0 ? ` into ${options.out}` : ''}\n`,
  );
  return result.exitCode;
}
