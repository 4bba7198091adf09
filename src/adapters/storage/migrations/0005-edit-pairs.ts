import { sql, type Kysely, type Migration } from 'kysely';
import type { StorageKind } from '../storage-context.js';

/**
 * Edit learning: each generated draft's text as the model wrote it, kept
 * from the moment it is saved, and the text the user approved. A pair goes
 * with its post (deleting the post forgets the edit).
 */
export function editPairsMigration(kind: StorageKind): Migration {
  // Same timestamp type as the first schema: ISO text, compared bytewise on PostgreSQL.
  const timestamp = kind === 'sqlite' ? sql`text` : sql`text collate "C"`;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('edit_pairs')
        .addColumn('post_id', 'integer', (col) => col.primaryKey().references('posts.id').onDelete('cascade'))
        .addColumn('profile_id', 'integer', (col) => col.notNull().references('profiles.id').onDelete('cascade'))
        .addColumn('platform', 'text', (col) => col.notNull())
        .addColumn('generation_id', 'integer')
        .addColumn('generated_text', 'text', (col) => col.notNull())
        .addColumn('approved_text', 'text')
        .addColumn('created_at', timestamp, (col) => col.notNull())
        .addColumn('approved_at', timestamp)
        .execute();
      await db.schema.createIndex('edit_pairs_profile_approved').on('edit_pairs').columns(['profile_id', 'approved_at']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('edit_pairs').execute();
    },
  };
}
