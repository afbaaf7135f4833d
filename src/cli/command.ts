import type { Command } from 'commander';

/** What a command gets besides its options: where to write, and how to set its exit code. */
export interface CliContext {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** The exit code when the action returns; ExitCode.ok unless set. */
  exitWith(code: number): void;
}

/** Adds one command to the program. */
export type RegisterCommand = (program: Command, context: CliContext) => void;
