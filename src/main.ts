#!/usr/bin/env node
import { ConfigError } from './config.js';

// With no command this is the operator, as the image runs it; a command is the command line
// (export, import, convert, plan: docs/cli.md). Each is imported only when it runs: the command
// line's modules (commander, YAML, every converter) would be ~5 MiB of the operator's memory.
const args = process.argv.slice(2);
const running =
  args.length === 0 || args[0] === 'run'
    ? import('./run-operator.js').then(({ runOperator }) => runOperator())
    : import('./cli/program.js').then(({ runCli }) => runCli(args));
running.catch((err: unknown) => {
  // A bad setting needs its message, not a stack trace.
  console.error(err instanceof ConfigError ? `invalid configuration: ${err.message}` : err);
  process.exit(1);
});
