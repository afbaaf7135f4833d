/**
 * The command line: `grafana-provisioning-operator <command>`. With no command (or `run`) the
 * binary is the operator; commands register themselves from `commands/index.ts`.
 */
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import type { CliContext } from './command.js';
import { CliError, ExitCode } from './exit.js';

export function buildProgram(context: CliContext): Command {
  const program = new Command('grafana-provisioning-operator')
    .description(
      'Provisions Grafana from Kubernetes custom resources. With no command, runs the operator; ' +
        'the commands move existing Grafana content in and show what a change would do (docs/cli.md).',
    )
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');
  program.command('run').description('run the operator (the default when no command is given)');
  for (const register of commands) register(program, context);
  return program;
}

/** Runs one command line and exits with its code. */
export async function runCli(args: string[]): Promise<never> {
  process.exit(await cliExitCode(args, { stdout: process.stdout, stderr: process.stderr }));
}

/**
 * The exit code of one command line, without exiting. A CliError is one line on stderr; anything
 * else is a defect and is rethrown with its stack.
 */
export async function cliExitCode(
  args: string[],
  streams: Pick<CliContext, 'stdout' | 'stderr'>,
): Promise<number> {
  let code: number = ExitCode.ok;
  const program = buildProgram({ ...streams, exitWith: (next) => (code = next) });
  try {
    await program.parseAsync(args, { from: 'user' });
    return code;
  } catch (err) {
    // --help ends here with code 0; a usage error is already printed with its hint.
    if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.ok : ExitCode.error;
    if (err instanceof CliError) {
      streams.stderr.write(`error: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}
