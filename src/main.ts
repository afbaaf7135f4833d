#!/usr/bin/env node
import { ConfigError } from './config.js';
import { runCli } from './cli/program.js';
import { runOperator } from './run-operator.js';

// With no command this is the operator, as the image runs it; a command is the command line
// (export, import, convert, plan: docs/cli.md).
const args = process.argv.slice(2);
const running = args.length === 0 || args[0] === 'run' ? runOperator() : runCli(args);
running.catch((err: unknown) => {
  // A bad setting needs its message, not a stack trace.
  console.error(err instanceof ConfigError ? `invalid configuration: ${err.message}` : err);
  process.exit(1);
});
