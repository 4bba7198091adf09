import { mkdirSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import { StorageUnavailableError } from '../../../core/errors.js';
import type { Database as Tables } from '../database-schema.js';
import type { SqliteHandle } from '../storage-context.js';
import { translateStorageError } from '../storage-errors.js';
import { fileLock } from './sqlite-file-lock.js';
import { LockedSqliteDialect } from './sqlite-locked-dialect.js';

/** How long a writer waits for another connection's write lock before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens (creating when missing) a SQLite database file with the settings
 * every smm connection uses: WAL (readers never block the writer),
 * busy_timeout, foreign keys on, synchronous NORMAL (durable at checkpoints,
 * safe against corruption, much faster than FULL in WAL mode).
 */
export function openSqlite(path: string): { db: Kysely<Tables>; handle: SqliteHandle } {
  const inMemory = path === ':memory:';
  const filePath = inMemory ? path : resolve(path);
  let database: Database.Database;
  try {
    if (!inMemory) mkdirSync(dirname(filePath), { recursive: true });
    database = new Database(filePath, { timeout: SQLITE_BUSY_TIMEOUT_MS });
    database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    // 32 MiB of page cache (default 2 MiB): imports update four indexes and the FTS
    // index of a file that reaches hundreds of MB at a million posts.
    database.pragma('cache_size = -32768');
  } catch (error) {
    throw openError(error, filePath);
  }
  const lock = fileLock(inMemory ? path : realpathSync(filePath));
  const prepare = cachedStatements(database);
  // Kysely prepares every query it runs; compiling the same SQL again costs more than running it
  // (a third of a list request), so it gets the cached statements too.
  const db = new Kysely<Tables>({ dialect: new LockedSqliteDialect({ database: { prepare, close: () => database.close() } }, lock) });
  const handle: SqliteHandle = {
    database,
    path: filePath,
    // Holding a Kysely connection takes the file lock; the work then runs on the same handle.
    // When nobody holds or awaits the lock, synchronous work runs at once: nothing can run between.
    withLock: (work) => {
      if (!lock.idle) return db.connection().execute(async () => work(database));
      try {
        return Promise.resolve(work(database));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
    prepare,
  };
  return { db, handle };
}

/** The statements prepared most recently, by SQL text (Kysely's SQL is parameterised, so few texts recur). */
const STATEMENT_CACHE_SIZE = 256;

function cachedStatements(database: Database.Database): (sqlText: string) => Database.Statement {
  const statements = new Map<string, Database.Statement>();
  return (sqlText) => {
    let statement = statements.get(sqlText);
    if (statement) {
      // Most recently used last, so the oldest is evicted first.
      statements.delete(sqlText);
    } else {
      statement = database.prepare(sqlText);
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
    }
    statements.set(sqlText, statement);
    return statement;
  };
}

function openError(error: unknown, filePath: string): unknown {
  const translated = translateStorageError(error, 'sqlite', `at ${filePath}`);
  if (translated !== error) return translated;
  const code = (error as { code?: unknown }).code;
  if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM' || code === 'ENOTDIR') {
    return new StorageUnavailableError(
      `Cannot create the folder of the SQLite database ${filePath}.`,
      error,
      'Check the permissions of --data-dir (or SMM_HOME), or choose a folder you can write.',
    );
  }
  return new StorageUnavailableError(`Cannot open the SQLite database ${filePath}: ${error instanceof Error ? error.message : String(error)}.`, error, 'Check --data-dir (or SMM_HOME).');
}
