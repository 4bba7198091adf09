import type { Kysely, Migration } from 'kysely';

/**
 * `posts.shared_url`: the page a post shares when the platform keeps it
 * apart from the text (LinkedIn's SharedUrl). Nullable, so existing rows
 * need no rewrite; the same statement on SQLite and PostgreSQL.
 */
export const postsSharedUrlMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('posts').addColumn('shared_url', 'text').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('posts').dropColumn('shared_url').execute();
  },
};
