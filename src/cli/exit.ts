/** The command line's exit codes (docs/cli.md). */
export const ExitCode = {
  ok: 0,
  error: 1,
  /** `plan` only: the plan has changes; a CI gate fails on it. */
  changesPending: 2,
} as const;

/**
 * A failure the user can act on, printed as one line (`error: …`) without a stack trace. Anything
 * else thrown by a command is a defect and is printed with its stack.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.error,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
