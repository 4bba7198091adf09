import { AppError, StorageUnavailableError } from '../../core/errors.js';
import type { StorageKind } from './storage-context.js';

/** The environment variable that selects PostgreSQL, named in hints. */
export const DATABASE_URL_VARIABLE = 'SMM_DATABASE_URL';

const PG_HINT = `Is PostgreSQL running and reachable? Check ${DATABASE_URL_VARIABLE}.`;
const SQLITE_ACCESS_HINT = 'The SQLite file is locked or read-only: check the permissions of --data-dir (and SMM_HOME) and that no other program holds the file.';

interface DriverError {
  code?: unknown;
  message?: unknown;
}

function codeOf(error: unknown): string {
  const code = (error as DriverError | null)?.code;
  return typeof code === 'string' ? code : '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** True when the error is a violated UNIQUE or PRIMARY KEY constraint, in either database. */
export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when a row points to a parent row that does not exist. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** Replaces the password of a database URL with "***" so it can be shown. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}

/**
 * Turns the driver errors a user can do something about (server down, file
 * read-only, disk full, lock held too long) into StorageUnavailableError with
 * a hint, keeping the original as `cause`. AppErrors and programming errors
 * pass through unchanged.
 */
export function translateStorageError(error: unknown, kind: StorageKind, where: string): unknown {
  if (AppError.isInstance(error)) return error;
  const code = codeOf(error);
  const detail = messageOf(error);
  if (kind === 'sqlite') {
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      return new StorageUnavailableError(
        `The SQLite database ${where} stayed locked by another connection for more than 10 s (${detail}).`,
        error,
        'Retry in a moment; if it persists, stop other smm processes that use the same data folder (a long import or backup).',
      );
    }
    if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
      return new StorageUnavailableError(`Cannot write the SQLite database ${where} (${detail}).`, error, SQLITE_ACCESS_HINT);
    }
    if (code === 'SQLITE_FULL') {
      return new StorageUnavailableError(`The disk holding the SQLite database ${where} is full.`, error, 'Free some disk space or move --data-dir to a larger disk, then retry.');
    }
    if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
      return new StorageUnavailableError(
        `The SQLite database ${where} cannot be read (${detail}).`,
        error,
        'The file is damaged or not an smm database: restore it from a copy made by `smm backup`, or point --data-dir elsewhere.',
      );
    }
    return error;
  }
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH'].includes(code) || code.startsWith('08') || code === '57P01' || code === '57P03' || /Connection terminated|timeout exceeded when trying to connect/i.test(detail)) {
    return new StorageUnavailableError(`Cannot reach PostgreSQL ${where} (${detail || code}).`, error, PG_HINT);
  }
  if (code === '28P01' || code === '28000') {
    return new StorageUnavailableError(`PostgreSQL refused the login ${where} (${detail}).`, error, `Check the user and password in ${DATABASE_URL_VARIABLE}.`);
  }
  if (code === '3D000') {
    return new StorageUnavailableError(`The PostgreSQL database ${where} does not exist (${detail}).`, error, `Create it (e.g. \`createdb <name>\`) or fix the database name in ${DATABASE_URL_VARIABLE}.`);
  }
  if (code === '42501' || code === '3F000') {
    return new StorageUnavailableError(`PostgreSQL refused access ${where} (${detail}).`, error, `Grant the user of ${DATABASE_URL_VARIABLE} rights on its schema, or set search_path to a schema it owns.`);
  }
  if (code === '53100' || code === '53200' || code === '53300') {
    return new StorageUnavailableError(`PostgreSQL is out of resources ${where} (${detail}).`, error, 'Free disk or memory on the database server, or lower the number of connections, then retry.');
  }
  return error;
}
