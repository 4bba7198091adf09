import { sql, type Kysely, type Migration } from 'kysely';
import type { StorageKind } from '../storage-context.js';

/**
 * `posts.row_version`: raised by the database on every UPDATE of a post,
 * whoever writes it (this code, another process, raw SQL), so that a
 * rendering of a listed post can be kept in memory keyed by (id, version)
 * and reused until the row changes. New rows start at 0; ids are never
 * reused (SQLite AUTOINCREMENT, PostgreSQL identity), so (id, version)
 * names one state of one row.
 *
 * SQLite cannot change NEW in a BEFORE trigger: an AFTER UPDATE trigger
 * raises the version, skipped when the statement already did (which also
 * keeps the trigger's own UPDATE from firing it again). PostgreSQL: a BEFORE
 * UPDATE row trigger sets it.
 */
export function postRowVersionsMigration(kind: StorageKind): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('posts')
        .addColumn('row_version', 'integer', (col) => col.notNull().defaultTo(0))
        .execute();
      if (kind === 'sqlite') {
        await sql
          .raw(
            `create trigger posts_row_version after update on posts for each row when new.row_version = old.row_version
             begin update posts set row_version = old.row_version + 1 where id = new.id; end`,
          )
          .execute(db);
        return;
      }
      await sql
        .raw(
          `create or replace function smm_bump_row_version() returns trigger language plpgsql as $$
           begin new.row_version := old.row_version + 1; return new; end $$`,
        )
        .execute(db);
      await sql.raw('create trigger posts_row_version before update on posts for each row execute function smm_bump_row_version()').execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      if (kind === 'sqlite') {
        await sql.raw('drop trigger if exists posts_row_version').execute(db);
      } else {
        await sql.raw('drop trigger if exists posts_row_version on posts').execute(db);
        await sql.raw('drop function if exists smm_bump_row_version()').execute(db);
      }
      await db.schema.alterTable('posts').dropColumn('row_version').execute();
    },
  };
}
