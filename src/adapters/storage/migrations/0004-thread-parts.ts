import type { Kysely, Migration } from 'kysely';

/**
 * A thread is stored as its parts: `thread_parts` holds the numbered posts
 * of the thread as a JSON array of strings (null for a single post), next to
 * `text`, which keeps the whole text for search, voice and export.
 */
export const threadPartsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('posts').addColumn('thread_parts', 'text').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('posts').dropColumn('thread_parts').execute();
  },
};
