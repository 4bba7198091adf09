import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration } from 'kysely';
import type { StorageKind } from '../storage-context.js';

/**
 * Publishing: the accounts a profile publishes to (their credentials sealed
 * by a key kept outside the database) and one publication row per post sent
 * or being sent: the claim (who holds it, until when), the intent fixed
 * before the first call to the platform, the progress of a thread, and the
 * platform's last error. Posts gain the statuses "publishing" and "failed"
 * (the status column is free text, so only the index is new).
 */
export function publishingMigration(kind: StorageKind): Migration {
  const isSqlite = kind === 'sqlite';
  const primaryId = (col: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    isSqlite ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity();
  const timestamp = isSqlite ? sql`text` : sql`text collate "C"`;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'integer', primaryId)
        .addColumn('profile_id', 'integer', (col) => col.notNull().references('profiles.id').onDelete('cascade'))
        .addColumn('platform', 'text', (col) => col.notNull())
        .addColumn('handle', 'text', (col) => col.notNull())
        .addColumn('service', 'text', (col) => col.notNull())
        .addColumn('settings', 'text', (col) => col.notNull())
        .addColumn('secret', 'text', (col) => col.notNull())
        .addColumn('created_at', timestamp, (col) => col.notNull())
        .addColumn('updated_at', timestamp, (col) => col.notNull())
        .addUniqueConstraint('accounts_profile_platform_handle', ['profile_id', 'platform', 'handle'])
        .execute();

      await db.schema
        .createTable('publications')
        .addColumn('post_id', 'integer', (col) => col.primaryKey().references('posts.id').onDelete('cascade'))
        .addColumn('account_id', 'integer')
        .addColumn('claimant', 'text')
        .addColumn('lease_until', timestamp)
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('plan', 'text')
        .addColumn('progress', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', timestamp, (col) => col.notNull())
        .addColumn('updated_at', timestamp, (col) => col.notNull())
        .execute();

      await db.schema.createIndex('posts_status_scheduled').on('posts').columns(['status', 'scheduled_at']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('posts_status_scheduled').execute();
      await db.schema.dropTable('publications').ifExists().execute();
      await db.schema.dropTable('accounts').ifExists().execute();
    },
  };
}
