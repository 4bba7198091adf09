import type { Kysely, Migration } from 'kysely';

/**
 * A counter per profile, raised each time changes of that profile's posts
 * reach the vector index (an outbox batch acknowledged). Processes that keep
 * a profile's vectors in memory compare it to know their copy is current,
 * whichever process did the indexing.
 */
export const vectorIndexVersionsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('vector_index_versions')
      .addColumn('profile_id', 'integer', (col) => col.primaryKey())
      .addColumn('version', 'integer', (col) => col.notNull().defaultTo(0))
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('vector_index_versions').execute();
  },
};
