import { convertManifests } from '../convert/convert.js';
import { readManifests, writeManifests } from '../manifests.js';
import type { RegisterCommand } from '../command.js';

export const registerConvert: RegisterCommand = (program, context) => {
  program
    .command('convert')
    .description("turn grafana-operator manifests (grafana.integreatly.org/v1beta1) into this operator's")
    .requiredOption('-f, --filename <path>', 'a manifest file, or a directory read recursively')
    .option('--out <dir>', 'write one file per object under this directory ("-": stdout)', '-')
    .option('--adopt', 'set spec.adopt, so applying takes over what grafana-operator made in Grafana')
    .action(async (options: { filename: string; out: string; adopt?: boolean }) => {
      const result = convertManifests(await readManifests(options.filename), {
        adopt: options.adopt === true,
      });
      const written = await writeManifests(result.entries, options.out, context.stdout);
      context.stderr.write(result.report.toString());
      context.stderr.write(
        `converted ${result.converted} of ${result.read} grafana-operator objects; ` +
          `${result.entries.length - result.converted} made to go with them; ${result.report.lines.length} notes` +
          (written.length > 0 ? `; wrote ${written.length} files under ${options.out}` : '') +
          '\n',
      );
    });
};
