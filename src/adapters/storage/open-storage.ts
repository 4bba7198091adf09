import { ConfigInvalidError } from '../../core/errors.js';
import type { Clock, Storage } from '../../core/ports.js';
import { KyselyStorage } from './kysely-storage.js';
import { migrateToLatest } from './migrations/run-migrations.js';
import { DATABASE_URL_VARIABLE, redactUrl } from './storage-errors.js';

export interface OpenStorageOptions {
  /** A `postgres://` or `postgresql://` URL selects PostgreSQL (a schema: `?options=-c%20search_path%3Dname`). */
  url?: string;
  /** The SQLite file used when no PostgreSQL URL is given; its folder is created. ":memory:" for a throwaway database. */
  sqlitePath?: string;
  /** Source of every timestamp written (default: the system clock). */
  clock?: Clock;
}

const systemClock: Clock = { now: () => new Date() };

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url.trim());
}

/**
 * Opens the system of record and brings its schema up to date. PostgreSQL
 * when `url` is a PostgreSQL URL, else the SQLite file at `sqlitePath`.
 * Failures are StorageUnavailableError or ConfigInvalidError with a hint.
 */
export async function openStorage(options: OpenStorageOptions): Promise<Storage> {
  const clock = options.clock ?? systemClock;
  const url = options.url?.trim();
  if (url) {
    if (!isPostgresUrl(url)) {
      throw new ConfigInvalidError(
        `The database URL ${redactUrl(url)} is not a PostgreSQL URL.`,
        `Set ${DATABASE_URL_VARIABLE} to postgres://user:password@host:5432/database, or leave it unset to use the SQLite file in --data-dir.`,
      );
    }
    // Each driver loads only when used: `pg` costs a SQLite user start-up time for nothing.
    const { openPostgres } = await import('./postgres/postgres-connection.js');
    const { db, ownWrites } = await openPostgres(url);
    try {
      await migrateToLatest(db, 'postgres', `at ${redactUrl(url)}`);
    } catch (error) {
      await db.destroy().catch(() => undefined);
      throw error;
    }
    const { PostgresChangeListener } = await import('./postgres/postgres-change-listener.js');
    return new KyselyStorage({ kind: 'postgres', db, clock, sqlite: undefined }, url, new PostgresChangeListener(url, ownWrites));
  }
  if (!options.sqlitePath) {
    throw new ConfigInvalidError('No database is configured.', `Give a data folder (--data-dir or SMM_HOME) for the SQLite file, or set ${DATABASE_URL_VARIABLE}.`);
  }
  const { openSqlite } = await import('./sqlite/sqlite-connection.js');
  const { db, handle } = openSqlite(options.sqlitePath);
  try {
    await migrateToLatest(db, 'sqlite', `at ${handle.path}`);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
  return new KyselyStorage({ kind: 'sqlite', db, clock, sqlite: handle }, handle.path);
}
