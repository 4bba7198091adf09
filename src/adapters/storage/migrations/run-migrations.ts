import { Migrator, sql, type Kysely } from 'kysely';
import { StorageUnavailableError } from '../../../core/errors.js';
import type { Database } from '../database-schema.js';
import type { StorageKind } from '../storage-context.js';
import { translateStorageError } from '../storage-errors.js';
import { InlineMigrationProvider } from './migration-provider.js';

/**
 * Brings the schema to the latest version. Safe when several processes open
 * the same database at once: on SQLite the migration transaction begins
 * IMMEDIATE (the dialect declares transactional DDL, see
 * sqlite-locked-dialect.ts; the second process waits, then finds nothing
 * left to do); on PostgreSQL Kysely holds an advisory lock.
 */
export async function migrateToLatest(db: Kysely<Database>, kind: StorageKind, where: string): Promise<void> {
  let migrationTableSchema: string | undefined;
  if (kind === 'postgres') {
    // Kysely looks for its migration table in every schema unless told which: name the current one.
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    migrationTableSchema = rows[0]?.schema ?? undefined;
    if (!migrationTableSchema) {
      throw new StorageUnavailableError(
        `PostgreSQL ${where} has no schema to create tables in (the search_path names none that exists).`,
        undefined,
        'Create the schema (CREATE SCHEMA ...) or fix `options=-c search_path=...` in SMM_DATABASE_URL.',
      );
    }
  }
  // Unordered: migrations are numbered by feature and may land out of order (0006 after 0008); each runs once.
  const migrator = new Migrator({ db, provider: new InlineMigrationProvider(kind), migrationTableSchema, allowUnorderedMigrations: true });
  const { error } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const translated = translateStorageError(error, kind, where);
  if (translated !== error) throw translated;
  const message = error instanceof Error ? error.message : String(error);
  throw new StorageUnavailableError(
    `Could not bring the database ${where} to the current schema: ${message}`,
    error,
    /missing|corrupted/i.test(message)
      ? 'The database was written by a newer smm: upgrade smm, or point it at another database.'
      : 'Check that the database user may create tables, then retry.',
  );
}
