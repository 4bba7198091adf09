import type { Kysely, Migration } from 'kysely';

/**
 * An index on (profile_id, id) for iterating a profile's posts in id order
 * (export, reindex, fingerprints) by keyset: without it each batch re-sorted
 * all of the profile's posts, quadratic for a profile of 100k posts.
 */
export const postsByProfileIdMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('posts_profile_id').on('posts').columns(['profile_id', 'id']).execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('posts_profile_id').execute();
  },
};
