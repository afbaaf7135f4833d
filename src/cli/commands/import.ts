import type { RegisterCommand } from '../command.js';
import { CliError } from '../exit.js';
import { runImport } from '../import/run.js';
import type { InstanceSelector } from '../../api/generated/index.js';

/** `key=value[,key=value…]` → matchLabels; nothing → every instance of the namespace. */
export function parseInstanceSelector(text: string | undefined): InstanceSelector {
  if (text === undefined || text.trim() === '') return {};
  const matchLabels: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const [key, value, ...rest] = pair.split('=');
    if (!key?.trim() || value === undefined || rest.length > 0)
      throw new CliError(`--instance-selector ${text}: expected key=value[,key=value…]`);
    matchLabels[key.trim()] = value.trim();
  }
  return { matchLabels };
}

export const registerImport: RegisterCommand = (program, context) => {
  program
    .command('import')
    .description(
      "turn Grafana's file provisioning (datasources/, dashboards/, alerting/) into custom resources",
    )
    .requiredOption('--from <dir>', "Grafana's provisioning directory (what [paths] provisioning points at)")
    .option('--namespace <ns>', 'metadata.namespace of every manifest (omitted: none, kubectl picks)')
    .option(
      '--instance-selector <labels>',
      'spec.instanceSelector.matchLabels as key=value[,key=value] (omitted: {}, every instance)',
    )
    .option('--out <dir>', 'write one file per object under DIR; - or omitted: one YAML stream on stdout')
    .action(
      async (options: { from: string; namespace?: string; instanceSelector?: string; out?: string }) => {
        context.exitWith(
          await runImport(
            {
              from: options.from,
              instanceSelector: parseInstanceSelector(options.instanceSelector),
              ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
              ...(options.out !== undefined ? { out: options.out } : {}),
            },
            context,
          ),
        );
      },
    );
};
