import { CommanderError } from 'commander';
import { smmVersion } from '../../app/version.js';
import type { CliIo } from './cli-io.js';
import { EXIT } from './exit-codes.js';
import { buildProgram } from './program.js';


/**
 * Runs `smm` with these arguments (without node and the script) and returns
 * the exit code. Output goes to `io`, so tests run the CLI in process.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(smmVersion(), io);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // --help and --version end here with 0; a wrong flag or argument is a usage error.
    io.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  return io.exitCode;
}
