/**
 * Keeps a long-running server (`smm serve`, `smm mcp`) alive when a bug
 * somewhere (ours or a library's) lets a promise rejection or an exception
 * escape every handler: one request must never take down the process and
 * everyone else's requests with it. Each escape is logged to stderr with its
 * stack, so the bug is seen and can be reported, never silently swallowed.
 * Test runners keep their own listeners, so they still fail on these.
 */
export interface ProcessGuard {
  /** How many escapes were caught since the guard was installed. */
  readonly caught: number;
  /** Removes the listeners. */
  remove(): void;
}

export function installProcessGuard(stderr: { write(text: string): unknown }, what = 'smm'): ProcessGuard {
  let caught = 0;
  const report = (kind: string) => (error: unknown) => {
    caught += 1;
    const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    stderr.write(
      `error: ${what} caught an ${kind} and keeps serving (a bug: please report it with this text).\n${detail}\n`,
    );
  };
  const onRejection = report('unhandled promise rejection');
  const onException = report('uncaught exception');
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    get caught() {
      return caught;
    },
    remove() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}
