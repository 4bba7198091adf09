import { AppError, InvalidInputError, UnsupportedFormatError, type ErrorCode } from '../core/errors.js';
import type { ImportFormat } from '../core/importers/index.js';
import type { Platform } from '../core/platforms/index.js';

/** What the import worker is started with (its workerData). */
export interface ImportWorkerJob {
  /** The export's path (ExportSource.path), opened again in the worker. */
  path: string;
  /** Names of the files to read, as detectFormat chose them, in its order. */
  files: string[];
  format: ImportFormat;
  platform?: Platform;
  batchSize: number;
  /** Batches the worker may send before the first one is taken (then one more per ack). */
  ahead: number;
}

/** An error as it crosses the thread boundary: an AppError's fields, or a plain error's message and stack. */
export interface WorkerError {
  code?: ErrorCode;
  name: string;
  message: string;
  hint?: string;
  details?: Record<string, unknown>;
  stack?: string;
}

/**
 * Worker → main. Main → worker is only ACK: one batch stored, send another.
 * A batch crosses as its JSON text (it is plain JSON data): JSON.parse on the
 * storing thread costs about half of structured clone's deserialisation of the
 * same posts, and that thread is the one an import waits for.
 */
export type ImportWorkerMessage = { type: 'batch'; json: string } | { type: 'done' } | { type: 'error'; error: WorkerError };

export const ACK = 'ack';

export function toWorkerError(error: unknown): WorkerError {
  if (AppError.isInstance(error)) {
    // details are plain facts (paths, lines, counts); anything that cannot be cloned is dropped with them.
    let details: Record<string, unknown> | undefined = error.details;
    try {
      structuredClone(details);
    } catch {
      details = undefined;
    }
    return { code: error.code, name: error.name, message: error.message, hint: error.hint, details, stack: error.stack };
  }
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

/** The error the reader threw, as the calling thread would have met it (same code, message, hint and details). */
export function fromWorkerError(error: WorkerError): Error {
  const options = { details: error.details, hint: error.hint };
  let rebuilt: Error;
  if (error.code === 'invalid_input') rebuilt = new InvalidInputError(error.message, options);
  else if (error.code === 'unsupported_format') rebuilt = new UnsupportedFormatError(error.message, error.hint, error.details);
  else if (error.code !== undefined) rebuilt = new AppError(error.code, error.message, options);
  else rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  if (error.stack) rebuilt.stack = `${error.stack}\n    (in the import worker thread)`;
  return rebuilt;
}
