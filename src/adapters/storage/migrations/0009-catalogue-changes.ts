import { sql, type Kysely, type Migration } from 'kysely';
import type { StorageKind } from '../storage-context.js';

/** Tables whose rows the processes keep in memory (verified API keys, profiles by handle). */
const WATCHED = ['workspaces', 'profiles', 'api_keys'] as const;
/** api_keys columns that change whether a key verifies (not last_used_at, written as keys are used). */
const KEY_COLUMNS = 'workspace_id, name, prefix, hash, revoked_at';

/**
 * A signal that the catalogue (workspaces, profiles, API keys) changed, so a
 * process may keep those rows in memory and drop them at once when anyone
 * changes them, whichever process did it. SQLite: triggers raise the one
 * counter in `catalogue_version`, which a process reads on a connection of
 * its own (sqlite-catalogue-token.ts). PostgreSQL: statement triggers send
 * NOTIFY smm_catalogue, which a process LISTENs to (postgres-change-listener.ts).
 *
 * PostgreSQL also gets what SQLite has in `PRAGMA data_version`: every table
 * sends NOTIFY smm_changes on each statement that changes it (one
 * notification per transaction, PostgreSQL folds repeats), so read answers
 * can be reused there too. A table added by a later migration must call
 * addDataTrigger (test/storage-postgres-changes.test.ts checks every table).
 */
export function catalogueChangesMigration(kind: StorageKind): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (kind === 'sqlite') {
        await db.schema
          .createTable('catalogue_version')
          .addColumn('id', 'integer', (col) => col.primaryKey())
          .addColumn('version', 'integer', (col) => col.notNull())
          .execute();
        await sql`insert into catalogue_version (id, version) values (1, 0)`.execute(db);
        for (const table of WATCHED) {
          for (const event of ['insert', 'delete', table === 'api_keys' ? `update of ${KEY_COLUMNS}` : 'update']) {
            const name = `${table}_catalogue_${event.split(' ')[0]}`;
            await sql
              .raw(`create trigger ${name} after ${event} on ${table} begin update catalogue_version set version = version + 1 where id = 1; end`)
              .execute(db);
          }
        }
        return;
      }
      await sql
        .raw(
          `create or replace function smm_catalogue_changed() returns trigger language plpgsql as $$
           begin perform pg_notify('smm_catalogue', current_schema()); return null; end $$`,
        )
        .execute(db);
      await sql
        .raw(
          `create or replace function smm_data_changed() returns trigger language plpgsql as $$
           begin perform pg_notify('smm_changes', current_schema()); return null; end $$`,
        )
        .execute(db);
      for (const table of WATCHED) {
        const events = table === 'api_keys' ? `insert or delete or update of ${KEY_COLUMNS}` : 'insert or delete or update';
        await sql
          .raw(`create trigger ${table}_catalogue after ${events} on ${table} for each statement execute function smm_catalogue_changed()`)
          .execute(db);
      }
      // Every table: answers read from any of them are reused only until it changes.
      for (const table of await userTables(db)) await addDataTrigger(db, table);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      if (kind === 'sqlite') {
        for (const table of WATCHED) for (const event of ['insert', 'delete', 'update']) await sql.raw(`drop trigger if exists ${table}_catalogue_${event}`).execute(db);
        await db.schema.dropTable('catalogue_version').execute();
        return;
      }
      for (const table of WATCHED) await sql.raw(`drop trigger if exists ${table}_catalogue on ${table}`).execute(db);
      for (const table of await userTables(db)) await sql.raw(`drop trigger if exists ${table}_changed on ${table}`).execute(db);
      await sql.raw('drop function if exists smm_catalogue_changed()').execute(db);
      await sql.raw('drop function if exists smm_data_changed()').execute(db);
    },
  };
}

/** The tables of the current schema, but Kysely's own. */
async function userTables(db: Kysely<unknown>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select tablename as name from pg_tables
    where schemaname = current_schema() and tablename not in ('kysely_migration', 'kysely_migration_lock')`.execute(db);
  return rows.map((row) => row.name);
}

/** PostgreSQL: makes changes to `table` send NOTIFY smm_changes (see catalogueChangesMigration). */
export async function addDataTrigger(db: Kysely<unknown>, table: string): Promise<void> {
  await sql
    .raw(`create trigger ${table}_changed after insert or update or delete or truncate on ${table} for each statement execute function smm_data_changed()`)
    .execute(db);
}
