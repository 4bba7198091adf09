import { CommanderError, type Command } from 'commander';
import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import { buildProgram } from './program.js';
import { reportError } from './run-action.js';
import { usageErrorFrom, wantsJson } from './usage-errors.js';

export const VERSION = '0.1.0';

/** With --json, commander's own error text stays off stderr: the error comes out as one JSON document instead. */
function silenceErrors(command: Command): void {
  command.configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  for (const child of command.commands) silenceErrors(child);
}

/**
 * Runs `smm` with these arguments (without node and the script) and returns
 * the exit code. Output goes to `io`, so tests run the CLI in process.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(VERSION, io);
  const json = wantsJson(argv);
  if (json) silenceErrors(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // --help and --version end here with 0; a wrong flag or argument is a usage error.
    if (error.exitCode === 0) io.exitCode = EXIT.ok;
    else if (json) io.exitCode = reportError({ json, stderr: io.stderr, env: io.env }, usageErrorFrom(error, program, argv));
    else io.exitCode = EXIT.usage;
  }
  return io.exitCode;
}
