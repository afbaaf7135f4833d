import { Option, type Command } from 'commander';
import type { CliContext } from '../command.js';
import { runExport, type ExportCommandOptions } from '../export/run.js';
import { EXPORT_KINDS } from '../export/manifests.js';

/** `export`: a live Grafana org as manifests (docs/cli.md#export). */
export function registerExport(program: Command, context: CliContext): void {
  program
    .command('export')
    .description("write a Grafana org's folders, dashboards, datasources and alerting as custom resources")
    .addOption(new Option('--url <url>', "Grafana's base URL").env('GRAFANA_URL').makeOptionMandatory())
    .option('--token <token>', 'service-account token (prefer --token-file or GRAFANA_TOKEN)')
    .option('--token-file <file>', 'read the token from a file')
    .option('--user <login>', 'sign in as this user (basic auth; also GRAFANA_USER)')
    .option('--password <password>', "the user's password (prefer --password-file or GRAFANA_PASSWORD)")
    .option('--password-file <file>', 'read the password from a file')
    .option(
      '--org <id|name>',
      "the org to export (a name needs a server admin); default the credential's org",
    )
    .option('--namespace <ns>', 'metadata.namespace of every manifest (default: none, kubectl -n decides)')
    .option('--out <dir|->', 'a directory for one file per object, or - for stdout', '-')
    .option(
      '--kinds <list>',
      `comma-separated kinds to export (default all): ${EXPORT_KINDS.map((k) => k.replace(/^Grafana/, '').toLowerCase()).join(', ')}`,
    )
    .option('--adopt', 'set spec.adopt, so applying takes over the existing objects instead of conflicting')
    .action((options: ExportCommandOptions) => runExport(options, context));
}
