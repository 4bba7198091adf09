import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Clock } from '../../core/ports.js';
import type { Database } from './database-schema.js';

export type StorageKind = 'sqlite' | 'postgres';

/** SQLite only: the raw handle, for the bulk-insert fast path and online backups. */
export interface SqliteHandle {
  readonly database: BetterSqlite3.Database;
  /** The file path, or ":memory:". */
  readonly path: string;
  /**
   * Runs synchronous work on the raw handle while holding this process's
   * lock on the file (the same lock every Kysely query takes), so it never
   * interleaves with another transaction. Never call it inside a Kysely transaction.
   */
  withLock<T>(work: (database: BetterSqlite3.Database) => T): Promise<T>;
  /** A prepared statement cached by its SQL text. */
  prepare(sqlText: string): BetterSqlite3.Statement;
}

/** What every repository gets: the query builder, the clock, and the dialect's extras. */
export interface StorageContext {
  readonly kind: StorageKind;
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly sqlite: SqliteHandle | undefined;
}

/** The current time as the ISO-8601 UTC text every timestamp column holds. */
export function nowIso(context: StorageContext): string {
  return context.clock.now().toISOString();
}
