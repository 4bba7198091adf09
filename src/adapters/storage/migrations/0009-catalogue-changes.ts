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
 * NOTIFY smm_catalogue, which a process LISTENs to (postgres-catalogue-token.ts).
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
      for (const table of WATCHED) {
        const events = table === 'api_keys' ? `insert or delete or update of ${KEY_COLUMNS}` : 'insert or delete or update';
        await sql
          .raw(`create trigger ${table}_catalogue after ${events} on ${table} for each statement execute function smm_catalogue_changed()`)
          .execute(db);
      }
    },
    async down(db: Kysely<unknown>): Promise<void> {
      if (kind === 'sqlite') {
        for (const table of WATCHED) for (const event of ['insert', 'delete', 'update']) await sql.raw(`drop trigger if exists ${table}_catalogue_${event}`).execute(db);
        await db.schema.dropTable('catalogue_version').execute();
        return;
      }
      for (const table of WATCHED) await sql.raw(`drop trigger if exists ${table}_catalogue on ${table}`).execute(db);
      await sql.raw('drop function if exists smm_catalogue_changed()').execute(db);
    },
  };
}
