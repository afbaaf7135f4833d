/** `plan`: what the operator would do in Grafana for the custom resources in files or in the cluster. */
import { Option } from 'commander';
import { runPlan, type PlanOptions } from '../plan/run-plan.js';
import type { RegisterCommand } from '../command.js';

export const registerPlan: RegisterCommand = (program, context) => {
  program
    .command('plan')
    .description(
      'show what the operator would create, update, adopt or delete in each selected GrafanaInstance, ' +
        'without writing to Grafana or Kubernetes; exit 2 when there are changes (docs/cli.md)',
    )
    .option(
      '-f, --filename <path>',
      "plan these manifests (a file or a directory) instead of the cluster's objects",
    )
    .option(
      '-n, --namespace <namespace>',
      'the namespace (default: the kubeconfig context\'s, else "default")',
    )
    .addOption(new Option('-o, --output <format>', 'text or json').choices(['text', 'json']).default('text'))
    .action(async (options: PlanOptions) => {
      context.exitWith(await runPlan(options, context.stdout, context.stderr));
    });
};
