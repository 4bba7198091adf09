import { toAppError } from '../core/errors.js';
import { phraseHint } from '../core/hint-phrasing.js';

/** An error as every remote front door shows it: HTTP bodies, MCP tool results, the /v1 assistant. */
export interface ErrorView {
  code: string;
  message: string;
  hint: string | null;
  details?: Record<string, unknown>;
}

/** What a caller sees of an unexpected failure: never its text, which may hold paths, SQL or a library's internals. */
export const INTERNAL_ERROR_VIEW: ErrorView = {
  code: 'internal',
  message: 'The server failed while handling this request.',
  hint: 'Try again; if it keeps failing, check the server log (run `smm serve` or `smm mcp` with SMM_DEBUG=1).',
};

/**
 * Maps anything thrown to what a remote caller sees, the same way on every
 * front door: an AppError's code, message, hint and details; for an
 * unexpected failure (code "internal") only a general sentence.
 */
export function errorView(error: unknown): { view: ErrorView; internal: boolean } {
  const appError = toAppError(error);
  if (appError.code === 'internal') return { view: { ...INTERNAL_ERROR_VIEW }, internal: true };
  const details = Object.keys(appError.details).length > 0 ? appError.details : undefined;
  return { view: { code: appError.code, message: appError.message, hint: phraseHint(appError.hint, 'api') ?? null, ...(details ? { details } : {}) }, internal: false };
}

/** Writes an unexpected failure's stack to stderr when SMM_DEBUG is set (what the internal hint promises). */
export function reportInternal(error: unknown, env: NodeJS.ProcessEnv = process.env): void {
  if (env.SMM_DEBUG) process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
}
