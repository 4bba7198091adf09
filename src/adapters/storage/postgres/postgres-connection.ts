import { Kysely, sql } from 'kysely';
import pg from 'pg';
import { StorageUnavailableError } from '../../../core/errors.js';
import type { Database as Tables } from '../database-schema.js';
import { redactUrl, translateStorageError } from '../storage-errors.js';
import { prepareHotQueries } from './postgres-prepared.js';
import { ScopedPostgresDialect } from './postgres-scoped-dialect.js';

/** Options for the PostgreSQL pool; the defaults suit one `smm serve` process. */
export interface PostgresOptions {
  /** Most connections this process holds (default 10). */
  maxConnections?: number;
  /** How long to wait for a connection before failing (default 5 s). */
  connectTimeoutMs?: number;
}

/**
 * Connects to PostgreSQL and checks the connection once, so a wrong URL or a
 * stopped server fails here with a hint rather than at the first query.
 * A schema other than public: add `?options=-c%20search_path%3Dmyschema` to the URL.
 * `ownWrites` counts the statements this pool ran that may have written (see postgres-prepared.ts).
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<{ db: Kysely<Tables>; ownWrites: () => number }> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its server emits here; without a listener it would crash the process.
  // The next query then fails with a translated error.
  pool.on('error', () => undefined);
  const ownWrites = prepareHotQueries(pool);
  const db = new Kysely<Tables>({ dialect: new ScopedPostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    const translated = translateStorageError(error, 'postgres', `at ${redactUrl(url)}`);
    if (translated !== error) throw translated;
    throw new StorageUnavailableError(
      `Cannot connect to PostgreSQL at ${redactUrl(url)}: ${error instanceof Error ? error.message : String(error)}.`,
      error,
      'Is PostgreSQL running? Check SMM_DATABASE_URL (postgres://user:password@host:5432/database).',
    );
  }
  return { db, ownWrites };
}
