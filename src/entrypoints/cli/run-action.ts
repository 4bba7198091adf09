import type { Command } from 'commander';
import { AppError, toAppError } from '../../core/errors.js';
import { cliHint } from './cli-hints.js';
import type { CliContext } from './cli-context.js';
import type { CliIo } from './cli-io.js';
import { EXIT, exitCodeFor } from './exit-codes.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- commander passes positional arguments and options of command-specific types
type Handler = (context: CliContext, ...args: any[]) => Promise<void>;

/**
 * Wraps a lazily loaded command handler: builds the context, runs it, closes
 * the app, and maps any failure to a message on stderr and an exit code.
 */
export function lazyAction(io: CliIo, load: () => Promise<Handler>): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    // Loaded here, not at the top: `smm --help` never needs config parsing (zod).
    const { CliContext } = await import('./cli-context.js');
    const context = new CliContext(command, io);
    const onSignal = () => {
      if (context.signal.aborted) process.exit(130);
      context.note('\nStopping… (press Ctrl-C again to quit at once)');
      context.abort.abort();
    };
    process.on('SIGINT', onSignal);
    try {
      const handler = await load();
      await handler(context, ...args.slice(0, -1));
    } catch (error) {
      io.exitCode = reportError(context, error, command);
    } finally {
      process.off('SIGINT', onSignal);
      await context.close().catch(() => undefined);
    }
  };
}

/** Writes the error for a person (or as JSON with --json) and returns the exit code. */
export function reportError(context: Pick<CliContext, 'json' | 'stderr' | 'env'>, error: unknown, command?: Command): number {
  const appError = toAppError(error);
  const hint = cliHint(appError, command);
  const exitCode = appError.code === 'internal' ? EXIT.internal : exitCodeFor(appError.code);
  if (context.json) {
    context.stderr.write(
      `${JSON.stringify({ error: { code: appError.code, message: appError.message, hint: hint ?? null, details: appError.details } })}\n`,
    );
    return exitCode;
  }
  context.stderr.write(`error: ${appError.message}\n`);
  if (hint) context.stderr.write(`hint: ${hint}\n`);
  if (!AppError.isInstance(error) || appError.code === 'internal') {
    const stack = error instanceof Error ? error.stack : undefined;
    if (context.env.SMM_DEBUG && stack) context.stderr.write(`${stack}\n`);
    else context.stderr.write('This is a bug. Run again with SMM_DEBUG=1 for details and report it.\n');
  }
  return exitCode;
}
